//! The note or reply being written (`n`, `R` on a ticket): saved as a draft as it is typed,
//! sent with the draft's key as Idempotency-Key, the draft removed only once the portal confirmed.
//! A public reply is confirmed first (`confirm_send`); `::` opens the canned responses (`canned`).

use crate::app::keymap::Action;
use crate::app::model::{App, EditorState, Level, Modal, text_of};
use crate::app::msg::{Effect, PqrEffect};
use crate::app::toolbox::{failed, notice, reached, upsert_draft};
use crate::drafts::Draft;
use contract::api::{PqrMessage, Visibility};
use contract::i18n::{tr, trf};
use contract::remote::PortalError;

/// Opens the editor on this ticket's draft of that kind, or on a new one.
pub fn open(app: &mut App, visibility: Visibility) -> Vec<Effect> {
    let Some(d) = &app.pqr.detail else {
        return vec![];
    };
    let (pqr_id, radicado) = (d.pqr.summary.id, d.pqr.summary.radicado.clone());
    let draft = match app
        .drafts
        .iter()
        .find(|x| x.pqr_id == pqr_id && x.visibility == visibility)
    {
        Some(existing) => existing.clone(),
        None => Draft {
            key: app.new_idempotency_key(),
            pqr_id,
            radicado,
            visibility,
            body: String::new(),
            saved_at: app.now,
            new_pqr: None,
            conversation_id: None,
        },
    };
    app.modal = Some(EditorState::modal(draft));
    vec![]
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let now = app.now;
    let Some(Modal::Editor(e)) = &mut app.modal else {
        return vec![];
    };
    match action {
        Action::Back => {
            let kept = !e.draft.body.trim().is_empty();
            app.modal = None;
            if kept {
                notice(app, Level::Info, tr(lang, "editor.kept"));
            }
            vec![]
        }
        Action::Send => {
            let draft = e.draft.clone();
            if draft.body.trim().is_empty() {
                notice(app, Level::Warning, tr(lang, "editor.empty"));
                return vec![];
            }
            if draft.visibility == Visibility::Public {
                app.modal = Some(Modal::ConfirmSend(Box::new(draft)));
                return vec![];
            }
            app.modal = None;
            notice(app, Level::Info, tr(lang, "editor.sending"));
            vec![Effect::Pqr(PqrEffect::SendMessage(draft))]
        }
        Action::Typed(key) => {
            // Enter is a new line here; everything else edits.
            if !e.text.input(key) {
                return vec![];
            }
            e.draft.body = text_of(&e.text);
            e.draft.saved_at = now;
            if e.text.before_cursor().ends_with("::") {
                e.canned = Some(0);
            }
            let draft = e.draft.clone();
            upsert_draft(app, &draft);
            vec![Effect::SaveDraft(draft)]
        }
        _ => vec![],
    }
}

pub(crate) fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let now = app.now;
    let Some(Modal::Editor(e)) = &mut app.modal else {
        return vec![];
    };
    let clean = contract::domain::sanitize::sanitize(text).replace('\u{FFFD}', "");
    e.text.insert_str(&clean);
    e.draft.body = text_of(&e.text);
    e.draft.saved_at = now;
    let draft = e.draft.clone();
    upsert_draft(app, &draft);
    vec![Effect::SaveDraft(draft)]
}

/// The portal took the message: its draft has done its work.
pub(crate) fn on_sent(
    app: &mut App,
    draft: Draft,
    result: Result<PqrMessage, PortalError>,
) -> Vec<Effect> {
    let lang = app.lang;
    match result {
        Ok(_) => {
            reached(app);
            app.drafts.retain(|d| d.key != draft.key);
            let key = if draft.visibility == Visibility::Public {
                "editor.sent_reply"
            } else {
                "editor.sent_note"
            };
            notice(
                app,
                Level::Success,
                trf(lang, key, &[("radicado", &draft.radicado)]),
            );
            let mut effects = vec![Effect::RemoveDraft(draft.key.clone())];
            if app
                .pqr
                .detail
                .as_ref()
                .is_some_and(|d| d.pqr.summary.id == draft.pqr_id)
            {
                effects.push(Effect::Pqr(PqrEffect::LoadPqr { id: draft.pqr_id }));
            }
            effects
        }
        Err(e) => {
            // The draft stays on disk; F5 sends it again with the same key: posted once.
            let retry = Effect::Pqr(PqrEffect::SendMessage(draft));
            app.retry = None;
            failed(app, &e, Some(retry.clone()));
            app.retry = Some(retry);
            vec![]
        }
    }
}
