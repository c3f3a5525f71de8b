//! A PQR's detail: the ticket, who asked and how the answers reach them, and the thread, where
//! internal notes, public replies and the requester's own messages never look alike.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::pqr::{due_in_words, legal_clock, status_label, type_label};
use super::text::hanging;
use super::theme::Theme;
use crate::app::model::{App, PqrFocus};
use contract::api::{PqrDetail, PqrSummary, ReplyChannel, Visibility};
use contract::domain::masking::{compact_mask, mask_email, mask_phone};
use contract::format::time::date_time;
use contract::i18n::{Lang, tr, trf};

/// The requester's contact, masked as every contact on screen is (the portal keeps it whole).
fn contact(s: &PqrSummary) -> String {
    let r = &s.requester;
    let email = r.email.as_deref().filter(|e| !e.is_empty()).map(mask_email);
    let phone = r.phone.as_deref().filter(|p| !p.is_empty()).map(mask_phone);
    let parts: Vec<String> = email
        .into_iter()
        .chain(phone)
        .map(|m| compact_mask(&m))
        .collect();
    if parts.is_empty() {
        "—".into()
    } else {
        parts.join(" · ")
    }
}

/// Where the answers go when they reach nobody yet (no contact, or WhatsApp without a
/// WhatsApp conversation to send it in); by email, the contact above says it.
fn reply_warning(lang: Lang, p: &PqrDetail, theme: &Theme) -> Option<Line<'static>> {
    if p.requester_reachable {
        return None;
    }
    let channel = tr(lang, &format!("reply_channel.{}", p.reply_channel.as_str()));
    let text = trf(lang, "pqr.reply_channel", &[("channel", channel)]);
    let why = match p.reply_channel {
        ReplyChannel::Whatsapp => tr(lang, "pqr.whatsapp_not_sent"),
        _ => tr(lang, "pqr.unreachable"),
    };
    Some(Line::styled(format!("⚠ {text} — {why}"), theme.warn))
}

/// Draws the open ticket; answers how far it scrolls (its rows below the pane).
pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) -> u16 {
    let lang = app.lang;
    let focused = app.pqr.focus == PqrFocus::Detail && app.modal.is_none();
    let block = |title: String| super::pane_block(title, focused, theme);
    match &app.pqr.detail {
        Some(d)
            if app
                .pqr
                .loading_detail
                .is_none_or(|id| id == d.pqr.summary.id) =>
        {
            let title = format!(" {} · {} ", d.pqr.summary.radicado, d.pqr.summary.subject);
            let mut lines = Vec::new();
            for c in &d.changed {
                lines.push(Line::styled(format!("⚠ {c}"), theme.warn));
            }
            lines.extend(detail_lines((lang, app.now), &d.pqr, theme, area.width));
            let text = Paragraph::new(lines)
                .block(block(title))
                .wrap(Wrap { trim: false });
            let below = super::rows_below(&text, area, area.width);
            frame.render_widget(text.scroll((d.scroll, 0)), area);
            below
        }
        _ => {
            frame.render_widget(
                Paragraph::new(tr(lang, "users.loading"))
                    .style(theme.dim)
                    .block(block(String::new())),
                area,
            );
            0
        }
    }
}

fn detail_lines(
    (lang, now): (Lang, jiff::Timestamp),
    p: &PqrDetail,
    theme: &Theme,
    width: u16,
) -> Vec<Line<'static>> {
    let s = &p.summary;
    let assignee = s
        .assignee
        .as_ref()
        .map_or(tr(lang, "pqr.unassigned").to_string(), |a| a.name.clone());
    let mut lines = vec![
        Line::from(vec![
            Span::raw(format!(
                "{} · {} · {} · ",
                type_label(lang, s.pqr_type),
                tr(lang, &format!("channel.{}", s.channel.as_str())),
                status_label(lang, s.status)
            )),
            Span::styled(trf(lang, "pqr.assignee", &[("name", &assignee)]), theme.dim),
        ]),
        Line::from(vec![
            legal_clock(lang, s, theme, false),
            Span::raw(" · "),
            Span::raw(due_in_words(lang, s.due_date, now)),
        ]),
        Line::styled(
            trf(
                lang,
                "pqr.requester",
                &[
                    ("name", &s.requester.name),
                    ("contact", &contact(s)),
                    ("received", &date_time(s.received_at)),
                ],
            ),
            theme.dim,
        ),
    ];
    lines.extend(reply_warning(lang, p, theme));
    if s.user_id.is_some() {
        lines.push(Line::styled(tr(lang, "pqr.linked_user"), theme.dim));
    }
    if let Some(reason) = &p.extension_reason {
        lines.push(Line::styled(
            trf(lang, "pqr.extension", &[("reason", reason)]),
            theme.warn,
        ));
    }
    lines.push(Line::raw(""));
    for l in p.body.lines() {
        lines.push(Line::raw(l.to_string()));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        trf(lang, "pqr.thread", &[("n", &p.messages.len().to_string())]),
        theme.title,
    ));
    for m in &p.messages {
        // Internal notes, public replies and the requester's own messages must never be
        // confused: label, bar, arrow and colour.
        let (label, style, bar) = match m.visibility {
            _ if m.from_requester => (tr(lang, "thread.requester"), theme.key, "║"),
            Visibility::Internal => (tr(lang, "thread.internal"), theme.warn, "┃"),
            _ => (tr(lang, "thread.public"), theme.ok, "│"),
        };
        let arrow = if m.from_requester { "◀ " } else { "" };
        lines.push(Line::from(vec![
            Span::styled(format!("{bar} {arrow}[{label}] "), style),
            Span::styled(format!("{} · {}", m.author, date_time(m.at)), theme.dim),
        ]));
        // The bar runs down every line of the message, wrapped ones included.
        for l in m.body.lines() {
            lines.extend(hanging(
                vec![Span::styled(format!("{bar} "), style)],
                l,
                Style::new(),
                width,
            ));
        }
    }
    lines
}
