//! The audit: one append-only record per operator action, written in the same transaction as the
//! action itself so that no action goes unrecorded.

use crate::AppState;
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
