//! The text buffer's edits, with the texts operators type: Spanish accents, ñ, emoji.

use super::{Move, TextBuffer};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn typed(text: &str) -> TextBuffer {
    let mut b = TextBuffer::default();
    for c in text.chars() {
        b.insert_char(c);
    }
    b
}

fn key(b: &mut TextBuffer, code: KeyCode, modifiers: KeyModifiers) -> bool {
    b.input(KeyEvent::new(code, modifiers))
}

#[test]
fn the_cursor_counts_chars_not_bytes() {
    let mut b = typed("Peña José 🙂");
    assert_eq!(b.text(), "Peña José 🙂");
    assert_eq!(b.cursor(), (0, 11));
    b.move_cursor(Move::Back);
    b.move_cursor(Move::Back);
    b.insert_char('ñ');
    assert_eq!(b.text(), "Peña Joséñ 🙂");
    assert!(b.delete_char());
    assert!(b.delete_char());
    assert_eq!(b.text(), "Peña Jos 🙂");
    b.move_cursor(Move::End);
    assert!(b.delete_char());
    assert_eq!(b.text(), "Peña Jos ");
    b.move_cursor(Move::Head);
    b.move_cursor(Move::Forward);
    b.move_cursor(Move::Forward);
    assert!(b.delete_next_char());
    assert_eq!(b.text(), "Pea Jos ");
    assert_eq!(b.before_cursor(), "Pe");
}

#[test]
fn wide_and_combining_chars_are_one_step_each() {
    // «é» written as e + U+0301 is two chars; 漢 is two columns wide but one char.
    let mut b = typed("e\u{301}漢");
    assert_eq!(b.cursor(), (0, 3));
    b.delete_char();
    assert_eq!(b.text(), "e\u{301}");
    b.insert_tab();
    // The tab fills to column four: «é» takes one column.
    assert_eq!(b.text(), "e\u{301}   ");
}

#[test]
fn a_paste_from_windows_keeps_its_lines_without_carriage_returns() {
    let mut b = typed("Hola ");
    assert!(b.insert_str("señor\r\nle escribo\r\n¿qué tal?"));
    assert_eq!(b.lines(), ["Hola señor", "le escribo", "¿qué tal?"]);
    assert_eq!(b.cursor(), (2, 9));
    b.move_cursor(Move::Top);
    b.move_cursor(Move::Head);
    b.insert_str("A\nB");
    assert_eq!(b.text(), "A\nBHola señor\nle escribo\n¿qué tal?");
    assert_eq!(b.cursor(), (1, 1));
    assert!(!b.insert_str(""), "nothing pasted, nothing changed");
}

#[test]
fn newlines_split_and_backspace_joins() {
    let mut b = typed("añoñuevo");
    for _ in 0..5 {
        b.move_cursor(Move::Back);
    }
    b.insert_newline();
    assert_eq!(b.lines(), ["año", "ñuevo"]);
    assert_eq!(b.cursor(), (1, 0));
    b.delete_char();
    assert_eq!(b.lines(), ["añoñuevo"]);
    assert_eq!(b.cursor(), (0, 3));
    b.move_cursor(Move::End);
    b.insert_char('\n');
    b.insert_char('x');
    b.move_cursor(Move::Up);
    b.move_cursor(Move::End);
    b.delete_next_char();
    assert_eq!(b.text(), "añoñuevox");
}

#[test]
fn words_and_lines_are_deleted_and_yanked_back() {
    let mut b = typed("pago de nómina_2024 ya");
    assert!(b.delete_word());
    assert_eq!(b.text(), "pago de nómina_2024 ");
    assert!(b.delete_word());
    assert_eq!(b.text(), "pago de ", "«_» belongs to the word, «ó» too");
    assert!(b.paste_yank());
    assert_eq!(b.text(), "pago de nómina_2024 ");
    b.move_cursor(Move::Head);
    b.move_cursor(Move::WordForward);
    assert_eq!(b.cursor(), (0, 5));
    assert!(b.delete_next_word());
    assert_eq!(b.text(), "pago  nómina_2024 ");
    assert!(b.delete_line_by_end());
    assert_eq!(b.text(), "pago ");
    assert!(b.delete_line_by_head());
    assert_eq!(b.text(), "");
    assert!(!b.delete_line_by_head(), "nothing before the cursor");
    assert!(!b.delete_char());
}

#[test]
fn undo_and_redo_step_through_the_edits() {
    let mut b = typed("sí");
    b.insert_str(" 🙂");
    assert!(b.undo());
    assert_eq!(b.text(), "sí");
    assert!(b.undo());
    assert_eq!(b.text(), "s");
    assert!(b.redo());
    assert!(b.redo());
    assert_eq!(b.text(), "sí 🙂");
    assert!(!b.redo());
    // A move is no edit: nothing to undo for it.
    b.move_cursor(Move::Head);
    assert!(b.undo());
    assert_eq!(b.text(), "sí");
}

#[test]
fn the_undo_history_is_bounded_in_steps_and_bytes() {
    let mut b = TextBuffer::default();
    for _ in 0..200 {
        b.insert_char('a');
    }
    let mut undone = 0;
    while b.undo() {
        undone += 1;
    }
    assert_eq!(undone, 50);
    let mut big = TextBuffer::default();
    let chunk = "x".repeat(256 * 1024);
    for _ in 0..10 {
        big.insert_str(&chunk);
    }
    let mut undone = 0;
    while big.undo() {
        undone += 1;
    }
    assert!(undone < 10, "{undone} snapshots of up to 2.5 MiB each kept");
    assert!(undone >= 1);
}

#[test]
fn the_keys_edit_as_a_small_editor() {
    let mut b = TextBuffer::default();
    let none = KeyModifiers::NONE;
    let ctrl = KeyModifiers::CONTROL;
    let alt = KeyModifiers::ALT;
    for c in "Ñandú".chars() {
        assert!(key(&mut b, KeyCode::Char(c), KeyModifiers::SHIFT));
    }
    assert!(key(&mut b, KeyCode::Enter, none));
    assert!(key(&mut b, KeyCode::Char('m'), ctrl), "Ctrl-M is Enter");
    assert_eq!(b.lines(), ["Ñandú", "", ""]);
    assert!(!key(&mut b, KeyCode::Up, none), "a move changes no text");
    assert!(!key(&mut b, KeyCode::Char('<'), alt));
    assert_eq!(b.cursor(), (0, 0));
    assert!(!key(&mut b, KeyCode::End, none));
    assert!(key(&mut b, KeyCode::Backspace, none));
    assert_eq!(b.lines()[0], "Ñand");
    assert!(key(&mut b, KeyCode::Char('u'), ctrl), "Ctrl-U undoes");
    assert_eq!(b.lines()[0], "Ñandú");
    assert!(key(&mut b, KeyCode::Tab, none));
    assert_eq!(b.lines()[0], "Ñandú   ");
    assert!(!key(&mut b, KeyCode::F(5), none));
    assert!(
        !key(&mut b, KeyCode::Char('x'), ctrl),
        "no selection: nothing cut"
    );
    let mut release = KeyEvent::new(KeyCode::Char('z'), none);
    release.kind = crossterm::event::KeyEventKind::Release;
    assert!(!b.input(release));
}

#[test]
fn page_keys_move_by_the_rows_the_view_drew() {
    let mut b = TextBuffer::new(&"línea\n".repeat(30));
    b.rows = 7;
    key(&mut b, KeyCode::PageDown, KeyModifiers::NONE);
    assert_eq!(b.cursor(), (7, 0));
    key(&mut b, KeyCode::PageUp, KeyModifiers::NONE);
    key(&mut b, KeyCode::PageUp, KeyModifiers::NONE);
    assert_eq!(b.cursor(), (0, 0));
}
