//! A text of the model ([`TextBuffer`]: lines and a cursor, plain data) drawn with
//! ratatui-textarea's widget, built anew each frame: the widget wraps at word boundaries and
//! scrolls wide chars whole, which the view keeps rather than redoing.

use ratatui::style::Style;
use ratatui_textarea::{CursorMove, TextArea};

use crate::app::model::TextBuffer;

/// The widget that draws `text` this frame: its lines, its placeholder, its cursor, scrolled
/// from where the view last reported it (`TextBuffer::scroll`), so the widget moves the view
/// only as far as the cursor needs. The caller styles it.
pub(crate) fn text_widget(text: &TextBuffer) -> TextArea<'static> {
    let mut t = TextArea::new(text.lines().to_vec());
    t.set_placeholder_text(text.placeholder.clone());
    t.set_cursor_line_style(Style::new());
    let clamp = |n: u16| i16::try_from(n).unwrap_or(i16::MAX);
    let (top, left) = text.scroll;
    if (top, left) != (0, 0) {
        // Scrolling may move the cursor into the view: it is put back right after.
        t.scroll((clamp(top), clamp(left)));
    }
    let (row, col) = text.cursor();
    let to = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    t.move_cursor(CursorMove::Jump(to(row), to(col)));
    t
}
