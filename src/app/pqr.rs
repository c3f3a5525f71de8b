//! The PQR screen's decisions: list filters and paging, the detail's actions under If-Match,
//! the note/reply editor with its draft, the pickers, and the replies of the portal.

use crossterm::event::KeyEvent;

use super::keymap::Action;
use super::msg::{Effect, Reply};
use super::portal_types::PortalError;
use super::pqr_state::{
    EditorState, ExtensionForm, PqrDetailState, PqrFocus, Scope, canned_responses,
};
use super::state::{App, Focus, Level, Modal, Screen, text_of};
use super::update::{edit_line, failed, is_edit_key, notice, reached};
use crate::api::{PqrDetail, PqrPatch, PqrStatus, PqrType, Visibility};
use crate::drafts::Draft;
use crate::i18n::{tr, trf};

/// Fetch the next page when the selection comes this close to the end of what is loaded.
const PREFETCH_ROWS: usize = 20;

pub fn go_pqr(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Pqr;
    if app.pqr.loaded || app.pqr.loading {
        return vec![];
    }
    reload(app)
}

pub fn reload(app: &mut App) -> Vec<Effect> {
    app.pqr.generation += 1;
    app.pqr.loading = true;
    app.pqr.loading_more = false;
    vec![Effect::LoadPqrs {
        generation: app.pqr.generation,
        query: app.pqr.query(),
        cursor: None,
    }]
}

fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current {
        None => all.first().copied(),
        Some(c) => all
            .iter()
            .position(|x| *x == c)
            .and_then(|i| all.get(i + 1).copied()),
    }
}

pub fn on_search_key(app: &mut App, key: KeyEvent, action: Option<Action>) -> Vec<Effect> {
    match action {
        Some(Action::Open) | Some(Action::Back) => {
            app.pqr.focus = PqrFocus::List;
            vec![]
        }
        _ if is_edit_key(&key) && edit_line(&mut app.pqr.search, key) => reload(app),
        _ => vec![],
    }
}

fn move_selection(app: &mut App, by: isize) -> Vec<Effect> {
    let n = app.pqr.items.len();
    if n == 0 {
        return vec![];
    }
    let next = (app.pqr.selected as isize)
        .saturating_add(by)
        .clamp(0, n as isize - 1);
    app.pqr.selected = next as usize;
    more_if_needed(app)
}

fn more_if_needed(app: &mut App) -> Vec<Effect> {
    let p = &mut app.pqr;
    if p.selected + PREFETCH_ROWS < p.items.len() || p.loading_more || p.loading {
        return vec![];
    }
    let Some(cursor) = p.next_cursor.clone() else {
        return vec![];
    };
    p.loading_more = true;
    vec![Effect::LoadPqrs {
        generation: p.generation,
        query: p.query(),
        cursor: Some(cursor),
    }]
}

fn page(app: &App) -> isize {
    (app.height as isize - 6).max(1)
}

pub fn on_list_action(app: &mut App, action: Action) -> Vec<Effect> {
    let p = &mut app.pqr;
    match action {
        Action::Down => move_selection(app, 1),
        Action::Up => move_selection(app, -1),
        Action::PageDown => move_selection(app, page(app)),
        Action::PageUp => move_selection(app, -page(app)),
        Action::Top => move_selection(app, isize::MIN / 2),
        Action::Bottom => move_selection(app, isize::MAX / 2),
        Action::FocusSearch => {
            p.focus = PqrFocus::Search;
            vec![]
        }
        Action::Open => {
            let Some(row) = p.items.get(p.selected) else {
                return vec![];
            };
            let id = row.id;
            p.focus = PqrFocus::Detail;
            if p.detail.as_ref().is_some_and(|d| d.pqr.summary.id == id) {
                return vec![];
            }
            p.loading_detail = Some(id);
            vec![Effect::LoadPqr { id }]
        }
        Action::NextPane => {
            if p.detail.is_some() {
                p.focus = PqrFocus::Detail;
            }
            vec![]
        }
        Action::FilterStatus => {
            p.status = cycle(&PqrStatus::ALL, p.status);
            reload(app)
        }
        Action::FilterType => {
            p.pqr_type = cycle(&PqrType::ALL, p.pqr_type);
            reload(app)
        }
        Action::FilterScope => {
            p.scope = match p.scope {
                Scope::All => Scope::Mine,
                Scope::Mine => Scope::Unassigned,
                Scope::Unassigned => Scope::All,
            };
            reload(app)
        }
        Action::FilterOverdue => {
            p.overdue = !p.overdue;
            if p.overdue {
                p.due_today = false;
            }
            reload(app)
        }
        Action::FilterToday => {
            p.due_today = !p.due_today;
            if p.due_today {
                p.overdue = false;
            }
            reload(app)
        }
        Action::SortOrder => {
            p.descending = !p.descending;
            reload(app)
        }
        _ => vec![],
    }
}

pub fn on_detail_action(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let page = page(app) as u16;
    let me = app.operator_id();
    let Some(d) = &mut app.pqr.detail else {
        if action == Action::Back {
            app.pqr.focus = PqrFocus::List;
        }
        return vec![];
    };
    let id = d.pqr.summary.id;
    match action {
        Action::Back => {
            app.pqr.focus = PqrFocus::List;
            vec![]
        }
        Action::Down => scroll(d, 1, true),
        Action::Up => scroll(d, 1, false),
        Action::PageDown => scroll(d, page, true),
        Action::PageUp => scroll(d, page, false),
        Action::Top => scroll(d, u16::MAX, false),
        Action::Bottom => scroll(d, u16::MAX, true),
        Action::AssignMe => match me {
            Some(me) => vec![Effect::PatchPqr {
                id,
                etag: d.etag.clone(),
                patch: PqrPatch {
                    assignee_id: Some(Some(me)),
                    ..Default::default()
                },
            }],
            None => vec![],
        },
        Action::ChangeStatus => {
            let options = d.pqr.allowed_transitions.clone();
            if options.is_empty() {
                notice(app, Level::Info, tr(lang, "pqr.no_transitions"));
                return vec![];
            }
            app.modal = Some(Modal::StatusPicker {
                pqr_id: id,
                options,
                selected: 0,
            });
            vec![]
        }
        Action::Note => open_editor(app, Visibility::Internal),
        Action::Reply => open_editor(app, Visibility::Public),
        Action::GoUser => match d.pqr.summary.user_id {
            Some(user_id) => {
                app.screen = Screen::Users;
                app.users.focus = Focus::Detail;
                app.users.loading_detail = Some(user_id);
                vec![Effect::LoadDetail { user_id }]
            }
            None => {
                notice(app, Level::Info, tr(lang, "pqr.no_user"));
                vec![]
            }
        },
        _ => vec![],
    }
}

fn scroll(d: &mut PqrDetailState, by: u16, down: bool) -> Vec<Effect> {
    let max = 10 + d.pqr.messages.len() as u16 * 4 + d.pqr.body.lines().count() as u16;
    d.scroll = if down {
        d.scroll.saturating_add(by)
    } else {
        d.scroll.saturating_sub(by)
    }
    .min(max);
    vec![]
}

/// Opens the editor on this ticket's draft of that kind, or on a new one.
pub fn open_editor(app: &mut App, visibility: Visibility) -> Vec<Effect> {
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
        },
    };
    app.modal = Some(editor_modal(draft));
    vec![]
}

pub fn editor_modal(draft: Draft) -> Modal {
    let mut text = ratatui_textarea::TextArea::new(draft.body.lines().map(String::from).collect());
    text.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
    text.set_cursor_line_style(ratatui::style::Style::new());
    text.move_cursor(ratatui_textarea::CursorMove::Bottom);
    text.move_cursor(ratatui_textarea::CursorMove::End);
    Modal::Editor(Box::new(EditorState {
        draft,
        text,
        canned: None,
    }))
}

pub fn upsert_draft(app: &mut App, draft: &Draft) {
    match app.drafts.iter_mut().find(|d| d.key == draft.key) {
        Some(d) => *d = draft.clone(),
        None => app.drafts.push(draft.clone()),
    }
}

pub fn on_editor_key(app: &mut App, key: KeyEvent, action: Option<Action>) -> Vec<Effect> {
    let lang = app.lang;
    let now = app.now;
    let Some(Modal::Editor(e)) = &mut app.modal else {
        return vec![];
    };
    match action {
        Some(Action::Back) => {
            let kept = !e.draft.body.trim().is_empty();
            app.modal = None;
            if kept {
                notice(app, Level::Info, tr(lang, "editor.kept"));
            }
            vec![]
        }
        Some(Action::Send) => {
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
            vec![Effect::SendMessage(draft)]
        }
        Some(Action::Help) => vec![],
        _ => {
            // Enter is a new line here; everything else edits.
            if !e.text.input(key) {
                return vec![];
            }
            e.draft.body = text_of(&e.text);
            e.draft.saved_at = now;
            let ratatui_textarea::DataCursor(row, col) = e.text.cursor();
            let before: String = e.text.lines()[row].chars().take(col).collect();
            if before.ends_with("::") {
                e.canned = Some(0);
            }
            let draft = e.draft.clone();
            upsert_draft(app, &draft);
            vec![Effect::SaveDraft(draft)]
        }
    }
}

pub fn on_editor_paste(app: &mut App, text: &str) -> Vec<Effect> {
    let now = app.now;
    let Some(Modal::Editor(e)) = &mut app.modal else {
        return vec![];
    };
    let clean = crate::domain::sanitize::sanitize(text).replace('\u{FFFD}', "");
    e.text.insert_str(&clean);
    e.draft.body = text_of(&e.text);
    e.draft.saved_at = now;
    let draft = e.draft.clone();
    upsert_draft(app, &draft);
    vec![Effect::SaveDraft(draft)]
}

pub fn on_picker_key(app: &mut App, action: Option<Action>) -> Vec<Effect> {
    let canned_len = canned_responses().len();
    let lang = app.lang;
    let drafts_len = app.drafts.len();
    match &mut app.modal {
        Some(Modal::Editor(e)) => {
            let Some(sel) = &mut e.canned else {
                return vec![];
            };
            match action {
                Some(Action::Down) => *sel = (*sel + 1).min(canned_len.saturating_sub(1)),
                Some(Action::Up) => *sel = sel.saturating_sub(1),
                Some(Action::Back) => e.canned = None,
                Some(Action::Confirm) => {
                    let chosen = canned_responses().get(*sel);
                    e.canned = None;
                    if let Some(c) = chosen {
                        e.text.delete_char();
                        e.text.delete_char();
                        e.text.insert_str(&c.body);
                        e.draft.body = text_of(&e.text);
                        let draft = e.draft.clone();
                        upsert_draft(app, &draft);
                        return vec![Effect::SaveDraft(draft)];
                    }
                }
                _ => {}
            }
            vec![]
        }
        Some(Modal::StatusPicker {
            pqr_id,
            options,
            selected,
        }) => {
            match action {
                Some(Action::Down) => {
                    *selected = (*selected + 1).min(options.len().saturating_sub(1))
                }
                Some(Action::Up) => *selected = selected.saturating_sub(1),
                Some(Action::Back) => app.modal = None,
                Some(Action::Confirm) => {
                    let (id, status) = (*pqr_id, options.get(*selected).copied());
                    app.modal = None;
                    return match status {
                        Some(PqrStatus::Prorrogada) => {
                            app.modal = Some(extension_form(id, "", ""));
                            vec![]
                        }
                        Some(status) => patch(
                            app,
                            id,
                            PqrPatch {
                                status: Some(status),
                                ..Default::default()
                            },
                        ),
                        None => vec![],
                    };
                }
                _ => {}
            }
            vec![]
        }
        Some(Modal::Drafts { selected }) => {
            match action {
                Some(Action::Down) => *selected = (*selected + 1).min(drafts_len.saturating_sub(1)),
                Some(Action::Up) => *selected = selected.saturating_sub(1),
                Some(Action::Back) => {
                    app.modal = None;
                    notice(app, Level::Info, tr(lang, "drafts.later"));
                }
                Some(Action::Discard) => {
                    let i = *selected;
                    if i < app.drafts.len() {
                        let gone = app.drafts.remove(i);
                        if app.drafts.is_empty() {
                            app.modal = None;
                        } else if let Some(Modal::Drafts { selected }) = &mut app.modal {
                            *selected = i.min(app.drafts.len() - 1);
                        }
                        return vec![Effect::RemoveDraft(gone.key)];
                    }
                }
                Some(Action::Confirm) => {
                    let Some(draft) = app.drafts.get(*selected).cloned() else {
                        return vec![];
                    };
                    if draft.new_pqr.is_some() {
                        app.screen = Screen::Users;
                        return super::create::reopen(app, draft);
                    }
                    // Open the ticket under the editor, so the thread is there when it closes.
                    app.screen = Screen::Pqr;
                    app.pqr.focus = PqrFocus::Detail;
                    app.pqr.loading_detail = Some(draft.pqr_id);
                    let id = draft.pqr_id;
                    app.modal = Some(editor_modal(draft));
                    return vec![Effect::LoadPqr { id }];
                }
                _ => {}
            }
            vec![]
        }
        _ => vec![],
    }
}

pub fn extension_form(pqr_id: i64, reason: &str, date: &str) -> Modal {
    let mut r = super::state::line_input("");
    r.insert_str(reason);
    let mut d = super::state::line_input("AAAA-MM-DD");
    d.insert_str(date);
    Modal::Extension(Box::new(ExtensionForm {
        pqr_id,
        reason: r,
        new_date: d,
        on_date: false,
        error: None,
    }))
}

pub fn on_extension_key(app: &mut App, key: KeyEvent, action: Option<Action>) -> Vec<Effect> {
    let lang = app.lang;
    let Some(Modal::Extension(f)) = &mut app.modal else {
        return vec![];
    };
    match action {
        Some(Action::Back) => app.modal = None,
        Some(Action::NextField) => f.on_date = !f.on_date,
        Some(Action::Confirm) => {
            let reason = text_of(&f.reason).trim().to_string();
            let date_text = text_of(&f.new_date);
            let Some(date) = crate::domain::identity::parse_date(&date_text) else {
                f.error = Some(tr(lang, "extension.bad_date").into());
                f.on_date = true;
                return vec![];
            };
            if reason.chars().count() < 10 {
                f.error = Some(tr(lang, "extension.short_reason").into());
                f.on_date = false;
                return vec![];
            }
            let id = f.pqr_id;
            app.modal = None;
            return patch(
                app,
                id,
                PqrPatch {
                    status: Some(PqrStatus::Prorrogada),
                    extension_reason: Some(reason),
                    new_due_date: Some(date),
                    ..Default::default()
                },
            );
        }
        _ => {
            let field = if f.on_date {
                &mut f.new_date
            } else {
                &mut f.reason
            };
            if is_edit_key(&key) && edit_line(field, key) {
                f.error = None;
            }
        }
    }
    vec![]
}

fn patch(app: &mut App, id: i64, patch: PqrPatch) -> Vec<Effect> {
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
    vec![Effect::PatchPqr { id, etag, patch }]
}

pub fn on_confirm_send(app: &mut App, confirmed: bool) -> Vec<Effect> {
    let Some(Modal::ConfirmSend(draft)) = app.modal.take() else {
        return vec![];
    };
    if confirmed {
        notice(app, Level::Info, tr(app.lang, "editor.sending"));
        vec![Effect::SendMessage(*draft)]
    } else {
        app.modal = Some(editor_modal(*draft));
        vec![]
    }
}

/// What someone else changed between two versions of a ticket, in words.
fn changes(lang: crate::i18n::Lang, old: &PqrDetail, new: &PqrDetail) -> Vec<String> {
    let mut out = Vec::new();
    if old.summary.status != new.summary.status {
        out.push(trf(
            lang,
            "conflict.status",
            &[
                (
                    "from",
                    tr(lang, &format!("pqr_status.{}", old.summary.status.as_str())),
                ),
                (
                    "to",
                    tr(lang, &format!("pqr_status.{}", new.summary.status.as_str())),
                ),
            ],
        ));
    }
    let name = |d: &PqrDetail| {
        d.summary
            .assignee
            .as_ref()
            .map_or("—".to_string(), |a| a.name.clone())
    };
    if name(old) != name(new) {
        out.push(trf(
            lang,
            "conflict.assignee",
            &[("from", &name(old)), ("to", &name(new))],
        ));
    }
    if old.summary.due_date != new.summary.due_date {
        out.push(trf(
            lang,
            "conflict.due",
            &[
                ("from", &old.summary.due_date.to_string()),
                ("to", &new.summary.due_date.to_string()),
            ],
        ));
    }
    let added = new.messages.len().saturating_sub(old.messages.len());
    if added > 0 {
        out.push(trf(lang, "conflict.messages", &[("n", &added.to_string())]));
    }
    out
}

pub fn on_reply(app: &mut App, reply: Reply) -> Vec<Effect> {
    let lang = app.lang;
    match reply {
        Reply::Pqrs {
            generation,
            append,
            result,
        } => {
            if generation != app.pqr.generation {
                return vec![];
            }
            match result {
                Ok(page) => {
                    reached(app);
                    let p = &mut app.pqr;
                    if append {
                        p.items.extend(page.items);
                        p.loading_more = false;
                    } else {
                        p.items = page.items;
                        p.selected = 0;
                        p.loading = false;
                        p.loaded = true;
                    }
                    p.next_cursor = page.next_cursor;
                    more_if_needed(app)
                }
                Err(e) => {
                    app.pqr.loading = false;
                    app.pqr.loading_more = false;
                    let query = app.pqr.query();
                    let cursor = if append {
                        app.pqr.next_cursor.clone()
                    } else {
                        None
                    };
                    failed(
                        app,
                        &e,
                        Some(Effect::LoadPqrs {
                            generation,
                            query,
                            cursor,
                        }),
                    );
                    vec![]
                }
            }
        }
        Reply::Pqr { id, result } => {
            let wanted = app.pqr.loading_detail == Some(id)
                || app
                    .pqr
                    .detail
                    .as_ref()
                    .is_some_and(|d| d.pqr.summary.id == id);
            if !wanted {
                return vec![];
            }
            app.pqr.loading_detail = None;
            match result {
                Ok((pqr, etag)) => {
                    reached(app);
                    let old = app.pqr.detail.take().filter(|d| d.pqr.summary.id == id);
                    let pending = app.pqr.pending_patch.take().filter(|(pid, _)| *pid == id);
                    let changed = match (&old, &pending) {
                        (Some(o), Some(_)) => changes(lang, &o.pqr, &pqr),
                        _ => vec![],
                    };
                    if let Some(row) = app.pqr.items.iter_mut().find(|r| r.id == id) {
                        *row = pqr.summary.clone();
                    }
                    let allowed = pqr.allowed_transitions.clone();
                    app.pqr.detail = Some(PqrDetailState {
                        pqr,
                        etag,
                        scroll: old.map_or(0, |o| o.scroll),
                        changed,
                    });
                    // The operator's change, offered again on the fresh ticket.
                    if let Some((_, patch)) = pending {
                        reoffer(app, id, &patch, &allowed);
                    }
                }
                Err(e) => failed(app, &e, Some(Effect::LoadPqr { id })),
            }
            vec![]
        }
        Reply::Patched { id, patch, result } => match result {
            Ok((pqr, etag)) => {
                reached(app);
                if let Some(row) = app.pqr.items.iter_mut().find(|r| r.id == id) {
                    *row = pqr.summary.clone();
                }
                app.pqr.detail = Some(PqrDetailState {
                    pqr,
                    etag,
                    scroll: 0,
                    changed: vec![],
                });
                notice(app, Level::Success, tr(lang, "pqr.saved"));
                vec![]
            }
            Err(PortalError::Api { status: 412, .. }) => {
                reached(app);
                app.pqr.pending_patch = Some((id, patch));
                notice(app, Level::Warning, tr(lang, "conflict.reloading"));
                vec![Effect::LoadPqr { id }]
            }
            Err(e) => {
                failed(app, &e, None);
                vec![]
            }
        },
        Reply::MessageSent { draft, result } => match result {
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
                    effects.push(Effect::LoadPqr { id: draft.pqr_id });
                }
                effects
            }
            Err(e) => {
                // The draft stays on disk; F5 sends it again with the same key: posted once.
                let retry = Effect::SendMessage(draft);
                app.retry = None;
                failed(app, &e, Some(retry.clone()));
                app.retry = Some(retry);
                vec![]
            }
        },
        _ => vec![],
    }
}

fn reoffer(app: &mut App, id: i64, patch: &PqrPatch, allowed: &[PqrStatus]) {
    match (patch.status, &patch.extension_reason, patch.new_due_date) {
        (Some(PqrStatus::Prorrogada), Some(reason), Some(date))
            if allowed.contains(&PqrStatus::Prorrogada) =>
        {
            app.modal = Some(extension_form(id, reason, &date.to_string()));
        }
        (Some(status), _, _) if allowed.contains(&status) => {
            let selected = allowed.iter().position(|s| *s == status).unwrap_or(0);
            app.modal = Some(Modal::StatusPicker {
                pqr_id: id,
                options: allowed.to_vec(),
                selected,
            });
        }
        _ => {}
    }
}
