//! The portal as the app sees it: its own error, list query and live-update types. The app never
//! names the HTTP client; `console/effects.rs` maps the client's types into these (and back) at
//! the effects boundary, so a change of client touches one file.

use crate::api::{CallStats, ErrorCode, Event, PqrStats, PqrStatus, PqrType, ResetStats};

/// What went wrong with a request, in the terms the operator needs: each variant maps to one
/// message in the catalogs (see `app::messages`).
#[derive(Debug, Clone, PartialEq)]
pub enum PortalError {
    /// 401: the token is wrong, revoked or expired.
    Unauthorized,
    /// 403: the role is not enough.
    Forbidden {
        message: String,
    },
    NotFound,
    /// 429, with the seconds of `Retry-After`.
    RateLimited {
        retry_after: u64,
        code: ErrorCode,
    },
    /// No answer: refused, reset, DNS, TLS or timed out.
    Offline(String),
    /// 5xx: the portal failed; the request id lets support find it in the portal's logs.
    Server {
        status: u16,
        request_id: String,
    },
    /// Any other refusal with a contract error code (409 verification_required, 422…).
    Api {
        status: u16,
        code: ErrorCode,
        message: String,
        request_id: String,
    },
    /// The answer did not decode: a portal speaking another version of the contract.
    Decode(String),
    /// The answer (or one live event) was larger than the console reads.
    TooLarge {
        limit: usize,
    },
    /// A change was asked without the version (ETag) the portal gave with the ticket.
    NoVersion,
}

impl PortalError {
    /// Worth retrying the same request when the operator asks (`R`): an unreadable answer counts,
    /// since the action may have happened and only a retry with the same Idempotency-Key tells.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            PortalError::Offline(_)
                | PortalError::Server {
                    status: 500..=504,
                    ..
                }
                | PortalError::Decode(_)
        )
    }
}

/// The PQR list's filters, as the screen holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct PqrQuery {
    pub status: Option<PqrStatus>,
    pub pqr_type: Option<PqrType>,
    /// `me`, `none`, `me_or_none` (the contract's words), or everyone's.
    pub assignee: Option<&'static str>,
    /// One operator's tickets, instead of `assignee` (the dashboard's drill-down).
    pub assignee_id: Option<i64>,
    /// One user's tickets (`p` on a user).
    pub user_id: Option<i64>,
    /// Only open tickets (not resuelta or cerrada), when no one status is chosen.
    pub open_only: bool,
    pub overdue: bool,
    pub due_today: bool,
    pub text: String,
    pub descending: bool,
    pub limit: u32,
}

/// News from a followed user's live event stream.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveUpdate {
    Connected,
    Disconnected,
    Event(Box<Event>),
}

/// The dashboard's figures: the three stats answers, read together (`GET /api/v1/stats/pqr`,
/// `/stats/resets` and `/stats/calls`, the last two over the portal's default 30 days).
#[derive(Debug, Clone, PartialEq)]
pub struct BoardFigures {
    pub pqr: PqrStats,
    pub resets: ResetStats,
    pub calls: CallStats,
}
