//! `v`: the identity verification form. The caller's document and birth date, normalised as the
//! portal does (`domain::identity`), sent once per answer (the same answers, the same key).

use crate::app::keymap::Action;
use crate::app::messages::form_refusal;
use crate::app::model::{
    App, Level, Modal, VerifyField, VerifyForm, line_input, person_label, text_of,
};
use crate::app::msg::{Effect, PortalCall, UsersEffect, VerifyReply};
use crate::app::toolbox::{clean_paste, connection_after, edit_line, failed, notice, reached};
use contract::api::{VerificationRequest, VerificationResult, VerifyUser};
use contract::domain::identity::{normalize_birth_date, normalize_document};
use contract::i18n::tr;
use contract::remote::PortalError;

pub fn start(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.target_user() else {
        return vec![];
    };
    let mut document = line_input(tr(app.lang, "verify.document_placeholder"));
    if let Some(searched) = searched_document(&app.users.shown_query, &user.document_masked) {
        document.insert_str(searched);
    }
    let form = VerifyForm {
        user_id: user.id,
        name: person_label(user),
        document,
        birth_date: line_input(tr(app.lang, "verify.birth_placeholder")),
        field: VerifyField::Document,
        pending: false,
        result: None,
        error: None,
        refused: None,
        idempotency_key: None,
    };
    app.modal = Some(Modal::Verify(Box::new(form)));
    vec![]
}

/// The document the operator just searched, when the search was a document and its visible
/// digits are this user's: the caller already said it, so the form starts with it (editable).
fn searched_document(query: &str, masked: &str) -> Option<String> {
    let document = normalize_document(query)?;
    let visible: String = masked.chars().filter(|c| *c != '*').collect();
    let is_number = document.chars().any(|c| c.is_ascii_digit());
    (is_number && !visible.is_empty() && document.ends_with(&visible)).then_some(document)
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(Modal::Verify(form)) = &mut app.modal else {
        return vec![];
    };
    if action == Action::Back {
        app.modal = None;
        return vec![];
    }
    if form.pending {
        return vec![];
    }
    match action {
        Action::NextField => {
            form.field = match form.field {
                VerifyField::Document => VerifyField::BirthDate,
                VerifyField::BirthDate => VerifyField::Document,
            };
        }
        Action::Confirm => return submit(app),
        Action::Typed(key) => {
            let field = match form.field {
                VerifyField::Document => &mut form.document,
                VerifyField::BirthDate => &mut form.birth_date,
            };
            if edit_line(field, key) {
                form.error = None;
                form.result = None;
            }
        }
        _ => {}
    }
    vec![]
}

pub(crate) fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    if let Some(Modal::Verify(form)) = &mut app.modal
        && !form.pending
    {
        let clean = clean_paste(text);
        match form.field {
            VerifyField::Document => form.document.insert_str(&clean),
            VerifyField::BirthDate => form.birth_date.insert_str(&clean),
        };
    }
    vec![]
}

fn submit(app: &mut App) -> Vec<Effect> {
    let lang = app.lang;
    let next_key = format!("{}-{}", app.session, app.next_key + 1);
    let Some(Modal::Verify(form)) = &mut app.modal else {
        return vec![];
    };
    let Some(document_number) = normalize_document(&text_of(&form.document)) else {
        form.error = Some(tr(lang, "verify.bad_document").into());
        form.field = VerifyField::Document;
        return vec![];
    };
    let Some(birth_date) = normalize_birth_date(text_of(&form.birth_date).trim()) else {
        form.error = Some(tr(lang, "verify.bad_date").into());
        form.field = VerifyField::BirthDate;
        return vec![];
    };
    let birth_date = birth_date.to_string();
    let content = format!("{document_number}|{birth_date}");
    // The same answers resubmitted (a retry after a lost reply) are the same action.
    let key = match &form.idempotency_key {
        Some((c, k)) if *c == content => k.clone(),
        _ => {
            app.next_key += 1;
            form.idempotency_key = Some((content, next_key.clone()));
            next_key
        }
    };
    form.pending = true;
    form.error = None;
    let request = VerifyUser {
        user_id: form.user_id,
        idempotency_key: key,
        request: VerificationRequest {
            document_number,
            birth_date,
        },
    };
    let call = PortalCall::new(request, |req, result| VerifyReply::Verified {
        user_id: req.user_id,
        result,
    });
    vec![call.into()]
}

pub(crate) fn on_reply(app: &mut App, reply: VerifyReply) -> Vec<Effect> {
    match reply {
        VerifyReply::Verified { user_id, result } => on_verified(app, user_id, result),
    }
}

/// Match or not: shown in the form if it is still open, else as a notice.
fn on_verified(
    app: &mut App,
    user_id: i64,
    result: Result<VerificationResult, PortalError>,
) -> Vec<Effect> {
    let lang = app.lang;
    let form = match &mut app.modal {
        Some(Modal::Verify(f)) if f.user_id == user_id => Some(f),
        _ => None,
    };
    match (result, form) {
        (Ok(r), Some(form)) => {
            form.pending = false;
            if let (true, Some(until)) = (r.matched, r.valid_until) {
                app.users.verified.insert(user_id, until);
            }
            let matched = r.matched;
            form.result = Some(r);
            // «Verify first» and the like are answered now.
            if matched {
                app.notice = None;
            }
            reached(app);
            vec![Effect::Users(UsersEffect::LoadDetail { user_id })]
        }
        (Ok(r), None) => {
            if let (true, Some(until)) = (r.matched, r.valid_until) {
                app.users.verified.insert(user_id, until);
            }
            reached(app);
            let key = if r.matched {
                "verify.matched"
            } else {
                "verify.no_match"
            };
            notice(app, Level::Info, tr(lang, key));
            vec![Effect::Users(UsersEffect::LoadDetail { user_id })]
        }
        (Err(e), Some(form)) => {
            form.pending = false;
            let refusal = form_refusal(lang, &e, &VerifyForm::FIELDS);
            match refusal.field {
                Some(0) => form.field = VerifyField::Document,
                Some(_) => form.field = VerifyField::BirthDate,
                None => {}
            }
            form.refused = refusal.field;
            form.error = Some(refusal.text);
            connection_after(app, &e);
            vec![]
        }
        (Err(e), None) => {
            failed(app, &e, None);
            vec![]
        }
    }
}
