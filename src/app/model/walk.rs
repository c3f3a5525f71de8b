//! State of the walkthrough screen.

use std::sync::Arc;

use crate::api::{Event, PolicyRule};
use crate::walkthrough::Script;

/// How many live events the panel keeps.
pub const LIVE_KEEP: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveState {
    Connecting,
    Live,
    Reconnecting,
}

#[derive(Debug, Clone)]
pub struct WalkState {
    pub script: Arc<Script>,
    pub user_id: i64,
    pub user_name: String,
    pub email_masked: String,
    pub current: usize,
    pub done: Vec<bool>,
    pub events: Vec<Event>,
    pub last_event_id: i64,
    pub live: LiveState,
    /// The rules the caller's last refused password broke, for the explainer.
    pub last_rules: Vec<PolicyRule>,
    pub not_special_used: Option<String>,
    /// When the walk began: an event from before (a replay, an old reset) is shown but ticks
    /// nothing on the checklist, which says what happened in this call.
    pub started: jiff::Timestamp,
}
