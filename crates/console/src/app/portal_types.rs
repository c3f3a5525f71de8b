//! The portal's answers the app puts together: the dashboard's figures, three answers read as
//! one. The failure of a request, the list query and the live news are the contract's
//! (`contract::remote`), the same types the HTTP client returns: no mirror, no mapping.

use contract::api::{CallStats, PqrStats, ResetStats};

/// The dashboard's figures: the three stats answers, read together (`GET /api/v1/stats/pqr`,
/// `/stats/resets` and `/stats/calls`, the last two over the portal's default 30 days).
#[derive(Debug, Clone, PartialEq)]
pub struct BoardFigures {
    pub pqr: PqrStats,
    pub resets: ResetStats,
    pub calls: CallStats,
}
