//! `update(state, msg) → effects`: every decision of the console, without a terminal or a network,
//! so that all of it is unit-tested.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};
use jiff::SignedDuration;

use super::keymap::{Action, Context};
use super::messages::error_text;
use super::msg::{Effect, Msg, Reply};
use super::palette::{self, Command};
use super::portal_types::PortalError;
use super::state::{
    App, Confirm, ConfirmKind, Connection, DetailState, Focus, Level, Modal, Notice, PaletteState,
    Screen, VerifyField, VerifyForm, line_input, text_of,
};
use crate::api::{UserStatus, VerificationRequest};
use crate::domain::identity::{normalize_birth_date, normalize_document};
use crate::domain::sanitize::sanitize_line;
use crate::i18n::{tr, trf};

/// How many rows a search asks for: a page of results is all an operator reads.
pub const SEARCH_LIMIT: u32 = 50;
/// How many timeline events the detail pane loads.
pub const TIMELINE_LIMIT: u32 = 50;

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Paste(text) => on_paste(app, &text),
        Msg::Resize { width, height } => {
            app.width = width;
            app.height = height;
            vec![]
        }
        Msg::Tick => on_tick(app),
        Msg::Portal(reply) => on_reply(app, reply),
    }
}

pub(crate) fn notice(app: &mut App, level: Level, text: impl Into<String>) {
    app.notice = Some(Notice {
        level,
        text: text.into(),
    });
}

fn on_tick(app: &mut App) -> Vec<Effect> {
    let before = app.users.cooldowns.len();
    let now = app.now;
    app.users.cooldowns.retain(|_, until| *until > now);
    let expired = before != app.users.cooldowns.len();
    // Countdowns change every second; relative times («hace 3 min») only matter with a detail open.
    app.tick_redraw = expired || app.wants_fast_ticks() || app.users.detail.is_some();
    if expired
        && app.users.cooldowns.is_empty()
        && app
            .notice
            .as_ref()
            .is_some_and(|n| n.level == Level::Warning)
    {
        app.notice = None;
    }
    vec![]
}

// ---------- keys ----------

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return vec![];
    }
    let ctx = app.context();
    let action = app.keymap.action(ctx, &key);
    let screen_level = matches!(
        ctx,
        Context::Search
            | Context::List
            | Context::Detail
            | Context::PqrList
            | Context::PqrDetail
            | Context::Walk
    );
    if screen_level && let Some(effects) = action.and_then(|a| global_action(app, a)) {
        return effects;
    }
    match ctx {
        Context::Search if action == Some(Action::Retry) => retry(app),
        Context::Search if app.screen == Screen::Pqr => super::pqr::on_search_key(app, key, action),
        Context::Search => on_search_key(app, key, action),
        Context::Palette => on_palette_key(app, key, action),
        Context::Verify if matches!(app.modal, Some(Modal::Extension(_))) => {
            super::pqr::on_extension_key(app, key, action)
        }
        Context::Verify => on_verify_key(app, key, action),
        Context::Confirm if matches!(app.modal, Some(Modal::ConfirmSend(_))) => match action {
            Some(Action::Confirm) => super::pqr::on_confirm_send(app, true),
            Some(Action::Back) => super::pqr::on_confirm_send(app, false),
            _ => vec![],
        },
        Context::Confirm => on_confirm_key(app, action),
        Context::Help if matches!(app.modal, Some(Modal::Radicado(_))) => {
            if matches!(action, Some(Action::Back)) || key.code == KeyCode::Enter {
                app.modal = None;
            }
            vec![]
        }
        Context::Help => on_help_key(app, action),
        Context::Editor => super::pqr::on_editor_key(app, key, action),
        Context::Create => super::create::on_key(app, key, action),
        Context::Walk => match action {
            Some(a) => super::walk::on_action(app, key, a),
            None => vec![],
        },
        Context::Explainer => super::walk::on_explainer_key(app, key, action),
        Context::Outcome => super::walk::on_outcome_key(app, key, action),
        Context::Picker => super::pqr::on_picker_key(app, action),
        Context::PqrList => match action {
            Some(Action::Retry) => retry(app),
            Some(a) => super::pqr::on_list_action(app, a),
            None => vec![],
        },
        Context::PqrDetail => match action {
            Some(Action::Retry) => retry(app),
            Some(a) => super::pqr::on_detail_action(app, a),
            None => vec![],
        },
        Context::List | Context::Detail => match action {
            Some(a) => on_screen_action(app, a),
            None => vec![],
        },
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
/// Ctrl-W deletes a word, Ctrl-A/Ctrl-E go to the ends; the rest as ratatui-textarea does.
pub(crate) fn edit_line(field: &mut ratatui_textarea::TextArea<'static>, key: KeyEvent) -> bool {
    use crossterm::event::KeyModifiers;
    use ratatui_textarea::CursorMove;
    if key.modifiers == KeyModifiers::CONTROL {
        match key.code {
            KeyCode::Char('u') => return field.delete_line_by_head(),
            KeyCode::Char('w') => return field.delete_word(),
            KeyCode::Char('a') => {
                field.move_cursor(CursorMove::Head);
                return false;
            }
            KeyCode::Char('e') => {
                field.move_cursor(CursorMove::End);
                return false;
            }
            KeyCode::Char('m') | KeyCode::Char('j') => return false, // never a newline
            _ => {}
        }
    }
    field.input(key)
}

/// Keys that mean the same on every screen (when no modal is open).
fn global_action(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    Some(match action {
        Action::Quit => quit(app),
        Action::Suspend => vec![Effect::Suspend],
        Action::Redraw => vec![Effect::Redraw],
        Action::Help => {
            app.modal = Some(Modal::Help { scroll: 0 });
            vec![]
        }
        Action::Palette => {
            app.modal = Some(Modal::Palette(Box::new(PaletteState {
                input: line_input(""),
                selected: 0,
            })));
            vec![]
        }
        Action::GoUsers => {
            app.screen = Screen::Users;
            vec![]
        }
        Action::GoPqr => super::pqr::go_pqr(app),
        _ => return None,
    })
}

fn on_search_key(app: &mut App, key: KeyEvent, action: Option<Action>) -> Vec<Effect> {
    match action {
        Some(Action::Open) => {
            if !app.users.results.is_empty() {
                app.users.focus = Focus::List;
            }
            return vec![];
        }
        Some(Action::Back) => {
            if app.users.results.is_empty() {
                app.users.search.clear();
                return search_changed(app);
            }
            app.users.focus = Focus::List;
            return vec![];
        }
        _ => {}
    }
    if is_edit_key(&key) && edit_line(&mut app.users.search, key) {
        return search_changed(app);
    }
    vec![]
}

fn search_text(app: &App) -> String {
    text_of(&app.users.search)
}

fn search_changed(app: &mut App) -> Vec<Effect> {
    app.users.generation += 1;
    let query = search_text(app).trim().to_string();
    if query.is_empty() {
        app.users.searching = false;
        app.users.results.clear();
        app.users.shown_query.clear();
        app.users.selected = 0;
        return vec![Effect::CancelSearch];
    }
    app.users.searching = true;
    vec![Effect::Search {
        generation: app.users.generation,
        query,
    }]
}

fn on_screen_action(app: &mut App, action: Action) -> Vec<Effect> {
    let in_detail = app.users.focus == Focus::Detail;
    match action {
        Action::FocusSearch => {
            app.users.focus = Focus::Search;
            vec![]
        }
        Action::Down
        | Action::Up
        | Action::PageDown
        | Action::PageUp
        | Action::Top
        | Action::Bottom
            if in_detail =>
        {
            scroll_detail(app, action);
            vec![]
        }
        Action::Down => move_selection(app, 1),
        Action::Up => move_selection(app, -1),
        Action::PageDown => move_selection(app, page_rows(app)),
        Action::PageUp => move_selection(app, -page_rows(app)),
        Action::Top => move_selection(app, isize::MIN / 2),
        Action::Bottom => move_selection(app, isize::MAX / 2),
        Action::Open => open_detail(app),
        Action::NextPane => {
            if app.users.detail.is_some() {
                app.users.focus = Focus::Detail;
            }
            vec![]
        }
        Action::Back => {
            app.users.focus = Focus::List;
            vec![]
        }
        Action::Verify => start_verify(app),
        Action::Resend => start_resend(app),
        Action::Unlock => start_unlock(app),
        Action::Copy => copy(app),
        Action::CreatePqr => super::create::start(app),
        Action::Walk => super::walk::start(app),
        Action::Retry => retry(app),
        _ => vec![],
    }
}

fn quit(app: &mut App) -> Vec<Effect> {
    app.should_quit = true;
    vec![Effect::Quit]
}

fn page_rows(app: &App) -> isize {
    (app.height as isize / 3).max(1)
}

fn move_selection(app: &mut App, by: isize) -> Vec<Effect> {
    let n = app.users.results.len();
    if n == 0 {
        return vec![];
    }
    let next = (app.users.selected as isize)
        .saturating_add(by)
        .clamp(0, n as isize - 1);
    app.users.selected = next as usize;
    vec![]
}

fn scroll_detail(app: &mut App, action: Action) {
    let page = page_rows(app) as u16;
    if let Some(d) = &mut app.users.detail {
        let max = d.timeline.len() as u16;
        d.scroll = match action {
            Action::Down => d.scroll.saturating_add(1),
            Action::Up => d.scroll.saturating_sub(1),
            Action::PageDown => d.scroll.saturating_add(page),
            Action::PageUp => d.scroll.saturating_sub(page),
            Action::Top => 0,
            _ => max,
        }
        .min(max);
    }
}

fn open_detail(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.selected_user() else {
        return vec![];
    };
    let id = user.id;
    app.users.focus = Focus::Detail;
    if app
        .users
        .detail
        .as_ref()
        .is_some_and(|d| d.user.summary.id == id)
    {
        return vec![];
    }
    app.users.loading_detail = Some(id);
    vec![Effect::LoadDetail { user_id: id }]
}

fn start_verify(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.target_user() else {
        return vec![];
    };
    let mut document = line_input(tr(app.lang, "verify.document_placeholder"));
    document.set_cursor_line_style(ratatui::style::Style::new());
    let form = VerifyForm {
        user_id: user.id,
        name: user.full_name.clone(),
        document,
        birth_date: line_input(tr(app.lang, "verify.birth_placeholder")),
        field: VerifyField::Document,
        pending: false,
        result: None,
        error: None,
        idempotency_key: None,
    };
    app.modal = Some(Modal::Verify(Box::new(form)));
    vec![]
}

fn start_resend(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.target_user().cloned() else {
        return vec![];
    };
    if let Some(left) = app.cooldown_left(user.id) {
        notice(
            app,
            Level::Warning,
            trf(app.lang, "resend.wait", &[("s", &left.to_string())]),
        );
        return vec![];
    }
    app.modal = Some(confirm_modal(ConfirmKind::Resend, user));
    vec![]
}

fn confirm_modal(kind: ConfirmKind, user: crate::api::UserSummary) -> Modal {
    Modal::Confirm(Confirm {
        kind,
        user_id: user.id,
        name: user.full_name,
        email_masked: user.email_masked,
    })
}

fn start_unlock(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.target_user().cloned() else {
        return vec![];
    };
    let detail = app
        .users
        .detail
        .as_ref()
        .filter(|d| d.user.summary.id == user.id);
    let locked = user.status == UserStatus::Locked
        || detail.is_some_and(|d| d.user.locked_until.is_some_and(|u| u > app.now));
    if !locked {
        notice(app, Level::Info, tr(app.lang, "unlock.not_locked"));
        return vec![];
    }
    if app.verified_until(user.id).is_none() {
        notice(app, Level::Warning, tr(app.lang, "unlock.verify_first"));
        return vec![];
    }
    app.modal = Some(confirm_modal(ConfirmKind::Unlock, user));
    vec![]
}

fn copy(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.target_user() else {
        return vec![];
    };
    let text = user.email_masked.clone();
    notice(
        app,
        Level::Info,
        trf(app.lang, "copy.done", &[("text", &text)]),
    );
    vec![Effect::Copy(text)]
}

pub(crate) fn retry(app: &mut App) -> Vec<Effect> {
    let Some(effect) = app.retry.take() else {
        return vec![];
    };
    notice(app, Level::Info, tr(app.lang, "retry.running"));
    let effect = match effect {
        Effect::Search { query, .. } => {
            app.users.generation += 1;
            app.users.searching = true;
            Effect::Search {
                generation: app.users.generation,
                query,
            }
        }
        // The answer to a retried load must be wanted when it comes back.
        Effect::LoadDetail { user_id } => {
            app.users.loading_detail = Some(user_id);
            Effect::LoadDetail { user_id }
        }
        Effect::LoadPqr { id } => {
            app.pqr.loading_detail = Some(id);
            Effect::LoadPqr { id }
        }
        Effect::LoadPqrs {
            generation,
            query,
            cursor,
        } => {
            if cursor.is_some() {
                app.pqr.loading_more = true;
            } else {
                app.pqr.loading = true;
            }
            Effect::LoadPqrs {
                generation,
                query,
                cursor,
            }
        }
        other => other,
    };
    vec![effect]
}

fn on_help_key(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    if let Some(Modal::Help { scroll }) = &mut app.modal {
        match action {
            Some(Action::Down) => *scroll = scroll.saturating_add(1),
            Some(Action::Up) => *scroll = scroll.saturating_sub(1),
            Some(Action::Back) => app.modal = None,
            _ => {}
        }
    }
    vec![]
}

fn on_palette_key(app: &mut App, key: KeyEvent, action: Option<Action>) -> Vec<Effect> {
    let Some(Modal::Palette(p)) = &mut app.modal else {
        return vec![];
    };
    let query = text_of(&p.input);
    let found = palette::matching(&query);
    match action {
        Some(Action::Back) => app.modal = None,
        Some(Action::Down) => p.selected = (p.selected + 1).min(found.len().saturating_sub(1)),
        Some(Action::Up) => p.selected = p.selected.saturating_sub(1),
        Some(Action::Confirm) => {
            let chosen = found.get(p.selected).copied();
            app.modal = None;
            if let Some(command) = chosen {
                return run_command(app, command);
            }
        }
        _ => {
            if is_edit_key(&key) && edit_line(&mut p.input, key) {
                p.selected = 0;
            }
        }
    }
    vec![]
}

pub fn run_command(app: &mut App, command: Command) -> Vec<Effect> {
    match command {
        Command::Users => {
            app.screen = Screen::Users;
            app.users.focus = Focus::Search;
        }
        Command::Pqr => return super::pqr::go_pqr(app),
        Command::Help => app.modal = Some(Modal::Help { scroll: 0 }),
        Command::Lang(lang) => {
            app.lang = lang;
            app.relabel();
            notice(app, Level::Info, tr(lang, "palette.lang_changed"));
        }
        Command::Theme(theme) => app.theme = theme,
        Command::Quit => return quit(app),
    }
    vec![]
}

fn on_confirm_key(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    match action {
        Some(Action::Back) => {
            app.modal = None;
            vec![]
        }
        Some(Action::Confirm) => {
            let Some(Modal::Confirm(c)) = app.modal.take() else {
                return vec![];
            };
            let idempotency_key = app.new_idempotency_key();
            match c.kind {
                ConfirmKind::Resend => {
                    notice(app, Level::Info, tr(app.lang, "resend.sending"));
                    vec![Effect::SendResetLink {
                        user_id: c.user_id,
                        idempotency_key,
                    }]
                }
                ConfirmKind::Unlock => {
                    notice(app, Level::Info, tr(app.lang, "unlock.sending"));
                    vec![Effect::Unlock {
                        user_id: c.user_id,
                        idempotency_key,
                    }]
                }
            }
        }
        _ => vec![],
    }
}

fn on_verify_key(app: &mut App, key: KeyEvent, action: Option<Action>) -> Vec<Effect> {
    let Some(Modal::Verify(form)) = &mut app.modal else {
        return vec![];
    };
    if action == Some(Action::Back) {
        app.modal = None;
        return vec![];
    }
    if form.pending {
        return vec![];
    }
    match action {
        Some(Action::NextField) => {
            form.field = match form.field {
                VerifyField::Document => VerifyField::BirthDate,
                VerifyField::BirthDate => VerifyField::Document,
            };
        }
        Some(Action::Confirm) => return submit_verify(app),
        _ => {
            let field = match form.field {
                VerifyField::Document => &mut form.document,
                VerifyField::BirthDate => &mut form.birth_date,
            };
            if is_edit_key(&key) && edit_line(field, key) {
                form.error = None;
                form.result = None;
            }
        }
    }
    vec![]
}

fn submit_verify(app: &mut App) -> Vec<Effect> {
    let lang = app.lang;
    let next_key = format!("{}-{}", app.session, app.next_key + 1);
    let Some(Modal::Verify(form)) = &mut app.modal else {
        return vec![];
    };
    let doc_text = text_of(&form.document);
    let date_text = text_of(&form.birth_date);
    let Some(document_number) = normalize_document(&doc_text) else {
        form.error = Some(tr(lang, "verify.bad_document").into());
        form.field = VerifyField::Document;
        return vec![];
    };
    let Some(birth_date) = normalize_birth_date(&date_text).map(|d| d.to_string()) else {
        form.error = Some(tr(lang, "verify.bad_date").into());
        form.field = VerifyField::BirthDate;
        return vec![];
    };
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
    vec![Effect::Verify {
        user_id: form.user_id,
        idempotency_key: key,
        request: VerificationRequest {
            document_number,
            birth_date,
        },
    }]
}

fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let clean = sanitize_line(text.trim()).replace('\u{FFFD}', "");
    if matches!(app.modal, Some(Modal::Editor(_))) {
        return super::pqr::on_editor_paste(app, text);
    }
    match &mut app.modal {
        Some(Modal::Palette(p)) => {
            p.input.insert_str(&clean);
            p.selected = 0;
            vec![]
        }
        Some(Modal::Verify(form)) if !form.pending => {
            match form.field {
                VerifyField::Document => form.document.insert_str(&clean),
                VerifyField::BirthDate => form.birth_date.insert_str(&clean),
            };
            vec![]
        }
        None if app.screen == Screen::Pqr
            && app.pqr.focus == super::pqr_state::PqrFocus::Search =>
        {
            app.pqr.search.insert_str(&clean);
            super::pqr::reload(app)
        }
        None if app.screen == Screen::Users && app.users.focus == Focus::Search => {
            app.users.search.insert_str(&clean);
            search_changed(app)
        }
        _ => vec![],
    }
}

// ---------- portal replies ----------

/// The portal answered: whatever the answer, it is reachable.
pub(crate) fn reached(app: &mut App) {
    if matches!(app.connection, Connection::Offline | Connection::Connecting) {
        app.connection = Connection::Online;
        if app.notice.as_ref().is_some_and(|n| n.level == Level::Error) {
            app.notice = None;
        }
    }
}

/// Shows `err`, updates the connection state, and keeps `retry` for `R` when worth retrying.
pub(crate) fn failed(app: &mut App, err: &PortalError, retry: Option<Effect>) {
    match err {
        PortalError::Offline(_) => app.connection = Connection::Offline,
        PortalError::Unauthorized => app.connection = Connection::Unauthorized,
        _ => reached(app),
    }
    if err.is_transient() {
        app.retry = retry;
    }
    notice(app, Level::Error, error_text(app.lang, err));
}

fn on_reply(app: &mut App, reply: Reply) -> Vec<Effect> {
    match reply {
        Reply::Me(Ok(op)) => {
            reached(app);
            app.operator = Some(op);
            vec![]
        }
        Reply::Me(Err(e)) => {
            failed(app, &e, Some(Effect::LoadMe));
            vec![]
        }
        Reply::Search { generation, result } => {
            if generation != app.users.generation {
                return vec![]; // superseded by more typing
            }
            app.users.searching = false;
            match result {
                Ok(page) => {
                    reached(app);
                    app.users.shown_query = search_text(app).trim().to_string();
                    app.users.results = page.items;
                    app.users.more_results = page.next_cursor.is_some();
                    app.users.selected = 0;
                }
                Err(e) => {
                    let query = search_text(app).trim().to_string();
                    failed(app, &e, Some(Effect::Search { generation, query }));
                }
            }
            vec![]
        }
        Reply::Detail { user_id, result } => {
            let wanted = app.users.loading_detail == Some(user_id)
                || app
                    .users
                    .detail
                    .as_ref()
                    .is_some_and(|d| d.user.summary.id == user_id);
            if !wanted {
                return vec![];
            }
            app.users.loading_detail = None;
            match result {
                Ok((user, timeline)) => {
                    reached(app);
                    if let Some(row) = app.users.results.iter_mut().find(|r| r.id == user_id) {
                        *row = user.summary.clone();
                    }
                    app.users.detail = Some(DetailState {
                        user,
                        timeline,
                        scroll: 0,
                    });
                }
                Err(e) => failed(app, &e, Some(Effect::LoadDetail { user_id })),
            }
            vec![]
        }
        Reply::Verified { user_id, result } => on_verified(app, user_id, result),
        reply @ Reply::Created { .. } => super::create::on_reply(app, reply),
        reply @ (Reply::Live { .. } | Reply::OutcomeRecorded { .. }) => {
            super::walk::on_reply(app, reply)
        }
        reply @ (Reply::Pqrs { .. }
        | Reply::Pqr { .. }
        | Reply::Patched { .. }
        | Reply::MessageSent { .. }) => super::pqr::on_reply(app, reply),
        Reply::ResetSent {
            user_id,
            idempotency_key,
            result,
        } => match result {
            Ok(sent) => {
                reached(app);
                let expires = crate::format::time::clock_time(sent.expires_at);
                notice(
                    app,
                    Level::Success,
                    trf(
                        app.lang,
                        "resend.sent",
                        &[("email", &sent.email_masked), ("expires", &expires)],
                    ),
                );
                vec![Effect::LoadDetail { user_id }]
            }
            Err(PortalError::RateLimited { retry_after, .. }) => {
                reached(app);
                let until = app.now + SignedDuration::from_secs(retry_after as i64);
                app.users.cooldowns.insert(user_id, until);
                notice(
                    app,
                    Level::Warning,
                    trf(app.lang, "resend.wait", &[("s", &retry_after.to_string())]),
                );
                vec![]
            }
            Err(e) => {
                failed(
                    app,
                    &e,
                    Some(Effect::SendResetLink {
                        user_id,
                        idempotency_key,
                    }),
                );
                vec![]
            }
        },
        Reply::Unlocked {
            user_id,
            idempotency_key,
            result,
        } => match result {
            Ok(_) => {
                reached(app);
                notice(app, Level::Success, tr(app.lang, "unlock.done"));
                vec![Effect::LoadDetail { user_id }]
            }
            Err(e) => {
                failed(
                    app,
                    &e,
                    Some(Effect::Unlock {
                        user_id,
                        idempotency_key,
                    }),
                );
                vec![]
            }
        },
    }
}

fn on_verified(
    app: &mut App,
    user_id: i64,
    result: Result<crate::api::VerificationResult, PortalError>,
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
            form.result = Some(r);
            reached(app);
            vec![Effect::LoadDetail { user_id }]
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
            vec![Effect::LoadDetail { user_id }]
        }
        (Err(e), Some(form)) => {
            form.pending = false;
            form.error = Some(error_text(lang, &e));
            match e {
                PortalError::Offline(_) => app.connection = Connection::Offline,
                PortalError::Unauthorized => app.connection = Connection::Unauthorized,
                _ => reached(app),
            }
            vec![]
        }
        (Err(e), None) => {
            failed(app, &e, None);
            vec![]
        }
    }
}
