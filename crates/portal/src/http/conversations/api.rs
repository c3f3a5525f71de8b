//! `GET`/`PATCH /api/v1/conversations/{id}`, `POST …/messages` (answer) and `POST …/pqr`
//! (radicate). Every read and action is audited; refusals too.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::AppState;
use crate::audit::{AuditEntry, record, record_alone};
use crate::db::ms;
use crate::events::{NewEvent, insert, operator_actor};
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, RequestId};
use crate::storage::conversations as store;
use contract::api::{
    AuditOutcome, ConversationDetail, ConversationPatch, ConversationStatus, ErrorCode, EventData,
    EventKind, Operator, Role,
};

pub(crate) use crate::http::extract::etag;

pub(crate) fn detail_response(status: StatusCode, detail: &ConversationDetail) -> Response {
    let mut response = (status, Json(detail)).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag(detail.summary.version)) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
}

/// An agent may read and act on the unassigned conversations and their own.
pub(crate) fn may_act(op: &Operator, assignee: Option<i64>) -> bool {
    op.role >= Role::Supervisor || assignee.is_none_or(|a| a == op.id)
}

pub(crate) fn forbidden() -> ApiError {
    ApiError::forbidden("this conversation is assigned to another operator")
}

pub(crate) async fn get(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let now = state.clock.now();
    let found = state.db.read(move |c| Ok(store::load(c, id, now)?)).await?;
    let target = Some(format!("conversation:{id}"));
    let result = match found {
        None => Err(ApiError::not_found("conversation")),
        Some(d) if !may_act(&op, d.summary.assignee_id) => Err(forbidden()),
        Some(d) => Ok(d),
    };
    let outcome = match &result {
        Ok(_) => AuditOutcome::Ok,
        Err(e) if e.status == StatusCode::FORBIDDEN => AuditOutcome::Denied,
        Err(_) => AuditOutcome::Failed,
    };
    record_alone(
        &state,
        &op,
        "conversation.view",
        target,
        outcome,
        &request_id,
        None,
    )
    .await?;
    Ok(detail_response(StatusCode::OK, &result?))
}

/// The `If-Match` a change of a conversation must carry.
pub(crate) fn if_match(headers: &HeaderMap) -> ApiResult<String> {
    crate::http::extract::if_match(headers, "the conversation")
}

pub(crate) async fn patch(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<ConversationPatch>,
) -> ApiResult<Response> {
    let expected = if_match(&headers)?;
    if change.status.is_none() && change.assignee_id.is_none() && change.user_id.is_none() {
        return Err(ApiError::validation(
            "nothing to change: send status, assignee_id and/or user_id",
        ));
    }
    if change.status == Some(ConversationStatus::Unknown) {
        return Err(ApiError::validation("status must be open or closed"));
    }
    let now = state.clock.now();
    let (detail, events) = state
        .db
        .write_api(move |tx| {
            let cur = store::current(tx, id)?;
            if !may_act(&op, cur.assignee_id) {
                return Err(forbidden());
            }
            if expected != etag(cur.version) {
                return Err(ApiError::new(
                    StatusCode::PRECONDITION_FAILED,
                    ErrorCode::PreconditionFailed,
                    "the conversation changed since you read it; reload it and try again",
                )
                .with_details(json!({ "current_etag": etag(cur.version) })));
            }
            let mut notes: Vec<&str> = Vec::new();
            if let Some(assignee) = change.assignee_id {
                if op.role < Role::Supervisor && assignee.is_some_and(|a| a != op.id) {
                    return Err(ApiError::forbidden(
                        "agents can only assign conversations to themselves",
                    ));
                }
                if let Some(a) = assignee
                    && !crate::storage::operators::active_exists(tx, a)?
                {
                    return Err(ApiError::validation(
                        "assignee_id is not an active operator",
                    ));
                }
                store::set_assignee(tx, id, assignee)?;
                notes.push("assigned");
            }
            let mut user_id = cur.user_id;
            if let Some(user) = change.user_id {
                if let Some(u) = user
                    && !crate::storage::users::exists(tx, u)?
                {
                    return Err(ApiError::validation("user_id does not exist"));
                }
                store::set_user(tx, id, user)?;
                user_id = user;
                notes.push("linked");
            }
            if let Some(status) = change.status.filter(|s| *s != cur.status) {
                if status == ConversationStatus::Open {
                    // Reopening: the requester's address must not have another open one.
                    if store::another_open(tx, id)? {
                        return Err(ApiError::conflict(
                            "the requester has another open conversation",
                        ));
                    }
                }
                store::set_status(tx, id, status.as_str())?;
                notes.push(status.as_str());
            }
            store::touch(tx, id, ms(now))?;
            let mut events = Vec::new();
            for note in &notes {
                events.push(insert(
                    tx,
                    conversation_event(now, &op, id, user_id, EventKind::ConversationUpdated, note),
                )?);
            }
            record(
                tx,
                now,
                AuditEntry {
                    operator: &op,
                    action: "conversation.update",
                    target: Some(format!("conversation:{id}")),
                    outcome: AuditOutcome::Ok,
                    request_id: &request_id.0,
                    detail: Some(notes.join(", ")),
                },
            )?;
            let detail = store::load(tx, id, now)?
                .ok_or_else(|| anyhow::anyhow!("the conversation vanished"))?;
            Ok((detail, events))
        })
        .await?;
    state.bus.publish(events);
    Ok(detail_response(StatusCode::OK, &detail))
}

pub(crate) fn conversation_event(
    now: jiff::Timestamp,
    op: &Operator,
    id: i64,
    user_id: Option<i64>,
    kind: EventKind,
    status: &str,
) -> NewEvent {
    NewEvent {
        at: now,
        kind,
        user_id,
        pqr_id: None,
        actor: operator_actor(&op.name),
        data: EventData {
            conversation_id: Some(id),
            status: Some(status.to_string()),
            ..Default::default()
        },
    }
}
