//! The web_sessions table: the portal's own pages' sessions, only the SHA-256 of their id stored.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Doing, StorageResult};

/// Opens a session for `user_id` at the user's current `session_epoch` (a password change voids
/// it), after deleting the expired ones and the one this browser had (`previous`).
pub(crate) fn open(
    tx: &Connection,
    id_sha256: &str,
    previous: Option<&str>,
    user_id: i64,
    now_ms: i64,
    expires_ms: i64,
) -> StorageResult<()> {
    // Expired sessions go as new ones come: the table never grows past the live ones.
    tx.execute(
        "DELETE FROM web_sessions WHERE expires_at <= ?1 OR id_sha256 = ?2",
        params![now_ms, previous],
    )
    .doing("deleting expired web sessions")?;
    tx.execute(
        "INSERT INTO web_sessions (id_sha256, user_id, session_epoch, created_at, expires_at)
         SELECT ?1, id, session_epoch, ?3, ?4 FROM users WHERE id = ?2",
        params![id_sha256, user_id, now_ms, expires_ms],
    )
    .doing("opening a web session")?;
    Ok(())
}

/// The user of a live session: id, full name, email (a disabled account has none).
pub(crate) fn user(
    conn: &Connection,
    id_sha256: &str,
    now_ms: i64,
) -> StorageResult<Option<(i64, String, String)>> {
    conn.query_row(
        "SELECT u.id, u.full_name, u.email FROM web_sessions s JOIN users u ON u.id = s.user_id
         WHERE s.id_sha256 = ?1 AND s.expires_at > ?2 AND s.session_epoch = u.session_epoch
           AND u.status != 'disabled'",
        params![id_sha256, now_ms],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
    .doing("reading a web session")
}

/// Ends a session.
pub(crate) fn close(tx: &Connection, id_sha256: &str) -> StorageResult<()> {
    tx.execute("DELETE FROM web_sessions WHERE id_sha256 = ?1", [id_sha256])
        .doing("ending a web session")?;
    Ok(())
}
