//! Reset links: one code path for the operator's resend and the portal's own «Enviar Correo».
//! A link is a 32-character token from a CSPRNG, stored only as SHA-256, single use, expiring,
//! and a new link voids the older ones (an anonymous request only the older anonymous ones). Per user and per side (public, operators): one link a
//! minute, five an hour.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};
use rusqlite::Connection;

use crate::audit::{AuditEntry, record};
use crate::db::ms;
use crate::events::{NewEvent, insert, operator_actor, system_actor};
use crate::http::audited::AuditTarget;
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, RequestId};
use crate::http::routes::{Routes, post};
use crate::storage::{StorageResult, reset_tokens, users};
use crate::tokens::{RESET_TOKEN_LEN, random_alphanumeric, sha256_hex};
use crate::{AppState, idempotency, mail};
use contract::api::{
    AuditOutcome, ErrorCode, Event, EventData, EventKind, Operator, ResetLinkSent,
    ResetLinksRevoked, RevokeResetLinks, SendResetLink,
};
use contract::domain::masking::mask_email;

pub(crate) const COOLDOWN: SignedDuration = SignedDuration::from_secs(60);
pub(crate) const PER_HOUR: i64 = 5;

/// What a send attempt ended in, and the events to publish once committed.
pub(crate) struct SendOutcome {
    pub result: Result<ResetLinkSent, ApiError>,
    pub events: Vec<Event>,
}

/// Sends a reset link to user `user_id`, inside the caller's write transaction.
/// `operator` is `None` for the portal's public request.
pub(crate) fn send_link(
    tx: &Connection,
    state: &AppState,
    user_id: i64,
    operator: Option<&Operator>,
    now: Timestamp,
) -> Result<SendOutcome, ApiError> {
    let Some((email, status, bounced)) = users::reset_contact(tx, user_id)? else {
        return Err(ApiError::not_found("user"));
    };
    let refuse = |e: ApiError| SendOutcome {
        result: Err(e),
        events: Vec::new(),
    };
    if status == "disabled" {
        return Ok(refuse(ApiError::new(
            StatusCode::CONFLICT,
            ErrorCode::AccountDisabled,
            "the account is disabled: no reset link can be sent",
        )));
    }
    let masked = mask_email(&email);
    // A delivery report marked the address (see `inbound`): a link would never arrive.
    if bounced != 0 {
        return Ok(refuse(
            ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::AddressBounced,
                format!("mail to {masked} bounces: the address must be corrected (open a PQR)"),
            )
            .with_details(serde_json::json!({ "email_masked": masked })),
        ));
    }
    let origin = if operator.is_some() {
        "operator"
    } else {
        "public"
    };
    if let Some(wait) = rate_limit_wait(tx, user_id, origin, now)? {
        return Ok(refuse(ApiError::rate_limited(
            wait,
            format!("too many reset links for this user: try again in {wait} s"),
        )));
    }
    let actor = match operator {
        Some(op) => operator_actor(&op.name),
        None => system_actor(),
    };
    let data = EventData {
        email_masked: Some(masked.clone()),
        ..Default::default()
    };
    let token = random_alphanumeric(RESET_TOKEN_LEN);
    let expires_at = now.saturating_add(state.settings.reset_token_ttl)?;
    // An operator's link voids every older one. An anonymous request (anyone who knows the
    // address) voids only earlier anonymous links: it must not kill the link an operator just
    // sent while walking the caller through the reset (issue 22). Using any link voids all.
    reset_tokens::void_before_new(tx, user_id, ms(now), origin)?;
    reset_tokens::insert(
        tx,
        reset_tokens::NewToken {
            user_id,
            token_sha256: &sha256_hex(&token),
            created_at: ms(now),
            expires_at: ms(expires_at),
            origin,
            operator_id: operator.map(|o| o.id),
        },
    )?;
    let body = mail::reset_body(&state.settings.public_base_url, &token);
    let outgoing = mail::Outgoing {
        purpose: contract::api::MailPurpose::ResetLink,
        to: &email,
        subject: mail::RESET_SUBJECT,
        body: &body,
        user_id: Some(user_id),
        pqr_id: None,
    };
    state.mailer.send(tx, outgoing, now)?;
    let event = insert(
        tx,
        NewEvent::user(now, EventKind::ResetLinkSent, user_id, actor).with_data(data),
    )?;
    Ok(SendOutcome {
        result: Ok(ResetLinkSent {
            email_masked: masked,
            sent_at: now,
            expires_at,
        }),
        events: vec![event],
    })
}

/// Seconds to wait before the next link may be sent, if a limit is reached. The public side and
/// the operators have separate budgets, so anonymous presses of «Enviar Correo» never keep an
/// operator from helping the caller on the line.
fn rate_limit_wait(
    tx: &Connection,
    user_id: i64,
    origin: &str,
    now: Timestamp,
) -> StorageResult<Option<u64>> {
    let now_ms = ms(now);
    let hour_ago = now_ms - 3_600_000;
    let (count, oldest, newest) = reset_tokens::recent(tx, user_id, hour_ago, origin)?;
    let secs_until = |t: i64| ((t - now_ms + 999) / 1000).max(1) as u64;
    if let Some(newest) = newest
        && now_ms - newest < COOLDOWN.as_millis() as i64
    {
        return Ok(Some(secs_until(newest + COOLDOWN.as_millis() as i64)));
    }
    if count >= PER_HOUR
        && let Some(oldest) = oldest
    {
        return Ok(Some(secs_until(oldest + 3_600_000)));
    }
    Ok(None)
}

/// `POST /api/v1/users/{id}/reset-links` with an optional `Idempotency-Key`: 202 and the masked
/// destination; the same key within 24 h replays the first answer and sends nothing.
pub(crate) async fn send_link_handler(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let key = idempotency::key_from(&headers)?;
    let now = state.clock.now();
    let st = state.clone();
    let request_hash = sha256_hex(&format!("POST reset-links user:{id}"));
    let answer = state
        .db
        .write_api(move |tx| {
            if let Some(key) = &key
                && let Some(stored) = idempotency::lookup(tx, op.id, key, &request_hash, now)?
            {
                return Ok(Answer::Replay(stored));
            }
            let outcome = send_link(tx, &st, id, Some(&op), now)?;
            let (audit_outcome, detail) = match &outcome.result {
                Ok(sent) => (AuditOutcome::Ok, format!("sent to {}", sent.email_masked)),
                Err(e) => (AuditOutcome::Denied, e.message.clone()),
            };
            record(
                tx,
                now,
                AuditEntry {
                    operator: &op,
                    action: "user.reset_link",
                    target: Some(format!("user:{id}")),
                    outcome: audit_outcome,
                    request_id: &request_id.0,
                    detail: Some(detail),
                },
            )?;
            if let (Some(key), Ok(sent)) = (&key, &outcome.result) {
                let body = serde_json::to_string(sent)?;
                idempotency::store(
                    tx,
                    op.id,
                    key,
                    &request_hash,
                    StatusCode::ACCEPTED,
                    &body,
                    now,
                )?;
            }
            Ok(Answer::Fresh(outcome))
        })
        .await?;
    match answer {
        Answer::Replay(stored) => Ok(idempotency::replay(stored)),
        Answer::Fresh(outcome) => {
            state.bus.publish(outcome.events);
            let sent = outcome.result?;
            Ok((StatusCode::ACCEPTED, axum::Json(sent)).into_response())
        }
    }
}

enum Answer {
    Replay(idempotency::Stored),
    Fresh(SendOutcome),
}

/// `POST /api/v1/users/{id}/reset-links/revoke` with an optional `Idempotency-Key`: voids the
/// user's pending links (a caller who never asked for the email) and says how many; audited.
pub(crate) async fn revoke_handler(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let key = idempotency::key_from(&headers)?;
    let now = state.clock.now();
    let request_hash = sha256_hex(&format!("POST reset-links/revoke user:{id}"));
    let answer = state
        .db
        .write_api(move |tx| {
            if let Some(key) = &key
                && let Some(stored) = idempotency::lookup(tx, op.id, key, &request_hash, now)?
            {
                return Ok(Err(stored));
            }
            if !users::exists(tx, id)? {
                return Err(ApiError::not_found("user"));
            }
            let voided = reset_tokens::void_pending(tx, id, ms(now))?;
            let revoked = ResetLinksRevoked {
                revoked: u32::try_from(voided).unwrap_or(u32::MAX),
            };
            // On the user's timeline when something was voided (a «none left» is only audited).
            let event = if revoked.revoked > 0 {
                let voided = NewEvent::user(
                    now,
                    EventKind::ResetLinksVoided,
                    id,
                    operator_actor(&op.name),
                )
                .with_data(EventData {
                    count: Some(revoked.revoked),
                    ..EventData::default()
                });
                Some(insert(tx, voided)?)
            } else {
                None
            };
            record(
                tx,
                now,
                AuditEntry {
                    operator: &op,
                    action: "user.reset_revoke",
                    target: Some(format!("user:{id}")),
                    outcome: AuditOutcome::Ok,
                    request_id: &request_id.0,
                    detail: Some(format!("{voided} pending link(s) voided")),
                },
            )?;
            if let Some(key) = &key {
                let body = serde_json::to_string(&revoked)?;
                idempotency::store(tx, op.id, key, &request_hash, StatusCode::OK, &body, now)?;
            }
            Ok(Ok((revoked, event)))
        })
        .await?;
    match answer {
        Err(stored) => Ok(idempotency::replay(stored)),
        Ok((revoked, event)) => {
            state.bus.publish(event);
            Ok((StatusCode::OK, axum::Json(revoked)).into_response())
        }
    }
}

pub(crate) fn routes() -> Routes {
    Routes::new()
        .serve::<SendResetLink>(post(send_link_handler))
        .serve::<RevokeResetLinks>(
            post(revoke_handler).audited("user.reset_revoke", AuditTarget::Id("user")),
        )
}
