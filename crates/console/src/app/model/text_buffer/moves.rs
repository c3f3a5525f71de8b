//! Where the cursor goes: by char, word, line, paragraph and page, and the words as a shell
//! prompt sees them.

use super::{TextBuffer, chars};

/// Where a move takes the cursor (the moves of a readline prompt and of a small editor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Forward,
    Back,
    Up,
    Down,
    Head,
    End,
    Top,
    Bottom,
    WordForward,
    WordBack,
    ParagraphForward,
    ParagraphBack,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    Space,
    Punct,
    Other,
}

/// Words as a shell prompt sees them: letters (any script) and `_`, runs of ASCII punctuation,
/// spaces between.
fn kind(c: char) -> Kind {
    if c.is_whitespace() {
        Kind::Space
    } else if c != '_' && c.is_ascii_punctuation() {
        Kind::Punct
    } else {
        Kind::Other
    }
}

/// The start of the next word after `col`.
pub(super) fn word_start_forward(line: &str, col: usize) -> Option<usize> {
    forward(line, col, |prev, cur| cur != Kind::Space && prev != cur)
}

/// The end (exclusive) of the word at or after `col`.
pub(super) fn word_end_forward(line: &str, col: usize) -> Option<usize> {
    forward(line, col, |prev, cur| prev != Kind::Space && prev != cur)
}

/// The first column after `col` where the kinds of chars change as `boundary` says.
fn forward(line: &str, col: usize, boundary: fn(Kind, Kind) -> bool) -> Option<usize> {
    let mut it = line.chars().enumerate().skip(col);
    let mut prev = kind(it.next()?.1);
    for (i, c) in it {
        let cur = kind(c);
        if boundary(prev, cur) {
            return Some(i);
        }
        prev = cur;
    }
    None
}

/// The start of the word before `col`.
pub(super) fn word_start_backward(line: &str, col: usize) -> Option<usize> {
    let before: Vec<char> = line.chars().take(col).collect();
    let mut it = before.iter().rev().enumerate();
    let mut cur = kind(*it.next()?.1);
    for (i, c) in it {
        let next = kind(*c);
        if cur != Kind::Space && next != cur {
            return Some(col - i);
        }
        cur = next;
    }
    (cur != Kind::Space).then_some(0)
}

impl TextBuffer {
    pub fn move_cursor(&mut self, m: Move) {
        let (row, col) = self.cursor;
        let len = |r: usize| chars(&self.lines[r]);
        let last = self.lines.len() - 1;
        self.cursor = match m {
            Move::Forward if col < len(row) => (row, col + 1),
            Move::Forward if row < last => (row + 1, 0),
            Move::Back if col > 0 => (row, col - 1),
            Move::Back if row > 0 => (row - 1, len(row - 1)),
            Move::Up if row > 0 => (row - 1, col.min(len(row - 1))),
            Move::Down if row < last => (row + 1, col.min(len(row + 1))),
            Move::Head => (row, 0),
            Move::End => (row, len(row)),
            Move::Top => (0, col.min(len(0))),
            Move::Bottom => (last, col.min(len(last))),
            Move::WordForward => match word_start_forward(&self.lines[row], col) {
                Some(c) => (row, c),
                None if row < last => (row + 1, 0),
                None => (row, len(row)),
            },
            Move::WordBack => match word_start_backward(&self.lines[row], col) {
                Some(c) => (row, c),
                None if row > 0 => (row - 1, len(row - 1)),
                None => (row, 0),
            },
            Move::ParagraphForward => self.paragraph_forward(),
            Move::ParagraphBack if row > 0 => self.paragraph_back(),
            _ => (row, col),
        };
    }

    /// Moves the cursor `by` rows (down when positive), staying in the text.
    pub fn move_rows(&mut self, by: isize) {
        let (row, col) = self.cursor;
        let last = self.lines.len() - 1;
        let row = row.saturating_add_signed(by).min(last);
        self.cursor = (row, col.min(chars(&self.lines[row])));
    }

    /// The first line of the next paragraph (lines between empty ones), or the last line.
    fn paragraph_forward(&self) -> (usize, usize) {
        let (row, col) = self.cursor;
        let mut prev_empty = self.lines[row].is_empty();
        let mut target = self.lines.len() - 1;
        for (r, line) in self.lines.iter().enumerate().skip(row + 1) {
            if !line.is_empty() && prev_empty {
                target = r;
                break;
            }
            prev_empty = line.is_empty();
        }
        (target, col.min(chars(&self.lines[target])))
    }

    /// The first line of this paragraph, or of the one before.
    fn paragraph_back(&self) -> (usize, usize) {
        let (row, col) = self.cursor;
        let mut prev_empty = self.lines[row - 1].is_empty();
        let mut target = 0;
        for r in (0..row - 1).rev() {
            let empty = self.lines[r].is_empty();
            if empty && !prev_empty {
                target = r + 1;
                break;
            }
            prev_empty = empty;
        }
        (target, col.min(chars(&self.lines[target])))
    }
}
