//! PQR rows in and out of SQLite: the tickets, their thread (`pqr_messages`), the legal clock's
//! columns.

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::db::ts;
use super::{Doing, StorageError, StorageResult};
use crate::pqr::legal::Legal;
use crate::pqr::rules;
use contract::api::{
    Channel, NewPqr, PqrAssignee, PqrDetail, PqrMessage, PqrStatus, PqrSummary, PqrType,
    ReplyChannel, Requester, Visibility,
};

/// Columns for [`summary_from_row`]; `p` is the pqr table, `o` the assignee's operator row.
pub(crate) const SUMMARY_COLUMNS: &str = "p.id, p.radicado, p.type, p.subject, p.channel, p.status, \
     p.requester_name, p.requester_email, p.requester_phone, p.user_id, p.assignee_id, o.name, \
     p.received_at, p.created_at, p.updated_at, p.due_date, p.suspended_since";

pub const FROM: &str = "pqr p LEFT JOIN operators o ON o.id = p.assignee_id";

fn parse_date(s: &str) -> Date {
    s.parse().unwrap_or(Date::MIN)
}

pub(crate) fn summary_from_row(
    r: &Row<'_>,
    legal: &Legal,
    today: Date,
) -> rusqlite::Result<PqrSummary> {
    let status = PqrStatus::parse(&r.get::<_, String>(5)?).unwrap_or(PqrStatus::Unknown);
    let due_date = parse_date(&r.get::<_, String>(15)?);
    let suspended_since: Option<String> = r.get(16)?;
    // While waiting on the requester the clock is stopped: count from the day it stopped.
    let counted_from = suspended_since.as_deref().map(parse_date).unwrap_or(today);
    let business_days_left = if rules::is_open(status) {
        legal.days_left(counted_from, due_date)
    } else {
        0
    };
    let assignee_id: Option<i64> = r.get(10)?;
    Ok(PqrSummary {
        id: r.get(0)?,
        radicado: r.get(1)?,
        pqr_type: PqrType::parse(&r.get::<_, String>(2)?).unwrap_or(PqrType::Unknown),
        subject: r.get(3)?,
        channel: Channel::parse(&r.get::<_, String>(4)?).unwrap_or(Channel::Unknown),
        status,
        requester: Requester {
            name: r.get(6)?,
            email: r.get(7)?,
            phone: r.get(8)?,
        },
        user_id: r.get(9)?,
        assignee: match assignee_id {
            Some(id) => Some(PqrAssignee {
                id,
                name: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
            }),
            None => None,
        },
        received_at: ts(r.get(12)?),
        created_at: ts(r.get(13)?),
        updated_at: ts(r.get(14)?),
        due_date,
        business_days_left,
    })
}

/// A whole ticket with its thread, and its version (the ETag).
pub(crate) fn load_detail(
    conn: &Connection,
    id: i64,
    legal: &Legal,
    today: Date,
) -> StorageResult<Option<(PqrDetail, i64)>> {
    detail(conn, id, legal, today).doing("reading a PQR")
}

fn detail(
    conn: &Connection,
    id: i64,
    legal: &Legal,
    today: Date,
) -> StorageResult<Option<(PqrDetail, i64)>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, p.body, p.original_due_date, p.extension_reason, p.version,
                p.reply_channel
         FROM {FROM} WHERE p.id = ?1"
    );
    let found = conn
        .query_row(&sql, [id], |r| {
            let summary = summary_from_row(r, legal, today)?;
            Ok((
                summary,
                r.get::<_, String>(17)?,
                parse_date(&r.get::<_, String>(18)?),
                r.get::<_, Option<String>>(19)?,
                r.get::<_, i64>(20)?,
                ReplyChannel::parse(&r.get::<_, String>(21)?).unwrap_or_default(),
            ))
        })
        .optional()?;
    let Some((summary, body, original_due_date, extension_reason, version, reply_channel)) = found
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, visibility, body, author_name, at, from_requester FROM pqr_messages WHERE pqr_id = ?1 ORDER BY id",
    )?;
    let messages = stmt
        .query_map([id], |r| {
            Ok(PqrMessage {
                id: r.get(0)?,
                visibility: match r.get::<_, String>(1)?.as_str() {
                    "public" => Visibility::Public,
                    "internal" => Visibility::Internal,
                    _ => Visibility::Unknown,
                },
                body: r.get(2)?,
                author: r.get(3)?,
                at: ts(r.get(4)?),
                from_requester: r.get::<_, i64>(5)? != 0,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let allowed_transitions = rules::allowed_transitions(summary.status).to_vec();
    let latest_extension_date = allowed_transitions
        .contains(&PqrStatus::Prorrogada)
        .then(|| {
            let received = legal.day_of(summary.received_at);
            legal.latest_extension(received, summary.pqr_type.term_business_days())
        });
    // By email when there is an address; by WhatsApp when the requester has a conversation there
    // to send it in (what the portal then does with it is in that thread).
    let requester_reachable = match reply_channel {
        ReplyChannel::Correo => {
            rules::mail_to(reply_channel, summary.requester.email.as_deref()).is_some()
        }
        ReplyChannel::Whatsapp => super::conversations::notice_chat(conn, summary.id)?.is_some(),
        _ => false,
    };
    Ok(Some((
        PqrDetail {
            summary,
            body,
            original_due_date,
            extension_reason,
            allowed_transitions,
            latest_extension_date,
            messages,
            reply_channel,
            requester_reachable,
        },
        version,
    )))
}

/// The stored fields a change depends on.
pub(crate) struct Current {
    pub status: PqrStatus,
    pub pqr_type: PqrType,
    pub user_id: Option<i64>,
    pub radicado: String,
    pub assignee_id: Option<i64>,
    pub received_at: i64,
    pub due_date: Date,
    pub suspended_since: Option<Date>,
    pub version: i64,
    pub requester_email: Option<String>,
    pub subject: String,
    pub extended_to: Option<Date>,
    pub waited_days: i64,
    pub waits: String,
    pub answered_at: Option<i64>,
    pub requester_name: String,
    pub reply_channel: ReplyChannel,
}

/// Not found when the ticket does not exist (a change answers 404).
pub(crate) fn current(conn: &Connection, id: i64) -> StorageResult<Current> {
    conn
        .query_row(
            "SELECT status, type, user_id, radicado, assignee_id, received_at, due_date, suspended_since, version,
                    requester_email, subject, extended_to, waited_days, answered_at, waits,
                    requester_name, reply_channel
             FROM pqr WHERE id = ?1",
            [id],
            |r| {
                let date = |s: String| s.parse::<Date>().unwrap_or(Date::MIN);
                Ok(Current {
                    status: PqrStatus::parse(&r.get::<_, String>(0)?).unwrap_or(PqrStatus::Unknown),
                    pqr_type: PqrType::parse(&r.get::<_, String>(1)?).unwrap_or(PqrType::Peticion),
                    user_id: r.get(2)?,
                    radicado: r.get(3)?,
                    assignee_id: r.get(4)?,
                    received_at: r.get(5)?,
                    due_date: date(r.get(6)?),
                    suspended_since: r.get::<_, Option<String>>(7)?.map(date),
                    version: r.get(8)?,
                    requester_email: r.get(9)?,
                    subject: r.get(10)?,
                    extended_to: r.get::<_, Option<String>>(11)?.map(date),
                    waited_days: r.get(12)?,
                    answered_at: r.get(13)?,
                    waits: r.get(14)?,
                    requester_name: r.get(15)?,
                    reply_channel: ReplyChannel::parse(&r.get::<_, String>(16)?)
                        .unwrap_or_default(),
                })
            },
        )
        .optional()
        .doing("reading a PQR's state")?
        .ok_or(StorageError::NotFound("PQR"))
}

/// Registers a new ticket: the next radicado of the year (`PQR-2026-000042`), status
/// `radicada`; its id and radicado.
pub(crate) fn register(
    tx: &Connection,
    new: &NewPqr,
    year: i64,
    received_ms: i64,
    now_ms: i64,
    due: Date,
    reply_channel: ReplyChannel,
) -> StorageResult<(i64, String)> {
    let seq: i64 = tx
        .query_row(
            "SELECT COALESCE(MAX(seq), 0) + 1 FROM pqr WHERE year = ?1",
            [year],
            |r| r.get(0),
        )
        .doing("numbering a new PQR")?;
    let radicado = format!("PQR-{year}-{seq:06}");
    tx.execute(
        "INSERT INTO pqr (radicado, year, seq, type, subject, body, channel, status, user_id,
                          requester_name, requester_email, requester_phone, received_at, created_at,
                          updated_at, due_date, original_due_date, reply_channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'radicada', ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?14, ?15)",
        params![
            radicado,
            year,
            seq,
            new.pqr_type.as_str(),
            new.subject.trim(),
            new.body,
            new.channel.as_str(),
            new.user_id,
            new.requester.name.trim(),
            new.requester.email,
            new.requester.phone,
            received_ms,
            now_ms,
            due.to_string(),
            reply_channel.as_str()
        ],
    )
    .doing("registering a new PQR")?;
    Ok((tx.last_insert_rowid(), radicado))
}

/// What a change writes over a ticket's row (dates as `YYYY-MM-DD`, instants in ms).
pub(crate) struct Update<'a> {
    pub status: &'a str,
    pub assignee: Option<i64>,
    pub due: String,
    pub suspended: Option<String>,
    /// Kept when `None`.
    pub reason: Option<String>,
    pub now_ms: i64,
    pub extended_to: Option<String>,
    pub waited_days: i64,
    pub answered_at: Option<i64>,
    pub waits: String,
}

/// Writes a change, one version up.
pub(crate) fn update(tx: &Connection, id: i64, u: &Update<'_>) -> StorageResult<()> {
    tx.execute(
        "UPDATE pqr SET status = ?2, assignee_id = ?3, due_date = ?4, suspended_since = ?5,
                extension_reason = COALESCE(?6, extension_reason), updated_at = ?7, version = version + 1,
                extended_to = ?8, waited_days = ?9, answered_at = ?10, waits = ?11
         WHERE id = ?1",
        params![
            id,
            u.status,
            u.assignee,
            u.due,
            u.suspended,
            u.reason,
            u.now_ms,
            u.extended_to,
            u.waited_days,
            u.answered_at,
            u.waits
        ],
    )
    .doing("changing a PQR")?;
    Ok(())
}

/// Adds an operator's message to a ticket's thread; its id.
pub(crate) fn add_operator_message(
    tx: &Connection,
    pqr_id: i64,
    visibility: &str,
    body: &str,
    author_id: i64,
    author_name: &str,
    at_ms: i64,
) -> StorageResult<i64> {
    tx.execute(
        "INSERT INTO pqr_messages (pqr_id, visibility, body, author_id, author_name, at, from_requester) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)",
        params![pqr_id, visibility, body, author_id, author_name, at_ms],
    )
    .doing("adding a message to a PQR")?;
    Ok(tx.last_insert_rowid())
}

/// The requester's name on a ticket.
pub(crate) fn requester_name(tx: &Connection, id: i64) -> StorageResult<String> {
    tx.query_row("SELECT requester_name FROM pqr WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .doing("reading a PQR's requester")
}
