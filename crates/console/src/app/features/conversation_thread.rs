//! One conversation: its thread scrolled, and the operator's moves on it. `R` answers in the
//! editor (a draft, sent once with its key) while WhatsApp's window is open, and offers the
//! approved templates once it is closed; assign to me, close or reopen, radicate, the linked
//! user (or linking one).

use crate::app::keymap::Action;
use crate::app::model::{
    App, ConversationFocus, EditorState, Focus, Level, Modal, RadicateForm, Screen, Window, window,
};
use crate::app::msg::{ConversationsEffect, Effect, UsersEffect};
use crate::app::toolbox::notice;
use crate::drafts::Draft;
use contract::api::{ConversationPatch, ConversationStatus, Visibility};
use contract::i18n::tr;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    // F5: what failed, again; when nothing did, the thread read again.
    if action == Action::Retry
        && app.retry.is_none()
        && let Some(v) = &app.conversations.open
    {
        let id = v.conversation.summary.id;
        app.conversations.loading_open = Some(id);
        return vec![Effect::Conversations(
            ConversationsEffect::LoadConversation { id },
        )];
    }
    if let Some(effects) = super::global::on_action(app, action) {
        return effects;
    }
    let lang = app.lang;
    let me = app.operator_id();
    let above = app.drawn.thread_above;
    let Some(v) = &mut app.conversations.open else {
        if action == Action::Back {
            app.conversations.focus = ConversationFocus::List;
        }
        return vec![];
    };
    let id = v.conversation.summary.id;
    let patch = |patch: ConversationPatch, etag: &str| {
        Effect::Conversations(ConversationsEffect::PatchConversation {
            id,
            etag: etag.to_string(),
            patch,
        })
    };
    match action {
        Action::Back => {
            app.conversations.focus = ConversationFocus::List;
            vec![]
        }
        Action::Up => {
            // As far up as the thread has lines above the view, as the view counted them.
            v.scroll = v.scroll.saturating_add(1).min(above);
            vec![]
        }
        Action::Down => {
            v.scroll = v.scroll.saturating_sub(1);
            vec![]
        }
        Action::Reply => reply(app, id),
        Action::Templates => super::conversations::open_templates(app, id),
        Action::AssignMe => match me {
            Some(me) => vec![patch(
                ConversationPatch {
                    assignee_id: Some(Some(me)),
                    ..Default::default()
                },
                &v.etag,
            )],
            None => vec![],
        },
        Action::CloseConversation => {
            let status = if v.conversation.summary.status == ConversationStatus::Open {
                ConversationStatus::Closed
            } else {
                ConversationStatus::Open
            };
            vec![patch(
                ConversationPatch {
                    status: Some(status),
                    ..Default::default()
                },
                &v.etag,
            )]
        }
        Action::Radicate => {
            if v.conversation.summary.pqr_id.is_some() {
                notice(app, Level::Info, tr(lang, "conversation.already_radicated"));
                return vec![];
            }
            let placeholder = tr(lang, "conversation.subject_placeholder");
            app.modal = Some(Modal::Radicate(Box::new(RadicateForm::new(
                id,
                placeholder,
            ))));
            vec![]
        }
        Action::GoUser => match v.conversation.summary.user_id {
            Some(user_id) => {
                app.screen = Screen::Users;
                app.users.focus = Focus::Detail;
                app.users.loading_detail = Some(user_id);
                vec![Effect::Users(UsersEffect::LoadDetail { user_id })]
            }
            None => {
                // Find the person on the users screen; `L` there links them to this conversation.
                app.users.linking = Some(id);
                app.screen = Screen::Users;
                app.users.focus = Focus::Search;
                notice(app, Level::Info, tr(lang, "conversation.find_user"));
                vec![]
            }
        },
        _ => vec![],
    }
}

/// `R`: the editor on this conversation's draft (the same guarantees as a PQR reply), or the
/// templates when WhatsApp allows nothing else.
fn reply(app: &mut App, id: i64) -> Vec<Effect> {
    let Some(v) = app.conversations.open_as(id) else {
        return vec![];
    };
    let summary = v.conversation.summary.clone();
    if summary.status != ConversationStatus::Open {
        notice(app, Level::Info, tr(app.lang, "conversation.closed_reply"));
        return vec![];
    }
    if window(&summary, app.now) == Window::Closed {
        notice(app, Level::Info, tr(app.lang, "conversation.window_closed"));
        return super::conversations::open_templates(app, id);
    }
    let draft = match app.drafts.iter().find(|d| d.conversation_id == Some(id)) {
        Some(existing) => existing.clone(),
        None => Draft {
            key: app.new_idempotency_key(),
            pqr_id: 0,
            radicado: format!(
                "{} · {}",
                tr(app.lang, &format!("channel.{}", summary.channel.as_str())),
                summary.requester_name
            ),
            visibility: Visibility::Public,
            body: String::new(),
            saved_at: app.now,
            new_pqr: None,
            conversation_id: Some(id),
        },
    };
    app.modal = Some(EditorState::modal(draft));
    vec![]
}
