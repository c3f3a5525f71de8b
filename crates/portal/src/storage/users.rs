//! The users table: a user's detail, the identity check's counters, the unlock.

use rusqlite::{Connection, OptionalExtension, params};

use super::db::ts;
use super::user_rows::{SUMMARY_COLUMNS, summary_from_row};
use super::{Doing, StorageError, StorageResult};
use contract::api::{LastResetMail, MailState, UserDetail};

/// Whether the user exists.
pub(crate) fn exists(conn: &Connection, id: i64) -> StorageResult<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM users WHERE id = ?1", [id], |_| Ok(()))
        .optional()
        .doing("looking a user up")?
        .is_some())
}

/// A user's detail as the help desk sees it (masked), `None` when the user does not exist.
pub(crate) fn detail(
    conn: &Connection,
    id: i64,
    now: jiff::Timestamp,
) -> StorageResult<Option<UserDetail>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, created_at, verification_locked_until, verified_until, email_bounced,
                password_changed_at,
                (SELECT MAX(created_at) FROM reset_tokens t WHERE t.user_id = users.id)
         FROM users WHERE id = ?1"
    );
    let now_ms = now.as_millisecond();
    let future = |v: Option<i64>| v.filter(|t| *t > now_ms).map(ts);
    let detail = conn
        .query_row(&sql, [id], |r| {
            Ok(UserDetail {
                summary: summary_from_row(r, now)?,
                created_at: ts(r.get(10)?),
                locked_until: future(r.get(9)?),
                verification_locked_until: future(r.get(11)?),
                verified_until: future(r.get(12)?),
                email_bounced: r.get::<_, i64>(13)? != 0,
                password_changed_at: r.get::<_, Option<i64>>(14)?.map(ts),
                last_reset_link_at: r.get::<_, Option<i64>>(15)?.map(ts),
                last_reset_mail: None,
            })
        })
        .optional()
        .doing("reading a user's detail")?;
    let Some(mut detail) = detail else {
        return Ok(None);
    };
    detail.last_reset_mail = last_reset_mail(conn, id)?;
    Ok(Some(detail))
}

/// The newest reset-link email of the user and where it stands (issue 25).
fn last_reset_mail(conn: &Connection, user: i64) -> StorageResult<Option<LastResetMail>> {
    conn.prepare_cached(
        "SELECT state, updated_at, next_attempt_at, status_code FROM mail_outbox
         WHERE user_id = ?1 AND purpose = 'reset_link' ORDER BY id DESC LIMIT 1",
    )
    .and_then(|mut stmt| {
        stmt.query_row([user], |r| {
            let state = serde_json::from_value::<MailState>(serde_json::Value::String(r.get(0)?))
                .unwrap_or(MailState::Unknown);
            let waiting = matches!(state, MailState::Queued | MailState::Deferred);
            let next_attempt: i64 = r.get(2)?;
            Ok(LastResetMail {
                state,
                at: ts(r.get(1)?),
                retry_at: waiting.then(|| ts(next_attempt)),
                status_code: r.get(3)?,
            })
        })
        .optional()
    })
    .doing("reading a user's last reset email")
}

/// What the identity check compares and counts.
pub(crate) struct Verification {
    pub document_number: String,
    pub birth_date: String,
    pub misses: i64,
    pub locked_until: Option<i64>,
}

/// Not found when the user does not exist (the check answers 404).
pub(crate) fn verification(conn: &Connection, id: i64) -> StorageResult<Verification> {
    conn.query_row(
        "SELECT document_number, birth_date, verification_misses, verification_locked_until
         FROM users WHERE id = ?1",
        [id],
        |r| {
            Ok(Verification {
                document_number: r.get(0)?,
                birth_date: r.get(1)?,
                misses: r.get(2)?,
                locked_until: r.get(3)?,
            })
        },
    )
    .optional()
    .doing("reading a user's verification state")?
    .ok_or(StorageError::NotFound("user"))
}

/// A match: the misses start over and an unlock is allowed until `valid_until` (ms).
pub(crate) fn verification_matched(
    conn: &Connection,
    id: i64,
    valid_until: i64,
) -> StorageResult<()> {
    conn.execute(
        "UPDATE users SET verification_misses = 0, verification_locked_until = NULL, verified_until = ?2 WHERE id = ?1",
        params![id, valid_until],
    )
    .doing("recording a verification match")?;
    Ok(())
}

/// The last miss allowed: verification locks until `until` (ms).
pub(crate) fn verification_locked(conn: &Connection, id: i64, until: i64) -> StorageResult<()> {
    conn.execute(
        "UPDATE users SET verification_misses = 0, verification_locked_until = ?2, verified_until = NULL WHERE id = ?1",
        params![id, until],
    )
    .doing("locking a user's verification")?;
    Ok(())
}

/// A miss, `misses` counted so far.
pub(crate) fn verification_missed(conn: &Connection, id: i64, misses: u32) -> StorageResult<()> {
    conn.execute(
        "UPDATE users SET verification_misses = ?2, verified_until = NULL WHERE id = ?1",
        params![id, misses],
    )
    .doing("counting a verification miss")?;
    Ok(())
}

/// A user's stored status and until when a verification allows an unlock (ms); not found when
/// the user does not exist.
pub(crate) fn unlock_state(conn: &Connection, id: i64) -> StorageResult<(String, Option<i64>)> {
    conn.query_row(
        "SELECT status, verified_until FROM users WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .doing("reading whether a user may be unlocked")?
    .ok_or(StorageError::NotFound("user"))
}

/// Unlocks a login lock (a disabled account stays disabled).
pub(crate) fn unlock(conn: &Connection, id: i64) -> StorageResult<()> {
    conn.execute(
        "UPDATE users SET status = CASE status WHEN 'locked' THEN 'active' ELSE status END,
                locked_until = NULL, failed_logins = 0 WHERE id = ?1",
        [id],
    )
    .doing("unlocking a user")?;
    Ok(())
}

/// A user's stored status.
pub(crate) fn status(conn: &Connection, id: i64) -> StorageResult<String> {
    conn.query_row("SELECT status FROM users WHERE id = ?1", [id], |r| r.get(0))
        .doing("reading a user's status")
}

/// The user with this address (lowercased).
pub(crate) fn id_by_email(conn: &Connection, email_lower: &str) -> StorageResult<Option<i64>> {
    conn.query_row(
        "SELECT id FROM users WHERE email_lower = ?1",
        [email_lower],
        |r| r.get(0),
    )
    .optional()
    .doing("finding a user by email")
}

/// A user's address, lowercased.
pub(crate) fn email_lower(conn: &Connection, id: i64) -> StorageResult<String> {
    conn.query_row("SELECT email_lower FROM users WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .doing("reading a user's email")
}

/// Where a reset link goes: the address, the stored status, whether mail to it bounces.
pub(crate) fn reset_contact(
    conn: &Connection,
    id: i64,
) -> StorageResult<Option<(String, String, i64)>> {
    conn.query_row(
        "SELECT email, status, email_bounced FROM users WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()
    .doing("reading where a reset link goes")
}

/// A new password: the sessions end, a login lock ends (a disabled account stays disabled).
pub(crate) fn set_password(
    conn: &Connection,
    id: i64,
    password_hash: &str,
    now_ms: i64,
) -> StorageResult<()> {
    conn.execute(
        "UPDATE users SET password_hash = ?2, password_changed_at = ?3, session_epoch = session_epoch + 1,
                failed_logins = 0, locked_until = NULL,
                status = CASE status WHEN 'disabled' THEN 'disabled' ELSE 'active' END
         WHERE id = ?1",
        params![id, password_hash, now_ms],
    )
    .doing("changing a password")?;
    Ok(())
}

/// What a login attempt checks.
pub(crate) struct LoginRow {
    pub id: i64,
    pub full_name: String,
    pub status: String,
    pub hash: Option<String>,
    pub locked_until: Option<i64>,
}

pub(crate) fn login_row(conn: &Connection, email_lower: &str) -> StorageResult<Option<LoginRow>> {
    conn.query_row(
        "SELECT id, full_name, status, password_hash, locked_until FROM users WHERE email_lower = ?1",
        [email_lower],
        |r| {
            Ok(LoginRow {
                id: r.get(0)?,
                full_name: r.get(1)?,
                status: r.get(2)?,
                hash: r.get(3)?,
                locked_until: r.get(4)?,
            })
        },
    )
    .optional()
    .doing("reading a login's account")
}

/// Counts a failure before the password is checked, if fewer than `max` are counted: the new
/// count, or `None` when the budget is spent.
pub(crate) fn reserve_login_failure(
    conn: &Connection,
    id: i64,
    max: i64,
) -> StorageResult<Option<i64>> {
    conn.query_row(
        "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?1 AND failed_logins < ?2
         RETURNING failed_logins",
        params![id, max],
        |r| r.get(0),
    )
    .optional()
    .doing("counting a login attempt")
}

/// A login succeeded: the failures and a login lock end.
pub(crate) fn login_succeeded(conn: &Connection, id: i64, now_ms: i64) -> StorageResult<()> {
    conn.execute(
        "UPDATE users SET failed_logins = 0, last_login_at = ?2, locked_until = NULL,
                status = CASE status WHEN 'locked' THEN 'active' ELSE status END WHERE id = ?1",
        params![id, now_ms],
    )
    .doing("recording a login")?;
    Ok(())
}

/// The failed logins counted and the login lock's end (ms).
pub(crate) fn login_failures(conn: &Connection, id: i64) -> StorageResult<(i64, Option<i64>)> {
    conn.query_row(
        "SELECT failed_logins, locked_until FROM users WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .doing("reading a user's failed logins")
}

/// Locks the login until `until` (ms).
pub(crate) fn lock_login(conn: &Connection, id: i64, until: i64) -> StorageResult<()> {
    conn.execute(
        "UPDATE users SET failed_logins = 0, status = 'locked', locked_until = ?2 WHERE id = ?1",
        params![id, until],
    )
    .doing("locking a login")?;
    Ok(())
}

/// A user's registered email and phone digits.
pub(crate) fn contact(conn: &Connection, id: i64) -> StorageResult<Option<(String, String)>> {
    conn.query_row(
        "SELECT email, phone_digits FROM users WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
    .doing("reading a user's contact")
}

/// Mail to the user's address bounced (`status`): marked only while the user still has the
/// address that bounced (it may have been corrected).
pub(crate) fn mark_email_bounced(
    tx: &Connection,
    id: i64,
    status: Option<&str>,
    now_ms: i64,
    recipient: &str,
) -> StorageResult<()> {
    tx.execute(
        "UPDATE users SET email_bounced = 1, email_bounce_status = ?2, email_bounced_at = ?3
         WHERE id = ?1 AND email_lower = lower(?4)",
        params![id, status, now_ms, recipient],
    )
    .doing("marking a user's address bouncing")?;
    Ok(())
}

/// Whether a document is already registered.
pub(crate) fn document_taken(
    conn: &Connection,
    document_type: &str,
    document_number: &str,
) -> StorageResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM users WHERE document_type = ?1 AND document_number = ?2")
        .and_then(|mut stmt| {
            stmt.query_row(params![document_type, document_number], |_| Ok(()))
                .optional()
        })
        .doing("looking a document up")?
        .is_some())
}

/// Whether an address (lowercased) is already registered.
pub(crate) fn email_taken(conn: &Connection, email_lower: &str) -> StorageResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM users WHERE email_lower = ?1")
        .and_then(|mut stmt| stmt.query_row([email_lower], |_| Ok(())).optional())
        .doing("looking an email up")?
        .is_some())
}

/// A user to register, as the import and the demo seed write it (each with its own statement:
/// the import sets no password, the seed's generated users carry their last login).
pub(crate) struct NewUser<'a> {
    pub document_type: &'a str,
    pub document_number: &'a str,
    pub full_name: &'a str,
    pub email: &'a str,
    pub phone_digits: &'a str,
    pub birth_date: &'a str,
    pub kind: &'a str,
    pub status: &'a str,
    pub password_hash: Option<&'a str>,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
}

/// Registers an imported user (no password: the user sets one by a reset link).
pub(crate) fn insert_imported(tx: &Connection, u: &NewUser<'_>) -> StorageResult<()> {
    tx.prepare_cached(
        "INSERT INTO users (document_type, document_number, full_name, email, email_lower, phone_digits,
                            birth_date, kind, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )
    .and_then(|mut stmt| {
        stmt.execute(params![
            u.document_type,
            u.document_number,
            u.full_name,
            u.email,
            u.email.to_lowercase(),
            u.phone_digits,
            u.birth_date,
            u.kind,
            u.status,
            u.created_at
        ])
    })
    .doing("registering an imported user")?;
    Ok(())
}
