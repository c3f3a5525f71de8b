//! The dashboard («Tablero», F4 or `:tablero`): the desk's figures from the three stats calls,
//! kept fresh by the desk-wide live stream while on screen (no polling timer: each relevant event
//! asks for one read after a settling pause, and events arriving meanwhile ride on it). Tab moves
//! between the panels, the arrows between the bars, Enter opens the tickets behind a clock bar.

use std::time::Duration;

use crate::app::keymap::Action;
use crate::app::model::{App, BoardPanel, ClockState, Level, Scope, Screen};
use crate::app::msg::{BoardEffect, BoardReply, Effect};
use crate::app::portal_types::BoardFigures;
use crate::app::toolbox::{failed, notice, reached};
use contract::api::EventKind;
use contract::i18n::{tr, trf};
use contract::remote::{LiveUpdate, PortalError};

/// A reload asked for by live events waits this long, so a burst of events costs one read: the
/// figures change at most once per this pause.
pub const SETTLE: Duration = Duration::from_secs(2);

/// After every update: arriving on the dashboard starts following the desk's events, leaving it
/// (by any key, command or drill-down) stops.
/// «Conversaciones» follows the same stream, for the same reason.
pub(crate) fn after_update(app: &mut App, before: Screen, effects: &mut Vec<Effect>) {
    let follows = |s: Screen| matches!(s, Screen::Board | Screen::Conversations);
    if before != app.screen {
        app.board.live = false;
        app.conversations.live = false;
    }
    match (follows(before), follows(app.screen)) {
        (false, true) => effects.push(Effect::Board(BoardEffect::WatchDesk)),
        (true, false) => effects.push(Effect::Board(BoardEffect::UnwatchDesk)),
        // From one to the other: the stream goes on; its state is said again by a new follow.
        (true, true) if before != app.screen => {
            effects.push(Effect::Board(BoardEffect::WatchDesk));
        }
        _ => {}
    }
}

fn clamp_row(app: &mut App) {
    let rows = app.board.rows(app.board.panel());
    app.board.row = app.board.row.min(rows.saturating_sub(1));
}

fn move_panel(app: &mut App, by: isize) {
    let n = BoardPanel::ALL.len() as isize;
    app.board.panel = (app.board.panel as isize + by).rem_euclid(n) as usize;
    app.board.row = 0;
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::global::on_action(app, action) {
        return effects;
    }
    let clock = app.board.panel() == BoardPanel::Clock;
    match action {
        Action::NextPane => move_panel(app, 1),
        Action::PrevPane => move_panel(app, -1),
        Action::Down => {
            app.board.row += 1;
            clamp_row(app);
        }
        Action::Up => app.board.row = app.board.row.saturating_sub(1),
        Action::Left if clock && app.board.col > 0 => app.board.col -= 1,
        Action::Right if clock && app.board.col + 1 < ClockState::ALL.len() => app.board.col += 1,
        Action::Left if !clock => move_panel(app, -1),
        Action::Right if !clock => move_panel(app, 1),
        Action::Open => return drill_down(app),
        Action::Refresh => return app.board.reload(Duration::ZERO),
        _ => {}
    }
    vec![]
}

/// Enter on a clock bar: the PQR list with the assignee and the state of that bar. Overdue and
/// due today are filters of the list; due soon and in time are not, so the assignee's open
/// tickets, most urgent first, are the closest (the notice says so). Other bars open nothing.
fn drill_down(app: &mut App) -> Vec<Effect> {
    let lang = app.lang;
    if app.board.panel() != BoardPanel::Clock {
        notice(app, Level::Info, tr(lang, "board.no_drill"));
        return vec![];
    }
    let Some(row) = app.board.assignees().get(app.board.row).cloned() else {
        return vec![];
    };
    let state = app.board.clock_state();
    let me = app.operator_id();
    let p = &mut app.pqr;
    p.reset_filters();
    let who = match &row.assignee {
        None => {
            p.scope = Scope::Unassigned;
            tr(lang, "pqr.scope_none").to_string()
        }
        Some(a) if Some(a.id) == me => {
            p.scope = Scope::Mine;
            a.name.clone()
        }
        Some(a) => {
            p.scope = Scope::Operator(a.id);
            p.assignee_name = a.name.clone();
            a.name.clone()
        }
    };
    p.overdue = state == ClockState::Overdue;
    p.due_today = state == ClockState::DueToday;
    let effects = p.reload();
    app.screen = Screen::Pqr;
    if matches!(state, ClockState::DueSoon | ClockState::InTime) {
        let text = trf(
            lang,
            "board.drill_closest",
            &[("state", tr(lang, state.label_key())), ("who", &who)],
        );
        notice(app, Level::Info, text);
    }
    effects
}

/// The dashboard's replies; the desk's live news goes to the screen that follows it (the
/// dashboard, or the conversations' queue).
pub(crate) fn on_reply(app: &mut App, reply: BoardReply) -> Vec<Effect> {
    match reply {
        BoardReply::Board { generation, result } => on_figures(app, generation, result),
        BoardReply::DeskLive(update) if app.screen == Screen::Conversations => {
            super::conversations::on_live(app, update)
        }
        BoardReply::DeskLive(update) => on_live(app, update),
    }
}

/// The three stats answers, or why not.
fn on_figures(
    app: &mut App,
    generation: u64,
    result: Result<BoardFigures, PortalError>,
) -> Vec<Effect> {
    if generation != app.board.generation {
        return vec![];
    }
    app.board.loading = false;
    match result {
        Ok(figures) => {
            reached(app);
            app.board.figures = Some(figures);
            clamp_row(app);
            // Events came while this read was out: one more, after the pause.
            if app.board.dirty && app.screen == Screen::Board {
                return app.board.reload(SETTLE);
            }
            app.board.dirty = false;
        }
        Err(e) => {
            let retry = Effect::Board(BoardEffect::LoadBoard {
                generation,
                after: Duration::ZERO,
            });
            failed(app, &e, Some(retry));
        }
    }
    vec![]
}

/// Whether an event can change a figure on the dashboard.
fn moves_figures(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::PqrCreated
            | EventKind::PqrUpdated
            | EventKind::ResetRequested
            | EventKind::ResetLinkSent
            | EventKind::ResetEmailBounced
            | EventKind::ResetLinkOpened
            | EventKind::ResetAttemptFailed
            | EventKind::PasswordChanged
            | EventKind::LoginSucceeded
            | EventKind::CallOutcomeRecorded
    )
}

/// Whether a mail event moves the reset funnel: a reset link's email relayed or bounced.
fn moves_funnel(e: &contract::api::Event) -> bool {
    matches!(e.kind, EventKind::MailRelayed | EventKind::MailBounced)
        && e.data
            .mail
            .as_ref()
            .is_some_and(|m| m.purpose == contract::api::MailPurpose::ResetLink)
}

/// News from the desk-wide stream: a relevant event asks for one read after the pause; while a
/// read is out (or waiting), it is only remembered, and the answer asks for the next.
fn on_live(app: &mut App, update: LiveUpdate) -> Vec<Effect> {
    if app.screen != Screen::Board {
        return vec![];
    }
    let b = &mut app.board;
    match update {
        LiveUpdate::Connected => b.live = true,
        LiveUpdate::Disconnected => b.live = false,
        LiveUpdate::Event(e) if moves_figures(e.kind) || moves_funnel(&e) => {
            if b.loading {
                b.dirty = true;
            } else {
                return b.reload(SETTLE);
            }
        }
        LiveUpdate::Event(_) => {}
    }
    vec![]
}
