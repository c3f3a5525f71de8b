//! State of the walkthrough screen and of its two modals (the rule explainer, the call's outcome).

use std::sync::Arc;

use ratatui_textarea::TextArea;

use super::{line_input, text_of};
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
}

/// A password typed only to be checked against the rules: never stored beyond the modal, never
/// logged (its Debug says nothing), never sent.
#[derive(Clone)]
pub struct SecretInput(pub TextArea<'static>);

impl std::fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretInput(<redacted>)")
    }
}

impl SecretInput {
    pub fn new() -> Self {
        let mut t = line_input("");
        t.set_mask_char('•');
        Self(t)
    }
    pub fn text(&self) -> String {
        text_of(&self.0)
    }
}

impl Default for SecretInput {
    fn default() -> Self {
        Self::new()
    }
}

#[derive(Debug, Clone)]
pub struct OutcomeForm {
    pub user_id: i64,
    pub selected: usize,
    pub note: TextArea<'static>,
    pub on_note: bool,
    pub pending: bool,
    pub error: Option<String>,
    pub idempotency_key: String,
}
