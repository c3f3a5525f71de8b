//! `w` on a user: the walkthrough screen. One step at a time, branches as digits, steps marked
//! done by the user's live events; `x` opens the rule explainer, `f` the call's outcome.

use crate::app::keymap::Action;
use crate::app::model::{
    App, LIVE_KEEP, Level, LiveState, Modal, OutcomeForm, Screen, WalkState, line_input,
};
use crate::app::msg::{Effect, UsersEffect, WalkEffect, WalkReply};
use crate::app::toolbox::{leave_walk, notice};
use contract::api::{CallOutcome, EventKind};
use contract::format::events::event_text;
use contract::i18n::tr;
use contract::remote::LiveUpdate;
use contract::walkthrough::script::{BranchAction, BranchTarget};

pub fn start(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.target_user().cloned() else {
        return vec![];
    };
    // The built-in script is read here, on the first walkthrough, rather than before the
    // console's first frame (once per process: the SSH server's consoles share it).
    let built_in = || {
        contract::walkthrough::Script::built_in()
            .ok()
            .map(std::sync::Arc::new)
    };
    let Some(script) = app.script.clone().or_else(built_in) else {
        notice(app, Level::Error, tr(app.lang, "walk.no_script"));
        return vec![];
    };
    app.script = Some(script.clone());
    let steps = script.steps.len();
    app.walk = Some(WalkState {
        current: script.start,
        script,
        user_id: user.id,
        user_name: user.full_name,
        email_masked: contract::domain::masking::compact_mask(&user.email_masked),
        done: vec![false; steps],
        events: Vec::new(),
        last_event_id: 0,
        live: LiveState::Connecting,
        last_rules: Vec::new(),
        not_special_used: None,
        started: app.now,
    });
    app.screen = Screen::Walkthrough;
    if app.users.call_started.is_none_or(|(id, _)| id != user.id) {
        app.users.call_started = Some((user.id, app.now));
    }
    vec![Effect::Walk(WalkEffect::Watch { user_id: user.id })]
}

pub(crate) fn open_outcome(app: &mut App, preselect: Option<CallOutcome>) -> Vec<Effect> {
    let Some(w) = &app.walk else { return vec![] };
    let user_id = w.user_id;
    let finished = w.events.iter().any(|e| {
        matches!(
            e.kind,
            EventKind::PasswordChanged | EventKind::LoginSucceeded
        )
    });
    let default = preselect.unwrap_or(if finished {
        CallOutcome::Resuelto
    } else {
        CallOutcome::EscaladoPqr
    });
    let selected = CallOutcome::ALL
        .iter()
        .position(|o| *o == default)
        .unwrap_or(0);
    let note = line_input(tr(app.lang, "outcome.note_placeholder"));
    let idempotency_key = app.new_idempotency_key();
    app.modal = Some(Modal::Outcome(Box::new(OutcomeForm {
        user_id,
        selected,
        note,
        on_note: false,
        pending: false,
        error: None,
        refused: None,
        idempotency_key,
    })));
    vec![]
}

/// A summary of the walk for a PQR handed off from it.
fn handoff_notes(app: &App, w: &WalkState) -> String {
    let lang = app.lang;
    let mut notes = vec![tr(lang, "walk.handoff_intro").to_string()];
    for (i, s) in w.script.steps.iter().enumerate() {
        let mark = if w.done[i] {
            "✓"
        } else if i == w.current {
            "▶"
        } else {
            "·"
        };
        notes.push(format!("{mark} {}", s.title.get(lang)));
    }
    for e in w.events.iter().rev().take(5).rev() {
        notes.push(format!("- {}", event_text(lang, e)));
    }
    notes.join("\n")
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::global::on_action(app, action) {
        return effects;
    }
    let Some(w) = &mut app.walk else {
        return leave_walk(app);
    };
    match action {
        Action::Back => leave_walk(app),
        Action::NextStep => {
            if let Some(next) = w.script.steps[w.current].next {
                w.current = next;
            } else {
                return open_outcome(app, None);
            }
            vec![]
        }
        Action::PrevStep => {
            let current = w.current;
            // The step that leads here (by next or a branch), else the one listed before.
            let prev = w.script.steps.iter().position(|s| {
                s.next == Some(current)
                    || s.branches
                        .iter()
                        .any(|b| b.target == BranchTarget::Goto(current))
            });
            w.current = prev.unwrap_or(current.saturating_sub(1));
            vec![]
        }
        Action::Choice(c) => {
            let Some(branch) = w.script.steps[w.current]
                .branches
                .iter()
                .find(|b| b.key == c)
                .cloned()
            else {
                return vec![];
            };
            match branch.target {
                BranchTarget::Goto(i) => {
                    w.current = i;
                    vec![]
                }
                BranchTarget::Action(a) => branch_action(app, a),
                BranchTarget::Outcome(o) => open_outcome(app, Some(o)),
            }
        }
        Action::Resend => branch_action(app, BranchAction::Resend),
        Action::Explain => branch_action(app, BranchAction::Explain),
        Action::CreatePqr => branch_action(app, BranchAction::Pqr),
        Action::Finish => open_outcome(app, None),
        _ => vec![],
    }
}

fn branch_action(app: &mut App, action: BranchAction) -> Vec<Effect> {
    let Some(w) = &app.walk else { return vec![] };
    let user_id = w.user_id;
    match action {
        BranchAction::Resend => {
            if super::users::resend_refused(app, user_id) {
                return vec![];
            }
            let idempotency_key = app.new_idempotency_key();
            notice(app, Level::Info, tr(app.lang, "resend.sending"));
            vec![super::users::reset_link_call(user_id, idempotency_key)]
        }
        BranchAction::Explain => {
            app.modal = Some(Modal::Explainer(Box::default()));
            vec![]
        }
        BranchAction::Pqr => {
            let (name, notes) = (w.user_name.clone(), handoff_notes(app, w));
            super::create::start_for(app, user_id, name, &notes)
        }
    }
}

/// The walkthrough's replies: the user's live events, the call's outcome recorded.
pub(crate) fn on_reply(app: &mut App, reply: WalkReply) -> Vec<Effect> {
    match reply {
        WalkReply::Live { user_id, update } => on_live(app, user_id, update),
        WalkReply::OutcomeRecorded { user_id, result } => {
            super::outcome::on_reply(app, user_id, result)
        }
    }
}

/// News from the followed user: a step done, a failed attempt to explain, the stream's state.
fn on_live(app: &mut App, user_id: i64, update: LiveUpdate) -> Vec<Effect> {
    let lang = app.lang;
    let Some(w) = app.walk.as_mut().filter(|w| w.user_id == user_id) else {
        return vec![];
    };
    match update {
        LiveUpdate::Connected => w.live = LiveState::Live,
        LiveUpdate::Disconnected => w.live = LiveState::Reconnecting,
        LiveUpdate::Event(e) => {
            if e.id <= w.last_event_id {
                return vec![]; // already seen (a replay after reconnecting)
            }
            w.last_event_id = e.id;
            let in_this_call = e.at >= w.started;
            for (i, s) in w.script.steps.iter().enumerate() {
                if in_this_call && s.done_when.contains(&e.kind) {
                    w.done[i] = true;
                }
            }
            // The step in front of the operator happened: move on to the next one.
            if w.done[w.current]
                && let Some(next) = w.script.steps[w.current].next
            {
                w.current = next;
            }
            let suggest_explainer = e.kind == EventKind::ResetAttemptFailed;
            if suggest_explainer {
                w.last_rules = e.data.rules.clone();
                w.not_special_used = e.data.not_special_used.clone();
            }
            // The mail left, waits or came back: the detail's «último enlace» follows it.
            let mail_moved = matches!(
                e.kind,
                EventKind::MailRelayed
                    | EventKind::MailDeferred
                    | EventKind::MailFailed
                    | EventKind::MailBounced
            );
            w.events.push(*e);
            if w.events.len() > LIVE_KEEP {
                w.events.remove(0);
            }
            if suggest_explainer {
                notice(app, Level::Warning, tr(lang, "walk.attempt_failed"));
            }
            let on_screen = app
                .users
                .detail
                .as_ref()
                .is_some_and(|d| d.user.summary.id == user_id);
            if mail_moved && on_screen {
                return vec![Effect::Users(UsersEffect::LoadDetail { user_id })];
            }
        }
    }
    vec![]
}
