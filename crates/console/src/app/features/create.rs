//! `c` on a user (or `p` in the walkthrough): file a PQR for the user on the line, prefilled with
//! the user and the channel; the call notes are a draft as they are typed; the radicado is read
//! back to the caller (and copied through OSC 52).

use crossterm::event::KeyCode;

use crate::app::keymap::Action;
use crate::app::messages::form_refusal;
use crate::app::model::{App, CREATE_FIELDS, CreateForm, Level, Modal, line_input, text_of};
use crate::app::msg::{Effect, PortalCall, PqrReply};
use crate::app::toolbox::{edit_line, failed, notice, reached, upsert_draft};
use crate::drafts::{Draft, NewPqrDraft};
use contract::api::{
    Channel, FilePqr, NewPqr, PqrDetail, PqrType, ReplyChannel, Requester, Visibility,
};
use contract::i18n::tr;
use contract::remote::PortalError;

pub fn start(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.target_user().cloned() else {
        return vec![];
    };
    start_for(app, user.id, user.full_name, "")
}

/// The form for `user_id`, its notes prefilled (a walkthrough hands off what was tried).
pub(crate) fn start_for(
    app: &mut App,
    user_id: i64,
    user_name: String,
    notes_text: &str,
) -> Vec<Effect> {
    // Notes already begun for this user are taken up again, not started over.
    let existing = app
        .drafts
        .iter()
        .find(|d| d.new_pqr.as_ref().is_some_and(|n| n.user_id == user_id))
        .cloned();
    if let Some(draft) = existing {
        return reopen(app, draft);
    }
    // The registered contact as the screen shows it (the detail's, else the list's).
    let (email_masked, phone_masked) = app
        .users
        .detail
        .iter()
        .map(|d| &d.user.summary)
        .chain(app.users.results.iter())
        .find(|u| u.id == user_id)
        .map(|u| (u.email_masked.clone(), u.phone_masked.clone()))
        .unwrap_or_default();
    let draft = Draft {
        key: app.new_idempotency_key(),
        pqr_id: 0,
        radicado: String::new(),
        visibility: Visibility::Internal,
        body: notes_text.to_string(),
        saved_at: app.now,
        new_pqr: Some(NewPqrDraft {
            user_id,
            user_name,
            pqr_type: PqrType::Peticion,
            channel: Channel::Telefono,
            subject: tr(app.lang, "create.default_subject").to_string(),
            reply_channel: None,
            email_masked,
            phone_masked,
        }),
        conversation_id: None,
    };
    reopen(app, draft)
}

/// The form as a draft left it (or as `start_for` begins it): same fields, same Idempotency-Key,
/// so a PQR filed after a crash or a dropped connection is filed once.
pub(crate) fn reopen(app: &mut App, draft: Draft) -> Vec<Effect> {
    let Some(new) = draft.new_pqr.clone() else {
        return vec![];
    };
    let mut subject = line_input(tr(app.lang, "create.subject_placeholder"));
    subject.insert_str(&new.subject);
    let mut notes = line_input(tr(app.lang, "create.notes_placeholder"));
    notes.insert_str(&draft.body);
    app.modal = Some(Modal::CreatePqr(Box::new(CreateForm {
        user_id: new.user_id,
        user_name: new.user_name,
        pqr_type: new.pqr_type,
        channel: new.channel,
        reply_channel: new
            .reply_channel
            .unwrap_or_else(|| CreateForm::default_reply(&new.email_masked, &new.phone_masked)),
        email_masked: new.email_masked,
        phone_masked: new.phone_masked,
        subject,
        notes,
        field: 3,
        error: None,
        refused: None,
        pending: false,
        idempotency_key: draft.key.clone(),
    })));
    if draft.body.trim().is_empty() {
        return vec![];
    }
    upsert_draft(app, &draft);
    vec![Effect::SaveDraft(draft)]
}

/// What the form holds, as a draft on disk.
fn draft_of(f: &CreateForm, now: jiff::Timestamp) -> Draft {
    Draft {
        key: f.idempotency_key.clone(),
        pqr_id: 0,
        radicado: String::new(),
        visibility: Visibility::Internal,
        body: text_of(&f.notes),
        saved_at: now,
        new_pqr: Some(NewPqrDraft {
            user_id: f.user_id,
            user_name: f.user_name.clone(),
            pqr_type: f.pqr_type,
            channel: f.channel,
            subject: text_of(&f.subject),
            reply_channel: Some(f.reply_channel),
            email_masked: f.email_masked.clone(),
            phone_masked: f.phone_masked.clone(),
        }),
        conversation_id: None,
    }
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

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let Some(Modal::CreatePqr(f)) = &mut app.modal else {
        return vec![];
    };
    if action == Action::Back {
        let kept = !text_of(&f.notes).trim().is_empty();
        app.modal = None;
        if kept {
            notice(app, Level::Info, tr(lang, "create.kept"));
        }
        return vec![];
    }
    if f.pending {
        return vec![];
    }
    match action {
        Action::NextField => f.field = (f.field + 1) % CREATE_FIELDS,
        Action::PrevField => f.field = (f.field + CREATE_FIELDS - 1) % CREATE_FIELDS,
        Action::Send => {
            let subject = text_of(&f.subject).trim().to_string();
            let body = text_of(&f.notes).trim().to_string();
            if subject.is_empty() || body.is_empty() {
                f.error = Some(tr(lang, "create.missing").into());
                f.field = if subject.is_empty() { 2 } else { 3 };
                return vec![];
            }
            // Answers by a channel the user has no contact for would be refused by the portal.
            let missing = match f.reply_channel {
                ReplyChannel::Correo => f.email_masked.trim().is_empty(),
                ReplyChannel::Whatsapp => f.phone_masked.trim().is_empty(),
                _ => false,
            };
            if missing {
                f.error = Some(tr(lang, "create.no_contact_error").into());
                f.field = 4;
                return vec![];
            }
            f.pending = true;
            f.error = None;
            let request = FilePqr {
                idempotency_key: f.idempotency_key.clone(),
                new: NewPqr {
                    pqr_type: f.pqr_type,
                    subject,
                    body,
                    channel: f.channel,
                    user_id: Some(f.user_id),
                    // The portal fills the user's registered email and phone: whole there,
                    // masked here.
                    requester: Requester {
                        name: f.user_name.clone(),
                        email: None,
                        phone: None,
                    },
                    received_at: None,
                    reply_channel: Some(f.reply_channel),
                },
            };
            let call = PortalCall::new(request, |req, result| PqrReply::Created {
                idempotency_key: req.idempotency_key,
                result,
            });
            return vec![call.into()];
        }
        Action::Typed(key) => {
            let changed = match (f.field, key.code) {
                (0, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) => {
                    f.pqr_type = step(&PqrType::ALL, f.pqr_type, key.code != KeyCode::Left);
                    true
                }
                (1, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) => {
                    f.channel = step(&Channel::ALL, f.channel, key.code != KeyCode::Left);
                    true
                }
                (2, _) => edit_line(&mut f.subject, key),
                (3, _) => f.notes.input(key),
                (4, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) => {
                    f.reply_channel = step(
                        &ReplyChannel::ALL,
                        f.reply_channel,
                        key.code != KeyCode::Left,
                    );
                    true
                }
                _ => false,
            };
            // The call notes are typed like a note: saved as a draft as they are typed.
            if changed {
                let draft = draft_of(f, app.now);
                upsert_draft(app, &draft);
                return vec![Effect::SaveDraft(draft)];
            }
        }
        _ => {}
    }
    vec![]
}

/// Filed (the radicado, to read to the caller) or refused (said in the form).
pub(crate) fn on_reply(
    app: &mut App,
    idempotency_key: String,
    result: Result<PqrDetail, PortalError>,
) -> Vec<Effect> {
    let form_key = match &app.modal {
        Some(Modal::CreatePqr(f)) => Some(f.idempotency_key.clone()),
        _ => None,
    };
    match result {
        Ok(pqr) => {
            reached(app);
            let radicado = pqr.summary.radicado.clone();
            if form_key.as_deref() == Some(idempotency_key.as_str()) || app.modal.is_none() {
                app.modal = Some(Modal::Radicado(Box::new(pqr.summary.clone())));
            }
            // The new ticket shows in the PQR list next time it is opened.
            app.pqr.loaded = false;
            // Filed: its draft has done its work.
            app.drafts.retain(|d| d.key != idempotency_key);
            vec![Effect::Copy(radicado), Effect::RemoveDraft(idempotency_key)]
        }
        Err(e) => {
            if let Some(Modal::CreatePqr(f)) = &mut app.modal
                && f.idempotency_key == idempotency_key
            {
                f.pending = false;
                let refusal = form_refusal(app.lang, &e, &CreateForm::FIELDS);
                f.field = refusal.field.unwrap_or(f.field);
                f.refused = refusal.field;
                f.error = Some(refusal.text);
                return vec![];
            }
            failed(app, &e, None);
            vec![]
        }
    }
}
