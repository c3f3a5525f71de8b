//! The call's outcome (`f` in the walkthrough, or its last step): recorded on the user's timeline,
//! then back to the user, whose timeline now ends with it.

use crossterm::event::KeyCode;

use crate::app::keymap::Action;
use crate::app::messages::form_refusal;
use crate::app::model::{App, Focus, Level, Modal, OutcomeForm, text_of};
use crate::app::msg::{Effect, PortalCall, UsersEffect, WalkReply};
use crate::app::toolbox::{failed, leave_walk, notice, reached};
use contract::api::{CallOutcome, Event, NewCallOutcome, RecordCallOutcome};
use contract::i18n::tr;
use contract::remote::PortalError;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(Modal::Outcome(f)) = &mut app.modal else {
        return vec![];
    };
    if action == Action::Back {
        app.modal = None;
        return vec![];
    }
    if f.pending {
        return vec![];
    }
    match action {
        Action::NextField | Action::PrevField => f.on_note = !f.on_note,
        Action::Send => {
            f.pending = true;
            f.error = None;
            let request = RecordCallOutcome {
                user_id: f.user_id,
                idempotency_key: f.idempotency_key.clone(),
                outcome: NewCallOutcome {
                    outcome: CallOutcome::ALL[f.selected.min(CallOutcome::ALL.len() - 1)],
                    note: text_of(&f.note).trim().to_string(),
                },
            };
            let call = PortalCall::new(request, |req, result| WalkReply::OutcomeRecorded {
                user_id: req.user_id,
                result,
            });
            return vec![call.into()];
        }
        Action::Typed(key) if !f.on_note => match key.code {
            KeyCode::Down | KeyCode::Char('j') => {
                f.selected = (f.selected + 1).min(CallOutcome::ALL.len() - 1)
            }
            KeyCode::Up | KeyCode::Char('k') => f.selected = f.selected.saturating_sub(1),
            KeyCode::Enter => f.on_note = true,
            _ => {}
        },
        Action::Typed(key) => {
            f.note.input(key);
        }
        _ => {}
    }
    vec![]
}

pub(crate) fn on_reply(
    app: &mut App,
    user_id: i64,
    result: Result<Event, PortalError>,
) -> Vec<Effect> {
    match result {
        Ok(_) => {
            reached(app);
            app.modal = None;
            notice(app, Level::Success, tr(app.lang, "outcome.recorded"));
            let mut effects = Vec::new();
            if app.walk.as_ref().is_some_and(|w| w.user_id == user_id) {
                effects.extend(leave_walk(app));
            }
            // Back on the user, whose timeline now ends with this outcome.
            app.users.focus = Focus::Detail;
            app.users.loading_detail = Some(user_id);
            effects.push(Effect::Users(UsersEffect::LoadDetail { user_id }));
            effects
        }
        Err(e) => {
            if let Some(Modal::Outcome(f)) = &mut app.modal {
                f.pending = false;
                let refusal = form_refusal(app.lang, &e, &OutcomeForm::FIELDS);
                if let Some(i) = refusal.field {
                    f.on_note = i == 1;
                }
                f.refused = refusal.field;
                f.error = Some(refusal.text);
            } else {
                failed(app, &e, None);
            }
            vec![]
        }
    }
}
