//! Who the operator is, and whether the portal is back (`GET /me`).

use contract::api::{Me, Operator};
use contract::remote::PortalError;

use super::{Effect, PortalCall};

/// `GET /me` at the start and on F5: the answer is [`SessionReply::Me`].
pub fn load_me() -> Effect {
    PortalCall::new(Me, |_, result| SessionReply::Me(result)).into()
}

#[derive(Debug, Clone, PartialEq)]
pub enum SessionEffect {
    /// Offline: ask the portal again after this pause (`GET /me`), to go back online by itself.
    Probe { after: std::time::Duration },
}

#[derive(Debug, Clone)]
pub enum SessionReply {
    Me(Result<Operator, PortalError>),
    /// The answer to a reconnection probe.
    Probed(Result<Operator, PortalError>),
}
