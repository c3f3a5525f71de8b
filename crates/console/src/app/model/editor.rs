//! State of the note or reply editor, with its draft (and the canned picker's row).

use ratatui_textarea::TextArea;

use super::Modal;
use crate::drafts::Draft;

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
