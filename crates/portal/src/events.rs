//! Events: the user's timeline and the live stream share one table and one shape.
//! An event is inserted inside the transaction of the change it describes, and published to live
//! subscribers only after that transaction committed (so nobody sees an event that was rolled back).

use rusqlite::{Connection, params};
use tokio::sync::broadcast;

use crate::db::{ms, ts};
use contract::api::{Actor, ActorKind, Event, EventData, EventKind};

/// Live subscribers; lagging ones resume from the database by `Last-Event-ID`.
#[derive(Debug, Clone)]
pub struct EventBus(broadcast::Sender<Event>);

impl Default for EventBus {
    fn default() -> Self {
        Self(broadcast::channel(1024).0)
    }
}

impl EventBus {
    pub fn publish(&self, events: impl IntoIterator<Item = Event>) {
        for e in events {
            // No subscriber is not an error.
            let _ = self.0.send(e);
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.0.subscribe()
    }
}

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

pub(crate) fn operator_actor(name: &str) -> Actor {
    Actor {
        kind: ActorKind::Operator,
        name: Some(name.to_string()),
    }
}

pub fn user_actor() -> Actor {
    Actor {
        kind: ActorKind::User,
        name: None,
    }
}

pub(crate) fn system_actor() -> Actor {
    Actor {
        kind: ActorKind::System,
        name: None,
    }
}

/// Inserts an event and returns it with its id, to be published after commit.
pub fn insert(conn: &Connection, e: NewEvent) -> anyhow::Result<Event> {
    let data = serde_json::to_string(&e.data)?;
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
    )?;
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
    crate::rollup::record(conn, &event)?;
    Ok(event)
}

/// Events an anonymous caller can make us write about one user within an hour (failed logins
/// on an account without a password, failed reset attempts on a dead link, public reset
/// requests): past it they are not written, so nobody can grow a timeline or the table at will.
/// The help desk still sees the first ones, which say what is going on.
pub const ANONYMOUS_EVENTS_PER_HOUR: i64 = 30;

/// Inserts an event an anonymous caller caused, if the user's hourly budget has room.
pub(crate) fn insert_anonymous(conn: &Connection, e: NewEvent) -> anyhow::Result<Option<Event>> {
    if let Some(user_id) = e.user_id {
        let since = e.at.saturating_sub(jiff::SignedDuration::from_hours(1))?;
        let written: i64 = conn.query_row(
            "SELECT COUNT(*) FROM events WHERE user_id = ?1 AND actor_kind = 'user' AND at >= ?2
               AND kind IN ('login_failed', 'reset_attempt_failed', 'reset_requested')",
            params![user_id, ms(since)],
            |r| r.get(0),
        )?;
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
pub(crate) const COLUMNS: &str = "id, at, kind, user_id, pqr_id, actor_kind, actor_name, data";

pub(crate) fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Event> {
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
