//! The walkthrough's decisions through the pure update function.

use crate::fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fixtures::*;
use helpdesk::api::{
    Actor, ActorKind, CallOutcome, Event, EventData, EventKind, PolicyRule, RecordCallOutcome,
    SendResetLink,
};
use helpdesk::app::LiveUpdate;
use helpdesk::app::model::LiveState;
use helpdesk::app::model::{Modal, Screen};
use helpdesk::app::{App, Effect, Msg, Reply, UsersEffect, WalkEffect, WalkReply, update};
use helpdesk::i18n::Lang;

fn live(app: &mut App, id: i64, kind: EventKind, data: EventData) -> Vec<Effect> {
    let event = Event {
        id,
        at: now(),
        kind,
        user_id: Some(1),
        pqr_id: None,
        actor: Actor {
            kind: ActorKind::User,
            name: None,
        },
        data,
    };
    update(
        app,
        Msg::Portal(Reply::Walk(WalkReply::Live {
            user_id: 1,
            update: LiveUpdate::Event(Box::new(event)),
        })),
    )
}

fn walking() -> App {
    let mut app = with_results(Lang::Es);
    assert_eq!(
        update(&mut app, ch('w')),
        vec![Effect::Walk(WalkEffect::Watch { user_id: 1 })]
    );
    assert_eq!(app.screen, Screen::Walkthrough);
    app
}

fn current_id(app: &App) -> String {
    let w = app.walk.as_ref().unwrap();
    w.script.steps[w.current].id.clone()
}

#[test]
fn live_events_mark_steps_done_and_move_on() {
    let mut app = walking();
    update(
        &mut app,
        Msg::Portal(Reply::Walk(WalkReply::Live {
            user_id: 1,
            update: LiveUpdate::Connected,
        })),
    );
    assert_eq!(app.walk.as_ref().unwrap().live, LiveState::Live);
    assert_eq!(current_id(&app), "olvido");
    live(
        &mut app,
        10,
        EventKind::ResetRequested,
        EventData::default(),
    );
    assert_eq!(current_id(&app), "correo");
    live(&mut app, 11, EventKind::ResetLinkSent, EventData::default());
    assert_eq!(current_id(&app), "bandeja");
    // A replay after a reconnection repeats nothing.
    update(
        &mut app,
        Msg::Portal(Reply::Walk(WalkReply::Live {
            user_id: 1,
            update: LiveUpdate::Disconnected,
        })),
    );
    assert_eq!(app.walk.as_ref().unwrap().live, LiveState::Reconnecting);
    live(&mut app, 11, EventKind::ResetLinkSent, EventData::default());
    assert_eq!(app.walk.as_ref().unwrap().events.len(), 2);
    live(
        &mut app,
        12,
        EventKind::ResetLinkOpened,
        EventData::default(),
    );
    assert_eq!(current_id(&app), "nueva");
    let failed = EventData {
        rules: vec![PolicyRule::MissingSpecial],
        not_special_used: Some("@".into()),
        ..Default::default()
    };
    live(&mut app, 13, EventKind::ResetAttemptFailed, failed);
    let w = app.walk.as_ref().unwrap();
    assert_eq!(
        (w.last_rules.clone(), w.not_special_used.clone()),
        (vec![PolicyRule::MissingSpecial], Some("@".into()))
    );
    assert_eq!(
        current_id(&app),
        "nueva",
        "a failed attempt does not complete the step"
    );
    live(
        &mut app,
        14,
        EventKind::PasswordChanged,
        EventData::default(),
    );
    live(
        &mut app,
        15,
        EventKind::LoginSucceeded,
        EventData::default(),
    );
    assert_eq!(current_id(&app), "fin");
    // Events of another user are not this walk's.
    let before = app.walk.as_ref().unwrap().events.len();
    update(
        &mut app,
        Msg::Portal(Reply::Walk(WalkReply::Live {
            user_id: 2,
            update: LiveUpdate::Connected,
        })),
    );
    assert_eq!(app.walk.as_ref().unwrap().events.len(), before);
}

#[test]
fn branches_are_keys_and_actions() {
    let mut app = walking();
    update(&mut app, key(KeyCode::Right));
    update(&mut app, key(KeyCode::Right));
    assert_eq!(current_id(&app), "bandeja");
    update(&mut app, ch('1'));
    assert_eq!(current_id(&app), "no_llega");
    let effects = update(&mut app, ch('2'));
    assert!(
        matches!(
            effects.as_slice(),
            [e] if e.request::<SendResetLink>().is_some_and(|r| r.user_id == 1)
        ),
        "{effects:?}"
    );
    update(&mut app, ch('3'));
    let Some(Modal::CreatePqr(form)) = &app.modal else {
        panic!("{:?}", app.modal)
    };
    assert!(
        form.notes.lines().join("\n").contains("No llega el correo"),
        "the PQR carries what was tried"
    );
    update(&mut app, key(KeyCode::Esc));
    update(&mut app, key(KeyCode::Left));
    assert_eq!(current_id(&app), "bandeja");
    update(&mut app, ch('x'));
    assert!(matches!(app.modal, Some(Modal::Explainer(_))));
    helpdesk::app::update(&mut app, ch('a'));
    // The explainer's text is never in a Debug dump of the state.
    assert!(format!("{:?}", app.modal).contains("redacted"));
    update(&mut app, key(KeyCode::Esc));
    assert!(app.modal.is_none());
}

#[test]
fn the_outcome_is_recorded_and_the_walk_ends() {
    let mut app = walking();
    live(
        &mut app,
        20,
        EventKind::PasswordChanged,
        EventData::default(),
    );
    update(&mut app, ch('f'));
    let Some(Modal::Outcome(form)) = &app.modal else {
        panic!()
    };
    assert_eq!(
        CallOutcome::ALL[form.selected],
        CallOutcome::Resuelto,
        "a changed password suggests resolved"
    );
    update(&mut app, key(KeyCode::Tab));
    type_text(&mut app, "listo");
    let effects = update(
        &mut app,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    let [recorded] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let Some(RecordCallOutcome {
        user_id: 1,
        outcome,
        ..
    }) = recorded.request::<RecordCallOutcome>()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (outcome.outcome, outcome.note.as_str()),
        (CallOutcome::Resuelto, "listo")
    );
    let event = Event {
        id: 21,
        at: now(),
        kind: EventKind::CallOutcomeRecorded,
        user_id: Some(1),
        pqr_id: None,
        actor: Actor {
            kind: ActorKind::Operator,
            name: Some("Ana".into()),
        },
        data: EventData::default(),
    };
    let effects = update(&mut app, answer::<RecordCallOutcome>(recorded, Ok(event)));
    assert_eq!(
        effects,
        vec![
            Effect::Walk(WalkEffect::Unwatch),
            Effect::Users(UsersEffect::LoadDetail { user_id: 1 })
        ]
    );
    assert!(app.walk.is_none());
    assert_eq!(app.screen, Screen::Users);
}

#[test]
fn an_outcome_branch_preselects_it() {
    let mut app = walking();
    let w = app.walk.as_mut().unwrap();
    w.current = w
        .script
        .steps
        .iter()
        .position(|s| s.id == "soporte")
        .unwrap();
    update(&mut app, ch('2'));
    let Some(Modal::Outcome(form)) = &app.modal else {
        panic!()
    };
    assert_eq!(CallOutcome::ALL[form.selected], CallOutcome::EscaladoPqr);
}

#[test]
fn the_checklist_ticks_only_what_happened_in_this_call() {
    let mut app = walking();
    let old = Event {
        id: 3,
        at: now() - jiff::SignedDuration::from_hours(30),
        kind: EventKind::ResetLinkSent,
        user_id: Some(1),
        pqr_id: None,
        actor: Actor {
            kind: ActorKind::User,
            name: None,
        },
        data: EventData::default(),
    };
    update(
        &mut app,
        Msg::Portal(Reply::Walk(WalkReply::Live {
            user_id: 1,
            update: LiveUpdate::Event(Box::new(old)),
        })),
    );
    let w = app.walk.as_ref().unwrap();
    assert!(!w.done.iter().any(|d| *d), "yesterday's link ticks nothing");
    assert_eq!(w.events.len(), 1, "but it is shown in the live panel");
    live(&mut app, 4, EventKind::ResetLinkSent, EventData::default());
    assert!(app.walk.as_ref().unwrap().done.iter().any(|d| *d));
}
