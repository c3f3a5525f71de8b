//! Identity verification and unlock. The caller's answers are compared with the record on the
//! portal; the operator only learns match / no match, never the stored values.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use jiff::SignedDuration;
use serde_json::json;

use crate::AppState;
use crate::audit::{AuditEntry, record};
use crate::db::{ms, ts};
use crate::events::{NewEvent, insert, operator_actor};
use crate::http::audited::AuditTarget;
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, RequestId};
use crate::http::routes::{Routes, post};
use crate::idempotency;
use crate::storage::users;
use crate::tokens::sha256_hex;
use contract::api::{
    AuditOutcome, ErrorCode, EventData, EventKind, FieldRule, UnlockResult, UnlockUser, UserStatus,
    VerificationRequest, VerificationResult, VerifyUser,
};
use contract::domain::identity::{normalize_birth_date, normalize_document};

pub(crate) const MAX_MISSES: u32 = 3;
pub(crate) const LOCK_FOR: SignedDuration = SignedDuration::from_mins(30);
/// How long a match allows an unlock.
pub(crate) const VALID_FOR: SignedDuration = SignedDuration::from_mins(15);

/// `POST /api/v1/users/{id}/verifications`, with an optional `Idempotency-Key`: a retried
/// request (a timeout, a dropped connection) replays the first answer instead of counting a
/// second miss. Refusals before the check (a malformed answer) are audited too.
pub(crate) async fn verify(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<VerificationRequest>,
) -> ApiResult<Response> {
    let key = idempotency::key_from(&headers)?;
    let birth = normalize_birth_date(&req.birth_date).ok_or_else(|| {
        ApiError::invalid_field(
            "birth_date",
            FieldRule::Format,
            "birth_date must be a date, YYYY-MM-DD or DD/MM/YYYY",
        )
    })?;
    let said_document = normalize_document(&req.document_number).ok_or_else(|| {
        ApiError::invalid_field(
            "document_number",
            FieldRule::Format,
            "document_number must have 1 to 20 letters or digits",
        )
    })?;
    let now = state.clock.now();
    // Only a hash of the answers is kept with the key.
    let request_hash = sha256_hex(&format!(
        "POST user:{id} verification {said_document} {birth}"
    ));
    let result = state
        .db
        .write_api(move |tx| {
            if let Some(key) = &key
                && let Some(stored) = idempotency::lookup(tx, op.id, key, &request_hash, now)?
            {
                return Ok(Ok(Checked::Replay(stored)));
            }
            let users::Verification {
                document_number: document,
                birth_date: stored_birth,
                misses,
                locked_until,
            } = users::verification(tx, id)?;
            let audit = |outcome, detail: &str| {
                record(
                    tx,
                    now,
                    AuditEntry {
                        operator: &op,
                        action: "user.verify",
                        target: Some(format!("user:{id}")),
                        outcome,
                        request_id: &request_id.0,
                        detail: Some(detail.to_string()),
                    },
                )
            };
            if let Some(until) = locked_until.filter(|u| *u > ms(now)) {
                audit(AuditOutcome::Denied, "verification locked")?;
                let secs = ((until - ms(now)) / 1000).max(1) as u64;
                let mut e = ApiError::new(
                    StatusCode::LOCKED,
                    ErrorCode::VerificationLocked,
                    "identity verification is locked after 3 misses",
                )
                .with_details(json!({ "locked_until": ts(until), "retry_after_seconds": secs }))
                .recorded();
                e.retry_after = Some(secs);
                return Ok(Err(e));
            }
            let matched = normalize_document(&document).as_deref() == Some(said_document.as_str())
                && stored_birth.parse::<jiff::civil::Date>().ok() == Some(birth);
            let actor = operator_actor(&op.name);
            let mut events = Vec::new();
            let result = if matched {
                let valid_until = now.saturating_add(VALID_FOR)?;
                users::verification_matched(tx, id, ms(valid_until))?;
                events.push(insert(
                    tx,
                    NewEvent::user(now, EventKind::VerificationSucceeded, id, actor),
                )?);
                audit(AuditOutcome::Ok, "match")?;
                VerificationResult {
                    matched: true,
                    attempts_left: MAX_MISSES,
                    locked_until: None,
                    valid_until: Some(valid_until),
                }
            } else {
                let misses = misses as u32 + 1;
                if misses >= MAX_MISSES {
                    let until = now.saturating_add(LOCK_FOR)?;
                    users::verification_locked(tx, id, ms(until))?;
                    events.push(insert(
                        tx,
                        NewEvent::user(now, EventKind::VerificationFailed, id, actor.clone()),
                    )?);
                    events.push(insert(
                        tx,
                        NewEvent::user(now, EventKind::VerificationLocked, id, actor).with_data(
                            EventData {
                                until: Some(until),
                                ..Default::default()
                            },
                        ),
                    )?);
                    audit(AuditOutcome::Failed, "no match; verification locked")?;
                    VerificationResult {
                        matched: false,
                        attempts_left: 0,
                        locked_until: Some(until),
                        valid_until: None,
                    }
                } else {
                    users::verification_missed(tx, id, misses)?;
                    events.push(insert(
                        tx,
                        NewEvent::user(now, EventKind::VerificationFailed, id, actor),
                    )?);
                    audit(AuditOutcome::Failed, "no match")?;
                    VerificationResult {
                        matched: false,
                        attempts_left: MAX_MISSES - misses,
                        locked_until: None,
                        valid_until: None,
                    }
                }
            };
            if let Some(key) = &key {
                idempotency::store(
                    tx,
                    op.id,
                    key,
                    &request_hash,
                    StatusCode::OK,
                    &serde_json::to_string(&result)?,
                    now,
                )?;
            }
            Ok(Ok(Checked::Fresh(result, events)))
        })
        .await?;
    // A refusal is committed (its audit record stays) and then answered as an error.
    match result? {
        Checked::Replay(stored) => Ok(idempotency::replay(stored)),
        Checked::Fresh(result, events) => {
            state.bus.publish(events);
            Ok(Json(result).into_response())
        }
    }
}

enum Checked {
    Replay(idempotency::Stored),
    Fresh(VerificationResult, Vec<contract::api::Event>),
}

/// `POST /api/v1/users/{id}/unlock`: only after a verification in the last 15 minutes.
pub(crate) async fn unlock(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<UnlockResult>> {
    let now = state.clock.now();
    let write = state
        .db
        .write_api(move |tx| {
            let (status, verified_until) = users::unlock_state(tx, id)?;
            let entry = |outcome, detail: &str| AuditEntry {
                operator: &op,
                action: "user.unlock",
                target: Some(format!("user:{id}")),
                outcome,
                request_id: &request_id.0,
                detail: Some(detail.to_string()),
            };
            if status == UserStatus::Disabled.as_str() {
                record(tx, now, entry(AuditOutcome::Denied, "account disabled"))?;
                return Ok(Err(ApiError::new(
                    StatusCode::CONFLICT,
                    ErrorCode::AccountDisabled,
                    "the account is disabled; it cannot be unlocked from the help desk",
                )
                .recorded()));
            }
            if verified_until.is_none_or(|v| v <= ms(now)) {
                record(
                    tx,
                    now,
                    entry(AuditOutcome::Denied, "no recent verification"),
                )?;
                return Ok(Err(ApiError::new(
                    StatusCode::CONFLICT,
                    ErrorCode::VerificationRequired,
                    "verify the caller's identity first (valid for 15 minutes)",
                )
                .recorded()));
            }
            users::unlock(tx, id)?;
            let event = insert(
                tx,
                NewEvent::user(
                    now,
                    EventKind::AccountUnlocked,
                    id,
                    operator_actor(&op.name),
                ),
            )?;
            record(tx, now, entry(AuditOutcome::Ok, "unlocked"))?;
            let status = users::status(tx, id)?;
            Ok(Ok((
                UnlockResult {
                    status: UserStatus::parse(&status).unwrap_or(UserStatus::Unknown),
                },
                event,
            )))
        })
        .await?;
    // Refusals are committed (their audit record stays) and then answered as errors.
    let (result, event) = write?;
    state.bus.publish([event]);
    Ok(Json(result))
}

pub(crate) fn routes() -> Routes {
    Routes::new()
        .serve::<VerifyUser>(post(verify).audited("user.verify", AuditTarget::Id("user")))
        .serve::<UnlockUser>(post(unlock).audited("user.unlock", AuditTarget::Id("user")))
}
