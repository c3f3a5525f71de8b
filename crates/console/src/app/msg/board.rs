//! The dashboard: its figures, and the desk-wide live stream (which the conversations' queue
//! follows too, while it is on screen).

use crate::app::portal_types::BoardFigures;
use contract::remote::{LiveUpdate, PortalError};

#[derive(Debug, Clone, PartialEq)]
pub enum BoardEffect {
    /// The dashboard's figures: the three stats calls at once, after `after` (zero, or the
    /// settling pause of a reload a live event asked for). A newer load cancels an older one.
    LoadBoard {
        generation: u64,
        after: std::time::Duration,
    },
    /// Follow the whole desk's live events (while the dashboard or the queue is on screen).
    WatchDesk,
    UnwatchDesk,
}

// Moved once each: boxing the big replies would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum BoardReply {
    /// The dashboard's figures (the three stats calls together).
    Board {
        generation: u64,
        result: Result<BoardFigures, PortalError>,
    },
    /// News from the desk-wide live stream.
    DeskLive(LiveUpdate),
}
