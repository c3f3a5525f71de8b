//! The approved templates (`t`, or `R` once WhatsApp's 24-hour window is closed): each shown as
//! the requester will read it, its placeholders filled from the conversation (the first name,
//! the radicado of the PQR filed from it). Enter sends the chosen one, once (the picker's key).

use crate::app::keymap::Action;
use crate::app::model::{App, Level, Modal, template_params};
use crate::app::msg::{ConversationsEffect, Effect};
use crate::app::toolbox::notice;
use contract::api::NewConversationMessage;
use contract::i18n::tr;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let n = app.conversations.templates.as_ref().map_or(0, Vec::len);
    let Some(Modal::TemplatePicker(p)) = &mut app.modal else {
        return vec![];
    };
    match action {
        Action::Down => p.selected = (p.selected + 1).min(n.saturating_sub(1)),
        Action::Up => p.selected = p.selected.saturating_sub(1),
        Action::Back => app.modal = None,
        Action::Confirm => return send(app),
        _ => {}
    }
    vec![]
}

fn send(app: &mut App) -> Vec<Effect> {
    let lang = app.lang;
    let Some(Modal::TemplatePicker(p)) = &app.modal else {
        return vec![];
    };
    let (id, key) = (p.conversation_id, p.idempotency_key.clone());
    let c = &app.conversations;
    let (Some(t), Some(v)) = (
        c.templates.as_ref().and_then(|t| t.get(p.selected)),
        c.open_as(id),
    ) else {
        return vec![];
    };
    let params = template_params(t, &v.conversation.summary);
    // The portal refuses an empty parameter; say which value is missing instead.
    let Some(params) = params.into_iter().collect::<Option<Vec<String>>>() else {
        notice(app, Level::Warning, tr(lang, "templates.missing"));
        return vec![];
    };
    let template = t.name.clone();
    app.modal = None;
    notice(app, Level::Info, tr(lang, "editor.sending"));
    vec![Effect::Conversations(
        ConversationsEffect::AnswerConversation {
            id,
            idempotency_key: key,
            message: NewConversationMessage::Template { template, params },
        },
    )]
}
