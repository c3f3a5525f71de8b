//! What several features share: the notice line, the connection state a reply tells, editing a
//! one-line field, retrying, keeping drafts in step, and a few moves any screen can make.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keymap::Action;
use super::messages::error_text;
use super::model::{App, Connection, Level, Move, Notice, Screen, Subject, TextBuffer};
use super::msg::{BoardEffect, ConversationsEffect, Effect, PqrEffect, UsersEffect, WalkEffect};
use crate::drafts::Draft;
use contract::api::PqrPatch;
use contract::domain::sanitize::sanitize_line;
use contract::i18n::{tr, trf};
use contract::remote::PortalError;

pub fn notice(app: &mut App, level: Level, text: impl Into<String>) {
    app.notice = Some(Notice {
        level,
        text: text.into(),
        subject: None,
        countdown: None,
    });
}

/// A notice about `user_id`, said when the portal answers: shown only if that user is still the
/// one on screen (an answer about José never lands on Carlos).
pub(crate) fn notice_about(app: &mut App, user_id: i64, level: Level, text: impl Into<String>) {
    let subject = Subject {
        screen: app.screen,
        person: Some(user_id),
    };
    app.notice = Some(Notice {
        level,
        text: text.into(),
        subject: Some(subject),
        countdown: None,
    });
}

/// The portal's resend cooldown for `user_id`, counting down on the notice line until a newer
/// notice replaces it.
pub fn countdown(app: &mut App, user_id: i64, until: jiff::Timestamp) {
    let left = (until.as_second() - app.now.as_second()).max(0);
    notice_about(
        app,
        user_id,
        Level::Warning,
        trf(app.lang, "resend.wait", &[("s", &left.to_string())]),
    );
    if let Some(n) = &mut app.notice {
        n.countdown = Some((user_id, until));
    }
}

/// After each update: a notice said during it is stamped with where it was said; one said
/// elsewhere (another screen, another person) goes.
pub(crate) fn notice_follows_subject(app: &mut App) {
    let now = app.subject();
    match app.notice.as_mut() {
        Some(n) if n.subject.is_none() => n.subject = Some(now),
        Some(n) if n.subject != Some(now) => app.notice = None,
        _ => {}
    }
}

/// The portal answered: whatever the answer, it is reachable.
pub fn reached(app: &mut App) {
    if matches!(app.connection, Connection::Offline | Connection::Connecting) {
        app.connection = Connection::Online;
        if app.notice.as_ref().is_some_and(|n| n.level == Level::Error) {
            app.notice = None;
        }
    }
}

/// What an error says of the connection, without a notice (a form shows the error itself).
pub(crate) fn connection_after(app: &mut App, err: &PortalError) {
    match err {
        PortalError::Offline(_) => app.connection = Connection::Offline,
        PortalError::Unauthorized => app.connection = Connection::Unauthorized,
        _ => reached(app),
    }
}

/// Shows `err`, updates the connection state, and keeps `retry` for F5 when worth retrying.
pub fn failed(app: &mut App, err: &PortalError, retry: Option<Effect>) {
    connection_after(app, err);
    // A read that failed, or a failure that offers nothing to retry, never takes F5 from an
    // action still waiting for it (a note, a reply the operator typed): the read runs again by
    // itself when the portal is back.
    let action_waiting = app.retry.as_ref().is_some_and(|e| !is_read(e));
    if err.is_transient() {
        match retry {
            Some(read) if action_waiting && is_read(&read) => {}
            None if action_waiting => {}
            other => app.retry = other,
        }
    }
    let text = with_retry_hint(app, error_text(app.lang, err));
    notice(app, Level::Error, text);
}

/// «F5 retries the last action», when there is one to retry and a key for it where the focus is
/// now (a key typed into a field, or unbound in a form, would be a hint that lies).
pub fn retry_hint(app: &App) -> Option<String> {
    app.retry.as_ref()?;
    let key = app.keymap.key_for(app.context(), Action::Retry)?;
    Some(trf(app.lang, "hint.retry", &[("key", &key)]))
}

/// `text` followed by the retry hint, if any.
pub(crate) fn with_retry_hint(app: &App, text: String) -> String {
    match retry_hint(app) {
        Some(hint) => format!("{text} {hint}"),
        None => text,
    }
}

/// Keys that edit a one-line field; everything else is the console's.
pub(crate) fn is_edit_key(key: &KeyEvent) -> bool {
    !matches!(
        key.code,
        KeyCode::Enter
            | KeyCode::Tab
            | KeyCode::BackTab
            | KeyCode::Up
            | KeyCode::Down
            | KeyCode::Esc
            | KeyCode::PageUp
            | KeyCode::PageDown
    )
}

/// Edits a one-line field with the keys of a shell prompt (readline): Ctrl-U clears to the start,
/// Ctrl-W deletes a word, Ctrl-A/Ctrl-E go to the ends; the rest as in a text
/// ([`TextBuffer::input`]). Keys that are not for a one-line field ([`is_edit_key`]) change nothing.
pub(crate) fn edit_line(field: &mut TextBuffer, key: KeyEvent) -> bool {
    if !is_edit_key(&key) {
        return false;
    }
    if key.modifiers == KeyModifiers::CONTROL {
        match key.code {
            KeyCode::Char('u') => return field.delete_line_by_head(),
            KeyCode::Char('w') => return field.delete_word(),
            KeyCode::Char('a') => {
                field.move_cursor(Move::Head);
                return false;
            }
            KeyCode::Char('e') => {
                field.move_cursor(Move::End);
                return false;
            }
            KeyCode::Char('m') | KeyCode::Char('j') => return false, // never a newline
            _ => {}
        }
    }
    field.input(key)
}

/// Pasted text for a one-line field: one line, nothing that could drive the terminal.
pub(crate) fn clean_paste(text: &str) -> String {
    sanitize_line(text.trim()).replace('\u{FFFD}', "")
}

/// `R`/`F5`: the last action that failed for want of a connection, again, with the same key.
pub fn retry(app: &mut App) -> Vec<Effect> {
    let Some(effect) = app.retry.take() else {
        return vec![];
    };
    notice(app, Level::Info, tr(app.lang, "retry.running"));
    vec![again(app, effect)]
}

/// Whether `effect` only reads from the portal: what the reconnection may run again unseen
/// (an action never is).
pub(crate) fn is_read(effect: &Effect) -> bool {
    if let Effect::Call(call) = effect {
        return call.is_read();
    }
    matches!(
        effect,
        Effect::Users(UsersEffect::Search { .. })
            | Effect::Users(UsersEffect::LoadDetail { .. })
            | Effect::Pqr(PqrEffect::LoadPqrs { .. })
            | Effect::Pqr(PqrEffect::LoadPqr { .. })
            | Effect::Board(BoardEffect::LoadBoard { .. })
            | Effect::Conversations(ConversationsEffect::LoadConversations { .. })
            | Effect::Conversations(ConversationsEffect::LoadConversation { .. })
    )
}

/// `effect` asked for again: a search as a new generation, and the state told that the answer
/// to a load is wanted when it comes back. Other effects go as they are (same idempotency key).
pub fn again(app: &mut App, effect: Effect) -> Effect {
    match effect {
        Effect::Users(UsersEffect::Search { query, .. }) => {
            app.users.generation += 1;
            app.users.searching = true;
            Effect::Users(UsersEffect::Search {
                generation: app.users.generation,
                query,
            })
        }
        Effect::Users(UsersEffect::LoadDetail { user_id }) => {
            app.users.loading_detail = Some(user_id);
            Effect::Users(UsersEffect::LoadDetail { user_id })
        }
        Effect::Pqr(PqrEffect::LoadPqr { id }) => {
            app.pqr.loading_detail = Some(id);
            Effect::Pqr(PqrEffect::LoadPqr { id })
        }
        Effect::Pqr(PqrEffect::LoadPqrs {
            generation,
            query,
            cursor,
        }) => {
            if cursor.is_some() {
                app.pqr.loading_more = true;
            } else {
                app.pqr.loading = true;
            }
            Effect::Pqr(PqrEffect::LoadPqrs {
                generation,
                query,
                cursor,
            })
        }
        Effect::Board(BoardEffect::LoadBoard { generation, after }) => {
            app.board.loading = true;
            Effect::Board(BoardEffect::LoadBoard { generation, after })
        }
        Effect::Conversations(ConversationsEffect::LoadConversations { .. }) => {
            app.conversations.load()
        }
        Effect::Conversations(ConversationsEffect::LoadConversation { id }) => {
            app.conversations.loading_open = Some(id);
            Effect::Conversations(ConversationsEffect::LoadConversation { id })
        }
        other => other,
    }
}

pub fn quit(app: &mut App) -> Vec<Effect> {
    app.should_quit = true;
    vec![Effect::Quit]
}

/// The drafts the app knows of follow what is saved to disk.
pub(crate) fn upsert_draft(app: &mut App, draft: &Draft) {
    match app.drafts.iter_mut().find(|d| d.key == draft.key) {
        Some(d) => *d = draft.clone(),
        None => app.drafts.push(draft.clone()),
    }
}

/// A change of the open ticket, under If-Match with the version the operator saw.
pub fn patch_pqr(app: &mut App, id: i64, patch: PqrPatch) -> Vec<Effect> {
    let Some(etag) = app
        .pqr
        .detail
        .as_ref()
        .filter(|d| d.pqr.summary.id == id)
        .map(|d| d.etag.clone())
    else {
        return vec![];
    };
    notice(app, Level::Info, tr(app.lang, "pqr.saving"));
    vec![Effect::Pqr(PqrEffect::PatchPqr { id, etag, patch })]
}

/// Leaves the walkthrough for the users screen and stops following the user.
pub(crate) fn leave_walk(app: &mut App) -> Vec<Effect> {
    app.walk = None;
    app.screen = Screen::Users;
    vec![Effect::Walk(WalkEffect::Unwatch)]
}
