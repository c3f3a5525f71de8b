//! State of the note or reply editor, with its draft (and the canned picker's row).

use super::{App, Modal, Move, TextBuffer};
use crate::drafts::Draft;
use contract::api::{ReplyChannel, Visibility};

/// The note or reply being written, with its draft.
#[derive(Debug, Clone)]
pub struct EditorState {
    pub draft: Draft,
    pub text: TextBuffer,
    /// `::` was typed: the canned responses picker is open at this row.
    pub canned: Option<usize>,
}

impl EditorState {
    /// The editor open on `draft`, the cursor at its end.
    pub fn modal(draft: Draft) -> Modal {
        // Line by line as `str::lines` reads it: a last line break is no empty line.
        let mut text = TextBuffer::new(&draft.body.lines().collect::<Vec<_>>().join("\n"));
        text.move_cursor(Move::Bottom);
        text.move_cursor(Move::End);
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
