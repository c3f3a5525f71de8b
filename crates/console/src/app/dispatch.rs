//! `update(state, msg) → effects`: every decision of the console, without a terminal or a network.
//! This file only routes: a key becomes an action in the keymap of the current context, and the
//! table below sends each context to exactly one handler; each reply goes to the feature that
//! asked for it.

use crossterm::event::{KeyEvent, KeyEventKind};

use super::features::{
    assign, board, canned, confirm, confirm_send, conversation_list, conversation_thread,
    conversations, create, drafts, editor, explainer, extension, global, help, outcome, palette,
    pqr_detail, pqr_list, pqr_search, radicado, radicate, reconnect, status_picker,
    template_picker, user_detail, users, users_list, users_search, verify, walk,
};
use super::keymap::{Action, Context};
use super::model::{App, Screen};
use super::msg::{Effect, Msg, Reply};

/// A context's handler: what each action means there.
pub(crate) type Handler = fn(&mut App, Action) -> Vec<Effect>;

/// The dispatch table: each context (a section of `assets/keymap.toml`) to the module of its name.
pub(crate) fn handler(ctx: Context) -> Handler {
    match ctx {
        Context::UsersSearch => users_search::on_action,
        Context::UsersList => users_list::on_action,
        Context::UserDetail => user_detail::on_action,
        Context::PqrSearch => pqr_search::on_action,
        Context::PqrList => pqr_list::on_action,
        Context::PqrDetail => pqr_detail::on_action,
        Context::Walk => walk::on_action,
        Context::Help => help::on_action,
        Context::Palette => palette::on_action,
        Context::Verify => verify::on_action,
        Context::Confirm => confirm::on_action,
        Context::ConfirmSend => confirm_send::on_action,
        Context::StatusPicker => status_picker::on_action,
        Context::Extension => extension::on_action,
        Context::Drafts => drafts::on_action,
        Context::Editor => editor::on_action,
        Context::Canned => canned::on_action,
        Context::Create => create::on_action,
        Context::Explainer => explainer::on_action,
        Context::Outcome => outcome::on_action,
        Context::Radicado => radicado::on_action,
        Context::Board => board::on_action,
        Context::Assign => assign::on_action,
        Context::ConversationList => conversation_list::on_action,
        Context::ConversationThread => conversation_thread::on_action,
        Context::TemplatePicker => template_picker::on_action,
        Context::Radicate => radicate::on_action,
    }
}

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let before = app.screen;
    let mut effects = route(app, msg);
    board::after_update(app, before, &mut effects);
    super::toolbox::notice_follows_subject(app);
    reconnect::after_update(app, &mut effects);
    effects
}

fn route(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Paste(text) => on_paste(app, &text),
        Msg::Resize { width, height } => {
            app.width = width;
            app.height = height;
            vec![]
        }
        Msg::Tick => global::on_tick(app),
        Msg::Portal(reply) => on_reply(app, reply),
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return vec![];
    }
    let ctx = app.context();
    let action = app.keymap.action(ctx, &key);
    // F1 in a dialog or a form: help over it, the same way in every one of them.
    if action == Action::Help && app.modal.is_some() {
        return help::open(app);
    }
    handler(ctx)(app, action)
}

/// Pasted text goes to the field that has the keyboard, if any.
fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    match app.context() {
        Context::Editor | Context::Canned => editor::on_paste(app, text),
        Context::Palette => palette::on_paste(app, text),
        Context::Verify => verify::on_paste(app, text),
        Context::PqrSearch => pqr_search::on_paste(app, text),
        Context::UsersSearch => users_search::on_paste(app, text),
        Context::Radicate => radicate::on_paste(app, text),
        _ => vec![],
    }
}

fn on_reply(app: &mut App, reply: Reply) -> Vec<Effect> {
    match reply {
        Reply::Me(result) => global::on_me(app, result),
        Reply::Probed(result) => reconnect::on_probed(app, result),
        Reply::Search { generation, result } => users_search::on_reply(app, generation, result),
        Reply::Detail { user_id, result } => user_detail::on_reply(app, user_id, result),
        Reply::Verified { user_id, result } => verify::on_reply(app, user_id, result),
        Reply::ResetSent {
            user_id,
            idempotency_key,
            result,
        } => users::on_reset_sent(app, user_id, idempotency_key, result),
        Reply::Unlocked {
            user_id,
            idempotency_key,
            result,
        } => users::on_unlocked(app, user_id, idempotency_key, result),
        Reply::Pqrs {
            generation,
            append,
            result,
        } => pqr_list::on_reply(app, generation, append, result),
        Reply::Pqr { id, result } => pqr_detail::on_loaded(app, id, result),
        Reply::Patched { id, patch, result } => pqr_detail::on_patched(app, id, patch, result),
        Reply::MessageSent { draft, result } => editor::on_sent(app, draft, result),
        Reply::Created {
            idempotency_key,
            result,
        } => create::on_reply(app, idempotency_key, result),
        Reply::Live { user_id, update } => walk::on_live(app, user_id, update),
        Reply::OutcomeRecorded { user_id, result } => outcome::on_reply(app, user_id, result),
        Reply::Assignees { pqr_id, result } => assign::on_reply(app, pqr_id, result),
        Reply::Board { generation, result } => board::on_reply(app, generation, result),
        Reply::DeskLive(update) => match app.screen {
            Screen::Conversations => conversations::on_live(app, update),
            _ => board::on_live(app, update),
        },
        Reply::Conversations { generation, result } => {
            conversations::on_list(app, generation, result)
        }
        Reply::Conversation { id, result } => conversations::on_loaded(app, id, result),
        Reply::Templates(result) => conversations::on_templates(app, result),
        Reply::ConversationPatched { id, result } => conversations::on_patched(app, id, result),
        Reply::Answered { id, sent, result } => conversations::on_answered(app, id, sent, result),
        Reply::Radicated { id, result } => conversations::on_radicated(app, id, result),
    }
}
