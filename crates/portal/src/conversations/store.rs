//! Conversations at rest: an inbound message opens one or joins the requester's open one, is
//! matched to a portal user, and becomes an event; reading a conversation back.

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};

use crate::db::{ms, ts};
use crate::events::{NewEvent, insert};
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
pub(crate) fn receive(tx: &Connection, m: &Inbound) -> anyhow::Result<Stored> {
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
        && let Ok(added) = crate::pqr::requester::add_message(tx, pqr_id, &m.body, &m.name, m.at)?
    {
        events.push(added);
    }
    Ok(events)
}

/// The portal user a requester's address names, when exactly one does.
fn match_user(tx: &Connection, channel: Channel, address: &str) -> anyhow::Result<Option<i64>> {
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
) -> anyhow::Result<Option<Event>> {
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
) -> anyhow::Result<Option<ConversationDetail>> {
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
