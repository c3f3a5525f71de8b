//! The PQR screen's open ticket: its thread scrolled, and the operator's moves on it (assign,
//! status, note, reply, the linked user), each under If-Match; a 412 reloads the ticket, says what
//! changed, and offers the operator's change again.

use crate::app::keymap::Action;
use crate::app::messages::form_refusal;
use crate::app::model::{
    App, ExtensionForm, Focus, Level, Modal, PqrDetailState, PqrFocus, Screen, StatusPicker, page,
};
use crate::app::msg::{Effect, PqrEffect, UsersEffect};
use crate::app::toolbox::{connection_after, failed, notice, reached};
use contract::api::{PqrDetail, PqrPatch, PqrStatus, Visibility};
use contract::i18n::{Lang, tr, trf};
use contract::remote::PortalError;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::global::on_action(app, action) {
        return effects;
    }
    let lang = app.lang;
    let page = page(app.drawn.pqr_detail_rows);
    let below = app.drawn.pqr_detail_below;
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
        Action::Down => scroll(d, (1, below), true),
        Action::Up => scroll(d, (1, below), false),
        Action::PageDown => scroll(d, (page, below), true),
        Action::PageUp => scroll(d, (page, below), false),
        Action::Top => scroll(d, (u16::MAX, below), false),
        Action::Bottom => scroll(d, (u16::MAX, below), true),
        Action::AssignMe => match me {
            Some(me) => vec![Effect::Pqr(PqrEffect::PatchPqr {
                id,
                etag: d.etag.clone(),
                patch: PqrPatch {
                    assignee_id: Some(Some(me)),
                    ..Default::default()
                },
            })],
            None => vec![],
        },
        Action::ChangeStatus => {
            let options = d.pqr.allowed_transitions.clone();
            if options.is_empty() {
                notice(app, Level::Info, tr(lang, "pqr.no_transitions"));
                return vec![];
            }
            app.modal = Some(Modal::StatusPicker(StatusPicker {
                pqr_id: id,
                options,
                selected: 0,
                confirming: false,
            }));
            vec![]
        }
        Action::Assign => super::assign::open(app, id),
        Action::Note => super::editor::open(app, Visibility::Internal),
        Action::Reply => super::editor::open(app, Visibility::Public),
        Action::GoUser => match d.pqr.summary.user_id {
            Some(user_id) => {
                app.screen = Screen::Users;
                app.users.focus = Focus::Detail;
                app.users.loading_detail = Some(user_id);
                vec![Effect::Users(UsersEffect::LoadDetail { user_id })]
            }
            None => {
                notice(app, Level::Info, tr(lang, "pqr.no_user"));
                vec![]
            }
        },
        _ => vec![],
    }
}

/// Scrolls by `by` rows, no further than the rows the view drew below the pane (`max`).
fn scroll(d: &mut PqrDetailState, (by, max): (u16, u16), down: bool) -> Vec<Effect> {
    d.scroll = if down {
        d.scroll.saturating_add(by)
    } else {
        d.scroll.saturating_sub(by)
    }
    .min(max);
    vec![]
}

/// The ticket loaded (opened, reloaded after a change, or after a 412).
pub(crate) fn on_loaded(
    app: &mut App,
    id: i64,
    result: Result<(PqrDetail, String), PortalError>,
) -> Vec<Effect> {
    let lang = app.lang;
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
        Err(e) => failed(app, &e, Some(Effect::Pqr(PqrEffect::LoadPqr { id }))),
    }
    vec![]
}

/// The answer to a change: the new version, or 412 (someone else changed it first).
pub(crate) fn on_patched(
    app: &mut App,
    id: i64,
    patch: PqrPatch,
    result: Result<(PqrDetail, String), PortalError>,
) -> Vec<Effect> {
    let lang = app.lang;
    match result {
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
            vec![Effect::Pqr(PqrEffect::LoadPqr { id })]
        }
        Err(e) => {
            // A refused prórroga comes back as it was typed, the portal's reason in it.
            if let (Some(PqrStatus::Prorrogada), Some(reason), Some(date), None) = (
                patch.status,
                &patch.extension_reason,
                patch.new_due_date,
                &app.modal,
            ) {
                let mut form = ExtensionForm::modal(id, reason, &date.to_string());
                if let Modal::Extension(f) = &mut form {
                    let refusal = form_refusal(lang, &e, &ExtensionForm::FIELDS);
                    // Unnamed, the date is what the portal most often refuses.
                    f.on_date = refusal.field != Some(0);
                    f.refused = refusal.field;
                    f.error = Some(refusal.text);
                }
                connection_after(app, &e);
                app.notice = None;
                app.modal = Some(form);
                return vec![];
            }
            failed(app, &e, None);
            vec![]
        }
    }
}

/// What someone else changed between two versions of a ticket, in words.
fn changes(lang: Lang, old: &PqrDetail, new: &PqrDetail) -> Vec<String> {
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

fn reoffer(app: &mut App, id: i64, patch: &PqrPatch, allowed: &[PqrStatus]) {
    match (patch.status, &patch.extension_reason, patch.new_due_date) {
        (Some(PqrStatus::Prorrogada), Some(reason), Some(date))
            if allowed.contains(&PqrStatus::Prorrogada) =>
        {
            app.modal = Some(ExtensionForm::modal(id, reason, &date.to_string()));
        }
        (Some(status), _, _) if allowed.contains(&status) => {
            let selected = allowed.iter().position(|s| *s == status).unwrap_or(0);
            app.modal = Some(Modal::StatusPicker(StatusPicker {
                pqr_id: id,
                options: allowed.to_vec(),
                selected,
                confirming: false,
            }));
        }
        _ => {}
    }
}
