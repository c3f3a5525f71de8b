//! The demo seed's SQL: bulk inserts through statements prepared once for the whole transaction
//! (a million users must seed in under a minute on two cores), and the users' full-text index
//! rebuilt once at the end instead of row by row.

use rusqlite::{Connection, Statement, params};

use super::users::NewUser;
use super::{Doing, StorageResult};

/// How many rows a table has (`users` or `pqr`: whether a seed already ran).
pub(crate) fn users_count(conn: &Connection) -> StorageResult<i64> {
    conn.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))
        .doing("counting users")
}

pub(crate) fn pqr_count(conn: &Connection) -> StorageResult<i64> {
    conn.query_row("SELECT COUNT(*) FROM pqr", [], |r| r.get(0))
        .doing("counting PQRs")
}

/// The first 5,000 users' ids (those the demo PQRs name).
pub(crate) fn first_user_ids(conn: &Connection) -> StorageResult<Vec<i64>> {
    conn.prepare("SELECT id FROM users ORDER BY id LIMIT 5000")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
        .doing("reading users' ids")
}

/// Every operator's id.
pub(crate) fn operator_ids(conn: &Connection) -> StorageResult<Vec<i64>> {
    conn.prepare("SELECT id FROM operators ORDER BY id")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
        .doing("reading operators' ids")
}

/// A demo PQR's row (dates `YYYY-MM-DD`, instants in ms); its reply channel follows its contact.
pub(crate) struct DemoPqr<'a> {
    pub radicado: String,
    pub year: i16,
    pub seq: i64,
    pub pqr_type: &'a str,
    pub subject: String,
    pub body: String,
    pub channel: &'a str,
    pub status: &'a str,
    pub user_id: Option<i64>,
    pub requester_name: &'a str,
    pub requester_email: String,
    pub requester_phone: String,
    pub assignee_id: Option<i64>,
    pub received_at: i64,
    pub created_at: i64,
    pub due_date: String,
    pub original_due_date: String,
    pub extension_reason: Option<&'a str>,
    pub suspended_since: Option<String>,
    pub extended_to: Option<String>,
    pub answered_at: Option<i64>,
}

/// The demo PQRs' and their messages' inserts, prepared once.
pub(crate) struct PqrInserter<'c> {
    pqr: Statement<'c>,
    message: Statement<'c>,
}

impl<'c> PqrInserter<'c> {
    pub(crate) fn new(tx: &'c Connection) -> StorageResult<Self> {
        let pqr = tx
            .prepare(
                "INSERT INTO pqr (radicado, year, seq, type, subject, body, channel, status, user_id,
                                  requester_name, requester_email, requester_phone, assignee_id, received_at,
                                  created_at, updated_at, due_date, original_due_date, extension_reason,
                                  suspended_since, extended_to, answered_at, reply_channel)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                         CASE WHEN ?11 IS NOT NULL THEN 'correo' WHEN ?12 IS NOT NULL THEN 'whatsapp' ELSE 'ninguno' END)",
            )
            .doing("preparing the demo PQRs")?;
        let message = tx
            .prepare(
                "INSERT INTO pqr_messages (pqr_id, visibility, body, author_id, author_name, at)
                 VALUES (?1, ?2, ?3, NULL, ?4, ?5)",
            )
            .doing("preparing the demo PQRs' messages")?;
        Ok(Self { pqr, message })
    }

    /// Inserts a PQR; its id.
    pub(crate) fn pqr(&mut self, tx: &Connection, p: &DemoPqr<'_>) -> StorageResult<i64> {
        self.pqr
            .execute(params![
                p.radicado,
                p.year,
                p.seq,
                p.pqr_type,
                p.subject,
                p.body,
                p.channel,
                p.status,
                p.user_id,
                p.requester_name,
                p.requester_email,
                p.requester_phone,
                p.assignee_id,
                p.received_at,
                p.created_at,
                p.due_date,
                p.original_due_date,
                p.extension_reason,
                p.suspended_since,
                p.extended_to,
                p.answered_at
            ])
            .doing("inserting a demo PQR")?;
        Ok(tx.last_insert_rowid())
    }

    /// An operator's message in a demo PQR's thread.
    pub(crate) fn message(
        &mut self,
        pqr_id: i64,
        visibility: &str,
        body: &str,
        author_name: &str,
        at_ms: i64,
    ) -> StorageResult<()> {
        self.message
            .execute(params![pqr_id, visibility, body, author_name, at_ms])
            .doing("inserting a demo PQR's message")?;
        Ok(())
    }
}

/// Before a bulk insert of users: row-by-row full-text upkeep is most of its cost.
pub(crate) fn pause_users_fts(tx: &Connection) -> StorageResult<()> {
    tx.execute_batch("DROP TRIGGER users_fts_insert;")
        .doing("pausing the users' full-text index")
}

/// After it: the index built once, and its trigger back (as migration 003 made it).
pub(crate) fn rebuild_users_fts(tx: &Connection) -> StorageResult<()> {
    tx.execute_batch(
        "INSERT INTO users_fts (users_fts) VALUES ('rebuild');
         CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
             INSERT INTO users_fts (rowid, full_name) VALUES (new.id, new.full_name);
         END;",
    )
    .doing("rebuilding the users' full-text index")
}

/// Inserts a scenario's user (its email lowercased by SQLite, as before); its id.
pub(crate) fn scenario_user(tx: &Connection, u: &NewUser<'_>) -> StorageResult<i64> {
    tx.execute(
        "INSERT INTO users (document_type, document_number, full_name, email, email_lower, phone_digits,
                            birth_date, kind, status, password_hash, created_at)
         VALUES (?1, ?2, ?3, ?4, lower(?4), ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            u.document_type,
            u.document_number,
            u.full_name,
            u.email,
            u.phone_digits,
            u.birth_date,
            u.kind,
            u.status,
            u.password_hash,
            u.created_at
        ],
    )
    .doing("inserting a scenario's user")?;
    Ok(tx.last_insert_rowid())
}

/// A past reset link of the public side (only a hash of a value nobody kept).
pub(crate) fn past_token(
    tx: &Connection,
    user: i64,
    token_sha256: &str,
    created_at: i64,
    expires_at: i64,
    opened_at: Option<i64>,
    used_at: Option<i64>,
) -> StorageResult<()> {
    tx.execute(
        "INSERT INTO reset_tokens (user_id, token_sha256, created_at, expires_at, opened_at, used_at, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'public')",
        params![user, token_sha256, created_at, expires_at, opened_at, used_at],
    )
    .doing("inserting a past reset link")?;
    Ok(())
}

/// A reset-link email already relayed at `sent_ms` (its `.eml` copy is not kept).
pub(crate) fn relayed_reset_mail(
    tx: &Connection,
    message_id: &str,
    tag_sha256: &str,
    recipient: &str,
    user: i64,
    sent_ms: i64,
    return_path: &str,
) -> StorageResult<()> {
    tx.execute(
        "INSERT INTO mail_outbox (message_id, tag_sha256, purpose, recipient, user_id, state, attempts,
             next_attempt_at, created_at, updated_at, return_path, eml_file)
         VALUES (?1, ?2, 'reset_link', ?3, ?4, 'relayed', 1, ?5, ?5, ?5, ?6, 'demo-not-kept.eml')",
        params![message_id, tag_sha256, recipient, user, sent_ms, return_path],
    )
    .doing("inserting a relayed reset email")?;
    Ok(())
}

/// A scenario's login lock until `until_ms`.
pub(crate) fn lock_until(tx: &Connection, user: i64, until_ms: i64) -> StorageResult<()> {
    tx.execute(
        "UPDATE users SET locked_until = ?2 WHERE id = ?1",
        params![user, until_ms],
    )
    .doing("locking a scenario's user")?;
    Ok(())
}

/// A scenario's last login and password change.
pub(crate) fn logged_in_after_change(
    tx: &Connection,
    user: i64,
    last_login_ms: i64,
    changed_ms: i64,
) -> StorageResult<()> {
    tx.execute(
        "UPDATE users SET last_login_at = ?2, password_changed_at = ?3 WHERE id = ?1",
        params![user, last_login_ms, changed_ms],
    )
    .doing("dating a scenario's login")?;
    Ok(())
}

/// The generated users' insert, prepared once for the whole seed.
pub(crate) struct UserInserter<'c>(Statement<'c>);

impl<'c> UserInserter<'c> {
    pub(crate) fn new(tx: &'c Connection) -> StorageResult<Self> {
        tx.prepare(
            "INSERT INTO users (document_type, document_number, full_name, email, email_lower, phone_digits,
                                birth_date, kind, status, password_hash, created_at, last_login_at)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .map(Self)
        .doing("preparing the generated users")
    }

    /// Inserts a generated user (its email already lower case).
    pub(crate) fn insert(&mut self, u: &NewUser<'_>) -> StorageResult<()> {
        self.0
            .execute(params![
                u.document_type,
                u.document_number,
                u.full_name,
                u.email,
                u.phone_digits,
                u.birth_date,
                u.kind,
                u.status,
                u.password_hash,
                u.created_at,
                u.last_login_at
            ])
            .doing("inserting a generated user")?;
        Ok(())
    }
}
