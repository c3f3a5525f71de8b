//! Back online by itself (issue 15, item 2), through the pure update function: offline, the console
//! probes with a growing pause; when the portal answers, the reads on screen run again and an
//! action that failed does not.

use crate::fixtures;

use crossterm::event::KeyCode;
use fixtures::*;
use helpdesk::api::{Operator, Role, SendResetLink};
use helpdesk::app::PortalError;
use helpdesk::app::model::Connection;
use helpdesk::app::{
    BoardEffect, Effect, Msg, PqrEffect, PqrReply, Reply, SessionEffect, SessionReply, UsersEffect,
    UsersReply, update,
};
use helpdesk::i18n::Lang;

fn offline() -> PortalError {
    PortalError::Offline("cannot connect".into())
}

fn operator() -> Operator {
    Operator {
        id: 1,
        name: "Ana Agente".into(),
        role: Role::Agent,
    }
}

fn probes(effects: &[Effect]) -> Vec<std::time::Duration> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Session(SessionEffect::Probe { after }) => Some(*after),
            _ => None,
        })
        .collect()
}

/// `r`, confirmed, and the resend fails with `error`: the effects the confirmation asked for.
fn resend_failing(app: &mut helpdesk::app::App, error: PortalError) -> Vec<Effect> {
    update(app, ch('r'));
    let sent = update(app, key(KeyCode::Enter));
    let Some(SendResetLink {
        idempotency_key, ..
    }) = sent
        .first()
        .and_then(|e| e.request::<SendResetLink>())
        .cloned()
    else {
        panic!("{sent:?}")
    };
    update(
        app,
        Msg::Portal(Reply::Users(UsersReply::ResetSent {
            user_id: 1,
            idempotency_key,
            result: Err(error),
        })),
    );
    sent
}

#[test]
fn offline_probes_with_a_growing_pause_and_comes_back_with_the_search_on_screen() {
    let mut app = with_detail(Lang::Es, false);
    let generation = app.users.generation;
    // The detail's reload fails: offline, and the first probe is asked for, once.
    let effects = update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Detail {
            user_id: 1,
            result: Err(offline()),
        })),
    );
    assert_eq!(app.connection, Connection::Offline);
    let first = probes(&effects);
    assert_eq!(first.len(), 1, "{effects:?}");
    // Another failure while a probe is under way starts no second chain.
    let again = update(
        &mut app,
        Msg::Portal(Reply::Session(SessionReply::Me(Err(offline())))),
    );
    assert!(probes(&again).is_empty(), "{again:?}");
    // Each failed probe asks for the next one, later.
    let mut pause = first[0];
    for _ in 0..4 {
        let next = probes(&update(
            &mut app,
            Msg::Portal(Reply::Session(SessionReply::Probed(Err(offline())))),
        ));
        assert_eq!(next.len(), 1);
        assert!(next[0] > pause, "{:?} after {pause:?}", next[0]);
        pause = next[0];
    }
    assert_eq!(app.connection, Connection::Offline);
    // The portal answers: online, the search and the open detail run again, nothing else.
    let back = update(
        &mut app,
        Msg::Portal(Reply::Session(SessionReply::Probed(Ok(operator())))),
    );
    assert_eq!(app.connection, Connection::Online);
    assert_eq!(
        back,
        vec![
            Effect::Users(UsersEffect::Search {
                generation: generation + 1,
                query: "pérez".into()
            }),
            Effect::Users(UsersEffect::LoadDetail { user_id: 1 }),
        ]
    );
    assert!(
        app.notice
            .as_ref()
            .unwrap()
            .text
            .contains("De nuevo en línea")
    );
    // Offline again later: a new chain starts from the first pause.
    let effects = update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Detail {
            user_id: 1,
            result: Err(offline()),
        })),
    );
    assert_eq!(probes(&effects), first);
}

#[test]
fn an_action_that_failed_is_never_run_by_the_reconnection() {
    let mut app = with_results(Lang::En);
    update(&mut app, key(KeyCode::Esc));
    let sent = resend_failing(&mut app, offline());
    let back = update(
        &mut app,
        Msg::Portal(Reply::Session(SessionReply::Probed(Ok(operator())))),
    );
    assert!(
        !back.iter().any(|e| e.request::<SendResetLink>().is_some()),
        "{back:?}"
    );
    assert!(app.notice.as_ref().unwrap().text.contains("F5"));
    // The operator's F5 still has it.
    assert_eq!(update(&mut app, key(KeyCode::F(5))), sent);
}

#[test]
fn on_the_pqr_screen_the_list_and_the_open_ticket_come_back() {
    let mut app = pqr_open(Lang::Es);
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqr {
            id: 7,
            result: Err(offline()),
        })),
    );
    let back = update(
        &mut app,
        Msg::Portal(Reply::Session(SessionReply::Probed(Ok(operator())))),
    );
    assert!(
        matches!(
            back.first(),
            Some(Effect::Pqr(PqrEffect::LoadPqrs { cursor: None, .. }))
        ),
        "{back:?}"
    );
    assert!(
        back.contains(&Effect::Pqr(PqrEffect::LoadPqr { id: 7 })),
        "{back:?}"
    );
}

#[test]
fn a_refused_token_stops_the_probing() {
    let mut app = with_results(Lang::Es);
    update(
        &mut app,
        Msg::Portal(Reply::Session(SessionReply::Me(Err(offline())))),
    );
    let effects = update(
        &mut app,
        Msg::Portal(Reply::Session(SessionReply::Probed(Err(
            PortalError::Unauthorized,
        )))),
    );
    assert_eq!(app.connection, Connection::Unauthorized);
    assert!(probes(&effects).is_empty(), "{effects:?}");
}

#[test]
fn the_retry_hint_names_a_key_only_where_it_works() {
    let mut app = with_detail(Lang::Es, false);
    resend_failing(
        &mut app,
        PortalError::Server {
            status: 503,
            request_id: "r-9".into(),
        },
    );
    // On the detail, F5 is bound: the hint names it.
    let hint = helpdesk::app::toolbox::retry_hint(&app).expect("a hint on the detail");
    assert!(hint.contains("F5"), "{hint}");
    // In the verification form F5 means nothing: no hint names it.
    update(&mut app, ch('v'));
    assert!(app.modal.is_some());
    assert_eq!(helpdesk::app::toolbox::retry_hint(&app), None);
    // Nothing to retry, no hint.
    update(&mut app, key(KeyCode::Esc));
    app.retry = None;
    assert_eq!(helpdesk::app::toolbox::retry_hint(&app), None);
}

#[test]
fn a_failed_read_of_another_screen_is_not_left_for_f5() {
    // The dashboard's figures failed offline, then the operator went back to the users screen:
    // a read, so back online it is dropped, and no hint offers F5 for it.
    let mut app = with_results(Lang::Es);
    update(
        &mut app,
        Msg::Portal(Reply::Session(SessionReply::Me(Err(offline())))),
    );
    app.retry = Some(Effect::Board(BoardEffect::LoadBoard {
        generation: 1,
        after: std::time::Duration::ZERO,
    }));
    update(
        &mut app,
        Msg::Portal(Reply::Session(SessionReply::Probed(Ok(operator())))),
    );
    assert_eq!(app.retry, None);
    assert!(!app.notice.as_ref().unwrap().text.contains("F5"));
}

#[test]
fn a_ticket_that_failed_to_open_offline_opens_when_the_portal_is_back() {
    // Enter on the list while the portal is away: the ticket never came, nothing is open.
    let mut app = pqr_screen(Lang::Es);
    assert_eq!(
        update(&mut app, key(KeyCode::Enter)),
        [Effect::Pqr(PqrEffect::LoadPqr { id: 7 })]
    );
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqr {
            id: 7,
            result: Err(offline()),
        })),
    );
    assert!(app.pqr.detail.is_none());
    let back = update(
        &mut app,
        Msg::Portal(Reply::Session(SessionReply::Probed(Ok(operator())))),
    );
    // The read that failed runs again (once), and its answer is wanted.
    let loads = back
        .iter()
        .filter(|e| **e == Effect::Pqr(PqrEffect::LoadPqr { id: 7 }))
        .count();
    assert_eq!(loads, 1, "{back:?}");
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqr {
            id: 7,
            result: Ok((
                pqr_detail(7, helpdesk::api::PqrStatus::EnTramite),
                "\"v1\"".into(),
            )),
        })),
    );
    assert!(app.pqr.detail.is_some(), "the ticket is open");
}

#[test]
fn a_user_that_failed_to_open_offline_opens_when_the_portal_is_back() {
    let mut app = with_results(Lang::En);
    let effects = update(&mut app, key(KeyCode::Enter));
    assert!(
        effects.contains(&Effect::Users(UsersEffect::LoadDetail { user_id: 1 })),
        "{effects:?}"
    );
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::Detail {
            user_id: 1,
            result: Err(offline()),
        })),
    );
    let back = update(
        &mut app,
        Msg::Portal(Reply::Session(SessionReply::Probed(Ok(operator())))),
    );
    let loads = back
        .iter()
        .filter(|e| **e == Effect::Users(UsersEffect::LoadDetail { user_id: 1 }))
        .count();
    assert_eq!(loads, 1, "{back:?}");
}

/// A note typed on PQR 7 whose send was lost offline: the app, and the send F5 must repeat.
fn note_send_lost(body: &str) -> (helpdesk::app::App, Effect) {
    let mut app = pqr_open(Lang::Es);
    update(&mut app, ch('n'));
    type_text(&mut app, body);
    let ctrl_s = crossterm::event::KeyEvent::new(
        KeyCode::Char('s'),
        crossterm::event::KeyModifiers::CONTROL,
    );
    let effects = update(&mut app, Msg::Key(ctrl_s));
    let [Effect::Pqr(PqrEffect::SendMessage(draft))] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let send = Effect::Pqr(PqrEffect::SendMessage(draft.clone()));
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::MessageSent {
            draft: draft.clone(),
            result: Err(offline()),
        })),
    );
    (app, send)
}

#[test]
fn a_read_that_fails_after_a_note_does_not_take_the_notes_f5() {
    // The note's send is lost; then a reload of the ticket fails too. F5 is still the note's:
    // the read comes back by itself, the typed note only when it is sent again.
    let (mut app, send) = note_send_lost("Nota que no debe quedarse sin F5");
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqr {
            id: 7,
            result: Err(offline()),
        })),
    );
    assert_eq!(app.retry.as_ref(), Some(&send));
    assert_eq!(update(&mut app, key(KeyCode::F(5))), [send]);
}

#[test]
fn a_failure_with_nothing_to_retry_does_not_take_the_notes_f5() {
    // The note's send is lost; then a change of the ticket fails offline too (a change is not
    // sent again unseen, so it offers no F5). F5 is still the note's.
    let (mut app, send) = note_send_lost("Nota que espera su F5");
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Patched {
            id: 7,
            patch: helpdesk::api::PqrPatch::default(),
            result: Err(offline()),
        })),
    );
    assert_eq!(app.retry.as_ref(), Some(&send));
}
