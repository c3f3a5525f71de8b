//! A text being typed (a search, a form's field, a note or a reply) as plain data: its lines and
//! its cursor, which the update edits and the view draws (the model holds no widget). The cursor
//! counts chars, never bytes, so «ñ», «é» and «🙂» are one step each; how wide a char is on
//! screen is the view's business. The keys that edit it are in `keys.rs`, the moves in `moves.rs`.

/// How many edits Ctrl-U undoes, and how many bytes of text the undo history holds at most
/// (a 256 KiB paste is remembered a few times, not fifty).
const UNDO_STEPS: usize = 50;
const UNDO_BYTES: usize = 1024 * 1024;

mod keys;
mod moves;

pub use moves::Move;
use moves::{word_end_forward, word_start_backward};

#[derive(Debug, Clone)]
struct Snapshot {
    lines: Vec<String>,
    cursor: (usize, usize),
}

impl Snapshot {
    fn bytes(&self) -> usize {
        self.lines.iter().map(String::len).sum()
    }
}

#[derive(Debug, Clone)]
pub struct TextBuffer {
    /// Never empty: an empty text is one empty line.
    lines: Vec<String>,
    /// Row, and column in chars of that row.
    cursor: (usize, usize),
    /// Shown dimmed while the text is empty.
    pub placeholder: String,
    /// The first row and column the view drew, as it reported them (`Drawn::text`): the next
    /// frame scrolls from there only as far as the cursor needs.
    pub scroll: (u16, u16),
    /// The rows the view gave this text last (PageDown moves the cursor by them).
    pub rows: u16,
    /// What the last word or line deletion removed, for Ctrl-Y.
    yank: String,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
}

impl Default for TextBuffer {
    fn default() -> Self {
        TextBuffer {
            lines: vec![String::new()],
            cursor: (0, 0),
            placeholder: String::new(),
            scroll: (0, 0),
            rows: 0,
            yank: String::new(),
            undo: Vec::new(),
            redo: Vec::new(),
        }
    }
}

/// The byte offset of char `col` in `line` (its end when past it).
fn offset(line: &str, col: usize) -> usize {
    line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
}

fn chars(line: &str) -> usize {
    line.chars().count()
}

impl TextBuffer {
    /// `text` with the cursor at its start; `\r\n` and `\n` end its lines.
    pub fn new(text: &str) -> TextBuffer {
        TextBuffer {
            lines: split_lines(text),
            ..TextBuffer::default()
        }
    }

    /// An empty one-line field showing `placeholder`.
    pub fn with_placeholder(placeholder: &str) -> TextBuffer {
        TextBuffer {
            placeholder: placeholder.to_string(),
            ..TextBuffer::default()
        }
    }

    /// The lines joined by `\n`.
    pub fn text(&self) -> String {
        self.lines.join("\n")
    }

    pub fn lines(&self) -> &[String] {
        &self.lines
    }

    /// (row, column in chars).
    pub fn cursor(&self) -> (usize, usize) {
        self.cursor
    }

    pub fn is_empty(&self) -> bool {
        self.lines.len() == 1 && self.lines[0].is_empty()
    }

    /// The current line up to the cursor.
    pub fn before_cursor(&self) -> &str {
        let (row, col) = self.cursor;
        let line = &self.lines[row];
        &line[..offset(line, col)]
    }

    /// Runs an edit, remembering the text before it for undo when it changed something.
    fn edit(&mut self, f: impl FnOnce(&mut TextBuffer) -> bool) -> bool {
        let before = Snapshot {
            lines: self.lines.clone(),
            cursor: self.cursor,
        };
        if !f(self) {
            return false;
        }
        self.undo.push(before);
        self.redo.clear();
        let mut bytes: usize = self.undo.iter().map(Snapshot::bytes).sum();
        while self.undo.len() > UNDO_STEPS || (bytes > UNDO_BYTES && self.undo.len() > 1) {
            bytes -= self.undo.remove(0).bytes();
        }
        true
    }

    pub fn insert_char(&mut self, c: char) -> bool {
        if c == '\n' || c == '\r' {
            return self.insert_newline();
        }
        self.edit(|b| {
            let (row, col) = b.cursor;
            let line = &mut b.lines[row];
            line.insert(offset(line, col), c);
            b.cursor.1 += 1;
            true
        })
    }

    /// Inserts `s` at the cursor (several lines when it holds `\n`, `\r\n` counted as one),
    /// leaving the cursor after it.
    pub fn insert_str(&mut self, s: impl AsRef<str>) -> bool {
        let s = s.as_ref();
        if s.is_empty() {
            return false;
        }
        self.edit(|b| {
            let (row, col) = b.cursor;
            let line = &mut b.lines[row];
            let tail = line.split_off(offset(line, col));
            let mut pieces = split_lines(s).into_iter();
            line.push_str(&pieces.next().unwrap_or_default());
            let mut last = row;
            for piece in pieces {
                last += 1;
                b.lines.insert(last, piece);
            }
            let end = chars(&b.lines[last]);
            b.lines[last].push_str(&tail);
            b.cursor = (last, end);
            true
        })
    }

    pub fn insert_newline(&mut self) -> bool {
        self.edit(|b| {
            let (row, col) = b.cursor;
            let line = &mut b.lines[row];
            let tail = line.split_off(offset(line, col));
            b.lines.insert(row + 1, tail);
            b.cursor = (row + 1, 0);
            true
        })
    }

    /// Tab in a text: spaces to the next multiple of four columns.
    pub fn insert_tab(&mut self) -> bool {
        let (row, col) = self.cursor;
        let width: usize = self.lines[row]
            .chars()
            .take(col)
            .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
            .sum();
        self.insert_str(" ".repeat(4 - width % 4))
    }

    /// Backspace: the char before the cursor, or the line break before it.
    pub fn delete_char(&mut self) -> bool {
        self.edit(|b| {
            let (row, col) = b.cursor;
            if col == 0 {
                return b.join_previous();
            }
            let line = &mut b.lines[row];
            line.remove(offset(line, col - 1));
            b.cursor.1 -= 1;
            true
        })
    }

    /// Delete: the char under the cursor, or the line break after it.
    pub fn delete_next_char(&mut self) -> bool {
        let (row, col) = self.cursor;
        if col < chars(&self.lines[row]) {
            return self.edit(|b| {
                let line = &mut b.lines[row];
                line.remove(offset(line, col));
                true
            });
        }
        self.edit(|b| b.join_next())
    }

    fn join_previous(&mut self) -> bool {
        let row = self.cursor.0;
        if row == 0 {
            return false;
        }
        let line = self.lines.remove(row);
        let prev = &mut self.lines[row - 1];
        self.cursor = (row - 1, chars(prev));
        prev.push_str(&line);
        true
    }

    fn join_next(&mut self) -> bool {
        let row = self.cursor.0;
        if row + 1 >= self.lines.len() {
            return false;
        }
        let next = self.lines.remove(row + 1);
        self.lines[row].push_str(&next);
        true
    }

    /// Removes chars `from..to` of the current line into the yank, the cursor at `from`.
    fn cut(&mut self, from: usize, to: usize) -> bool {
        if from >= to {
            return false;
        }
        self.edit(|b| {
            let row = b.cursor.0;
            let line = &mut b.lines[row];
            let (start, end) = (offset(line, from), offset(line, to));
            b.yank = line.drain(start..end).collect();
            b.cursor = (row, from);
            true
        })
    }

    /// Ctrl-K: to the end of the line, or the line break when already there.
    pub fn delete_line_by_end(&mut self) -> bool {
        let (row, col) = self.cursor;
        let len = chars(&self.lines[row]);
        if col < len {
            return self.cut(col, len);
        }
        self.edit(|b| b.join_next())
    }

    /// Ctrl-U on a line (Ctrl-J in a text): to the start of the line, or the line break before.
    pub fn delete_line_by_head(&mut self) -> bool {
        let col = self.cursor.1;
        if col > 0 {
            return self.cut(0, col);
        }
        self.edit(|b| b.join_previous())
    }

    /// Ctrl-W: the word before the cursor (and the spaces after it).
    pub fn delete_word(&mut self) -> bool {
        let (row, col) = self.cursor;
        match word_start_backward(&self.lines[row], col) {
            Some(start) => self.cut(start, col),
            None if col > 0 => self.cut(0, col),
            None => self.edit(|b| b.join_previous()),
        }
    }

    /// Alt-D: the word after the cursor.
    pub fn delete_next_word(&mut self) -> bool {
        let (row, col) = self.cursor;
        let len = chars(&self.lines[row]);
        match word_end_forward(&self.lines[row], col) {
            Some(end) => self.cut(col, end),
            None if col < len => self.cut(col, len),
            None => self.edit(|b| b.join_next()),
        }
    }

    /// Empties the text (what it held can be yanked back).
    pub fn clear(&mut self) -> bool {
        if self.is_empty() {
            return false;
        }
        self.edit(|b| {
            b.yank = b.text();
            b.lines = vec![String::new()];
            b.cursor = (0, 0);
            true
        })
    }

    /// Ctrl-Y: what the last deletion of a word or a line removed.
    pub fn paste_yank(&mut self) -> bool {
        let yank = self.yank.clone();
        self.insert_str(&yank)
    }

    pub fn undo(&mut self) -> bool {
        self.step(false)
    }

    pub fn redo(&mut self) -> bool {
        self.step(true)
    }

    /// Back to the text before the last edit (or forward again): the text now goes on the
    /// other stack.
    fn step(&mut self, forward: bool) -> bool {
        let (from, to) = if forward {
            (&mut self.redo, &mut self.undo)
        } else {
            (&mut self.undo, &mut self.redo)
        };
        let Some(s) = from.pop() else {
            return false;
        };
        to.push(Snapshot {
            lines: std::mem::replace(&mut self.lines, s.lines),
            cursor: self.cursor,
        });
        self.cursor = s.cursor;
        true
    }
}

/// `text` as lines: split at `\n`, a `\r` before it dropped (a paste from Windows).
fn split_lines(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect()
}

#[cfg(test)]
mod tests;
