//! `c` on the users screen: file a PQR for the user on the line, prefilled with the user and the
//! channel, and read the radicado back to the caller (also copied through OSC 52).

use crossterm::event::{KeyCode, KeyEvent};

use super::keymap::Action;
use super::msg::{Effect, Reply};
use super::pqr_state::CreateForm;
use super::state::*;
use super::update::{edit_line, failed, reached};
use crate::api::{Channel, NewPqr, PqrType, Requester};
use crate::i18n::tr;

pub fn start(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.target_user().cloned() else {
        return vec![];
    };
    start_for(app, user.id, user.full_name, "")
}

/// The form for `user_id`, its notes prefilled (a walkthrough hands off what was tried).
pub fn start_for(app: &mut App, user_id: i64, user_name: String, notes_text: &str) -> Vec<Effect> {
    let idempotency_key = app.new_idempotency_key();
    let mut subject = line_input(tr(app.lang, "create.subject_placeholder"));
    subject.insert_str(tr(app.lang, "create.default_subject"));
    let mut notes = ratatui_textarea::TextArea::default();
    notes.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    notes.set_cursor_line_style(ratatui::style::Style::new());
    notes.set_placeholder_text(tr(app.lang, "create.notes_placeholder"));
    notes.insert_str(notes_text);
    app.modal = Some(Modal::CreatePqr(Box::new(CreateForm {
        user_id,
        user_name,
        pqr_type: PqrType::Peticion,
        channel: Channel::Telefono,
        subject,
        notes,
        field: 3,
        error: None,
        pending: false,
        idempotency_key,
    })));
    vec![]
}

fn step<T: Copy + PartialEq>(all: &[T], current: T, forward: bool) -> T {
    let i = all.iter().position(|x| *x == current).unwrap_or(0);
    let n = all.len();
    all[if forward {
        (i + 1) % n
    } else {
        (i + n - 1) % n
    }]
}

pub fn on_key(app: &mut App, key: KeyEvent, action: Option<Action>) -> Vec<Effect> {
    let lang = app.lang;
    let Some(Modal::CreatePqr(f)) = &mut app.modal else {
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
        Some(Action::NextField) => {
            f.field = if key.code == KeyCode::BackTab {
                (f.field + 3) % 4
            } else {
                (f.field + 1) % 4
            };
        }
        Some(Action::Send) => {
            let subject = text_of(&f.subject).trim().to_string();
            let body = text_of(&f.notes).trim().to_string();
            if subject.is_empty() || body.is_empty() {
                f.error = Some(tr(lang, "create.missing").into());
                f.field = if subject.is_empty() { 2 } else { 3 };
                return vec![];
            }
            f.pending = true;
            f.error = None;
            return vec![Effect::CreatePqr {
                idempotency_key: f.idempotency_key.clone(),
                new: NewPqr {
                    pqr_type: f.pqr_type,
                    subject,
                    body,
                    channel: f.channel,
                    user_id: Some(f.user_id),
                    requester: Requester {
                        name: f.user_name.clone(),
                        email: None,
                        phone: None,
                    },
                    received_at: None,
                },
            }];
        }
        _ => match (f.field, key.code) {
            (0, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) => {
                f.pqr_type = step(&PqrType::ALL, f.pqr_type, key.code != KeyCode::Left);
            }
            (1, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) => {
                f.channel = step(&Channel::ALL, f.channel, key.code != KeyCode::Left);
            }
            (2, _) if super::update::is_edit_key(&key) => {
                edit_line(&mut f.subject, key);
            }
            (3, _) => {
                f.notes.input(key);
            }
            _ => {}
        },
    }
    vec![]
}

pub fn on_reply(app: &mut App, reply: Reply) -> Vec<Effect> {
    let Reply::Created {
        idempotency_key,
        result,
    } = reply
    else {
        return vec![];
    };
    let form_key = match &app.modal {
        Some(Modal::CreatePqr(f)) => Some(f.idempotency_key.clone()),
        _ => None,
    };
    match result {
        Ok(pqr) => {
            reached(app);
            let radicado = pqr.summary.radicado.clone();
            if form_key.as_deref() == Some(idempotency_key.as_str()) || app.modal.is_none() {
                app.modal = Some(Modal::Radicado(radicado.clone()));
            }
            // The new ticket shows in the PQR list next time it is opened.
            app.pqr.loaded = false;
            vec![Effect::Copy(radicado)]
        }
        Err(e) => {
            if let Some(Modal::CreatePqr(f)) = &mut app.modal
                && f.idempotency_key == idempotency_key
            {
                f.pending = false;
                f.error = Some(super::messages::error_text(app.lang, &e));
                return vec![];
            }
            failed(app, &e, None);
            vec![]
        }
    }
}
