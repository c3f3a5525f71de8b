//! The audit: one append-only record per operator action, written in the same transaction as the
//! action itself so that no action goes unrecorded.

use axum::extract::State;
use serde::Deserialize;

use super::AppState;
use super::auth::Authed;
use super::error::ApiResult;
use super::extract::{ApiQuery, RequestId};
use super::storage;
pub(crate) use super::storage::audit::{AuditEntry, record};
use contract::api::{AuditOutcome, AuditRecord, Operator, Page, Role};

/// Records an action outside any other transaction (searches, reads, refusals).
pub(crate) async fn record_alone(
    state: &AppState,
    operator: &Operator,
    action: &'static str,
    target: Option<String>,
    outcome: AuditOutcome,
    request_id: &RequestId,
    detail: Option<String>,
) -> anyhow::Result<()> {
    let operator = operator.clone();
    let request_id = request_id.0.clone();
    let now = state.clock.now();
    state
        .db
        .write(move |tx| {
            record(
                tx,
                now,
                AuditEntry {
                    operator: &operator,
                    action,
                    target,
                    outcome,
                    request_id: &request_id,
                    detail,
                },
            )?;
            Ok(())
        })
        .await
}

/// Whether an error answer is a refusal the audit must keep (the operator was told no).
pub(crate) fn is_refusal(status: axum::http::StatusCode) -> bool {
    matches!(status.as_u16(), 403 | 409 | 412 | 422 | 428 | 429)
}

/// Records a refusal outside the write transaction that it rolled back (with the audit row that
/// transaction held), then passes the answer on unchanged.
pub(crate) async fn refusals<T>(
    state: &AppState,
    operator: &Operator,
    action: &'static str,
    target: Option<String>,
    request_id: &RequestId,
    result: ApiResult<T>,
) -> ApiResult<T> {
    if let Err(e) = &result
        && is_refusal(e.status)
    {
        let code = serde_json::to_value(e.code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let detail = format!("{} {code}: {}", e.status.as_u16(), e.message);
        if let Err(err) = record_alone(
            state,
            operator,
            action,
            target,
            AuditOutcome::Denied,
            request_id,
            Some(detail),
        )
        .await
        {
            tracing::error!(error = %format!("{err:#}"), "cannot audit a refusal");
        }
    }
    result
}

#[derive(Debug, Deserialize)]
pub(crate) struct AuditQuery {
    pub limit: Option<u32>,
    pub cursor: Option<String>,
    pub operator_id: Option<i64>,
}

/// `GET /api/v1/audit`, newest first; supervisors only.
pub(crate) async fn list(
    State(state): State<AppState>,
    authed: Authed,
    request_id: RequestId,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<axum::Json<Page<AuditRecord>>> {
    if let Err(e) = authed.require(Role::Supervisor) {
        return refusals(&state, &authed.0, "audit.list", None, &request_id, Err(e)).await;
    }
    let limit = super::paging::limit(q.limit)?;
    let before = super::paging::id_cursor(q.cursor.as_deref())?.unwrap_or(i64::MAX);
    let operator_filter = q.operator_id;
    let items = state
        .db
        .read(move |conn| {
            Ok(storage::audit::list(
                conn,
                before,
                operator_filter,
                limit + 1,
            )?)
        })
        .await?;
    // Reading the audit is itself audited (after the read, so a page never lists its own read).
    record_alone(
        &state,
        &authed.0,
        "audit.list",
        operator_filter.map(|o| format!("operator:{o}")),
        AuditOutcome::Ok,
        &request_id,
        None,
    )
    .await?;
    Ok(axum::Json(super::paging::page(items, limit, |r| r.id)))
}
