//! The dashboard's decisions through the pure update function: F4 opens and reads it, the
//! answer fills it, Enter on a clock bar opens the matching PQR list, live events ask for one
//! settled reload, and leaving stops the desk's stream.

use crate::fixtures;

use std::time::Duration;

use crossterm::event::KeyCode;
use fixtures::*;
use helpdesk::api::{Actor, ActorKind, Event, EventData, EventKind};
use helpdesk::app::features::board::SETTLE;
use helpdesk::app::model::{BoardPanel, Scope, Screen};
use helpdesk::app::{
    BoardEffect, BoardReply, Effect, LiveUpdate, Msg, PortalError, PqrEffect, Reply, update,
};
use helpdesk::i18n::Lang;

fn live(app: &mut helpdesk::app::App, id: i64, kind: EventKind) -> Vec<Effect> {
    let event = Event {
        id,
        at: now(),
        kind,
        user_id: Some(9),
        pqr_id: None,
        actor: Actor {
            kind: ActorKind::Operator,
            name: None,
        },
        data: EventData::default(),
    };
    update(
        app,
        Msg::Portal(Reply::Board(BoardReply::DeskLive(LiveUpdate::Event(
            Box::new(event),
        )))),
    )
}

fn answer(app: &mut helpdesk::app::App, generation: u64) -> Vec<Effect> {
    update(
        app,
        Msg::Portal(Reply::Board(BoardReply::Board {
            generation,
            result: Ok(board_figures()),
        })),
    )
}

#[test]
fn f4_opens_the_dashboard_reads_it_and_follows_the_desk() {
    let mut app = app(Lang::Es);
    let effects = update(&mut app, key(KeyCode::F(4)));
    assert_eq!(app.screen, Screen::Board);
    assert!(app.board.loading);
    let generation = app.board.generation;
    assert_eq!(
        effects,
        vec![
            Effect::Board(BoardEffect::LoadBoard {
                generation,
                after: Duration::ZERO
            }),
            Effect::Board(BoardEffect::WatchDesk)
        ]
    );
    // A second F4 while on it neither reads twice nor follows twice.
    assert!(update(&mut app, key(KeyCode::F(4))).is_empty());
    // The answer fills it; an older one is dropped.
    update(
        &mut app,
        Msg::Portal(Reply::Board(BoardReply::Board {
            generation: generation - 1,
            result: Ok(board_figures()),
        })),
    );
    assert!(app.board.figures.is_none());
    assert!(answer(&mut app, generation).is_empty());
    assert!(!app.board.loading);
    assert_eq!(app.board.figures, Some(board_figures()));
}

#[test]
fn the_palette_opens_it_too() {
    let mut app = pqr_screen(Lang::En);
    update(&mut app, ch(':'));
    type_text(&mut app, "dashboard");
    let effects = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Board);
    assert!(matches!(
        effects.as_slice(),
        [
            Effect::Board(BoardEffect::LoadBoard { .. }),
            Effect::Board(BoardEffect::WatchDesk)
        ]
    ));
}

#[test]
fn a_failed_read_says_why_and_r_reads_again() {
    let mut app = app(Lang::Es);
    update(&mut app, key(KeyCode::F(4)));
    let generation = app.board.generation;
    update(
        &mut app,
        Msg::Portal(Reply::Board(BoardReply::Board {
            generation,
            result: Err(PortalError::Server {
                status: 503,
                request_id: "r1".into(),
            }),
        })),
    );
    assert!(!app.board.loading);
    assert!(app.notice.is_some());
    let effects = update(&mut app, ch('r'));
    assert_eq!(
        effects,
        vec![Effect::Board(BoardEffect::LoadBoard {
            generation: generation + 1,
            after: Duration::ZERO
        })]
    );
}

#[test]
fn enter_on_a_clock_bar_opens_the_pqr_list_of_that_assignee_and_state() {
    let mut app = board_screen(Lang::Es);
    // Row 2 is Bruno Ortiz (operator 2), column 0 overdue.
    update(&mut app, ch('j'));
    update(&mut app, ch('j'));
    let effects = update(&mut app, key(KeyCode::Enter));
    assert_eq!(app.screen, Screen::Pqr);
    let query = match effects.as_slice() {
        [
            Effect::Pqr(PqrEffect::LoadPqrs {
                query,
                cursor: None,
                ..
            }),
            Effect::Board(BoardEffect::UnwatchDesk),
        ] => query.clone(),
        other => panic!("expected the list and the end of the stream, got {other:?}"),
    };
    assert_eq!(app.pqr.scope, Scope::Operator(2));
    assert_eq!((query.assignee, query.assignee_id), (None, Some(2)));
    assert!(query.overdue && !query.due_today && query.open_only);
    assert!(app.notice.is_none(), "an exact filter needs no explanation");

    // Back, the unassigned row, due today.
    update(&mut app, key(KeyCode::F(4)));
    update(&mut app, ch('k'));
    update(&mut app, ch('k'));
    update(&mut app, ch('l'));
    let effects = update(&mut app, key(KeyCode::Enter));
    let query = match effects.as_slice() {
        [
            Effect::Pqr(PqrEffect::LoadPqrs { query, .. }),
            Effect::Board(BoardEffect::UnwatchDesk),
        ] => query.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!((query.assignee, query.assignee_id), (Some("none"), None));
    assert!(query.due_today && !query.overdue);

    // The operator's own row, due soon: no such filter, the closest is said.
    update(&mut app, key(KeyCode::F(4)));
    update(&mut app, ch('j'));
    update(&mut app, ch('l'));
    let effects = update(&mut app, key(KeyCode::Enter));
    let query = match effects.as_slice() {
        [
            Effect::Pqr(PqrEffect::LoadPqrs { query, .. }),
            Effect::Board(BoardEffect::UnwatchDesk),
        ] => query.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(query.assignee, Some("me"));
    assert!(!query.due_today && !query.overdue && query.open_only);
    let notice = app.notice.as_ref().expect("the closest filter is said");
    assert!(notice.text.contains("Vencen pronto"), "{}", notice.text);
}

#[test]
fn tab_moves_between_panels_and_other_bars_open_nothing() {
    let mut app = board_screen(Lang::En);
    assert_eq!(app.board.panel(), BoardPanel::Clock);
    update(&mut app, key(KeyCode::Tab));
    update(&mut app, key(KeyCode::Tab));
    assert_eq!(app.board.panel(), BoardPanel::Funnel);
    update(&mut app, ch('j'));
    assert_eq!(app.board.row, 1);
    for _ in 0..10 {
        update(&mut app, ch('j'));
    }
    assert_eq!(app.board.row, 6, "seven funnel steps");
    assert!(update(&mut app, key(KeyCode::Enter)).is_empty());
    assert_eq!(app.screen, Screen::Board);
    assert!(app.notice.is_some());
    update(&mut app, key(KeyCode::BackTab));
    update(&mut app, key(KeyCode::BackTab));
    update(&mut app, key(KeyCode::BackTab));
    assert_eq!(
        app.board.panel(),
        BoardPanel::Calls,
        "Shift-Tab wraps around"
    );
}

#[test]
fn a_live_event_schedules_exactly_one_settled_reload() {
    let mut app = board_screen(Lang::Es);
    let before = app.board.generation;
    let effects = live(&mut app, 100, EventKind::PqrCreated);
    assert_eq!(
        effects,
        vec![Effect::Board(BoardEffect::LoadBoard {
            generation: before + 1,
            after: SETTLE
        })]
    );
    // More events while that read waits or runs ride on it.
    assert!(live(&mut app, 101, EventKind::PqrUpdated).is_empty());
    assert!(live(&mut app, 102, EventKind::ResetLinkSent).is_empty());
    // Its answer asks for one more, since events came meanwhile.
    let effects = answer(&mut app, before + 1);
    assert_eq!(
        effects,
        vec![Effect::Board(BoardEffect::LoadBoard {
            generation: before + 2,
            after: SETTLE
        })]
    );
    // Quiet afterwards: nothing more.
    assert!(answer(&mut app, before + 2).is_empty());
    // Events that move no figure ask for nothing.
    assert!(live(&mut app, 103, EventKind::VerificationFailed).is_empty());
    assert!(live(&mut app, 104, EventKind::LoginFailed).is_empty());
    assert_eq!(live(&mut app, 105, EventKind::CallOutcomeRecorded).len(), 1);
}

#[test]
fn leaving_stops_the_stream_and_events_elsewhere_ask_nothing() {
    let mut app = board_screen(Lang::Es);
    assert!(app.board.live);
    let effects = update(&mut app, key(KeyCode::F(2)));
    assert_eq!(effects, vec![Effect::Board(BoardEffect::UnwatchDesk)]);
    assert!(!app.board.live);
    assert!(live(&mut app, 200, EventKind::PqrCreated).is_empty());
    // Quitting from the dashboard is leaving too, as far as the runner cares: it aborts all.
    let mut app = board_screen(Lang::Es);
    let effects = update(&mut app, ch('q'));
    assert!(effects.contains(&Effect::Quit));
}
