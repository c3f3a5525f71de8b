//! What the view drew, handed back to the model after each frame: how many rows a page is and
//! how far a pane scrolls are the view's to know (its layout, its wrapping), not the update's
//! to guess from the terminal's height.

use super::{App, Modal};

/// The heights of the last frame, as `ui::draw` measured them; zero for what it did not draw.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Drawn {
    /// Rows of users the results list showed.
    pub users_rows: u16,
    /// Rows of the user's detail pane (their timeline scrolls by them), and the rows of it
    /// below the pane when not scrolled (how far it scrolls).
    pub user_detail_rows: u16,
    pub user_detail_below: u16,
    /// Rows of tickets the PQR list showed.
    pub pqr_rows: u16,
    /// Rows of the open ticket's pane, and the rows of it below the pane when not scrolled.
    pub pqr_detail_rows: u16,
    pub pqr_detail_below: u16,
    /// Rows of the help below its frame when not scrolled.
    pub help_below: u16,
    /// Lines of the open conversation's thread above those in view: how far up it scrolls.
    pub thread_above: u16,
    /// The editor's text: the first row and column drawn, and its rows.
    pub editor: Option<((u16, u16), u16)>,
}

/// A page of `rows` as a page key moves it: one row at least (before a first frame, too).
pub(crate) fn page(rows: u16) -> u16 {
    rows.max(1)
}

impl App {
    /// The view drew a frame: what it measured becomes the model's, for the next update.
    pub fn drawn(&mut self, drawn: Drawn) {
        self.drawn = drawn;
        if let (Some((scroll, rows)), Some(Modal::Editor(e))) = (drawn.editor, &mut self.modal) {
            e.text.scroll = scroll;
            e.text.rows = rows;
        }
    }
}
