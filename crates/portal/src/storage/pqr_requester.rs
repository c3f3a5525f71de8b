//! A PQR's thread with its requester: the requester's own message (a reply by email, or a
//! message on the channel of the conversation the PQR was radicated from; issues 25 and 26),
//! public, at its arrival, closed tickets taking none; and the desk's notices when they go on
//! WhatsApp.

use jiff::Timestamp;
use rusqlite::{Connection, params};

use super::db::ms;
use super::events::{NewEvent, insert};
use super::{Doing, StorageResult};
use contract::api::{Actor, ActorKind, Event, EventData, EventKind};

/// Adds `body` to the thread of PQR `pqr_id` as the requester's (`name`). None when the PQR is
/// closed (`cerrada`), with its radicado, so the caller can keep the message elsewhere.
pub(crate) fn add_message(
    tx: &Connection,
    pqr_id: i64,
    body: &str,
    name: &str,
    at: Timestamp,
) -> StorageResult<Result<Event, String>> {
    let (status, radicado, user_id): (String, String, Option<i64>) = tx
        .query_row(
            "SELECT status, radicado, user_id FROM pqr WHERE id = ?1",
            [pqr_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .doing("reading a PQR's state for a requester's message")?;
    if status == "cerrada" {
        return Ok(Err(radicado));
    }
    tx.execute(
        "INSERT INTO pqr_messages (pqr_id, visibility, body, author_id, author_name, at, from_requester)
         VALUES (?1, 'public', ?2, NULL, ?3, ?4, 1)",
        params![pqr_id, body, name, ms(at)],
    )
    .doing("adding a requester's message to a PQR")?;
    let event = insert(
        tx,
        NewEvent {
            at,
            kind: EventKind::PqrMessageAdded,
            user_id,
            pqr_id: Some(pqr_id),
            actor: Actor {
                kind: ActorKind::System,
                name: None,
            },
            data: EventData {
                radicado: Some(radicado),
                note: Some("public".into()),
                ..Default::default()
            },
        },
    )?;
    Ok(Ok(event))
}

/// Adds a message from the desk itself (no operator: a notice the portal sent) to a ticket's
/// thread.
pub(crate) fn add_desk_message(
    tx: &Connection,
    pqr_id: i64,
    visibility: &str,
    body: &str,
    author_name: &str,
    at_ms: i64,
) -> StorageResult<()> {
    tx.execute(
        "INSERT INTO pqr_messages (pqr_id, visibility, body, author_id, author_name, at, from_requester)
         VALUES (?1, ?2, ?3, NULL, ?4, ?5, 0)",
        params![pqr_id, visibility, body, author_name, at_ms],
    )
    .doing("adding the desk's message to a PQR")?;
    Ok(())
}
