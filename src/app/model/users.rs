//! State of the users screen: the search, its results, the detail pane, and what this console
//! learnt about each user (cooldowns, verifications).

use std::collections::HashMap;

use jiff::Timestamp;
use ratatui_textarea::TextArea;

use super::line_input;
use crate::api::{Event, UserDetail, UserSummary};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Search,
    List,
    Detail,
}

#[derive(Debug, Clone)]
pub struct DetailState {
    pub user: UserDetail,
    pub timeline: Vec<Event>,
    pub scroll: u16,
}

#[derive(Debug, Clone)]
pub struct UsersState {
    pub search: TextArea<'static>,
    pub focus: Focus,
    /// Bumped by every edit of the search field; replies of older generations are dropped.
    pub generation: u64,
    pub searching: bool,
    /// The query whose results are shown.
    pub shown_query: String,
    pub results: Vec<UserSummary>,
    pub more_results: bool,
    pub selected: usize,
    pub detail: Option<DetailState>,
    pub loading_detail: Option<i64>,
    /// Until when the portal refuses another reset link, per user (429 Retry-After).
    pub cooldowns: HashMap<i64, Timestamp>,
    /// Until when a verification made from this console allows an unlock, per user.
    pub verified: HashMap<i64, Timestamp>,
}

impl UsersState {
    pub fn new() -> Self {
        Self {
            search: line_input(""),
            focus: Focus::Search,
            generation: 0,
            searching: false,
            shown_query: String::new(),
            results: Vec::new(),
            more_results: false,
            selected: 0,
            detail: None,
            loading_detail: None,
            cooldowns: HashMap::new(),
            verified: HashMap::new(),
        }
    }
}

impl Default for UsersState {
    fn default() -> Self {
        Self::new()
    }
}
