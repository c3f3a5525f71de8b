//! Keys do what the help says: Shift-Tab as terminals send it, F1 in every dialog and form, and
//! one meaning per key across the console. Through the pure update function.

use crate::fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fixtures::*;
use helpdesk::app::keymap::{Action, Context};
use helpdesk::app::model::{HelpState, Modal, VerifyField};
use helpdesk::app::{App, Msg, update};
use helpdesk::i18n::Lang;

/// Shift-Tab as crossterm (local) and terminput (SSH) decode `ESC [ Z`: BackTab with Shift.
fn shift_tab() -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT))
}

#[test]
fn shift_tab_moves_back_in_the_forms() {
    let mut app = with_detail(Lang::Es, false);
    update(&mut app, ch('v'));
    update(&mut app, shift_tab());
    let Some(Modal::Verify(f)) = &app.modal else {
        panic!()
    };
    assert_eq!(f.field, VerifyField::BirthDate);

    let mut app = with_detail(Lang::Es, false);
    update(&mut app, ch('c'));
    update(&mut app, shift_tab());
    let Some(Modal::CreatePqr(f)) = &app.modal else {
        panic!()
    };
    assert_eq!(
        f.field, 2,
        "from the notes (where it opens) back to the subject"
    );
}

#[test]
fn shift_tab_moves_back_on_the_board() {
    let mut app = app(Lang::Es);
    update(&mut app, key(KeyCode::F(4)));
    let before = app.board.panel;
    update(&mut app, key(KeyCode::Tab));
    assert_ne!(app.board.panel, before);
    update(&mut app, shift_tab());
    assert_eq!(app.board.panel, before);
}

/// Every modal an operator can open, built as the keys open them.
fn every_dialog() -> Vec<(&'static str, App)> {
    let open = |build: fn() -> App, keys: &[Msg]| {
        let mut app = build();
        for k in keys {
            update(&mut app, k.clone());
        }
        app
    };
    let detail = || with_detail(Lang::Es, true);
    let pqr = || pqr_open(Lang::Es);
    vec![
        ("verify", open(detail, &[ch('v')])),
        ("confirm", open(detail, &[ch('r')])),
        ("create", open(detail, &[ch('c')])),
        ("palette", open(detail, &[ch(':')])),
        ("status_picker", open(pqr, &[ch('s')])),
        (
            "extension",
            open(pqr, &[ch('s'), ch('j'), key(KeyCode::Enter)]),
        ),
        ("editor", open(pqr, &[ch('n')])),
    ]
}

#[test]
fn f1_opens_help_over_every_dialog_and_esc_comes_back_to_it_as_it_was() {
    for (name, mut app) in every_dialog() {
        let ctx = app.context();
        type_text(&mut app, "12");
        let before = format!("{:?}", app.modal);
        update(&mut app, key(KeyCode::F(1)));
        assert!(
            matches!(app.modal, Some(Modal::Help(HelpState { .. }))),
            "{name}: F1 opens help"
        );
        assert_eq!(app.help_context(), ctx, "{name}: help describes the dialog");
        update(&mut app, key(KeyCode::Esc));
        assert_eq!(format!("{:?}", app.modal), before, "{name}: back as it was");
    }
}

#[test]
fn every_dialog_and_form_binds_f1_to_help() {
    let app = app(Lang::Es);
    // Help itself closes with Esc, `?` or `q`.
    for ctx in Context::ALL.into_iter().filter(|c| *c != Context::Help) {
        let f1 = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
        assert_eq!(
            app.keymap.action(ctx, &f1),
            Action::Help,
            "F1 in {}",
            ctx.name()
        );
    }
}

#[test]
fn one_key_means_one_thing_across_the_console() {
    // `R` is the PQR's public reply; it is never «retry» elsewhere (the footer would not say so).
    let app = app(Lang::Es);
    let r = KeyEvent::new(KeyCode::Char('R'), KeyModifiers::SHIFT);
    for ctx in Context::ALL {
        assert_ne!(app.keymap.action(ctx, &r), Action::Retry, "{}", ctx.name());
    }
    assert_eq!(app.keymap.action(Context::PqrDetail, &r), Action::Reply);
}

#[test]
fn f1_waits_while_a_form_is_waiting_for_the_portal() {
    let mut app = with_detail(Lang::Es, false);
    update(&mut app, ch('v'));
    type_text(&mut app, "1017233456");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "1985-02-27");
    assert!(!update(&mut app, key(KeyCode::Enter)).is_empty());
    update(&mut app, key(KeyCode::F(1)));
    // The answer will find its form on screen.
    assert!(matches!(app.modal, Some(Modal::Verify(_))));
}
