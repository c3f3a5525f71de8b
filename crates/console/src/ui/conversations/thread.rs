//! One conversation's thread. Inbound and outbound can never be confused, with or without
//! colour: what the requester wrote sits at the left behind «◀ ENTRANTE» and a thin bar, the
//! desk's answers are indented behind «▶ SALIENTE» and a thick bar, with their delivery ticks
//! (en cola ◷, enviado ✓, entregado ✓✓, leído ✓✓ (visto), fallido with WhatsApp's code).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::super::text::hanging;
use super::super::theme::Theme;
use super::{channel_label, contact, window_text};
use crate::app::model::{App, Window, window};
use contract::api::{
    ConversationDetail, ConversationMessage, ConversationStatus, DeliveryStatus, Direction,
    MessageKind,
};
use contract::format::time::date_time;
use contract::i18n::{Lang, tr, trf};

/// How far an answer sits from the left edge.
const OUT_INDENT: &str = "      ";

/// Draws the open conversation; answers how many lines of its thread are above the view when
/// it is not scrolled (how far up it may scroll).
pub(super) fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) -> u16 {
    let lang = app.lang;
    let c = &app.conversations;
    let focused = app.modal.is_none();
    let Some(v) = c.open.as_ref().filter(|v| {
        c.loading_open
            .is_none_or(|id| id == v.conversation.summary.id)
    }) else {
        let block = super::super::pane_block(String::new(), focused, theme);
        let text = Paragraph::new(tr(lang, "users.loading")).style(theme.dim);
        frame.render_widget(text.block(block), area);
        return 0;
    };
    let d = &v.conversation;
    let title = format!(
        " {} · {} {} ",
        d.summary.requester_name,
        channel_label(lang, &d.summary),
        contact(&d.summary)
    );
    let block = super::super::pane_block(title, focused, theme);
    let mut lines = header(app, d, theme);
    let head = lines.len();
    let width = area.width.saturating_sub(1);
    for m in &d.messages {
        lines.extend(message(lang, m, theme, width));
    }
    // The newest at the bottom, in view; `scroll` counts lines up from there.
    let visible = usize::from(area.height.saturating_sub(1));
    let body = lines.len().saturating_sub(head);
    let room = visible.saturating_sub(head);
    let top = body
        .saturating_sub(room)
        .saturating_sub(usize::from(v.scroll));
    let mut shown: Vec<Line> = lines.drain(..head).collect();
    shown.extend(lines.into_iter().skip(top));
    frame.render_widget(Paragraph::new(shown).block(block), area);
    u16::try_from(body.saturating_sub(room)).unwrap_or(u16::MAX)
}

/// The window's clock, the state, the assignee, the linked user and PQR.
fn header(app: &App, d: &ConversationDetail, theme: &Theme) -> Vec<Line<'static>> {
    let lang = app.lang;
    let s = &d.summary;
    let w = window(s, app.now);
    let clock = match w {
        Window::Open { .. } => Span::styled(window_text(lang, w, false), theme.ok),
        Window::Closed => Span::styled(window_text(lang, w, false), theme.warn),
        Window::None => Span::styled(tr(lang, "conversation.no_window"), theme.dim),
    };
    let status = if s.status == ConversationStatus::Open {
        tr(lang, "conversation.status_open")
    } else {
        tr(lang, "conversation.status_closed")
    };
    let assignee = match s.assignee_id {
        None => tr(lang, "conversation.unassigned"),
        Some(a) if Some(a) == app.operator_id() => tr(lang, "conversation.mine"),
        Some(_) => tr(lang, "conversation.other"),
    };
    let user = match s.user_id {
        Some(_) => tr(lang, "conversation.user_linked"),
        None => tr(lang, "conversation.user_unlinked"),
    };
    let mut second = vec![Span::styled(
        format!("{status} · {assignee} · {user}"),
        theme.dim,
    )];
    if let Some(pqr) = s.pqr_id {
        let radicado = s.radicado.clone().unwrap_or_else(|| format!("#{pqr}"));
        second.push(Span::styled(
            trf(lang, "conversation.pqr", &[("radicado", &radicado)]),
            theme.dim,
        ));
    }
    vec![Line::from(clock), Line::from(second)]
}

fn message(lang: Lang, m: &ConversationMessage, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let inbound = m.direction != Direction::Outbound;
    let (indent, arrow, label, bar, style) = if inbound {
        ("", "◀", tr(lang, "conversation.inbound"), "│ ", theme.title)
    } else {
        (
            OUT_INDENT,
            "▶",
            tr(lang, "conversation.outbound"),
            "┃ ",
            theme.ok,
        )
    };
    let mut head = vec![
        Span::raw(indent),
        Span::styled(format!("{arrow} {label} "), style),
        Span::styled(format!("{} · {}", m.author, date_time(m.at)), theme.dim),
    ];
    if let Some(t) = m.delivery.filter(|_| !inbound) {
        let tick_style = if t == DeliveryStatus::Failed {
            theme.error
        } else {
            theme.ok
        };
        head.push(Span::styled(
            format!(" · {}", tick(lang, t, m.error_code)),
            tick_style,
        ));
    }
    let mut lines = vec![Line::from(head)];
    let lead = || vec![Span::raw(indent), Span::styled(bar, style)];
    if m.kind != MessageKind::Text && m.kind != MessageKind::Email {
        let what = trf(
            lang,
            "conversation.media",
            &[
                ("kind", tr(lang, &format!("msgkind.{}", m.kind.as_str()))),
                ("type", m.media_type.as_deref().unwrap_or("")),
            ],
        );
        lines.extend(hanging(lead(), &what, theme.dim, width));
    }
    for l in m.body.lines() {
        lines.extend(hanging(lead(), l, Style::new(), width));
    }
    lines
}

/// The delivery tick in words and marks.
pub(crate) fn tick(lang: Lang, t: DeliveryStatus, code: Option<i64>) -> String {
    match t {
        DeliveryStatus::Failed => trf(
            lang,
            "conversation.tick_failed",
            &[("code", &code.map_or("—".into(), |c| c.to_string()))],
        ),
        other => tr(lang, &format!("conversation.tick_{}", other.as_str())).into(),
    }
}
