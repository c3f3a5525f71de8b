//! «Conversaciones» at 80×24, in Spanish and English: the queue, the thread with its ticks, the
//! closed window with the template picker, the reply editor and the radicating form.

use crate::fixtures;

use crossterm::event::KeyCode;
use fixtures::conversations::{open, screen};
use fixtures::{ch, key, type_text};
use helpdesk::app::App;
use helpdesk::app::update;
use helpdesk::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn snapshot(name: &str, build: impl Fn(Lang) -> App) {
    for lang in [Lang::Es, Lang::En] {
        let app = build(lang);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        terminal
            .draw(|f| helpdesk::ui::view(f, &app))
            .expect("draw");
        insta::assert_snapshot!(format!("{name}_{}", lang.code()), terminal.backend());
    }
}

#[test]
fn queue() {
    snapshot("conversation_queue", screen);
}

#[test]
fn thread_with_ticks() {
    snapshot("conversation_thread", |lang| open(lang, Some(3 * 60 + 12)));
}

#[test]
fn window_closed_offers_the_templates() {
    snapshot("conversation_templates", |lang| {
        let mut app = open(lang, None);
        update(&mut app, ch('R'));
        app
    });
}

#[test]
fn reply_editor() {
    snapshot("conversation_editor", |lang| {
        let mut app = open(lang, Some(90));
        update(&mut app, ch('R'));
        type_text(&mut app, "Hola José, ¿ya pudo entrar?");
        app
    });
}

#[test]
fn radicate_form() {
    snapshot("conversation_radicate", |lang| {
        let mut app = open(lang, Some(90));
        update(&mut app, ch('p'));
        update(&mut app, key(KeyCode::Tab));
        type_text(&mut app, "No llega el correo de restablecimiento");
        app
    });
}

#[test]
fn help_lists_the_thread_keys() {
    snapshot("conversation_help", |lang| {
        let mut app = open(lang, Some(90));
        update(&mut app, ch('?'));
        app
    });
}
