//! Conversations at rest: an inbound message opens one or joins the requester's open one, is
//! matched to a portal user, and becomes an event; reading a conversation back.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use super::db::{ms, ts};
use super::events::{NewEvent, insert};
use super::{Doing, StorageError, StorageResult};
pub(crate) use crate::whatsapp_out::e164;
use contract::api::conversations::WHATSAPP_WINDOW;
use contract::api::{
    Actor, ActorKind, Channel, ConversationDetail, ConversationMessage, ConversationStatus,
    ConversationSummary, DeliveryStatus, Direction, Event, EventData, EventKind, MessageKind,
};

/// One message from a requester, as a channel delivered it.
#[derive(Debug, Clone)]
pub(crate) struct Inbound {
    pub channel: Channel,
    /// E.164 for WhatsApp, a lower-cased email for correo.
    pub address: String,
    pub name: String,
    /// The channel's id for the message: a repeated delivery is stored once.
    pub external_id: String,
    pub kind: MessageKind,
    pub body: String,
    pub media_type: Option<String>,
    pub media_id: Option<String>,
    pub at: Timestamp,
}

/// What storing an inbound message did: its events (the conversation's, and the PQR thread's
/// once radicated), none when the channel delivered this message before (nothing changed).
pub(crate) type Stored = Vec<Event>;

/// Stores `m` inside the caller's transaction.
pub(crate) fn receive(tx: &Connection, m: &Inbound) -> StorageResult<Stored> {
    receive_inner(tx, m).doing("storing an inbound message")
}

fn receive_inner(tx: &Connection, m: &Inbound) -> StorageResult<Stored> {
    let seen = tx
        .query_row(
            "SELECT 1 FROM conversation_messages WHERE external_id = ?1",
            [&m.external_id],
            |_| Ok(()),
        )
        .optional()?
        .is_some();
    if seen {
        return Ok(Vec::new());
    }
    let channel = m.channel.as_str();
    let open: Option<(i64, Option<i64>, Option<i64>)> = tx
        .query_row(
            "SELECT id, user_id, pqr_id FROM conversations WHERE channel = ?1 AND address = ?2 AND status = 'open'",
            params![channel, m.address],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let at = ms(m.at);
    let (conversation_id, user_id, pqr_id) = match open {
        Some(found) => found,
        None => {
            let user_id = match_user(tx, m.channel, &m.address)?;
            tx.execute(
                "INSERT INTO conversations (channel, status, address, requester_name, user_id,
                     first_message_at, last_message_at, created_at, updated_at)
                 VALUES (?1, 'open', ?2, ?3, ?4, ?5, ?5, ?5, ?5)",
                params![channel, m.address, m.name, user_id, at],
            )?;
            (tx.last_insert_rowid(), user_id, None)
        }
    };
    tx.execute(
        "INSERT INTO conversation_messages (conversation_id, direction, external_id, kind, body,
             media_type, media_id, author_name, at)
         VALUES (?1, 'inbound', ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            conversation_id,
            m.external_id,
            m.kind.as_str(),
            m.body,
            m.media_type,
            m.media_id,
            m.name,
            at
        ],
    )?;
    // Messages may arrive out of order (Meta retries): the clocks only move forward.
    tx.execute(
        "UPDATE conversations SET
             last_message_at = max(last_message_at, ?2),
             last_inbound_at = max(coalesce(last_inbound_at, 0), ?2),
             waiting_since = min(coalesce(waiting_since, ?2), ?2),
             first_message_at = min(first_message_at, ?2),
             unanswered = unanswered + 1,
             requester_name = CASE WHEN ?3 <> '' THEN ?3 ELSE requester_name END,
             updated_at = ?2, version = version + 1
         WHERE id = ?1",
        params![conversation_id, at, m.name],
    )?;
    let event = insert(
        tx,
        NewEvent {
            at: m.at,
            kind: EventKind::ConversationMessageReceived,
            user_id,
            pqr_id: None,
            actor: Actor {
                kind: ActorKind::User,
                name: None,
            },
            data: EventData {
                conversation_id: Some(conversation_id),
                note: Some(
                    if m.channel == Channel::Correo {
                        "email"
                    } else {
                        "whatsapp"
                    }
                    .into(),
                ),
                ..Default::default()
            },
        },
    )?;
    let mut events = vec![event];
    // Radicated: the requester's messages go to the PQR's thread too (issue 26).
    if let Some(pqr_id) = pqr_id
        && let Ok(added) = super::pqr_requester::add_message(tx, pqr_id, &m.body, &m.name, m.at)?
    {
        events.push(added);
    }
    Ok(events)
}

/// The portal user a requester's address names, when exactly one does.
fn match_user(tx: &Connection, channel: Channel, address: &str) -> StorageResult<Option<i64>> {
    match_user_inner(tx, channel, address).doing("matching a requester to a user")
}

fn match_user_inner(
    tx: &Connection,
    channel: Channel,
    address: &str,
) -> StorageResult<Option<i64>> {
    let (sql, key) = match channel {
        Channel::Whatsapp => {
            let Some(national) = colombian_national(address) else {
                return Ok(None);
            };
            (
                "SELECT id FROM users WHERE phone_digits = ?1 LIMIT 2",
                national,
            )
        }
        _ => (
            "SELECT id FROM users WHERE email_lower = ?1 LIMIT 2",
            address.to_lowercase(),
        ),
    };
    let mut stmt = tx.prepare_cached(sql)?;
    let ids: Vec<i64> = stmt
        .query_map([key], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(match ids.as_slice() {
        [one] => Some(*one),
        _ => None,
    })
}

/// The 10-digit national number of a Colombian E.164 number (as `users.phone_digits` holds it).
fn colombian_national(e164: &str) -> Option<String> {
    e164.strip_prefix("+57")
        .filter(|d| d.len() == 10 && d.bytes().all(|b| b.is_ascii_digit()))
        .map(str::to_string)
}

/// Applies a channel's status callback to the outgoing message it names. Statuses only move
/// forward (sent → delivered → read); failed is final. Returns the event, or None when the
/// message is unknown or the status adds nothing.
pub(crate) fn apply_delivery(
    tx: &Connection,
    external_id: &str,
    status: DeliveryStatus,
    error_code: Option<i64>,
    at: Timestamp,
) -> StorageResult<Option<Event>> {
    apply_delivery_inner(tx, external_id, status, error_code, at)
        .doing("applying a delivery status")
}

fn apply_delivery_inner(
    tx: &Connection,
    external_id: &str,
    status: DeliveryStatus,
    error_code: Option<i64>,
    at: Timestamp,
) -> StorageResult<Option<Event>> {
    let found: Option<(i64, i64, String, Option<i64>)> = tx
        .query_row(
            "SELECT m.id, m.conversation_id, coalesce(m.delivery, 'queued'), c.user_id
               FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id
              WHERE m.external_id = ?1 AND m.direction = 'outbound'",
            [external_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    let Some((message_id, conversation_id, current, user_id)) = found else {
        return Ok(None);
    };
    let current = DeliveryStatus::parse(&current);
    let moves = match (current, status) {
        (DeliveryStatus::Failed | DeliveryStatus::Read, _) => false,
        (_, DeliveryStatus::Failed) => true,
        (from, to) => to > from && to != DeliveryStatus::Unknown,
    };
    if !moves {
        return Ok(None);
    }
    tx.execute(
        "UPDATE conversation_messages SET delivery = ?2, error_code = coalesce(?3, error_code) WHERE id = ?1",
        params![message_id, status.as_str(), error_code],
    )?;
    tx.execute(
        "UPDATE conversations SET version = version + 1, updated_at = max(updated_at, ?2) WHERE id = ?1",
        params![conversation_id, ms(at)],
    )?;
    let event = insert(
        tx,
        NewEvent {
            at,
            kind: EventKind::ConversationDelivery,
            user_id,
            pqr_id: None,
            actor: Actor {
                kind: ActorKind::System,
                name: None,
            },
            data: EventData {
                conversation_id: Some(conversation_id),
                status: Some(status.as_str().into()),
                ..Default::default()
            },
        },
    )?;
    Ok(Some(event))
}

/// Columns for [`summary_from_row`].
pub(crate) const SUMMARY_COLUMNS: &str =
    "c.id, c.channel, c.status, c.requester_name, c.address, c.user_id, c.assignee_id,
     c.first_message_at, c.last_message_at, c.last_inbound_at, c.unanswered, c.version,
     c.pqr_id, (SELECT p.radicado FROM pqr p WHERE p.id = c.pqr_id)";

/// How many columns [`SUMMARY_COLUMNS`] has: a query's own columns follow them.
pub(crate) const SUMMARY_COLUMN_COUNT: usize = 14;

pub(crate) fn summary_from_row(
    r: &rusqlite::Row<'_>,
    now: Timestamp,
) -> rusqlite::Result<ConversationSummary> {
    let channel: String = r.get(1)?;
    let channel =
        serde_json::from_value(serde_json::Value::String(channel)).unwrap_or(Channel::Unknown);
    let address: String = r.get(4)?;
    let last_inbound_at: Option<i64> = r.get(9)?;
    let window_closes_at = match channel {
        Channel::Whatsapp => last_inbound_at
            .map(ts)
            .and_then(|t| t.checked_add(WHATSAPP_WINDOW).ok())
            .filter(|closes| *closes > now),
        _ => None,
    };
    let (phone, email) = match channel {
        Channel::Whatsapp => (Some(address), None),
        _ => (None, Some(address)),
    };
    Ok(ConversationSummary {
        id: r.get(0)?,
        channel,
        status: match r.get::<_, String>(2)?.as_str() {
            "open" => ConversationStatus::Open,
            "closed" => ConversationStatus::Closed,
            _ => ConversationStatus::Unknown,
        },
        requester_name: r.get(3)?,
        phone,
        email,
        user_id: r.get(5)?,
        assignee_id: r.get(6)?,
        pqr_id: r.get(12)?,
        radicado: r.get(13)?,
        first_message_at: ts(r.get(7)?),
        last_message_at: ts(r.get(8)?),
        last_inbound_at: last_inbound_at.map(ts),
        window_closes_at,
        unanswered: r.get::<_, i64>(10)?.try_into().unwrap_or(0),
        version: r.get(11)?,
    })
}

/// Most messages a conversation's detail carries (the newest ones).
pub(crate) const MAX_THREAD: i64 = 500;

pub(crate) fn load(
    conn: &Connection,
    id: i64,
    now: Timestamp,
) -> StorageResult<Option<ConversationDetail>> {
    load_inner(conn, id, now).doing("reading a conversation")
}

fn load_inner(
    conn: &Connection,
    id: i64,
    now: Timestamp,
) -> StorageResult<Option<ConversationDetail>> {
    let summary = conn
        .query_row(
            &format!("SELECT {SUMMARY_COLUMNS} FROM conversations c WHERE c.id = ?1"),
            [id],
            |r| summary_from_row(r, now),
        )
        .optional()?;
    let Some(summary) = summary else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, direction, kind, body, media_type, author_name, at, delivery, error_code
           FROM (SELECT * FROM conversation_messages WHERE conversation_id = ?1 ORDER BY id DESC LIMIT ?2)
          ORDER BY id",
    )?;
    let messages = stmt
        .query_map(params![id, MAX_THREAD], |r| {
            let direction = match r.get::<_, String>(1)?.as_str() {
                "inbound" => Direction::Inbound,
                "outbound" => Direction::Outbound,
                _ => Direction::Unknown,
            };
            Ok(ConversationMessage {
                id: r.get(0)?,
                direction,
                kind: MessageKind::parse(&r.get::<_, String>(2)?),
                body: r.get(3)?,
                media_type: r.get(4)?,
                author: r.get(5)?,
                at: ts(r.get(6)?),
                delivery: r
                    .get::<_, Option<String>>(7)?
                    .map(|d| DeliveryStatus::parse(&d)),
                error_code: r.get(8)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(Some(ConversationDetail { summary, messages }))
}

/// The stored fields a change depends on.
pub(crate) struct Current {
    pub status: ConversationStatus,
    pub assignee_id: Option<i64>,
    pub user_id: Option<i64>,
    pub version: i64,
}

/// Not found when the conversation does not exist (a change answers 404).
pub(crate) fn current(conn: &Connection, id: i64) -> StorageResult<Current> {
    conn.query_row(
        "SELECT status, assignee_id, user_id, version FROM conversations WHERE id = ?1",
        [id],
        |r| {
            Ok(Current {
                status: if r.get::<_, String>(0)? == "open" {
                    ConversationStatus::Open
                } else {
                    ConversationStatus::Closed
                },
                assignee_id: r.get(1)?,
                user_id: r.get(2)?,
                version: r.get(3)?,
            })
        },
    )
    .optional()
    .doing("reading a conversation's state")?
    .ok_or(StorageError::NotFound("conversation"))
}

/// Where an answer goes, and whether the operator may send it.
pub(crate) struct Target {
    pub channel: Channel,
    pub open: bool,
    pub address: String,
    pub assignee_id: Option<i64>,
    pub user_id: Option<i64>,
    pub last_inbound_at: Option<i64>,
}

/// Not found when the conversation does not exist.
pub(crate) fn target(tx: &Connection, id: i64) -> StorageResult<Target> {
    tx
        .query_row(
            "SELECT channel, status, address, assignee_id, user_id, last_inbound_at FROM conversations WHERE id = ?1",
            [id],
            |r| {
                Ok(Target {
                    channel: Channel::parse(&r.get::<_, String>(0)?).unwrap_or(Channel::Unknown),
                    open: r.get::<_, String>(1)? == "open",
                    address: r.get(2)?,
                    assignee_id: r.get(3)?,
                    user_id: r.get(4)?,
                    last_inbound_at: r.get(5)?,
                })
            },
        )
        .optional()
        .doing("reading where an answer goes")?
        .ok_or(StorageError::NotFound("conversation"))
}

/// An operator's answer, as the thread keeps it.
pub(crate) struct Answer<'a> {
    pub kind: &'a str,
    pub text: &'a str,
    pub author_id: i64,
    pub author_name: &'a str,
    pub at_ms: i64,
    /// `queued` (the WhatsApp sender sends it) or `sent` (a correo answer, in the mail outbox).
    pub delivery: &'a str,
    /// The Graph API request the sender will make.
    pub send_request: Option<String>,
}

/// Adds an operator's answer to the thread: nobody waits any more.
pub(crate) fn add_answer(tx: &Connection, id: i64, a: &Answer<'_>) -> StorageResult<()> {
    tx.execute(
        "INSERT INTO conversation_messages (conversation_id, direction, kind, body, author_id,
             author_name, at, delivery, send_request, next_attempt_at)
         VALUES (?1, 'outbound', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?6)",
        params![
            id,
            a.kind,
            a.text,
            a.author_id,
            a.author_name,
            a.at_ms,
            a.delivery,
            a.send_request
        ],
    )
    .doing("storing an answer")?;
    tx.execute(
        "UPDATE conversations SET waiting_since = NULL, unanswered = 0,
             last_message_at = max(last_message_at, ?2), updated_at = ?2, version = version + 1
         WHERE id = ?1",
        params![id, a.at_ms],
    )
    .doing("marking a conversation answered")?;
    Ok(())
}

pub(crate) fn set_assignee(tx: &Connection, id: i64, assignee: Option<i64>) -> StorageResult<()> {
    tx.execute(
        "UPDATE conversations SET assignee_id = ?2 WHERE id = ?1",
        params![id, assignee],
    )
    .doing("assigning a conversation")?;
    Ok(())
}

pub(crate) fn set_user(tx: &Connection, id: i64, user: Option<i64>) -> StorageResult<()> {
    tx.execute(
        "UPDATE conversations SET user_id = ?2 WHERE id = ?1",
        params![id, user],
    )
    .doing("linking a conversation to a user")?;
    Ok(())
}

/// Whether the requester of conversation `id` has another open one (on the same channel and
/// address).
pub(crate) fn another_open(tx: &Connection, id: i64) -> StorageResult<bool> {
    Ok(tx
        .query_row(
            "SELECT 1 FROM conversations o JOIN conversations c ON c.id = ?1
              WHERE o.status = 'open' AND o.channel = c.channel AND o.address = c.address",
            [id],
            |_| Ok(()),
        )
        .optional()
        .doing("looking for the requester's other open conversation")?
        .is_some())
}

pub(crate) fn set_status(tx: &Connection, id: i64, status: &str) -> StorageResult<()> {
    tx.execute(
        "UPDATE conversations SET status = ?2 WHERE id = ?1",
        params![id, status],
    )
    .doing("opening or closing a conversation")?;
    Ok(())
}

/// One version up, changed at `now_ms`.
pub(crate) fn touch(tx: &Connection, id: i64, now_ms: i64) -> StorageResult<()> {
    tx.execute(
        "UPDATE conversations SET version = version + 1, updated_at = ?2 WHERE id = ?1",
        params![id, now_ms],
    )
    .doing("changing a conversation")?;
    Ok(())
}

/// The conversation became PQR `pqr_id`.
pub(crate) fn set_pqr(tx: &Connection, id: i64, pqr_id: i64, now_ms: i64) -> StorageResult<()> {
    tx.execute(
        "UPDATE conversations SET pqr_id = ?2, version = version + 1, updated_at = ?3 WHERE id = ?1",
        params![id, pqr_id, now_ms],
    )
    .doing("linking a conversation to its PQR")?;
    Ok(())
}

/// Who wrote a conversation and where.
pub(crate) struct Requester {
    pub channel: String,
    pub address: String,
    pub name: String,
    pub pqr_id: Option<i64>,
    /// ms.
    pub first_message_at: i64,
}

pub(crate) fn requester(tx: &Connection, id: i64) -> StorageResult<Option<Requester>> {
    tx.query_row(
        "SELECT channel, address, requester_name, pqr_id, first_message_at FROM conversations WHERE id = ?1",
        [id],
        |r| {
            Ok(Requester {
                channel: r.get(0)?,
                address: r.get(1)?,
                name: r.get(2)?,
                pqr_id: r.get(3)?,
                first_message_at: r.get(4)?,
            })
        },
    )
    .optional()
    .doing("reading a conversation's requester")
}

/// A message of the whole thread, oldest first: direction, kind, body, author, at (ms).
pub(crate) type ThreadLine = (String, String, String, String, i64);

pub(crate) fn thread(tx: &Connection, id: i64) -> StorageResult<Vec<ThreadLine>> {
    tx.prepare_cached(
        "SELECT direction, kind, body, author_name, at FROM conversation_messages WHERE conversation_id = ?1 ORDER BY id",
    )
    .and_then(|mut stmt| {
        stmt.query_map([id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()
    })
    .doing("reading a conversation's thread")
}

/// An operator's answer the WhatsApp sender has to send.
pub(crate) struct DueAnswer {
    pub id: i64,
    /// The Graph API request, as stored when the answer was queued.
    pub request: String,
    pub attempts: i64,
    pub at: i64,
}

/// Up to `limit` queued answers due at `now_ms`, the longest due first.
pub(crate) fn due_answers(
    conn: &Connection,
    now_ms: i64,
    limit: i64,
) -> StorageResult<Vec<DueAnswer>> {
    conn.prepare_cached(
        "SELECT id, send_request, attempts, at FROM conversation_messages
          WHERE delivery = 'queued' AND next_attempt_at <= ?1 AND send_request IS NOT NULL
          ORDER BY next_attempt_at, id LIMIT ?2",
    )
    .and_then(|mut stmt| {
        stmt.query_map(params![now_ms, limit], |r| {
            Ok(DueAnswer {
                id: r.get(0)?,
                request: r.get(1)?,
                attempts: r.get(2)?,
                at: r.get(3)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()
    })
    .doing("taking the due WhatsApp answers")
}

/// Meta accepted an answer as `wamid` (a repeated callback may already have stored it: the
/// unique index keeps one message per wamid).
pub(crate) fn answer_sent(tx: &Connection, id: i64, wamid: &str) -> StorageResult<()> {
    tx.execute(
        "UPDATE conversation_messages SET delivery = 'sent', external_id = ?2,
             send_request = NULL, next_attempt_at = NULL, attempts = attempts + 1
         WHERE id = ?1 AND delivery = 'queued'",
        params![id, wamid],
    )
    .doing("marking a WhatsApp answer sent")?;
    Ok(())
}

/// An answer to try again at `next_ms`.
pub(crate) fn answer_deferred(tx: &Connection, id: i64, next_ms: i64) -> StorageResult<()> {
    tx.execute(
        "UPDATE conversation_messages SET attempts = attempts + 1, next_attempt_at = ?2 WHERE id = ?1",
        params![id, next_ms],
    )
    .doing("deferring a WhatsApp answer")?;
    Ok(())
}

/// An answer given up (Meta refused it, with its error code, or 24 hours passed).
pub(crate) fn answer_failed(tx: &Connection, id: i64, code: Option<i64>) -> StorageResult<()> {
    tx.execute(
        "UPDATE conversation_messages SET delivery = 'failed', error_code = ?2, send_request = NULL,
             next_attempt_at = NULL, attempts = attempts + 1
         WHERE id = ?1",
        params![id, code],
    )
    .doing("marking a WhatsApp answer failed")?;
    Ok(())
}

/// The conversation of message `id` and its user, one version up (changed at `now_ms`).
pub(crate) fn touch_of_message(
    tx: &Connection,
    message_id: i64,
    now_ms: i64,
) -> StorageResult<(i64, Option<i64>)> {
    let (conversation_id, user_id): (i64, Option<i64>) = tx
        .query_row(
            "SELECT c.id, c.user_id FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?1",
            [message_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .doing("reading an answer's conversation")?;
    touch(tx, conversation_id, now_ms)?;
    Ok((conversation_id, user_id))
}

/// The mails an address wrote to the correo channel after `since_ms`.
pub(crate) fn inbound_mails_since(
    tx: &Connection,
    email: &str,
    since_ms: i64,
) -> StorageResult<i64> {
    tx.query_row(
        "SELECT COUNT(*) FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id
          WHERE c.channel = 'correo' AND c.address = ?1 AND m.direction = 'inbound' AND m.at > ?2",
        params![email, since_ms],
        |r| r.get(0),
    )
    .doing("counting an address's recent mails")
}

/// A message from the desk for a conversation's thread (a PQR's notice to its requester).
pub(crate) struct Outbound<'a> {
    pub conversation_id: i64,
    /// `text` or `template`.
    pub kind: &'static str,
    /// What the requester reads (a template as rendered).
    pub text: &'a str,
    /// The Graph API request; `None` records the message as not sent (`failed`, nothing queued).
    pub request: Option<serde_json::Value>,
    pub author_name: &'a str,
    /// An answer to the requester: the conversation no longer waits for one.
    pub answers: bool,
}

/// Puts `m` in its conversation's thread inside the caller's transaction: queued for the
/// WhatsApp sender (retried, never twice: the row is the queue), or failed at once when it
/// cannot go. The caller wakes the sender after its commit, or the sender finds it within a
/// second.
pub(crate) fn enqueue_outbound(
    tx: &Connection,
    m: &Outbound<'_>,
    now: Timestamp,
) -> StorageResult<i64> {
    let delivery = if m.request.is_some() {
        "queued"
    } else {
        "failed"
    };
    tx.execute(
        "INSERT INTO conversation_messages (conversation_id, direction, kind, body, author_id,
             author_name, at, delivery, send_request, next_attempt_at)
         VALUES (?1, 'outbound', ?2, ?3, NULL, ?4, ?5, ?6, ?7, CASE WHEN ?7 IS NULL THEN NULL ELSE ?5 END)",
        params![
            m.conversation_id,
            m.kind,
            m.text,
            m.author_name,
            ms(now),
            delivery,
            m.request.as_ref().map(|r| r.to_string())
        ],
    )
    .doing("queueing a notice in a conversation")?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE conversations SET
             waiting_since = CASE WHEN ?3 THEN NULL ELSE waiting_since END,
             unanswered = CASE WHEN ?3 THEN 0 ELSE unanswered END,
             last_message_at = max(last_message_at, ?2), updated_at = ?2, version = version + 1
         WHERE id = ?1",
        params![m.conversation_id, ms(now), m.answers],
    )
    .doing("marking a conversation answered by a notice")?;
    Ok(id)
}

/// The requester's WhatsApp chat a PQR's notices go in.
pub(crate) struct NoticeChat {
    pub conversation_id: i64,
    /// E.164.
    pub address: String,
    /// The requester's last message to this number, in any of their conversations: WhatsApp's
    /// 24-hour window runs from it.
    pub last_inbound_at: Option<i64>,
}

/// The conversation PQR `pqr_id` was radicated from; else one of the requester's (by the PQR's
/// phone, E.164: the open one, else the newest), since on their phone it is one chat. None when
/// the requester never wrote on WhatsApp: the portal has nowhere to put the message.
pub(crate) fn notice_chat(conn: &Connection, pqr_id: i64) -> StorageResult<Option<NoticeChat>> {
    let phone: Option<String> = conn
        .query_row(
            "SELECT requester_phone FROM pqr WHERE id = ?1",
            [pqr_id],
            |r| r.get(0),
        )
        .optional()
        .doing("reading a PQR's phone")?
        .flatten();
    let address = phone.as_deref().and_then(e164);
    let linked: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, address FROM conversations WHERE pqr_id = ?1 ORDER BY id DESC LIMIT 1",
            [pqr_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .doing("reading the conversation a PQR came from")?;
    let found = match (linked, address) {
        (Some(found), _) => Some(found),
        (None, Some(address)) => conn
            .query_row(
                "SELECT id, address FROM conversations WHERE channel = 'whatsapp' AND address = ?1
                  ORDER BY status = 'open' DESC, id DESC LIMIT 1",
                [&address],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .doing("reading a requester's WhatsApp conversation")?,
        (None, None) => None,
    };
    let Some((conversation_id, address)) = found else {
        return Ok(None);
    };
    let last_inbound_at = conn
        .query_row(
            "SELECT max(last_inbound_at) FROM conversations WHERE channel = 'whatsapp' AND address = ?1",
            [&address],
            |r| r.get(0),
        )
        .doing("reading a requester's last WhatsApp message")?;
    Ok(Some(NoticeChat {
        conversation_id,
        address,
        last_inbound_at,
    }))
}
