//! The audit: one append-only record per operator action, written in the same transaction as the
//! action itself so that no action goes unrecorded.

use rusqlite::{Connection, params};

use crate::AppState;
use crate::db::ms;
use crate::http::extract::RequestId;
use contract::api::{AuditOutcome, Operator};

/// What one operator did, ready to be recorded.
pub(crate) struct AuditEntry<'a> {
    pub operator: &'a Operator,
    pub action: &'a str,
    pub target: Option<String>,
    pub outcome: AuditOutcome,
    pub request_id: &'a str,
    pub detail: Option<String>,
}

pub(crate) fn record(
    conn: &Connection,
    now: jiff::Timestamp,
    e: AuditEntry<'_>,
) -> anyhow::Result<i64> {
    conn.execute(
        "INSERT INTO audit (at, operator_id, operator_name, action, target, outcome, request_id, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            ms(now),
            e.operator.id,
            e.operator.name,
            e.action,
            e.target,
            e.outcome.as_str(),
            e.request_id,
            e.detail
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

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
