//! State of the note or reply editor, with its draft (and the canned picker's row).

use ratatui_textarea::TextArea;

use super::{App, Modal};
use crate::drafts::Draft;
use contract::api::{ReplyChannel, Visibility};

/// The note or reply being written, with its draft.
#[derive(Debug, Clone)]
pub struct EditorState {
    pub draft: Draft,
    pub text: TextArea<'static>,
    /// `::` was typed: the canned responses picker is open at this row.
    pub canned: Option<usize>,
}

impl EditorState {
    /// The editor open on `draft`, the cursor at its end.
    pub fn modal(draft: Draft) -> Modal {
        let mut text = TextArea::new(draft.body.lines().map(String::from).collect());
        text.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        text.set_cursor_line_style(ratatui::style::Style::new());
        text.move_cursor(ratatui_textarea::CursorMove::Bottom);
        text.move_cursor(ratatui_textarea::CursorMove::End);
        Modal::Editor(Box::new(EditorState {
            draft,
            text,
            canned: None,
        }))
    }
}

impl App {
    /// The reply channel of ticket `pqr_id` when a public reply on it would reach nobody now (no
    /// contact, or WhatsApp without a conversation there): the editor says so when it opens,
    /// and the confirmation does not promise the requester will get it.
    pub fn unreachable_requester(
        &self,
        pqr_id: i64,
        visibility: Visibility,
    ) -> Option<ReplyChannel> {
        self.pqr
            .detail
            .as_ref()
            .filter(|d| visibility == Visibility::Public && d.pqr.summary.id == pqr_id)
            .filter(|d| !d.pqr.requester_reachable)
            .map(|d| d.pqr.reply_channel)
    }
}
