//! The reset walkthrough: the user's live events while it runs, and the call's outcome at its end.

use contract::api::Event;
use contract::remote::{LiveUpdate, PortalError};

#[derive(Debug, Clone, PartialEq)]
pub enum WalkEffect {
    /// Follow the user's live events (one user at a time).
    Watch {
        user_id: i64,
    },
    Unwatch,
}

// Moved once each: boxing the big replies would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum WalkReply {
    Live {
        user_id: i64,
        update: LiveUpdate,
    },
    /// The answer to the contract's `RecordCallOutcome`.
    OutcomeRecorded {
        user_id: i64,
        result: Result<Event, PortalError>,
    },
}
