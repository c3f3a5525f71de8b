//! «Conversaciones»: the queue as the portal orders it (oldest unanswered first, WhatsApp
//! windows closing soonest before the rest) with its unread counts and each window's clock; the
//! open thread in `thread.rs`.

mod thread;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Paragraph, Table, TableState};

use super::table::Column;
use super::theme::Theme;
use crate::app::model::{App, ConversationFocus, Drawn, Window, window};
use contract::api::ConversationSummary;
use contract::domain::masking::{compact_mask, mask_email, mask_phone};
use contract::format::time::relative;
use contract::i18n::{Lang, tr, trf};

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, drawn: &mut Drawn) {
    let c = &app.conversations;
    if c.focus == ConversationFocus::Thread {
        drawn.thread_above = thread::render(frame, area, app, theme);
    } else {
        queue(frame, area, app, theme);
    }
}

fn queue(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let c = &app.conversations;
    let scope = if c.query.assignee.is_some() {
        tr(lang, "conversation.scope_mine_chip")
    } else {
        tr(lang, "conversation.scope_all_chip")
    };
    let live = if c.live {
        tr(lang, "conversation.live")
    } else {
        ""
    };
    let title = trf(
        lang,
        "conversation.queue_title",
        &[
            ("n", &c.items.len().to_string()),
            ("scope", scope),
            ("status", c.query.status),
        ],
    );
    let block = super::pane_block(format!(" {title} {live}"), app.modal.is_none(), theme);
    if c.items.is_empty() {
        let text = if c.loading || !c.loaded {
            tr(lang, "users.loading")
        } else {
            tr(lang, "conversation.none")
        };
        frame.render_widget(Paragraph::new(text).style(theme.dim).block(block), area);
        return;
    }
    let visible = usize::from(super::list_rows(area));
    let offset = c.selected - c.selected % visible;
    let page: Vec<&ConversationSummary> = c.items.iter().skip(offset).take(visible).collect();
    let (header, rows, widths) =
        super::table::build(columns(app, &page, theme), area.width, theme.title);
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(1)
        .row_highlight_style(theme.selected)
        .highlight_symbol("▶")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(Some(c.selected - offset));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The requester's contact as the operator may see it: the phone's last four digits, the email's
/// first and last letter.
pub(crate) fn contact(c: &ConversationSummary) -> String {
    match (&c.phone, &c.email) {
        (Some(p), _) => compact_mask(&mask_phone(p)),
        (None, Some(e)) => mask_email(e),
        (None, None) => "—".into(),
    }
}

/// The window's clock in words: «ventana abierta 3 h 12 min», «ventana cerrada: solo
/// plantillas»; nothing for correo.
pub(crate) fn window_text(lang: Lang, w: Window, short: bool) -> String {
    match w {
        Window::Open { minutes } => {
            let (h, m) = ((minutes / 60).to_string(), (minutes % 60).to_string());
            let key = if short {
                "conversation.window_left"
            } else {
                "conversation.window_open"
            };
            trf(lang, key, &[("h", &h), ("m", &m)])
        }
        Window::Closed if short => tr(lang, "conversation.window_closed_short").into(),
        Window::Closed => tr(lang, "conversation.window_closed_long").into(),
        Window::None => "—".into(),
    }
}

fn window_style(w: Window, theme: &Theme) -> ratatui::style::Style {
    match w {
        Window::Open { minutes } if minutes < 120 => theme.warn,
        Window::Open { .. } => theme.ok,
        Window::Closed => theme.error,
        Window::None => theme.dim,
    }
}

pub(crate) fn channel_label(lang: Lang, c: &ConversationSummary) -> &'static str {
    tr(lang, &format!("channel.{}", c.channel.as_str()))
}

/// The unread count first and the window's clock always; then the requester (stretching), the
/// channel, the contact, the last message and the assignee, the last leaving first.
fn columns<'a>(app: &App, page: &[&'a ConversationSummary], theme: &Theme) -> Vec<Column<'a>> {
    let (lang, now, me) = (app.lang, app.now, app.operator_id());
    let cells =
        |f: &dyn Fn(&'a ConversationSummary) -> Span<'a>| page.iter().map(|c| f(c)).collect();
    vec![
        Column::fixed(
            tr(lang, "ccol.unread"),
            0,
            cells(&|c| match c.unanswered {
                0 => Span::raw(""),
                n => Span::styled(format!("●{n}"), theme.warn),
            }),
        ),
        Column::stretch(
            tr(lang, "ccol.requester"),
            14,
            30,
            cells(&|c| Span::raw(c.requester_name.as_str())),
        ),
        Column::fixed(
            tr(lang, "ccol.channel"),
            2,
            cells(&|c| Span::raw(channel_label(lang, c))),
        ),
        Column::fixed(
            tr(lang, "ccol.contact"),
            4,
            cells(&|c| Span::raw(contact(c))),
        ),
        Column::fixed(
            tr(lang, "ccol.window"),
            0,
            cells(&|c| {
                let w = window(c, now);
                Span::styled(window_text(lang, w, true), window_style(w, theme))
            }),
        ),
        Column::fixed(
            tr(lang, "ccol.last"),
            3,
            cells(&|c| Span::styled(relative(lang, c.last_message_at, now), theme.dim)),
        ),
        Column::fixed(
            tr(lang, "ccol.assignee"),
            5,
            cells(&|c| {
                Span::raw(match c.assignee_id {
                    None => tr(lang, "conversation.unassigned_short"),
                    Some(a) if Some(a) == me => tr(lang, "conversation.mine_short"),
                    Some(_) => tr(lang, "conversation.other_short"),
                })
            }),
        ),
    ]
}
