//! One caller at a time: after a new search, the detail, the timeline and every dialog belong to
//! the person the keys will act on. Walked through the pure update function, each screen drawn
//! (TestBackend) and read for any other caller's name where an action can be taken.

use crate::fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fixtures::*;
use helpdesk::api::{UnlockResult, UnlockUser, UserDetail, UserStatus, UserSummary};
use helpdesk::app::model::{Focus, Modal};
use helpdesk::app::{
    App, Effect, Msg, PqrEffect, PqrReply, Reply, UsersEffect, UsersReply, VerifyReply, update,
};
use helpdesk::i18n::Lang;

const NAMES: [&str; 3] = ["Carlos", "Laura", "José"];

fn screen(app: &App) -> String {
    screen_text(app)
}

/// `who` is the one the keys act on: the selected row (▶) is theirs, and no other caller's name
/// is anywhere on screen but in the other rows of the results (the detail, the dialogs, the
/// notices: all theirs).
fn only(app: &App, who: &str) {
    let text = screen(app);
    assert!(text.contains(who), "{who} is on screen:\n{text}");
    if let (None, Some(row)) = (&app.modal, text.lines().find(|l| l.starts_with('▶'))) {
        assert!(row.contains(who), "the selected row is {who}'s:\n{text}");
    }
    let other_rows = |l: &&str| l.starts_with(' ') && l.contains(" CC **");
    let rest: Vec<&str> = text.lines().filter(|l| !other_rows(l)).collect();
    for other in NAMES.iter().filter(|n| **n != who) {
        assert!(
            !rest.iter().any(|l| l.contains(other)),
            "{other} is on screen while acting on {who}:\n{text}"
        );
    }
}

fn ctrl(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn person(id: i64) -> UserSummary {
    users().into_iter().find(|u| u.id == id).expect("fixture")
}

fn detail_reply(app: &mut App, id: i64) -> Vec<Effect> {
    let mut d = detail_of_carlos(false);
    d.user = UserDetail {
        summary: person(id),
        locked_until: None,
        ..d.user
    };
    if id == 1 {
        d.user.locked_until = detail_of_carlos(false).user.locked_until;
    }
    update(
        app,
        Msg::Portal(Reply::Users(UsersReply::Detail {
            user_id: id,
            result: Ok((d.user, vec![])),
        })),
    )
}

/// Searches `query` from wherever the keyboard is, the way an operator does: `/`, Ctrl-U, text.
fn search(app: &mut App, query: &str, found: Vec<UserSummary>) {
    update(app, ch('/'));
    update(app, ctrl('u'));
    type_text(app, query);
    answer_search(app, found);
    update(app, key(KeyCode::Enter));
}

#[test]
fn from_caller_to_caller_no_other_name_is_on_screen_where_keys_act() {
    let mut app = app(Lang::Es);
    search(&mut app, "josé", vec![person(3)]);
    update(&mut app, key(KeyCode::Enter));
    detail_reply(&mut app, 3);
    assert_eq!(app.users.focus, Focus::Detail);
    only(&app, "José");

    // The repro of the issue: from José's detail, a new search and `v`.
    search(&mut app, "laura", vec![person(2)]);
    only(&app, "Laura");
    update(&mut app, ch('v'));
    let Some(Modal::Verify(form)) = &app.modal else {
        panic!("the verification opens");
    };
    assert_eq!(form.user_id, 2);
    assert!(form.name.contains("**4567"), "{}", form.name);
    only(&app, "Laura");
    update(&mut app, key(KeyCode::Esc));

    // Carlos, by his cédula: the detail, the unlock's confirmation, then another row.
    search(&mut app, "1017233456", vec![person(1), person(3)]);
    only(&app, "Carlos");
    update(&mut app, key(KeyCode::Enter));
    detail_reply(&mut app, 1);
    app.users
        .verified
        .insert(1, now() + jiff::SignedDuration::from_mins(5));
    update(&mut app, ch('u'));
    only(&app, "Carlos");
    let effects = update(&mut app, key(KeyCode::Enter));
    assert_eq!(effects.len(), 1, "{effects:?}");
    assert_eq!(
        effects[0].request::<UnlockUser>().map(|r| r.user_id),
        Some(1),
        "{effects:?}"
    );
    // While the unlock travels, the operator moves to José's row: Carlos' detail leaves.
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, ch('j'));
    assert!(app.users.detail.is_none(), "the detail follows the row");
    // The reply the call itself makes of the portal's answer.
    let unlocked = Ok(UnlockResult {
        status: UserStatus::Active,
    });
    let after = update(&mut app, answer::<UnlockUser>(&effects[0], unlocked));
    assert_eq!(
        after,
        vec![Effect::Users(UsersEffect::LoadDetail { user_id: 1 })]
    );
    detail_reply(&mut app, 1);
    assert!(
        app.users.detail.is_none(),
        "Carlos' reload is not shown on José's row"
    );
    only(&app, "José");
    update(&mut app, ch('c'));
    only(&app, "José");
}

#[test]
fn the_verification_starts_with_the_document_just_searched() {
    let mut app = app(Lang::Es);
    search(&mut app, "1.017.233.456", vec![person(1)]);
    update(&mut app, ch('v'));
    let Some(Modal::Verify(form)) = &app.modal else {
        panic!("the verification opens");
    };
    assert_eq!(form.document.lines()[0], "1017233456");
    // A name searched is not a document: nothing is prefilled.
    update(&mut app, key(KeyCode::Esc));
    search(&mut app, "carlos", vec![person(1)]);
    update(&mut app, ch('v'));
    let Some(Modal::Verify(form)) = &app.modal else {
        panic!("the verification opens");
    };
    assert_eq!(form.document.lines()[0], "");
}

#[test]
fn a_user_opened_from_elsewhere_is_the_selected_row_and_nobody_is_acted_on_meanwhile() {
    let mut app = with_detail(Lang::Es, true);
    // As `U` on a PQR does: Laura's detail is asked for, Carlos' row still selected.
    app.users.loading_detail = Some(2);
    assert!(
        app.target_user().is_none(),
        "no one to act on while Laura loads"
    );
    assert!(update(&mut app, ch('u')).is_empty());
    assert!(app.modal.is_none());
    detail_reply(&mut app, 2);
    assert_eq!(app.selected_user().map(|u| u.id), Some(2));
    assert_eq!(app.target_user().map(|u| u.id), Some(2));
}

#[test]
fn every_confirmation_names_the_person_and_the_masked_document() {
    for lang in [Lang::Es, Lang::En] {
        let mut app = with_detail(lang, true);
        for k in ['r', 'u'] {
            update(&mut app, ch(k));
            let text = screen(&app);
            assert!(
                text.contains("Carlos Andrés Pérez Gómez · CC **3456"),
                "{text}"
            );
            update(&mut app, key(KeyCode::Esc));
        }
        update(&mut app, ch('c'));
        let text = screen(&app);
        assert!(text.contains("CC **3456"), "{text}");
    }
}

fn rate_limited(app: &mut App, user_id: i64, retry_after: u64) {
    update(
        app,
        Msg::Portal(Reply::Users(UsersReply::ResetSent {
            user_id,
            idempotency_key: "k".into(),
            result: Err(helpdesk::app::PortalError::RateLimited {
                retry_after,
                code: helpdesk::api::ErrorCode::RateLimited,
            }),
        })),
    );
}

fn notice_text(app: &App) -> String {
    let text = screen(app);
    text.lines().nth(22).unwrap_or_default().trim().to_string()
}

#[test]
fn a_countdown_stays_with_its_caller() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('r'));
    update(&mut app, key(KeyCode::Enter));
    rate_limited(&mut app, 1, 42);
    assert!(notice_text(&app).contains("42 s"), "{}", notice_text(&app));
    update(&mut app, ch('j'));
    assert!(
        !notice_text(&app).contains("s."),
        "Carlos' countdown is not shown on Laura: {}",
        notice_text(&app)
    );
    assert!(app.notice.is_none());
}

// Issue 23, item 4: the resend is not offered where it cannot work; the footer offered `r` during
// the portal's cooldown, and pressing it only then said why.
#[test]
fn the_footer_offers_no_resend_while_the_cooldown_runs() {
    let mut app = with_results(Lang::Es);
    let footer = |app: &App| screen_text(app).lines().last().unwrap_or("").to_string();
    assert!(footer(&app).contains("r reenviar"), "{}", footer(&app));
    update(&mut app, ch('r'));
    update(&mut app, key(KeyCode::Enter));
    rate_limited(&mut app, 1, 42);
    assert!(!footer(&app).contains("reenviar"), "{}", footer(&app));
    // Another caller can be sent a link: offered on their row.
    update(&mut app, ch('j'));
    assert!(footer(&app).contains("r reenviar"), "{}", footer(&app));
    // Back on the first, once the cooldown is over, offered again.
    update(&mut app, ch('k'));
    app.now += jiff::SignedDuration::from_secs(43);
    update(&mut app, Msg::Tick);
    assert!(footer(&app).contains("r reenviar"), "{}", footer(&app));
}

#[test]
fn a_newer_notice_is_never_hidden_by_an_older_countdown() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('r'));
    update(&mut app, key(KeyCode::Enter));
    rate_limited(&mut app, 1, 42);
    update(&mut app, ch('y'));
    let line = notice_text(&app);
    assert!(
        line.contains("c****z@gmail.com"),
        "the copy is said: {line}"
    );
    assert!(!line.contains("42"), "{line}");
    // `r` again says the time left, counting down.
    update(&mut app, ch('r'));
    app.now += jiff::SignedDuration::from_secs(2);
    update(&mut app, Msg::Tick);
    assert!(notice_text(&app).contains("40 s"), "{}", notice_text(&app));
    app.now += jiff::SignedDuration::from_secs(41);
    update(&mut app, Msg::Tick);
    assert!(app.notice.is_none(), "a finished countdown leaves");
}

/// The issue's «posting a note during a countdown showed nothing»: the resend countdown of the
/// caller on the users screen covered every other notice, on every screen, until it ran out.
#[test]
fn posting_a_note_during_a_countdown_says_the_note_was_posted() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('r'));
    update(&mut app, key(KeyCode::Enter));
    rate_limited(&mut app, 1, 42);
    assert!(notice_text(&app).contains("42 s"), "{}", notice_text(&app));
    // While it counts down, the operator writes an internal note in a ticket.
    show_pqr_list(&mut app);
    open_pqr_7(&mut app);
    update(&mut app, ch('n'));
    type_text(&mut app, "Se reenviará el enlace cuando pase la espera.");
    let effects = update(&mut app, ctrl('s'));
    let [Effect::Pqr(PqrEffect::SendMessage(draft))] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    app.now += jiff::SignedDuration::from_secs(2);
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::MessageSent {
            draft: draft.clone(),
            result: Ok(helpdesk::api::PqrMessage {
                id: 3,
                visibility: helpdesk::api::Visibility::Internal,
                body: draft.body.clone(),
                author: "Ana Agente".into(),
                at: now(),
                from_requester: false,
            }),
        })),
    );
    update(&mut app, Msg::Tick);
    let line = notice_text(&app);
    assert!(
        line.contains("Nota interna agregada a PQR-2026-000007"),
        "the note's result is on screen: {line}"
    );
    assert!(!screen(&app).contains("40 s"), "{}", screen(&app));
}

#[test]
fn an_answer_about_another_caller_does_not_land_on_this_one() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('r'));
    update(&mut app, key(KeyCode::Enter));
    update(&mut app, ch('j'));
    rate_limited(&mut app, 1, 42);
    assert!(app.notice.is_none(), "{:?}", app.notice);
}

#[test]
fn verify_first_goes_once_the_verification_matches() {
    let mut app = with_detail(Lang::Es, false);
    update(&mut app, ch('u'));
    assert!(
        notice_text(&app).contains("verifique"),
        "{}",
        notice_text(&app)
    );
    update(&mut app, ch('v'));
    type_text(&mut app, "1017233456");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "1985-02-27");
    update(&mut app, key(KeyCode::Enter));
    update(
        &mut app,
        Msg::Portal(Reply::Verify(VerifyReply::Verified {
            user_id: 1,
            result: Ok(helpdesk::api::VerificationResult {
                matched: true,
                attempts_left: 3,
                locked_until: None,
                valid_until: Some(now() + jiff::SignedDuration::from_mins(15)),
            }),
        })),
    );
    assert!(!screen(&app).contains("verifique"), "{}", screen(&app));
}

#[test]
fn a_notice_of_one_screen_is_not_shown_on_another() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('y'));
    assert!(app.notice.is_some());
    update(&mut app, ch('w'));
    assert!(app.notice.is_none(), "the walkthrough starts clean");
    update(&mut app, key(KeyCode::F(3)));
    assert!(app.notice.is_none());
}

#[test]
fn masks_are_the_same_in_the_list_the_detail_and_the_dialogs() {
    let mut app = with_detail(Lang::Es, true);
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, ch('r'));
    let text = screen(&app);
    // The row, the detail's first line and the confirmation: one short form each.
    assert_eq!(text.matches("CC **3456").count(), 3, "{text}");
    assert_eq!(text.matches("c**z@gmail.com").count(), 3, "{text}");
    assert!(!text.contains("****"), "{text}");
}
