//! What an operator reaches for: the user's PQRs, recent callers back and forward, a call timer,
//! the radicado's legal due date, a resend not offered where it cannot work, and a confirmation
//! before quitting in the middle of a call. Through the pure update function.

use crate::fixtures;

use crossterm::event::KeyCode;
use fixtures::*;
use helpdesk::api::UserDetail;
use helpdesk::app::model::{ConfirmKind, Focus, Modal, Scope, Screen};
use helpdesk::app::{App, Effect, Msg, PqrEffect, Reply, UsersEffect, UsersReply, update};
use helpdesk::i18n::Lang;
use jiff::SignedDuration;

fn screen(app: &App) -> String {
    screen_text(app)
}

fn open(app: &mut App, id: i64) {
    let mut d = detail_of_carlos(false);
    d.user = UserDetail {
        summary: users()[(id - 1) as usize].clone(),
        ..d.user
    };
    update(
        app,
        Msg::Portal(Reply::Users(UsersReply::Detail {
            user_id: id,
            result: Ok((d.user, vec![])),
        })),
    );
}

#[test]
fn p_on_a_user_lists_their_pqrs_every_status() {
    let mut app = with_detail(Lang::Es, false);
    let effects = update(&mut app, ch('p'));
    let [Effect::Pqr(PqrEffect::LoadPqrs { query, .. })] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(query.user_id, Some(1));
    assert!(!query.open_only && query.assignee.is_none());
    assert_eq!(app.screen, Screen::Pqr);
    assert_eq!(app.pqr.scope, Scope::User(1));
    assert!(
        screen(&app).contains("de Carlos Andrés Pérez Gómez"),
        "{}",
        screen(&app)
    );
}

#[test]
fn recent_callers_go_back_and_forward_like_a_browser() {
    let mut app = with_results(Lang::Es);
    for id in [1, 2, 3] {
        app.users.selected = (id - 1) as usize;
        update(&mut app, key(KeyCode::Enter));
        open(&mut app, id);
        update(&mut app, key(KeyCode::Esc));
    }
    assert_eq!(
        update(&mut app, ch('B')),
        vec![Effect::Users(UsersEffect::LoadDetail { user_id: 2 })]
    );
    assert_eq!(
        app.users.selected_id(),
        Some(2),
        "her row is the one selected"
    );
    assert!(
        app.users.detail.is_none(),
        "José's detail is not left under her row"
    );
    open(&mut app, 2);
    assert_eq!(app.target_user().map(|u| u.id), Some(2));
    assert_eq!(app.users.focus, Focus::Detail);
    update(&mut app, ch('B'));
    open(&mut app, 1);
    update(&mut app, ch('B'));
    assert!(app.notice.is_some(), "the start of the history is said");
    update(&mut app, ch('F'));
    open(&mut app, 2);
    // A new caller opened from the middle drops the forward entries, as a browser does.
    app.users.selected = 0;
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, key(KeyCode::Enter));
    open(&mut app, 1);
    let ids: Vec<i64> = app.users.history.iter().map(|u| u.id).collect();
    assert_eq!(ids, vec![1, 2, 1]);
}

#[test]
fn the_call_timer_counts_on_the_user_and_the_walkthrough() {
    let mut app = with_detail(Lang::Es, false);
    app.now += SignedDuration::from_secs(192);
    update(&mut app, Msg::Tick);
    assert!(app.wants_fast_ticks());
    assert!(screen(&app).contains("◷ 03:12"), "{}", screen(&app));
    update(&mut app, ch('w'));
    app.now += SignedDuration::from_secs(10);
    assert!(screen(&app).contains("◷ 03:22"), "{}", screen(&app));
}

#[test]
fn the_resend_is_not_offered_to_a_bouncing_address_and_says_why() {
    let mut app = with_detail(Lang::Es, false);
    app.users.detail.as_mut().unwrap().user.email_bounced = true;
    assert!(update(&mut app, ch('r')).is_empty());
    assert!(
        app.modal.is_none(),
        "no confirmation for a link that cannot arrive"
    );
    assert!(app.notice.as_ref().unwrap().text.contains("rebotan"));
}

#[test]
fn quitting_in_the_middle_of_a_call_asks_first() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('w'));
    assert!(update(&mut app, ch('q')).is_empty());
    let Some(Modal::Confirm(c)) = &app.modal else {
        panic!("{:?}", app.modal)
    };
    assert_eq!(c.kind, ConfirmKind::Quit);
    assert!(c.person.contains("Carlos"), "{}", c.person);
    assert!(!app.should_quit);
    update(&mut app, key(KeyCode::Esc));
    assert!(app.walk.is_some(), "the call goes on");
    update(&mut app, ch('q'));
    assert_eq!(update(&mut app, key(KeyCode::Enter)), vec![Effect::Quit]);
    // With nothing open, `q` quits at once.
    let mut app = with_results(Lang::Es);
    assert_eq!(update(&mut app, ch('q')), vec![Effect::Quit]);
}

#[test]
fn the_radicado_dialog_gives_the_legal_due_date_to_read() {
    for (lang, words) in [(Lang::Es, "jueves 12 de marzo"), (Lang::En, "Thursday")] {
        let mut app = app(lang);
        app.modal = Some(Modal::Radicado(Box::new(pqr_summary(
            501,
            helpdesk::api::PqrStatus::Radicada,
            8,
        ))));
        let text = screen(&app);
        assert!(text.contains("PQR-2026-000501"), "{text}");
        assert!(text.contains(words), "{text}");
        assert!(text.contains("2026-03-12"), "{text}");
    }
}

#[test]
fn the_walkthrough_does_not_resend_to_a_bouncing_address_either() {
    let mut app = with_detail(Lang::Es, false);
    app.users.detail.as_mut().unwrap().user.email_bounced = true;
    update(&mut app, ch('w'));
    assert!(update(&mut app, ch('r')).is_empty());
    assert!(app.notice.as_ref().unwrap().text.contains("rebotan"));
}
