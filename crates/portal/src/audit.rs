//! The audit: one append-only record per operator action, written in the same transaction as the
//! action itself so that no action goes unrecorded.

use crate::AppState;
use crate::http::error::ApiResult;
use crate::http::extract::RequestId;
pub(crate) use crate::storage::audit::{AuditEntry, record};
use contract::api::{AuditOutcome, Operator};

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
