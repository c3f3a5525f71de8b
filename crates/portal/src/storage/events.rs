//! The events table: one row per change, inserted in the transaction of the change it describes
//! (with the daily counters, `rollups`), read back by the timeline and the live stream.

use rusqlite::{Connection, params};

use super::db::{ms, ts};
use super::{Doing, StorageError, StorageResult};
use contract::api::{Actor, ActorKind, Event, EventData, EventKind};

pub struct NewEvent {
    pub at: jiff::Timestamp,
    pub kind: EventKind,
    pub user_id: Option<i64>,
    pub pqr_id: Option<i64>,
    pub actor: Actor,
    pub data: EventData,
}

impl NewEvent {
    pub fn user(at: jiff::Timestamp, kind: EventKind, user_id: i64, actor: Actor) -> Self {
        Self {
            at,
            kind,
            user_id: Some(user_id),
            pqr_id: None,
            actor,
            data: EventData::default(),
        }
    }

    pub fn with_data(mut self, data: EventData) -> Self {
        self.data = data;
        self
    }
}

/// Inserts an event and returns it with its id, to be published after commit.
pub fn insert(conn: &Connection, e: NewEvent) -> StorageResult<Event> {
    let data = serde_json::to_string(&e.data).map_err(|source| StorageError::Encoding {
        what: "an event's data",
        source,
    })?;
    conn.execute(
        "INSERT INTO events (at, kind, user_id, pqr_id, actor_kind, actor_name, data)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            ms(e.at),
            e.kind.as_str(),
            e.user_id,
            e.pqr_id,
            actor_kind_str(e.actor.kind),
            e.actor.name,
            data
        ],
    )
    .doing("recording an event")?;
    let id = conn.last_insert_rowid();
    let event = Event {
        id,
        at: e.at,
        kind: e.kind,
        user_id: e.user_id,
        pqr_id: e.pqr_id,
        actor: e.actor,
        data: e.data,
    };
    // The daily counters move in the same transaction as the event they count.
    super::rollups::record(conn, &event)?;
    Ok(event)
}

/// Events an anonymous caller can make us write about one user within an hour (failed logins
/// on an account without a password, failed reset attempts on a dead link, public reset
/// requests): past it they are not written, so nobody can grow a timeline or the table at will.
/// The help desk still sees the first ones, which say what is going on.
pub const ANONYMOUS_EVENTS_PER_HOUR: i64 = 30;

/// Inserts an event an anonymous caller caused, if the user's hourly budget has room.
pub(crate) fn insert_anonymous(conn: &Connection, e: NewEvent) -> StorageResult<Option<Event>> {
    if let Some(user_id) = e.user_id {
        let since = e.at.saturating_sub(jiff::SignedDuration::from_hours(1))?;
        let written: i64 = conn.query_row(
            "SELECT COUNT(*) FROM events WHERE user_id = ?1 AND actor_kind = 'user' AND at >= ?2
               AND kind IN ('login_failed', 'reset_attempt_failed', 'reset_requested')",
            params![user_id, ms(since)],
            |r| r.get(0),
        )
        .doing("counting an anonymous caller's events")?;
        if written >= ANONYMOUS_EVENTS_PER_HOUR {
            tracing::warn!(
                user_id,
                kind = e.kind.as_str(),
                "anonymous event not written: this user's hourly budget is spent"
            );
            return Ok(None);
        }
    }
    insert(conn, e).map(Some)
}

fn actor_kind_str(k: ActorKind) -> &'static str {
    match k {
        ActorKind::Operator => "operator",
        ActorKind::User => "user",
        ActorKind::System => "system",
        ActorKind::Unknown => "unknown",
    }
}

fn parse_enum<T: serde::de::DeserializeOwned>(s: String) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(s)).ok()
}

/// Columns to select for [`from_row`].
const COLUMNS: &str = "id, at, kind, user_id, pqr_id, actor_kind, actor_name, data";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
    let data: String = r.get(7)?;
    Ok(Event {
        id: r.get(0)?,
        at: ts(r.get(1)?),
        kind: parse_enum(r.get(2)?).unwrap_or(EventKind::Unknown),
        user_id: r.get(3)?,
        pqr_id: r.get(4)?,
        actor: Actor {
            kind: parse_enum(r.get(5)?).unwrap_or(ActorKind::Unknown),
            name: r.get(6)?,
        },
        data: serde_json::from_str(&data).unwrap_or_default(),
    })
}

/// A user's events before `before`, newest first; `None` when the user does not exist.
pub(crate) fn user_timeline(
    conn: &Connection,
    user: i64,
    before: i64,
    limit: u32,
) -> StorageResult<Option<Vec<Event>>> {
    if !super::users::exists(conn, user)? {
        return Ok(None);
    }
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {COLUMNS} FROM events WHERE user_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3"
        ))
        .doing("reading a user's timeline")?;
    let rows = stmt
        .query_map(params![user, before, limit], from_row)
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .doing("reading a user's timeline")?;
    Ok(Some(rows))
}

/// The newest event's id (0 with none).
pub(crate) fn newest_id(conn: &Connection) -> StorageResult<i64> {
    conn.query_row("SELECT COALESCE(MAX(id), 0) FROM events", [], |r| {
        r.get::<_, i64>(0)
    })
    .doing("reading the newest event")
}

/// The users with events after `after`, and how many each, by user id.
pub(crate) fn users_with_events_after(
    conn: &Connection,
    after: i64,
) -> StorageResult<Vec<(i64, i64)>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT user_id, COUNT(*) FROM events WHERE id > ?1 AND user_id IS NOT NULL
             GROUP BY user_id ORDER BY user_id",
        )
        .doing("counting the events to replay")?;
    stmt.query_map([after], |r| Ok((r.get(0)?, r.get(1)?)))
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .doing("counting the events to replay")
}

/// Up to `limit` events after `after`, oldest first, of one user or one PQR when given.
pub(crate) fn after(
    conn: &Connection,
    after: i64,
    user: Option<i64>,
    pqr: Option<i64>,
    limit: i64,
) -> StorageResult<Vec<Event>> {
    let mut stmt = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM events WHERE id > ?1 AND (?2 IS NULL OR user_id = ?2) AND (?3 IS NULL OR pqr_id = ?3)
             ORDER BY id LIMIT ?4"
        ))
        .doing("reading the events to stream")?;
    stmt.query_map(params![after, user, pqr, limit], from_row)
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .doing("reading the events to stream")
}

/// The wrong emails typed on a user's reset links since `since` (ms).
pub(crate) fn email_mismatches_since(
    conn: &Connection,
    user: i64,
    since: i64,
) -> StorageResult<i64> {
    conn.query_row(
        "SELECT COUNT(*) FROM events WHERE user_id = ?1 AND kind = 'reset_attempt_failed'
           AND at >= ?2 AND json_extract(data, '$.reason') = 'email_mismatch'",
        params![user, since],
        |r| r.get(0),
    )
    .doing("counting wrong emails on a reset link")
}
