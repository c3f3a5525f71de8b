//! What the queue, the thread and their modals share: the portal's answers about conversations
//! (the queue, a thread, a change, an answer, a radicado, the templates) and the desk's live
//! events that refresh them while the screen is on.

use crate::app::model::{
    App, ConversationFocus, ConversationView, Level, Modal, Screen, TemplatePicker,
};
use crate::app::msg::{ConversationsEffect, ConversationsReply, Effect, PortalCall, PqrEffect};
use crate::app::toolbox::{connection_after, failed, notice, reached};
use crate::drafts::Draft;
use contract::api::{
    ConversationDetail, ConversationSummary, ConversationTemplate, ConversationTemplates,
    EventKind, Page, RadicatedConversation,
};
use contract::i18n::{tr, trf};
use contract::remote::{LiveUpdate, PortalError};

/// F6 or `:conversaciones`: the screen, its queue read again on every visit (the desk's stream is
/// followed only while it is on screen), and the templates the first time.
pub(crate) fn go(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Conversations;
    let mut effects = app.conversations.reload();
    if app.conversations.templates.is_none() {
        effects.push(load_templates());
    }
    if let Some(id) = app
        .conversations
        .open
        .as_ref()
        .map(|v| v.conversation.summary.id)
    {
        effects.push(Effect::Conversations(
            ConversationsEffect::LoadConversation { id },
        ));
    }
    effects
}

/// Opens conversation `id` in the thread pane (from the queue, or a draft taken up).
pub(crate) fn open(app: &mut App, id: i64) -> Vec<Effect> {
    app.screen = Screen::Conversations;
    app.conversations.focus = ConversationFocus::Thread;
    app.conversations.loading_open = Some(id);
    if app.conversations.open_as(id).is_none() {
        app.conversations.open = None;
    }
    vec![Effect::Conversations(
        ConversationsEffect::LoadConversation { id },
    )]
}

/// `L` on a user while a conversation waits to be linked (`U` on it): links it, under If-Match,
/// and goes back to the thread.
pub(crate) fn link_user(app: &mut App) -> Vec<Effect> {
    let lang = app.lang;
    let Some(user_id) = app.target_user().map(|u| u.id) else {
        return vec![];
    };
    let Some(view) = app
        .users
        .linking
        .and_then(|id| app.conversations.open_as(id))
    else {
        notice(app, Level::Info, tr(lang, "conversation.nothing_to_link"));
        return vec![];
    };
    let (id, etag) = (view.conversation.summary.id, view.etag.clone());
    app.users.linking = None;
    app.screen = Screen::Conversations;
    app.conversations.focus = ConversationFocus::Thread;
    vec![Effect::Conversations(
        ConversationsEffect::PatchConversation {
            id,
            etag,
            patch: contract::api::ConversationPatch {
                user_id: Some(Some(user_id)),
                ..Default::default()
            },
        },
    )]
}

/// The conversations' replies, each to the function that reads it.
pub(crate) fn on_reply(app: &mut App, reply: ConversationsReply) -> Vec<Effect> {
    match reply {
        ConversationsReply::Conversations { generation, result } => {
            on_list(app, generation, result)
        }
        ConversationsReply::Conversation { id, result } => on_loaded(app, id, result),
        ConversationsReply::Templates(result) => on_templates(app, result),
        ConversationsReply::ConversationPatched { id, result } => on_patched(app, id, result),
        ConversationsReply::Answered { id, sent, result } => on_answered(app, id, sent, result),
        ConversationsReply::Radicated { id, result } => on_radicated(app, id, result),
    }
}

fn on_list(
    app: &mut App,
    generation: u64,
    result: Result<Page<ConversationSummary>, PortalError>,
) -> Vec<Effect> {
    let c = &mut app.conversations;
    if generation != c.generation {
        return vec![];
    }
    c.loading = false;
    match result {
        Ok(page) => {
            reached(app);
            let c = &mut app.conversations;
            // The selection stays on the same conversation when the queue reorders.
            let selected_id = c.selected_item().map(|s| s.id);
            c.items = page.items;
            c.loaded = true;
            c.selected = selected_id
                .and_then(|id| c.items.iter().position(|s| s.id == id))
                .unwrap_or(0)
                .min(c.items.len().saturating_sub(1));
        }
        Err(e) => failed(
            app,
            &e,
            Some(Effect::Conversations(
                ConversationsEffect::LoadConversations {
                    generation,
                    query: app.conversations.query.clone(),
                },
            )),
        ),
    }
    vec![]
}

/// A thread read (opened, or again after a change or a live event).
fn on_loaded(
    app: &mut App,
    id: i64,
    result: Result<(ConversationDetail, String), PortalError>,
) -> Vec<Effect> {
    let c = &mut app.conversations;
    let wanted = c.loading_open == Some(id) || c.open_as(id).is_some();
    if !wanted {
        return vec![];
    }
    c.loading_open = None;
    match result {
        Ok((conversation, etag)) => {
            reached(app);
            // The summary carries its PQR's radicado (the header, a template's `{{2}}`).
            show(app, conversation, etag);
        }
        Err(e) => failed(
            app,
            &e,
            Some(Effect::Conversations(
                ConversationsEffect::LoadConversation { id },
            )),
        ),
    }
    vec![]
}

/// The thread on screen and its row in the queue follow the portal's newest version.
fn show(app: &mut App, conversation: ConversationDetail, etag: String) {
    let c = &mut app.conversations;
    let id = conversation.summary.id;
    if let Some(row) = c.items.iter_mut().find(|r| r.id == id) {
        *row = conversation.summary.clone();
    }
    let scroll = c.open_as(id).map_or(0, |v| v.scroll);
    let etag = if etag.is_empty() {
        c.open_as(id).map(|v| v.etag.clone()).unwrap_or_default()
    } else {
        etag
    };
    c.open = Some(ConversationView {
        conversation,
        etag,
        scroll,
    });
}

fn on_templates(
    app: &mut App,
    result: Result<Vec<ConversationTemplate>, PortalError>,
) -> Vec<Effect> {
    match result {
        Ok(t) => app.conversations.templates = Some(t),
        // The picker waiting for them says why and offers F5; otherwise they are read again when
        // it opens.
        Err(e) if matches!(app.modal, Some(Modal::TemplatePicker(_))) => {
            app.modal = None;
            failed(app, &e, Some(load_templates()));
        }
        Err(e) => connection_after(app, &e),
    }
    vec![]
}

fn on_patched(
    app: &mut App,
    id: i64,
    result: Result<(ConversationDetail, String), PortalError>,
) -> Vec<Effect> {
    let lang = app.lang;
    match result {
        Ok((conversation, etag)) => {
            reached(app);
            show(app, conversation, etag);
            notice(app, Level::Success, tr(lang, "conversation.saved"));
            vec![]
        }
        Err(PortalError::Api { status: 412, .. }) => {
            reached(app);
            notice(app, Level::Warning, tr(lang, "conversation.changed"));
            vec![Effect::Conversations(
                ConversationsEffect::LoadConversation { id },
            )]
        }
        Err(e) => {
            failed(app, &e, None);
            vec![]
        }
    }
}

/// The portal took the answer: a draft's work is done (removed only now); the thread shows it.
fn on_answered(
    app: &mut App,
    id: i64,
    sent: Effect,
    result: Result<ConversationDetail, PortalError>,
) -> Vec<Effect> {
    let lang = app.lang;
    match result {
        Ok(conversation) => {
            reached(app);
            let name = conversation.summary.requester_name.clone();
            if app.conversations.open_as(id).is_some() {
                show(app, conversation, String::new());
            }
            notice(
                app,
                Level::Success,
                trf(lang, "conversation.sent", &[("name", &name)]),
            );
            let mut effects = vec![Effect::Conversations(
                ConversationsEffect::LoadConversation { id },
            )];
            if let Effect::Pqr(PqrEffect::SendMessage(Draft { key, .. })) = sent {
                app.drafts.retain(|d| d.key != key);
                effects.insert(0, Effect::RemoveDraft(key));
            }
            effects
        }
        Err(PortalError::Api {
            code: contract::api::ErrorCode::WindowClosed,
            ..
        }) => {
            // The draft stays; only a template may go now.
            reached(app);
            notice(app, Level::Warning, tr(lang, "conversation.window_closed"));
            open_templates(app, id)
        }
        Err(e) => {
            // Kept (the draft on disk too); F5 sends it again with the same key: once.
            app.retry = None;
            failed(app, &e, Some(sent.clone()));
            app.retry = Some(sent);
            vec![]
        }
    }
}

fn on_radicated(
    app: &mut App,
    id: i64,
    result: Result<RadicatedConversation, PortalError>,
) -> Vec<Effect> {
    let lang = app.lang;
    match result {
        Ok(r) => {
            reached(app);
            if matches!(app.modal, Some(Modal::Radicate(_))) {
                app.modal = None;
            }
            // Known at once (the header, a template's `{{2}}`); the read below confirms it.
            let c = &mut app.conversations;
            let open = c.open.as_mut().map(|v| &mut v.conversation.summary);
            for s in c.items.iter_mut().chain(open).filter(|s| s.id == id) {
                s.pqr_id = Some(r.pqr_id);
                s.radicado = Some(r.radicado.clone());
            }
            notice(
                app,
                Level::Success,
                trf(lang, "conversation.radicated", &[("radicado", &r.radicado)]),
            );
            vec![Effect::Conversations(
                ConversationsEffect::LoadConversation { id },
            )]
        }
        Err(e) => {
            if let Some(Modal::Radicate(f)) = &mut app.modal {
                f.error = Some(crate::app::messages::error_text(lang, &e));
            }
            connection_after(app, &e);
            if matches!(e, PortalError::Api { status: 412, .. }) {
                return vec![Effect::Conversations(
                    ConversationsEffect::LoadConversation { id },
                )];
            }
            vec![]
        }
    }
}

/// The desk's live events: a conversation's news reads the queue again, and the thread when it
/// is the one on screen (a message arrived, a tick moved, someone else took it).
pub(crate) fn on_live(app: &mut App, update: LiveUpdate) -> Vec<Effect> {
    let c = &mut app.conversations;
    match update {
        LiveUpdate::Connected => c.live = true,
        LiveUpdate::Disconnected => c.live = false,
        LiveUpdate::Event(e) if is_conversation(e.kind) => {
            let mut effects = c.reload();
            if let Some(id) = e.data.conversation_id
                && c.open_as(id).is_some()
            {
                effects.push(Effect::Conversations(
                    ConversationsEffect::LoadConversation { id },
                ));
            }
            return effects;
        }
        LiveUpdate::Event(_) => {}
    }
    vec![]
}

fn is_conversation(kind: EventKind) -> bool {
    matches!(
        kind,
        EventKind::ConversationMessageReceived
            | EventKind::ConversationMessageSent
            | EventKind::ConversationDelivery
            | EventKind::ConversationUpdated
    )
}

/// The approved templates (`GET /conversations/templates`), answered as
/// [`ConversationsReply::Templates`].
fn load_templates() -> Effect {
    let call = PortalCall::new(ConversationTemplates, |_, result| {
        ConversationsReply::Templates(result.map(|page| page.items))
    });
    call.into()
}

/// The template picker on conversation `id` (the templates read first when not yet known).
pub(crate) fn open_templates(app: &mut App, id: i64) -> Vec<Effect> {
    let key = app.new_idempotency_key();
    app.modal = Some(Modal::TemplatePicker(Box::new(TemplatePicker {
        conversation_id: id,
        selected: 0,
        idempotency_key: key,
    })));
    match &app.conversations.templates {
        Some(t) if !t.is_empty() => vec![],
        _ => vec![load_templates()],
    }
}
