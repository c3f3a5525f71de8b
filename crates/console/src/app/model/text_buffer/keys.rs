//! The keys that edit a text, the raw input no keymap entry claims: the keys of a small editor
//! (Emacs and readline, as the console's fields have always taken them). A one-line field
//! narrows them (`toolbox::edit_line`).

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::{Move, TextBuffer};

impl TextBuffer {
    /// Edits with `key`; true when the text changed (a move changes only the cursor).
    pub fn input(&mut self, key: KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        if let Some(m) = movement(key.code, ctrl, alt) {
            self.move_cursor(m);
            return false;
        }
        match (key.code, ctrl, alt) {
            (KeyCode::Char('m'), true, false)
            | (KeyCode::Char('\n' | '\r'), false, false)
            | (KeyCode::Enter, _, _) => self.insert_newline(),
            (KeyCode::Char(c), false, false) => self.insert_char(c),
            (KeyCode::Tab | KeyCode::BackTab, false, false) => self.insert_tab(),
            (KeyCode::Char('h'), true, false) | (KeyCode::Backspace, false, false) => {
                self.delete_char()
            }
            (KeyCode::Char('d'), true, false) | (KeyCode::Delete, false, false) => {
                self.delete_next_char()
            }
            (KeyCode::Char('k'), true, false) => self.delete_line_by_end(),
            (KeyCode::Char('j'), true, false) => self.delete_line_by_head(),
            (KeyCode::Char('w'), true, false)
            | (KeyCode::Char('h') | KeyCode::Backspace, false, true) => self.delete_word(),
            (KeyCode::Delete | KeyCode::Char('d'), false, true) => self.delete_next_word(),
            (KeyCode::Char('u'), true, false) => self.undo(),
            (KeyCode::Char('r'), true, false) => self.redo(),
            (KeyCode::Char('y'), true, false) => self.paste_yank(),
            (KeyCode::PageDown, _, _) | (KeyCode::Char('v'), true, false) => {
                self.move_rows(self.rows.max(1) as isize);
                false
            }
            (KeyCode::PageUp, _, _) | (KeyCode::Char('v'), false, true) => {
                self.move_rows(-(self.rows.max(1) as isize));
                false
            }
            _ => false,
        }
    }
}

/// The key's move, if it is one.
fn movement(code: KeyCode, ctrl: bool, alt: bool) -> Option<Move> {
    use KeyCode::{Char, Down, End, Home, Left, Right, Up};
    Some(match (code, ctrl, alt) {
        (Char('n'), true, false) | (Down, false, false) => Move::Down,
        (Char('p'), true, false) | (Up, false, false) => Move::Up,
        (Char('f'), true, false) | (Right, false, false) => Move::Forward,
        (Char('b'), true, false) | (Left, false, false) => Move::Back,
        (Char('a'), true, false) | (Home, _, _) | (Left | Char('b'), true, true) => Move::Head,
        (Char('e'), true, false) | (End, _, _) | (Right | Char('f'), true, true) => Move::End,
        (Char('<'), false, true) | (Up | Char('p'), true, true) => Move::Top,
        (Char('>'), false, true) | (Down | Char('n'), true, true) => Move::Bottom,
        (Char('f'), false, true) | (Right, true, false) => Move::WordForward,
        (Char('b'), false, true) | (Left, true, false) => Move::WordBack,
        (Char(']' | 'n'), false, true) | (Down, true, false) => Move::ParagraphForward,
        (Char('[' | 'p'), false, true) | (Up, true, false) => Move::ParagraphBack,
        _ => return None,
    })
}
