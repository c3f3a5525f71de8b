//! The operators table: tokens (hashed), roles, revocation.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Doing, StorageResult};
use contract::api::PqrAssignee;

/// The active operator holding the token of this hash: id, name and stored role.
pub(crate) fn by_token_hash(
    conn: &Connection,
    hash: &str,
) -> StorageResult<Option<(i64, String, String)>> {
    conn.query_row(
        "SELECT id, name, role FROM operators WHERE token_sha256 = ?1 AND disabled = 0",
        [hash],
        |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        },
    )
    .optional()
    .doing("finding an operator by token")
}

/// Whether the operator is not revoked (an unknown operator is an error).
pub(crate) fn is_active(conn: &Connection, id: i64) -> StorageResult<bool> {
    conn.query_row(
        "SELECT disabled = 0 FROM operators WHERE id = ?1",
        [id],
        |r| r.get::<_, bool>(0),
    )
    .doing("reading whether an operator is active")
}

/// Whether an active operator has this id (an assignee must be one).
pub(crate) fn active_exists(conn: &Connection, id: i64) -> StorageResult<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM operators WHERE id = ?1 AND disabled = 0",
            [id],
            |_| Ok(()),
        )
        .optional()
        .doing("looking an active operator up")?
        .is_some())
}

/// Creates an operator with the hash of its token; its id.
pub(crate) fn insert(
    conn: &Connection,
    name: &str,
    role: &str,
    token_sha256: &str,
    now_ms: i64,
) -> StorageResult<i64> {
    conn.execute(
        "INSERT INTO operators (name, role, token_sha256, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![name, role, token_sha256, now_ms],
    )
    .doing("adding an operator")?;
    Ok(conn.last_insert_rowid())
}

/// The operators with this id: id, name, whether revoked.
pub(crate) fn by_id(conn: &Connection, id: i64) -> StorageResult<Vec<(i64, String, bool)>> {
    find(
        conn,
        "SELECT id, name, disabled FROM operators WHERE id = ?1",
        id.into(),
    )
}

/// The operators with this name (names are not unique): id, name, whether revoked.
pub(crate) fn by_name(conn: &Connection, name: &str) -> StorageResult<Vec<(i64, String, bool)>> {
    find(
        conn,
        "SELECT id, name, disabled FROM operators WHERE name = ?1",
        name.to_string().into(),
    )
}

fn find(
    conn: &Connection,
    sql: &str,
    key: rusqlite::types::Value,
) -> StorageResult<Vec<(i64, String, bool)>> {
    conn.prepare(sql)
        .and_then(|mut stmt| {
            stmt.query_map([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<Result<_, _>>()
        })
        .doing("finding an operator")
}

/// Revokes an operator: its token stops working.
pub(crate) fn disable(conn: &Connection, id: i64) -> StorageResult<()> {
    conn.execute("UPDATE operators SET disabled = 1 WHERE id = ?1", [id])
        .doing("revoking an operator")?;
    Ok(())
}

/// Up to `limit` active operators by name.
pub(crate) fn assignees(conn: &Connection, limit: i64) -> StorageResult<Vec<PqrAssignee>> {
    conn.prepare_cached(
        "SELECT id, name FROM operators WHERE disabled = 0 ORDER BY name, id LIMIT ?1",
    )
    .and_then(|mut stmt| {
        stmt.query_map([limit], |r| {
            Ok(PqrAssignee {
                id: r.get(0)?,
                name: r.get(1)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()
    })
    .doing("listing the assignable operators")
}
