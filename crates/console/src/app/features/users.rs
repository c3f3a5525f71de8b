//! The actions on a user, from the list or the detail (and the walkthrough's resend): the reset
//! link, the unlock, the copy of the masked email; and the users screen's replies (`on_reply`:
//! the search goes to `users_search`, the detail, the reset link and the unlock are read here).

use jiff::SignedDuration;

use crate::app::model::{
    App, Confirm, ConfirmKind, DetailState, Focus, Level, Modal, Scope, Screen, person_label,
};
use crate::app::msg::{Effect, PortalCall, UsersEffect, UsersReply};
use crate::app::toolbox::{countdown, failed, notice, notice_about, reached};
use contract::api::{
    Event, MailState, ResetLinkSent, RevokeResetLinks, SendResetLink, UnlockResult, UnlockUser,
    UserDetail, UserStatus, UserSummary,
};
use contract::i18n::{tr, trf};
use contract::remote::PortalError;

/// `r`: asks to confirm a reset link, unless the portal's cooldown still runs.
pub fn resend(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.target_user().cloned() else {
        return vec![];
    };
    if resend_refused(app, user.id) {
        return vec![];
    }
    let pending_mail = app
        .users
        .detail
        .as_ref()
        .filter(|d| d.user.summary.id == user.id)
        .and_then(|d| d.user.last_reset_mail.clone())
        .filter(|m| matches!(m.state, MailState::Queued | MailState::Deferred));
    let mut modal = confirm_modal(ConfirmKind::Resend, user);
    if let Modal::Confirm(c) = &mut modal {
        c.pending_mail = pending_mail;
    }
    app.modal = Some(modal);
    vec![]
}

/// Whether a reset link to `user_id` cannot work now, said instead of offered: the portal's
/// cooldown still runs (counting down), or the address bounces (the link would never arrive).
pub(crate) fn resend_refused(app: &mut App, user_id: i64) -> bool {
    if app.cooldown_left(user_id).is_some() {
        if let Some(&until) = app.users.cooldowns.get(&user_id) {
            countdown(app, user_id, until);
        }
        return true;
    }
    let bounced = app
        .users
        .detail
        .as_ref()
        .is_some_and(|d| d.user.summary.id == user_id && d.user.email_bounced);
    if bounced {
        notice(app, Level::Warning, tr(app.lang, "resend.bounced_why"));
    }
    bounced
}

fn confirm_modal(kind: ConfirmKind, user: UserSummary) -> Modal {
    Modal::Confirm(Confirm {
        kind,
        user_id: user.id,
        person: person_label(&user),
        name: user.full_name,
        email_masked: contract::domain::masking::compact_mask(&user.email_masked),
        pending_mail: None,
    })
}

/// `u`: asks to confirm an unlock, when the account is locked and the caller verified.
pub fn unlock(app: &mut App) -> Vec<Effect> {
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

/// `X` on a user's detail: voids their pending reset links (a caller who never asked for the
/// email); answered as [`UsersReply::LinksRevoked`].
pub fn revoke_links(app: &mut App) -> Vec<Effect> {
    let Some(user_id) = app.target_user().map(|u| u.id) else {
        return vec![];
    };
    let idempotency_key = app.new_idempotency_key();
    notice(app, Level::Info, tr(app.lang, "revoke.sending"));
    vec![revoke_call(user_id, idempotency_key)]
}

fn revoke_call(user_id: i64, idempotency_key: String) -> Effect {
    let request = RevokeResetLinks {
        user_id,
        idempotency_key,
    };
    PortalCall::new(request, |req, result| UsersReply::LinksRevoked {
        user_id: req.user_id,
        idempotency_key: req.idempotency_key,
        result,
    })
    .into()
}

/// `p`: the PQR screen with this user's tickets, every status.
pub fn pqrs(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.target_user().cloned() else {
        return vec![];
    };
    let p = &mut app.pqr;
    p.reset_filters();
    p.open_only = false;
    p.scope = Scope::User(user.id);
    p.assignee_name = user.full_name;
    app.screen = Screen::Pqr;
    app.pqr.reload()
}

/// `B`/`F`: the previous or the next caller of this session, their detail opened again.
pub fn history(app: &mut App, by: isize) -> Vec<Effect> {
    let Some(user) = app.users.step_history(by) else {
        notice(app, Level::Info, tr(app.lang, "users.history_end"));
        return vec![];
    };
    app.users.select_person(&user);
    app.users.keep_detail_with_selection();
    app.users.focus = Focus::Detail;
    if app.users.detail.is_some() {
        return vec![];
    }
    app.users.loading_detail = Some(user.id);
    vec![Effect::Users(UsersEffect::LoadDetail { user_id: user.id })]
}

/// `y`: the masked email to the operator's clipboard (OSC 52).
pub fn copy(app: &mut App) -> Vec<Effect> {
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

/// Sends `user_id` a reset link under `idempotency_key`; answered as [`UsersReply::ResetSent`].
pub(crate) fn reset_link_call(user_id: i64, idempotency_key: String) -> Effect {
    let request = SendResetLink {
        user_id,
        idempotency_key,
    };
    PortalCall::new(request, |req, result| UsersReply::ResetSent {
        user_id: req.user_id,
        idempotency_key: req.idempotency_key,
        result,
    })
    .into()
}

/// Unlocks `user_id` under `idempotency_key`; answered as [`UsersReply::Unlocked`].
pub(crate) fn unlock_call(user_id: i64, idempotency_key: String) -> Effect {
    let request = UnlockUser {
        user_id,
        idempotency_key,
    };
    PortalCall::new(request, |req, result| UsersReply::Unlocked {
        user_id: req.user_id,
        idempotency_key: req.idempotency_key,
        result,
    })
    .into()
}

/// The users screen's replies: a search, a user's detail, a reset link, an unlock.
pub(crate) fn on_reply(app: &mut App, reply: UsersReply) -> Vec<Effect> {
    match reply {
        UsersReply::Search { generation, result } => {
            super::users_search::on_reply(app, generation, result)
        }
        UsersReply::Detail { user_id, result } => on_detail(app, user_id, result),
        UsersReply::ResetSent {
            user_id,
            idempotency_key,
            result,
        } => on_reset_sent(app, user_id, idempotency_key, result),
        UsersReply::Unlocked {
            user_id,
            idempotency_key,
            result,
        } => on_unlocked(app, user_id, idempotency_key, result),
        UsersReply::LinksRevoked {
            user_id,
            idempotency_key,
            result,
        } => match result {
            Ok(r) if r.revoked == 0 => {
                reached(app);
                notice_about(app, user_id, Level::Info, tr(app.lang, "revoke.none"));
                vec![]
            }
            Ok(r) => {
                reached(app);
                let n = r.revoked.to_string();
                let text = trf(app.lang, "revoke.done", &[("n", &n)]);
                notice_about(app, user_id, Level::Success, text);
                // The timeline now holds the voiding, as after a link sent.
                vec![Effect::Users(UsersEffect::LoadDetail { user_id })]
            }
            Err(e) => {
                failed(app, &e, Some(revoke_call(user_id, idempotency_key)));
                vec![]
            }
        },
    }
}

fn on_reset_sent(
    app: &mut App,
    user_id: i64,
    idempotency_key: String,
    result: Result<ResetLinkSent, PortalError>,
) -> Vec<Effect> {
    match result {
        Ok(sent) => {
            reached(app);
            let expires = contract::format::time::clock_time(sent.expires_at);
            notice_about(
                app,
                user_id,
                Level::Success,
                trf(
                    app.lang,
                    "resend.sent",
                    &[
                        (
                            "email",
                            &contract::domain::masking::compact_mask(&sent.email_masked),
                        ),
                        ("expires", &expires),
                    ],
                ),
            );
            vec![Effect::Users(UsersEffect::LoadDetail { user_id })]
        }
        Err(PortalError::RateLimited { retry_after, .. }) => {
            reached(app);
            // A hostile portal's Retry-After must not overflow the clock (it would panic).
            let wait = SignedDuration::from_secs(i64::try_from(retry_after).unwrap_or(i64::MAX));
            let until = app.now.saturating_add(wait).unwrap_or(jiff::Timestamp::MAX);
            app.users.cooldowns.insert(user_id, until);
            countdown(app, user_id, until);
            vec![]
        }
        Err(e) => {
            failed(app, &e, Some(reset_link_call(user_id, idempotency_key)));
            vec![]
        }
    }
}

fn on_unlocked(
    app: &mut App,
    user_id: i64,
    idempotency_key: String,
    result: Result<UnlockResult, PortalError>,
) -> Vec<Effect> {
    match result {
        Ok(_) => {
            reached(app);
            notice_about(app, user_id, Level::Success, tr(app.lang, "unlock.done"));
            vec![Effect::Users(UsersEffect::LoadDetail { user_id })]
        }
        Err(e) => {
            failed(app, &e, Some(unlock_call(user_id, idempotency_key)));
            vec![]
        }
    }
}

/// A user and their timeline, if still wanted (being loaded, or the one shown).
fn on_detail(
    app: &mut App,
    user_id: i64,
    result: Result<(UserDetail, Vec<Event>), PortalError>,
) -> Vec<Effect> {
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
            app.users.select_person(&user.summary);
            app.users.remember(&user.summary, app.now);
            app.users.detail = Some(DetailState {
                user,
                timeline,
                scroll: 0,
            });
        }
        Err(e) => failed(
            app,
            &e,
            Some(Effect::Users(UsersEffect::LoadDetail { user_id })),
        ),
    }
    vec![]
}
