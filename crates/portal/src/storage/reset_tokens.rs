//! The reset_tokens table: reset links, stored only as SHA-256, single use, expiring.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Doing, StorageResult};

/// A reset link as stored (instants in ms).
pub(crate) struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
    pub voided_at: Option<i64>,
    pub opened_at: Option<i64>,
    pub created_at: i64,
}

/// The link whose token hashes to `token_sha256`.
pub(crate) fn by_hash(conn: &Connection, token_sha256: &str) -> StorageResult<Option<TokenRow>> {
    conn.query_row(
        "SELECT id, user_id, expires_at, used_at, voided_at, opened_at, created_at FROM reset_tokens
         WHERE token_sha256 = ?1",
        [token_sha256],
        |r| {
            Ok(TokenRow {
                id: r.get(0)?,
                user_id: r.get(1)?,
                expires_at: r.get(2)?,
                used_at: r.get(3)?,
                voided_at: r.get(4)?,
                opened_at: r.get(5)?,
                created_at: r.get(6)?,
            })
        },
    )
    .optional()
    .doing("looking a reset link up")
}

/// How many links of this origin the user got after `since` (ms), the oldest and the newest.
pub(crate) fn recent(
    conn: &Connection,
    user_id: i64,
    since: i64,
    origin: &str,
) -> StorageResult<(i64, Option<i64>, Option<i64>)> {
    conn.query_row(
        "SELECT COUNT(*), MIN(created_at), MAX(created_at) FROM reset_tokens
         WHERE user_id = ?1 AND created_at > ?2 AND origin = ?3",
        params![user_id, since, origin],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .doing("counting a user's recent reset links")
}

/// Voids the user's live links before a new one: every one for an operator's link, only the
/// anonymous ones for an anonymous request.
pub(crate) fn void_before_new(
    conn: &Connection,
    user_id: i64,
    now_ms: i64,
    origin: &str,
) -> StorageResult<()> {
    conn.execute(
        "UPDATE reset_tokens SET voided_at = ?2 WHERE user_id = ?1 AND used_at IS NULL AND voided_at IS NULL
           AND (?3 = 'operator' OR origin = 'public')",
        params![user_id, now_ms, origin],
    )
    .doing("voiding older reset links")?;
    Ok(())
}

/// Voids every link of the user still pending (not used, not voided, not expired) at an
/// operator's request; how many it voided.
pub(crate) fn void_pending(conn: &Connection, user_id: i64, now_ms: i64) -> StorageResult<usize> {
    conn.execute(
        "UPDATE reset_tokens SET voided_at = ?2
          WHERE user_id = ?1 AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?2",
        params![user_id, now_ms],
    )
    .doing("voiding pending reset links")
}

/// A new link (its hash only).
pub(crate) struct NewToken<'a> {
    pub user_id: i64,
    pub token_sha256: &'a str,
    pub created_at: i64,
    pub expires_at: i64,
    pub origin: &'a str,
    pub operator_id: Option<i64>,
}

pub(crate) fn insert(conn: &Connection, t: NewToken<'_>) -> StorageResult<()> {
    conn.execute(
        "INSERT INTO reset_tokens (user_id, token_sha256, created_at, expires_at, origin, operator_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            t.user_id,
            t.token_sha256,
            t.created_at,
            t.expires_at,
            t.origin,
            t.operator_id
        ],
    )
    .doing("storing a reset link")?;
    Ok(())
}

/// Voids one link (too many wrong emails typed on it).
pub(crate) fn void(conn: &Connection, id: i64, now_ms: i64) -> StorageResult<()> {
    conn.execute(
        "UPDATE reset_tokens SET voided_at = ?2 WHERE id = ?1",
        params![id, now_ms],
    )
    .doing("voiding a reset link")?;
    Ok(())
}

/// Marks a link used, and voids the user's other live ones.
pub(crate) fn use_up(conn: &Connection, id: i64, user_id: i64, now_ms: i64) -> StorageResult<()> {
    conn.execute(
        "UPDATE reset_tokens SET used_at = ?2 WHERE id = ?1",
        params![id, now_ms],
    )
    .doing("marking a reset link used")?;
    conn.execute(
        "UPDATE reset_tokens SET voided_at = ?2 WHERE user_id = ?1 AND used_at IS NULL AND voided_at IS NULL",
        params![user_id, now_ms],
    )
    .doing("voiding the other reset links")?;
    Ok(())
}

/// Marks a link opened (its page was shown).
pub(crate) fn opened(conn: &Connection, id: i64, now_ms: i64) -> StorageResult<()> {
    conn.execute(
        "UPDATE reset_tokens SET opened_at = ?2 WHERE id = ?1",
        params![id, now_ms],
    )
    .doing("marking a reset link opened")?;
    Ok(())
}

/// Deletes links expired before `cutoff` (ms), keeping each user's newest; how many.
pub(crate) fn sweep(conn: &Connection, cutoff: i64) -> StorageResult<usize> {
    conn.execute(
        "DELETE FROM reset_tokens
         WHERE expires_at < ?1
           AND created_at < (SELECT MAX(t.created_at) FROM reset_tokens t
                             WHERE t.user_id = reset_tokens.user_id)",
        params![cutoff],
    )
    .doing("sweeping expired reset links")
}
