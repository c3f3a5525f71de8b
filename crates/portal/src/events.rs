//! Events: the user's timeline and the live stream share one table and one shape.
//! An event is inserted inside the transaction of the change it describes, and published to live
//! subscribers only after that transaction committed (so nobody sees an event that was rolled back).

use tokio::sync::broadcast;

pub(crate) use crate::storage::events::insert_anonymous;
pub use crate::storage::events::{ANONYMOUS_EVENTS_PER_HOUR, NewEvent, insert};
use contract::api::{Actor, ActorKind, Event};

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
