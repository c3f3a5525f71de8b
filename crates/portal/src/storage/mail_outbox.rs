//! The mail_outbox table (issue 25): a message is a row written in the transaction of the change
//! that sends it; the delivery worker takes the due rows and records each attempt's answer; mail
//! coming back (`inbound`) finds its message and marks a bounce, and is taken once (`mail_inbound`).

use rusqlite::{Connection, OptionalExtension, params};

use super::{Doing, StorageResult};
use contract::api::{MailPurpose, MailState};

/// A message to queue (its `.eml` copy is already written).
pub(crate) struct NewMail<'a> {
    pub message_id: &'a str,
    pub tag_sha256: &'a str,
    pub purpose: &'a str,
    pub recipient: &'a str,
    pub user_id: Option<i64>,
    pub pqr_id: Option<i64>,
    pub state: &'a str,
    pub now_ms: i64,
    pub return_path: &'a str,
    pub eml_file: Option<String>,
}

/// Queues a message, due now; its id.
pub(crate) fn queue(tx: &Connection, m: &NewMail<'_>) -> StorageResult<i64> {
    tx.execute(
        "INSERT INTO mail_outbox (message_id, tag_sha256, purpose, recipient, user_id, pqr_id,
             state, next_attempt_at, created_at, updated_at, return_path, eml_file)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8, ?9, ?10)",
        params![
            m.message_id,
            m.tag_sha256,
            m.purpose,
            m.recipient,
            m.user_id,
            m.pqr_id,
            m.state,
            m.now_ms,
            m.return_path,
            m.eml_file,
        ],
    )
    .doing("queueing an email")?;
    Ok(tx.last_insert_rowid())
}

/// The messages waiting (queued or deferred) and how long: the delivery worker (its gauges,
/// its next wake-up) and readiness (`/api/v1/ready`) read the same figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Waiting {
    pub count: i64,
    pub oldest_created: Option<i64>,
    pub next_due: Option<i64>,
}

/// [`Waiting`] now, from the partial index of waiting rows.
pub(crate) fn waiting(c: &Connection) -> StorageResult<Waiting> {
    c.query_row(
        "SELECT COUNT(*), MIN(created_at), MIN(next_attempt_at) FROM mail_outbox
         WHERE state IN ('queued', 'deferred')",
        [],
        |r| {
            Ok(Waiting {
                count: r.get(0)?,
                oldest_created: r.get(1)?,
                next_due: r.get(2)?,
            })
        },
    )
    .doing("measuring the mail queue")
}

/// An outbox row due for an attempt.
#[derive(Debug)]
pub(crate) struct Due {
    pub id: i64,
    pub message_id: String,
    pub purpose: MailPurpose,
    pub recipient: String,
    pub user_id: Option<i64>,
    pub pqr_id: Option<i64>,
    pub attempts: u32,
    pub created_at: i64,
    pub return_path: Option<String>,
    pub eml_file: String,
}

/// Up to `limit` rows due at `now_ms`, the longest due first.
pub(crate) fn due(tx: &Connection, now_ms: i64, limit: i64) -> StorageResult<Vec<Due>> {
    tx.prepare_cached(
        "SELECT id, message_id, purpose, recipient, user_id, pqr_id, attempts,
                created_at, return_path, eml_file
         FROM mail_outbox
         WHERE state IN ('queued', 'deferred') AND next_attempt_at <= ?1
         ORDER BY next_attempt_at, id LIMIT ?2",
    )
    .and_then(|mut stmt| {
        stmt.query_map(params![now_ms, limit], |r| {
            let purpose: String = r.get(2)?;
            Ok(Due {
                id: r.get(0)?,
                message_id: r.get(1)?,
                purpose: serde_json::from_value(serde_json::Value::String(purpose))
                    .unwrap_or(MailPurpose::Unknown),
                recipient: r.get(3)?,
                user_id: r.get(4)?,
                pqr_id: r.get(5)?,
                attempts: r.get(6)?,
                created_at: r.get(7)?,
                return_path: r.get(8)?,
                eml_file: r.get(9)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()
    })
    .doing("taking the due emails")
}

/// What an attempt ended in.
pub(crate) struct Attempt<'a> {
    pub id: i64,
    pub state: &'a str,
    pub attempts: u32,
    pub now_ms: i64,
    pub answer: &'a str,
    pub queue_id: Option<&'a str>,
    pub status: Option<&'a str>,
    /// When to try again (deferred); kept otherwise.
    pub next_attempt_at: Option<i64>,
}

/// Records an attempt on a row still queued or deferred; how many rows changed (0: it was not).
pub(crate) fn record_attempt(tx: &Connection, a: &Attempt<'_>) -> StorageResult<usize> {
    tx.execute(
        "UPDATE mail_outbox SET state = ?2, attempts = ?3, updated_at = ?4, relay_answer = ?5,
             queue_id = ?6, status_code = ?7,
             next_attempt_at = COALESCE(?8, next_attempt_at),
             return_path = CASE WHEN ?2 = 'deferred' THEN return_path ELSE NULL END
         WHERE id = ?1 AND state IN ('queued', 'deferred')",
        params![
            a.id,
            a.state,
            a.attempts,
            a.now_ms,
            a.answer,
            a.queue_id,
            a.status,
            a.next_attempt_at
        ],
    )
    .doing("recording a delivery attempt")
}

/// A message of ours that mail coming back names (by its tag or its Message-ID).
#[derive(Debug)]
pub(crate) struct Sent {
    pub id: i64,
    pub purpose: MailPurpose,
    pub recipient: String,
    pub user_id: Option<i64>,
    pub pqr_id: Option<i64>,
    pub state: String,
}

const SENT_COLUMNS: &str = "id, purpose, recipient, user_id, pqr_id, state";

fn sent_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Sent> {
    let purpose: String = r.get(1)?;
    Ok(Sent {
        id: r.get(0)?,
        purpose: serde_json::from_value(serde_json::Value::String(purpose))
            .unwrap_or(MailPurpose::Unknown),
        recipient: r.get(2)?,
        user_id: r.get(3)?,
        pqr_id: r.get(4)?,
        state: r.get(5)?,
    })
}

/// The message whose tag hashes to `tag_sha256`.
pub(crate) fn sent_by_tag_hash(tx: &Connection, tag_sha256: &str) -> StorageResult<Option<Sent>> {
    let sql = format!("SELECT {SENT_COLUMNS} FROM mail_outbox WHERE tag_sha256 = ?1");
    tx.query_row(&sql, [tag_sha256], sent_from_row)
        .optional()
        .doing("finding a message by its tag")
}

pub(crate) fn sent_by_message_id(tx: &Connection, message_id: &str) -> StorageResult<Option<Sent>> {
    let sql = format!("SELECT {SENT_COLUMNS} FROM mail_outbox WHERE message_id = ?1");
    tx.query_row(&sql, [message_id], sent_from_row)
        .optional()
        .doing("finding a message by its Message-ID")
}

/// A hard delivery report: the message bounced (`status`, the report's diagnostic).
pub(crate) fn mark_bounced(
    tx: &Connection,
    id: i64,
    status: Option<&str>,
    diagnostic: Option<&str>,
    now_ms: i64,
) -> StorageResult<()> {
    tx.execute(
        "UPDATE mail_outbox SET state = ?2, status_code = ?3, relay_answer = COALESCE(?4, relay_answer),
                return_path = NULL, updated_at = ?5
         WHERE id = ?1",
        params![id, MailState::Bounced.as_str(), status, diagnostic, now_ms],
    )
    .doing("marking a message bounced")?;
    Ok(())
}

/// Whether a mail with this Message-ID was already taken.
pub(crate) fn inbound_seen(tx: &Connection, message_id: &str) -> StorageResult<bool> {
    Ok(tx
        .query_row(
            "SELECT 1 FROM mail_inbound WHERE message_id = ?1",
            [message_id],
            |_| Ok(()),
        )
        .optional()
        .doing("looking an inbound Message-ID up")?
        .is_some())
}

/// Remembers a mail taken, so a repeated delivery changes nothing.
pub(crate) fn inbound_taken(tx: &Connection, message_id: &str, at_ms: i64) -> StorageResult<()> {
    tx.execute(
        "INSERT INTO mail_inbound (message_id, received_at) VALUES (?1, ?2)",
        params![message_id, at_ms],
    )
    .doing("remembering an inbound mail")?;
    Ok(())
}
