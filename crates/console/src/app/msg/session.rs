//! Who the operator is, and whether the portal is back (`GET /me`).

use contract::api::Operator;
use contract::remote::PortalError;

#[derive(Debug, Clone, PartialEq)]
pub enum SessionEffect {
    LoadMe,
    /// Offline: ask the portal again after this pause (`GET /me`), to go back online by itself.
    Probe {
        after: std::time::Duration,
    },
}

#[derive(Debug, Clone)]
pub enum SessionReply {
    Me(Result<Operator, PortalError>),
    /// The answer to a reconnection probe.
    Probed(Result<Operator, PortalError>),
}
