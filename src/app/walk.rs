//! The walkthrough screen's state and decisions: one step at a time, branches as keys, steps marked
//! done by the user's live events, the rule explainer, and the call's outcome.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent};
use ratatui_textarea::TextArea;

use super::keymap::Action;
use super::msg::{Effect, Reply};
use super::portal_types::LiveUpdate;
use super::state::{App, Focus, Level, Modal, Screen, line_input, text_of};
use super::update::{edit_line, failed, is_edit_key, notice, reached};
use crate::api::{CallOutcome, Event, EventKind, NewCallOutcome, PolicyRule};
use crate::i18n::{tr, trf};
use crate::walkthrough::Script;
use crate::walkthrough::script::{BranchAction, BranchTarget};

/// How many live events the panel keeps.
const LIVE_KEEP: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveState {
    Connecting,
    Live,
    Reconnecting,
}

#[derive(Debug, Clone)]
pub struct WalkState {
    pub script: Arc<Script>,
    pub user_id: i64,
    pub user_name: String,
    pub email_masked: String,
    pub current: usize,
    pub done: Vec<bool>,
    pub events: Vec<Event>,
    pub last_event_id: i64,
    pub live: LiveState,
    /// The rules the caller's last refused password broke, for the explainer.
    pub last_rules: Vec<PolicyRule>,
    pub not_special_used: Option<String>,
}

/// A password typed only to be checked against the rules: never stored beyond the modal, never
/// logged (its Debug says nothing), never sent.
#[derive(Clone)]
pub struct SecretInput(pub TextArea<'static>);

impl std::fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretInput(<redacted>)")
    }
}

impl SecretInput {
    pub fn new() -> Self {
        let mut t = line_input("");
        t.set_mask_char('•');
        Self(t)
    }
    pub fn text(&self) -> String {
        text_of(&self.0)
    }
}

impl Default for SecretInput {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Debug, Clone)]
pub struct OutcomeForm {
    pub user_id: i64,
    pub selected: usize,
    pub note: TextArea<'static>,
    pub on_note: bool,
    pub pending: bool,
    pub error: Option<String>,
    pub idempotency_key: String,
}

pub fn start(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.target_user().cloned() else {
        return vec![];
    };
    let Some(script) = app.script.clone() else {
        notice(app, Level::Error, tr(app.lang, "walk.no_script"));
        return vec![];
    };
    let steps = script.steps.len();
    app.walk = Some(WalkState {
        current: script.start,
        script,
        user_id: user.id,
        user_name: user.full_name,
        email_masked: user.email_masked,
        done: vec![false; steps],
        events: Vec::new(),
        last_event_id: 0,
        live: LiveState::Connecting,
        last_rules: Vec::new(),
        not_special_used: None,
    });
    app.screen = Screen::Walkthrough;
    vec![Effect::Watch { user_id: user.id }]
}

fn leave(app: &mut App) -> Vec<Effect> {
    app.walk = None;
    app.screen = Screen::Users;
    vec![Effect::Unwatch]
}

pub fn open_outcome(app: &mut App, preselect: Option<CallOutcome>) -> Vec<Effect> {
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
    let mut note = TextArea::default();
    note.set_cursor_line_style(ratatui::style::Style::new());
    note.set_placeholder_text(tr(app.lang, "outcome.note_placeholder"));
    let idempotency_key = app.new_idempotency_key();
    app.modal = Some(Modal::Outcome(Box::new(OutcomeForm {
        user_id,
        selected,
        note,
        on_note: false,
        pending: false,
        error: None,
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
        notes.push(format!("- {}", crate::format::events::event_text(lang, e)));
    }
    notes.join("\n")
}

pub fn on_action(app: &mut App, key: KeyEvent, action: Action) -> Vec<Effect> {
    let Some(w) = &mut app.walk else {
        return leave(app);
    };
    match action {
        Action::Back => leave(app),
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
        Action::Branch => {
            let KeyCode::Char(c) = key.code else {
                return vec![];
            };
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
            if let Some(left) = app.cooldown_left(user_id) {
                notice(
                    app,
                    Level::Warning,
                    trf(app.lang, "resend.wait", &[("s", &left.to_string())]),
                );
                return vec![];
            }
            let idempotency_key = app.new_idempotency_key();
            notice(app, Level::Info, tr(app.lang, "resend.sending"));
            vec![Effect::SendResetLink {
                user_id,
                idempotency_key,
            }]
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

pub fn on_explainer_key(app: &mut App, key: KeyEvent, action: Option<Action>) -> Vec<Effect> {
    let Some(Modal::Explainer(input)) = &mut app.modal else {
        return vec![];
    };
    if action == Some(Action::Back) {
        // The typed text goes with the modal.
        app.modal = None;
        return vec![];
    }
    if is_edit_key(&key) {
        edit_line(&mut input.0, key);
    }
    vec![]
}

pub fn on_outcome_key(app: &mut App, key: KeyEvent, action: Option<Action>) -> Vec<Effect> {
    let Some(Modal::Outcome(f)) = &mut app.modal else {
        return vec![];
    };
    if action == Some(Action::Back) {
        app.modal = None;
        return vec![];
    }
    if f.pending {
        return vec![];
    }
    match action {
        Some(Action::NextField) => f.on_note = !f.on_note,
        Some(Action::Send) => {
            f.pending = true;
            f.error = None;
            return vec![Effect::RecordOutcome {
                user_id: f.user_id,
                idempotency_key: f.idempotency_key.clone(),
                outcome: NewCallOutcome {
                    outcome: CallOutcome::ALL[f.selected.min(CallOutcome::ALL.len() - 1)],
                    note: text_of(&f.note).trim().to_string(),
                },
            }];
        }
        _ if !f.on_note => match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                f.selected = (f.selected + 1).min(CallOutcome::ALL.len() - 1)
            }
            KeyCode::Up | KeyCode::Char('k') => f.selected = f.selected.saturating_sub(1),
            KeyCode::Enter => f.on_note = true,
            _ => {}
        },
        _ => {
            f.note.input(key);
        }
    }
    vec![]
}

pub fn on_reply(app: &mut App, reply: Reply) -> Vec<Effect> {
    match reply {
        Reply::Live { user_id, update } => {
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
                    for (i, s) in w.script.steps.iter().enumerate() {
                        if s.done_when.contains(&e.kind) {
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
                    w.events.push(*e);
                    if w.events.len() > LIVE_KEEP {
                        w.events.remove(0);
                    }
                    if suggest_explainer {
                        notice(app, Level::Warning, tr(lang, "walk.attempt_failed"));
                    }
                }
            }
            vec![]
        }
        Reply::OutcomeRecorded { user_id, result } => match result {
            Ok(_) => {
                reached(app);
                app.modal = None;
                notice(app, Level::Success, tr(app.lang, "outcome.recorded"));
                let mut effects = Vec::new();
                if app.walk.as_ref().is_some_and(|w| w.user_id == user_id) {
                    effects.extend(leave(app));
                }
                // Back on the user, whose timeline now ends with this outcome.
                app.users.focus = Focus::Detail;
                app.users.loading_detail = Some(user_id);
                effects.push(Effect::LoadDetail { user_id });
                effects
            }
            Err(e) => {
                if let Some(Modal::Outcome(f)) = &mut app.modal {
                    f.pending = false;
                    f.error = Some(super::messages::error_text(app.lang, &e));
                } else {
                    failed(app, &e, None);
                }
                vec![]
            }
        },
        _ => vec![],
    }
}
