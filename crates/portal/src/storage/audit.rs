//! The audit table: append-only, one row per operator action, written in the transaction of the
//! action it records.

use rusqlite::{Connection, params};

use super::db::{ms, ts};
use super::{Doing, StorageResult};
use contract::api::{AuditOutcome, AuditRecord, Operator};

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
) -> StorageResult<i64> {
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
    )
    .doing("recording an operator's action")?;
    Ok(conn.last_insert_rowid())
}

/// Up to `limit` records before id `before`, newest first, of one operator when given.
pub(crate) fn list(
    conn: &Connection,
    before: i64,
    operator: Option<i64>,
    limit: u32,
) -> StorageResult<Vec<AuditRecord>> {
    let mut stmt = conn
        .prepare(
            "SELECT id, at, operator_id, operator_name, action, target, outcome, request_id, detail
             FROM audit WHERE id < ?1 AND (?2 IS NULL OR operator_id = ?2)
             ORDER BY id DESC LIMIT ?3",
        )
        .doing("reading the audit")?;
    let rows = stmt
        .query_map(params![before, operator, limit], |r| {
            let outcome: String = r.get(6)?;
            Ok(AuditRecord {
                id: r.get(0)?,
                at: ts(r.get(1)?),
                operator_id: r.get(2)?,
                operator_name: r.get(3)?,
                action: r.get(4)?,
                target: r.get(5)?,
                outcome: serde_json::from_value(serde_json::Value::String(outcome))
                    .unwrap_or(AuditOutcome::Unknown),
                request_id: r.get(7)?,
                detail: r.get(8)?,
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .doing("reading the audit")?;
    Ok(rows)
}
