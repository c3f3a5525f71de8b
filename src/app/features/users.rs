//! The actions on a user, from the list or the detail (and the walkthrough's resend): the reset
//! link, the unlock, the copy of the masked email; and the portal's answers to them.

use jiff::SignedDuration;

use crate::api::{ResetLinkSent, UnlockResult, UserStatus, UserSummary};
use crate::app::model::{App, Confirm, ConfirmKind, Level, Modal};
use crate::app::msg::Effect;
use crate::app::portal_types::PortalError;
use crate::app::toolbox::{failed, notice, reached};
use crate::i18n::{tr, trf};

/// `r`: asks to confirm a reset link, unless the portal's cooldown still runs.
pub fn resend(app: &mut App) -> Vec<Effect> {
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

fn confirm_modal(kind: ConfirmKind, user: UserSummary) -> Modal {
    Modal::Confirm(Confirm {
        kind,
        user_id: user.id,
        name: user.full_name,
        email_masked: user.email_masked,
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

pub fn on_reset_sent(
    app: &mut App,
    user_id: i64,
    idempotency_key: String,
    result: Result<ResetLinkSent, PortalError>,
) -> Vec<Effect> {
    match result {
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
            // A hostile portal's Retry-After must not overflow the clock (it would panic).
            let wait = SignedDuration::from_secs(i64::try_from(retry_after).unwrap_or(i64::MAX));
            let until = app.now.saturating_add(wait).unwrap_or(jiff::Timestamp::MAX);
            app.users.cooldowns.insert(user_id, until);
            notice(
                app,
                Level::Warning,
                trf(app.lang, "resend.wait", &[("s", &retry_after.to_string())]),
            );
            vec![]
        }
        Err(e) => {
            let retry = Effect::SendResetLink {
                user_id,
                idempotency_key,
            };
            failed(app, &e, Some(retry));
            vec![]
        }
    }
}

pub fn on_unlocked(
    app: &mut App,
    user_id: i64,
    idempotency_key: String,
    result: Result<UnlockResult, PortalError>,
) -> Vec<Effect> {
    match result {
        Ok(_) => {
            reached(app);
            notice(app, Level::Success, tr(app.lang, "unlock.done"));
            vec![Effect::LoadDetail { user_id }]
        }
        Err(e) => {
            let retry = Effect::Unlock {
                user_id,
                idempotency_key,
            };
            failed(app, &e, Some(retry));
            vec![]
        }
    }
}
