//! The console's decisions, through the pure update function: no terminal, no network.

use crate::fixtures;

use crossterm::event::KeyCode;
use fixtures::*;
use helpdesk::api::{
    ErrorCode, Page, ResetLinkSent, ResetLinksRevoked, RevokeResetLinks, SendResetLink, UnlockUser,
    VerificationResult, VerifyUser,
};
use helpdesk::app::PortalError;
use helpdesk::app::model::{Connection, Focus, HelpState, Level, Modal};
use helpdesk::app::{
    Effect, Msg, Reply, SessionReply, UsersEffect, UsersReply, VerifyReply, update,
};
use helpdesk::i18n::Lang;
use jiff::SignedDuration;

#[test]
fn typing_searches_and_only_the_latest_answer_counts() {
    let mut app = app(Lang::Es);
    let effects = type_text(&mut app, "ana");
    let generations: Vec<u64> = effects
        .iter()
        .map(|e| match e {
            Effect::Users(UsersEffect::Search { generation, .. }) => *generation,
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(generations, vec![1, 2, 3]);
    assert_eq!(
        effects.last(),
        Some(&Effect::Users(UsersEffect::Search {
            generation: 3,
            query: "ana".into()
        }))
    );
    // A late answer to «an» is dropped…
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Search {
            generation: 2,
            result: Ok(Page {
                items: users(),
                next_cursor: None,
            }),
        })),
    );
    assert!(app.users.results.is_empty() && app.users.searching);
    // …the answer to «ana» is shown.
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Search {
            generation: 3,
            result: Ok(Page {
                items: users()[..1].to_vec(),
                next_cursor: None,
            }),
        })),
    );
    assert_eq!(app.users.results.len(), 1);
    assert!(!app.users.searching);
    assert_eq!(app.users.shown_query, "ana");
}

#[test]
fn slash_in_the_search_field_keeps_the_focus_and_types_nothing() {
    let mut app = app(Lang::Es);
    assert!(update(&mut app, ch('/')).is_empty(), "no search for «/»");
    let effects = type_text(&mut app, "1020304050");
    assert_eq!(app.users.focus, Focus::Search);
    assert_eq!(
        effects.last(),
        Some(&Effect::Users(UsersEffect::Search {
            generation: 10,
            query: "1020304050".into()
        })),
        "«/1020304050» searches the cédula, not a query starting with /"
    );
}

#[test]
fn every_retry_hint_names_a_key_that_works_in_the_search_field() {
    let mut app = app(Lang::Es);
    type_text(&mut app, "ana");
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Search {
            generation: 3,
            result: Err(PortalError::Offline("x".into())),
        })),
    );
    assert_eq!(app.users.focus, Focus::Search);
    let hint = app.notice.as_ref().unwrap().text.clone();
    assert!(hint.contains("F5"), "the hint names F5: {hint}");
    assert!(
        !hint.contains("R reintenta"),
        "R is text in the field: {hint}"
    );
    assert_eq!(
        update(&mut app, key(KeyCode::F(5))),
        vec![Effect::Users(UsersEffect::Search {
            generation: 4,
            query: "ana".into()
        })],
        "and F5 does retry from the field"
    );
}

#[test]
fn clearing_the_field_cancels_the_search() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('/'));
    let effects: Vec<Effect> = (0..5)
        .flat_map(|_| update(&mut app, key(KeyCode::Backspace)))
        .collect();
    assert_eq!(
        effects.last(),
        Some(&Effect::Users(UsersEffect::CancelSearch))
    );
    assert!(app.users.results.is_empty());
}

#[test]
fn navigation_is_clamped_and_enter_opens_the_detail() {
    let mut app = with_results(Lang::Es);
    assert_eq!(app.users.focus, Focus::List);
    for _ in 0..10 {
        update(&mut app, ch('j'));
    }
    assert_eq!(app.users.selected, 2);
    update(&mut app, ch('k'));
    update(&mut app, ch('g'));
    assert_eq!(app.users.selected, 0);
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        vec![Effect::Users(UsersEffect::LoadDetail { user_id: 1 })]
    );
    assert_eq!(app.users.focus, Focus::Detail);
    // In the list 'q' quits; in the search field it is a letter.
    update(&mut app, ch('/'));
    assert!(!update(&mut app, ch('q')).contains(&Effect::Quit));
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(update(&mut app, ch('q')), vec![Effect::Quit]);
    assert!(app.should_quit);
}

#[test]
fn resend_confirms_the_masked_destination_then_counts_down_on_429() {
    let mut app = with_results(Lang::Es);
    assert!(update(&mut app, ch('r')).is_empty());
    match &app.modal {
        Some(Modal::Confirm(c)) => assert_eq!(
            c.email_masked, "c**z@gmail.com",
            "the same mask as the list"
        ),
        other => panic!("expected a confirmation, got {other:?}"),
    }
    let effects = update(&mut app, key(KeyCode::Enter));
    let [effect] = effects.as_slice() else {
        panic!("{effects:?}");
    };
    let Some(SendResetLink {
        user_id: 1,
        idempotency_key,
    }) = effect.request::<SendResetLink>()
    else {
        panic!("{effects:?}");
    };
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::ResetSent {
            user_id: 1,
            idempotency_key: idempotency_key.clone(),
            result: Err(PortalError::RateLimited {
                retry_after: 42,
                code: ErrorCode::RateLimited,
            }),
        })),
    );
    assert_eq!(app.cooldown_left(1), Some(42));
    assert!(app.wants_fast_ticks());
    // While it counts down, `r` says how long instead of asking again.
    app.now += SignedDuration::from_secs(12);
    update(&mut app, Msg::Tick);
    assert!(app.tick_redraw);
    assert!(update(&mut app, ch('r')).is_empty());
    assert!(app.modal.is_none());
    assert!(
        app.notice.as_ref().unwrap().text.contains("30 s"),
        "{:?}",
        app.notice
    );
    app.now += SignedDuration::from_secs(31);
    update(&mut app, Msg::Tick);
    assert_eq!(app.cooldown_left(1), None);
    assert!(!app.wants_fast_ticks());
    update(&mut app, ch('r'));
    assert!(matches!(app.modal, Some(Modal::Confirm(_))));
}

#[test]
fn a_sent_link_reloads_the_timeline() {
    let mut app = with_detail(Lang::En, false);
    let sent = ResetLinkSent {
        email_masked: "c****z@gmail.com".into(),
        sent_at: now(),
        expires_at: now() + SignedDuration::from_hours(1),
    };
    let effects = update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::ResetSent {
            user_id: 1,
            idempotency_key: "k".into(),
            result: Ok(sent),
        })),
    );
    assert_eq!(
        effects,
        vec![Effect::Users(UsersEffect::LoadDetail { user_id: 1 })]
    );
    assert!(app.notice.unwrap().text.contains("c**z@gmail.com"));
}

#[test]
fn unlock_needs_a_current_verification() {
    let mut app = with_detail(Lang::Es, false);
    assert!(update(&mut app, ch('u')).is_empty());
    assert!(app.modal.is_none());
    assert!(
        app.notice.as_ref().unwrap().text.contains("verifique"),
        "{:?}",
        app.notice
    );

    let mut app = with_detail(Lang::Es, true);
    update(&mut app, ch('u'));
    assert!(matches!(app.modal, Some(Modal::Confirm(_))));
    let effects = update(&mut app, key(KeyCode::Enter));
    assert!(
        matches!(
            effects.as_slice(),
            [e] if e.request::<UnlockUser>().is_some_and(|r| r.user_id == 1)
        ),
        "{effects:?}"
    );
}

#[test]
fn a_match_in_this_console_allows_the_unlock() {
    let mut app = with_detail(Lang::Es, false);
    update(&mut app, ch('v'));
    type_text(&mut app, "80.123.456");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "27/02/1985");
    let effects = update(&mut app, key(KeyCode::Enter));
    let [effect] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let Some(VerifyUser {
        user_id: 1,
        request,
        ..
    }) = effect.request::<VerifyUser>()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (
            request.document_number.as_str(),
            request.birth_date.as_str()
        ),
        ("80123456", "1985-02-27")
    );
    let result = VerificationResult {
        matched: true,
        attempts_left: 3,
        locked_until: None,
        valid_until: Some(now() + SignedDuration::from_mins(15)),
    };
    update(&mut app, answer::<VerifyUser>(effect, Ok(result)));
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, ch('u'));
    assert!(matches!(app.modal, Some(Modal::Confirm(_))));
}

#[test]
fn the_verify_form_validates_and_reuses_its_key_for_the_same_answers() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('v'));
    type_text(&mut app, "12#");
    assert!(
        update(&mut app, key(KeyCode::Enter)).is_empty(),
        "not a document number"
    );
    let Some(Modal::Verify(form)) = &app.modal else {
        panic!()
    };
    assert!(form.error.is_some());
    update(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "3456");
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "31/02/1985");
    assert!(
        update(&mut app, key(KeyCode::Enter)).is_empty(),
        "no 31 February"
    );
    for _ in 0..10 {
        update(&mut app, key(KeyCode::Backspace));
    }
    type_text(&mut app, "1985-02-27");
    let first = update(&mut app, key(KeyCode::Enter));
    // The reply is lost (offline); the operator submits the same answers again.
    update(
        &mut app,
        Msg::Portal(Reply::Verify(VerifyReply::Verified {
            user_id: 1,
            result: Err(PortalError::Offline("timed out".into())),
        })),
    );
    assert_eq!(app.connection, Connection::Offline);
    let second = update(&mut app, key(KeyCode::Enter));
    assert_eq!(first, second, "same answers, same idempotency key");
    update(
        &mut app,
        Msg::Portal(Reply::Verify(VerifyReply::Verified {
            user_id: 1,
            result: Err(PortalError::Offline("timed out".into())),
        })),
    );
    update(&mut app, key(KeyCode::Backspace));
    type_text(&mut app, "8");
    let third = update(&mut app, key(KeyCode::Enter));
    assert_ne!(first, third, "other answers, another action");
}

#[test]
fn offline_shows_a_banner_and_r_retries_with_the_same_key() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch('r'));
    let effects = update(&mut app, key(KeyCode::Enter));
    let sent = effects[0].clone();
    let Some(SendResetLink {
        idempotency_key, ..
    }) = sent.request::<SendResetLink>()
    else {
        panic!("{sent:?}")
    };
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::ResetSent {
            user_id: 1,
            idempotency_key: idempotency_key.clone(),
            result: Err(PortalError::Offline("cannot connect".into())),
        })),
    );
    assert_eq!(app.connection, Connection::Offline);
    assert_eq!(update(&mut app, key(KeyCode::F(5))), vec![sent]);
    assert!(
        update(&mut app, key(KeyCode::F(5))).is_empty(),
        "retried once"
    );
}

#[test]
fn a_failed_search_is_retried_as_a_new_generation() {
    let mut app = app(Lang::Es);
    type_text(&mut app, "ana");
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Search {
            generation: 3,
            result: Err(PortalError::Server {
                status: 503,
                request_id: "r-1".into(),
            }),
        })),
    );
    assert!(
        app.notice.as_ref().unwrap().text.contains("r-1"),
        "the request id is shown"
    );
    update(&mut app, key(KeyCode::Esc)); // no results: Esc clears
    type_text(&mut app, "ana");
    let generation = app.users.generation;
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Search {
            generation,
            result: Err(PortalError::Offline("x".into())),
        })),
    );
    app.users.focus = Focus::List;
    assert_eq!(
        update(&mut app, key(KeyCode::F(5))),
        vec![Effect::Users(UsersEffect::Search {
            generation: generation + 1,
            query: "ana".into()
        })]
    );
}

#[test]
fn an_expired_token_is_said_once_and_plainly() {
    let mut app = app(Lang::En);
    update(
        &mut app,
        Msg::Portal(Reply::Session(SessionReply::Me(Err(
            PortalError::Unauthorized,
        )))),
    );
    assert_eq!(app.connection, Connection::Unauthorized);
    assert!(app.notice.unwrap().text.contains("helpdesk login"));
}

#[test]
fn the_palette_switches_language_by_fuzzy_name() {
    let mut app = with_results(Lang::Es);
    update(&mut app, ch(':'));
    type_text(&mut app, "english");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.lang, Lang::En);
    assert!(app.modal.is_none());
    update(&mut app, ch(':'));
    type_text(&mut app, "idioma esp");
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.lang, Lang::Es);
}

#[test]
fn pasted_text_is_sanitised_and_searched() {
    let mut app = app(Lang::Es);
    let effects = update(&mut app, Msg::Paste("  80123456\u{1b}[2J\n".into()));
    assert_eq!(
        effects,
        vec![Effect::Users(UsersEffect::Search {
            generation: 1,
            query: "80123456[2J".into()
        })]
    );
}

#[test]
fn help_is_reachable_from_every_context() {
    let mut app = app(Lang::Es);
    update(&mut app, key(KeyCode::F(1)));
    assert!(matches!(app.modal, Some(Modal::Help(HelpState { .. }))));
    update(&mut app, key(KeyCode::Esc));
    let mut app = with_detail(Lang::Es, false);
    update(&mut app, ch('?'));
    assert!(matches!(app.modal, Some(Modal::Help(HelpState { .. }))));
}

#[test]
fn a_retried_load_is_wanted_when_it_comes_back() {
    // Found by the chaos soak: the answer to a retried detail load used to be dropped.
    let mut app = with_results(Lang::Es);
    update(&mut app, key(KeyCode::Enter));
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Detail {
            user_id: 1,
            result: Err(PortalError::Offline("reset".into())),
        })),
    );
    assert_eq!(
        update(&mut app, key(KeyCode::F(5))),
        vec![Effect::Users(UsersEffect::LoadDetail { user_id: 1 })]
    );
    let d = detail_of_carlos(false);
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Detail {
            user_id: 1,
            result: Ok((d.user, d.timeline)),
        })),
    );
    assert!(app.users.detail.is_some());
}

#[test]
fn f5_retries_from_the_search_field_too() {
    // Found by the chaos soak: in the search field F5 was swallowed by the text field.
    let mut app = app(Lang::Es);
    type_text(&mut app, "ana");
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Search {
            generation: 3,
            result: Err(PortalError::Decode("truncated".into())),
        })),
    );
    assert_eq!(
        update(&mut app, key(KeyCode::F(5))),
        vec![Effect::Users(UsersEffect::Search {
            generation: 4,
            query: "ana".into()
        })]
    );
}

// Issue 24: a page is what the view drew, not a guess from the terminal's height (the update
// moved a third of the height, 20 rows at 200×60, while the list showed 54).
#[test]
fn page_down_moves_by_the_rows_the_list_drew() {
    let mut app = fixtures::app(Lang::Es);
    update(
        &mut app,
        Msg::Resize {
            width: 200,
            height: 60,
        },
    );
    type_text(&mut app, "pérez");
    let many = (1..=150)
        .map(|id| {
            let name = format!("Usuario {id} Pérez");
            user(
                id,
                &name,
                "u****@x.co",
                "****0001",
                helpdesk::api::UserStatus::Active,
            )
        })
        .collect();
    answer_search(&mut app, many);
    update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.users.focus, Focus::List);
    let (drawn, screen) = draw_as_runner(&mut app, (200, 60));
    let shown = screen.lines().filter(|l| l.contains("Usuario ")).count();
    assert_eq!(usize::from(drawn.users_rows), shown, "{drawn:?}");
    let before = app.users.selected;
    update(&mut app, key(KeyCode::PageDown));
    assert_eq!(app.users.selected - before, shown);
    update(&mut app, key(KeyCode::PageUp));
    assert_eq!(app.users.selected, before);
}

#[test]
fn x_on_the_detail_voids_the_pending_links_and_f5_sends_the_same_request() {
    let mut app = with_detail(Lang::Es, false);
    let effects = update(&mut app, ch('X'));
    let [effect] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert!(
        effect
            .request::<RevokeResetLinks>()
            .is_some_and(|r| r.user_id == 1),
        "{effect:?}"
    );
    let two = ResetLinksRevoked { revoked: 2 };
    // The detail is read again: its timeline now says the links were voided.
    assert_eq!(
        update(&mut app, answer::<RevokeResetLinks>(effect, Ok(two))),
        [Effect::Users(UsersEffect::LoadDetail { user_id: 1 })]
    );
    let notice = app.notice.as_ref().expect("a notice");
    assert_eq!(notice.level, Level::Success);
    assert!(
        notice.text.contains("2 enlaces pendientes"),
        "{}",
        notice.text
    );
    let none = ResetLinksRevoked { revoked: 0 };
    let nothing_to_read = update(&mut app, answer::<RevokeResetLinks>(effect, Ok(none)));
    assert!(nothing_to_read.is_empty(), "{nothing_to_read:?}");
    assert!(app.notice.as_ref().unwrap().text.contains("No había"));

    // Offline: F5 sends the same request again, with its key.
    let again = update(&mut app, ch('X'));
    let offline = Err(PortalError::Offline("cannot connect".into()));
    update(&mut app, answer::<RevokeResetLinks>(&again[0], offline));
    assert_eq!(app.connection, Connection::Offline);
    assert_eq!(update(&mut app, key(KeyCode::F(5))), again);
    assert_ne!(again, effects, "a new press is a new key");
}
