//! The note or reply editor, with the canned responses picker over it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui_textarea::WrapMode;

use super::{EditorView, banner, block};
use crate::app::keymap::Context;
use crate::app::model::{App, EditorState, canned_responses};
use crate::ui::strips::{self, Strip};
use crate::ui::text_field::text_widget;
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::api::ReplyChannel;
use contract::i18n::{Lang, tr, trf};

/// Why a public reply will reach nobody, in words.
pub(crate) fn unreachable_words(lang: Lang, channel: ReplyChannel) -> &'static str {
    match channel {
        ReplyChannel::Whatsapp => tr(lang, "editor.unreachable_whatsapp"),
        _ => tr(lang, "editor.unreachable_none"),
    }
}

/// Draws the editor; answers where its text scrolled to (first row and column) and its rows.
pub(crate) fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    e: &EditorState,
    theme: &Theme,
) -> EditorView {
    let rect = centered(
        area,
        area.width.saturating_sub(4).min(100),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, rect);
    let (text, style) = banner(app, e.draft.visibility, theme);
    let title = trf(app.lang, "editor.title", &[("radicado", &e.draft.radicado)]);
    let b = block(title, style, theme).title_bottom(Line::from(footer_spans(
        app,
        Context::Editor,
        theme,
    )));
    let inner = b.inner(rect);
    frame.render_widget(b, rect);
    // Before a word is written: a public reply that will reach nobody says so.
    let unreachable = app.unreachable_requester(e.draft.pqr_id, e.draft.visibility);
    let [top, warning, body, hint] = strips::rows(
        inner,
        [
            Strip::Fixed(1),
            Strip::Fixed(if unreachable.is_some() { 2 } else { 0 }),
            Strip::Rest { min: 1 },
            Strip::Fixed(1),
        ],
    );
    frame.render_widget(Paragraph::new(format!(" {text} ")).style(style), top);
    if let Some(channel) = unreachable {
        frame.render_widget(
            Paragraph::new(format!("⚠ {}", unreachable_words(app.lang, channel)))
                .style(theme.warn)
                .wrap(Wrap { trim: true }),
            warning,
        );
    }
    let mut text = text_widget(&e.text);
    text.set_wrap_mode(WrapMode::WordOrGlyph);
    frame.render_widget(&text, body);
    let shown = (text.scroll_offset(), body.height);
    frame.render_widget(
        Paragraph::new(tr(app.lang, "editor.hint")).style(theme.dim),
        hint,
    );
    if let Some(selected) = e.canned {
        let canned = canned_responses();
        let items: Vec<ListItem> = canned
            .iter()
            .map(|c| ListItem::new(c.title.clone()))
            .collect();
        let r = centered(body, 50, canned.len() as u16 + 2);
        frame.render_widget(Clear, r);
        let mut state = ListState::default().with_selected(Some(selected));
        frame.render_stateful_widget(
            List::new(items)
                .block(block(
                    tr(app.lang, "editor.canned").into(),
                    theme.focus_border,
                    theme,
                ))
                .highlight_style(theme.selected)
                .highlight_symbol("▶ "),
            r,
            &mut state,
        );
    }
    EditorView(shown.0, shown.1)
}
