//! `POST /api/v1/users/{id}/call-outcomes`: how a help-desk call ended (resuelto, escalado a PQR,
//! identidad no verificada, llamada cortada), with the operator's note. It becomes an event of the
//! user's timeline and an audit record; an Idempotency-Key makes a retried record land once.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::AppState;
use crate::audit::{AuditEntry, record};
use crate::events::{NewEvent, insert, operator_actor};
use crate::http::audited::AuditTarget;
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, RequestId};
use crate::http::routes::{Routes, post};
use crate::idempotency;
use crate::storage;
use crate::tokens::sha256_hex;
use contract::api::{
    AuditOutcome, CallOutcome, EventData, EventKind, FieldRule, NewCallOutcome, RecordCallOutcome,
};

/// Longest note kept with an outcome.
const MAX_NOTE_CHARS: usize = 2000;

pub(crate) async fn record_outcome(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewCallOutcome>,
) -> ApiResult<Response> {
    if body.outcome == CallOutcome::Unknown {
        return Err(ApiError::invalid_field(
            "outcome",
            FieldRule::UnknownValue,
            "outcome must be resuelto, escalado_pqr, identidad_no_verificada or llamada_cortada",
        ));
    }
    if body.note.chars().count() > MAX_NOTE_CHARS {
        return Err(ApiError::invalid_field(
            "note",
            FieldRule::TooLong,
            "note must have at most 2000 characters",
        ));
    }
    let key = idempotency::key_from(&headers)?;
    let now = state.clock.now();
    let request_hash = sha256_hex(&format!(
        "POST user:{id} outcome {} {}",
        body.outcome.as_str(),
        body.note
    ));
    let outcome = state
        .db
        .write_api(move |tx| {
            if let Some(key) = &key
                && let Some(stored) = idempotency::lookup(tx, op.id, key, &request_hash, now)?
            {
                return Ok(Err(stored));
            }
            if !storage::users::exists(tx, id)? {
                return Err(ApiError::not_found("user"));
            }
            let note = body.note.trim().to_string();
            let data = EventData {
                status: Some(body.outcome.as_str().to_string()),
                note: (!note.is_empty()).then_some(note),
                ..Default::default()
            };
            let event = insert(
                tx,
                NewEvent::user(
                    now,
                    EventKind::CallOutcomeRecorded,
                    id,
                    operator_actor(&op.name),
                )
                .with_data(data),
            )?;
            record(
                tx,
                now,
                AuditEntry {
                    operator: &op,
                    action: "user.call_outcome",
                    target: Some(format!("user:{id}")),
                    outcome: AuditOutcome::Ok,
                    request_id: &request_id.0,
                    detail: Some(body.outcome.as_str().to_string()),
                },
            )?;
            let json = serde_json::to_string(&event)?;
            if let Some(key) = &key {
                idempotency::store(
                    tx,
                    op.id,
                    key,
                    &request_hash,
                    StatusCode::CREATED,
                    &json,
                    now,
                )?;
            }
            Ok(Ok(event))
        })
        .await?;
    match outcome {
        Err(stored) => Ok(idempotency::replay(stored)),
        Ok(event) => {
            state.bus.publish([event.clone()]);
            Ok((StatusCode::CREATED, axum::Json(event)).into_response())
        }
    }
}

pub(crate) fn routes() -> Routes {
    Routes::new().serve::<RecordCallOutcome>(
        post(record_outcome).audited("user.call_outcome", AuditTarget::Id("user")),
    )
}
