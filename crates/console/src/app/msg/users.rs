//! The users screen: the search, a user's detail, the reset link and the unlock (those two are
//! the contract's `SendResetLink` and `UnlockUser`, sent as an `Effect::Call`).

use contract::api::{
    Event, Page, ResetLinkSent, ResetLinksRevoked, UnlockResult, UserDetail, UserSummary,
};
use contract::remote::PortalError;

#[derive(Debug, Clone, PartialEq)]
pub enum UsersEffect {
    /// Debounced by the runner; a newer search cancels an older one still in flight.
    Search {
        generation: u64,
        query: String,
    },
    CancelSearch,
    /// The user and their timeline, together (one reply for the two reads).
    LoadDetail {
        user_id: i64,
    },
}

// Moved once each: boxing the big replies would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum UsersReply {
    Search {
        generation: u64,
        result: Result<Page<UserSummary>, PortalError>,
    },
    Detail {
        user_id: i64,
        result: Result<(UserDetail, Vec<Event>), PortalError>,
    },
    ResetSent {
        user_id: i64,
        idempotency_key: String,
        result: Result<ResetLinkSent, PortalError>,
    },
    Unlocked {
        user_id: i64,
        idempotency_key: String,
        result: Result<UnlockResult, PortalError>,
    },
    /// The answer to the contract's `RevokeResetLinks`.
    LinksRevoked {
        user_id: i64,
        idempotency_key: String,
        result: Result<ResetLinksRevoked, PortalError>,
    },
}
