//! The idempotency table: the first answer to an operator's `Idempotency-Key`, kept 24 hours.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Doing, StorageResult};

/// The stored request hash, status, body and creation time (ms) of an operator's key.
pub(crate) fn find(
    conn: &Connection,
    operator_id: i64,
    key: &str,
) -> StorageResult<Option<(String, i64, String, i64)>> {
    conn.query_row(
        "SELECT request_hash, status, body, created_at FROM idempotency
         WHERE operator_id = ?1 AND key = ?2",
        params![operator_id, key],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .optional()
    .doing("looking an Idempotency-Key up")
}

/// Forgets an expired key.
pub(crate) fn forget(conn: &Connection, operator_id: i64, key: &str) -> StorageResult<()> {
    conn.execute(
        "DELETE FROM idempotency WHERE operator_id = ?1 AND key = ?2",
        params![operator_id, key],
    )
    .doing("forgetting an expired Idempotency-Key")?;
    Ok(())
}

/// Keeps the answer to a key (replacing an expired one).
pub(crate) fn keep(
    conn: &Connection,
    operator_id: i64,
    key: &str,
    request_hash: &str,
    status: u16,
    body: &str,
    now_ms: i64,
) -> StorageResult<()> {
    conn.execute(
        "INSERT OR REPLACE INTO idempotency (operator_id, key, request_hash, status, body, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![operator_id, key, request_hash, status, body, now_ms],
    )
    .doing("keeping an Idempotency-Key's answer")?;
    Ok(())
}

/// Deletes the answers kept since before `cutoff` (ms); how many.
pub(crate) fn sweep(conn: &Connection, cutoff: i64) -> StorageResult<usize> {
    conn.execute("DELETE FROM idempotency WHERE created_at < ?1", [cutoff])
        .doing("sweeping expired Idempotency-Keys")
}
