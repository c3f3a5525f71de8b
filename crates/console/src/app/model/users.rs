//! State of the users screen: the search, its results, the detail pane, and what this console
//! learnt about each user (cooldowns, verifications).

use std::collections::HashMap;

use jiff::Timestamp;

use super::{TextBuffer, line_input};
use contract::api::{Event, UserDetail, UserSummary};

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
    pub search: TextBuffer,
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
    /// The callers whose detail was opened in this session, oldest first (`B`/`F` walk it as a
    /// browser's history does), and the one shown.
    pub history: Vec<UserSummary>,
    pub history_at: usize,
    /// When the caller on screen was first opened in this call: the call timer's start.
    pub call_started: Option<(i64, Timestamp)>,
    /// A conversation waiting to be linked to a user (`U` on an unlinked one): `L` here links it.
    pub linking: Option<i64>,
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
            history: Vec::new(),
            history_at: 0,
            call_started: None,
            linking: None,
        }
    }
}

impl UsersState {
    /// The id of the selected row.
    pub fn selected_id(&self) -> Option<i64> {
        self.results.get(self.selected).map(|u| u.id)
    }

    /// The detail pane belongs to the selected row: when the selection or the results change,
    /// a detail (or a load) of anyone else is dropped, so nothing on screen shows one caller
    /// while the keys act on another.
    pub fn keep_detail_with_selection(&mut self) {
        let selected = self.selected_id();
        if self
            .detail
            .as_ref()
            .is_some_and(|d| Some(d.user.summary.id) != selected)
        {
            self.detail = None;
        }
        if self.loading_detail.is_some() && self.loading_detail != selected {
            self.loading_detail = None;
        }
        if self.focus == Focus::Detail && self.detail.is_none() && self.loading_detail.is_none() {
            self.focus = Focus::List;
        }
    }

    /// A user's detail arrived: the list shows that user selected (the only row, when a search
    /// did not find them: opened from a PQR, say), so the row and the pane are the same person.
    pub fn select_person(&mut self, user: &UserSummary) {
        match self.results.iter().position(|r| r.id == user.id) {
            Some(i) => {
                self.results[i] = user.clone();
                self.selected = i;
            }
            None => {
                self.results = vec![user.clone()];
                self.more_results = false;
                self.selected = 0;
                self.search.clear();
                self.shown_query.clear();
                self.generation += 1;
                self.searching = false;
            }
        }
    }
}

/// How many callers the history keeps.
pub(crate) const HISTORY_KEEP: usize = 20;

impl UsersState {
    /// A caller's detail was opened: a new entry after the one shown (the entries after it
    /// go, as in a browser), unless it is the one shown (a reload, or a move in the history).
    pub fn remember(&mut self, user: &UserSummary, now: Timestamp) {
        if self
            .history
            .get(self.history_at)
            .is_some_and(|u| u.id == user.id)
        {
            self.history[self.history_at] = user.clone();
        } else {
            self.history.truncate(self.history_at + 1);
            self.history.push(user.clone());
            if self.history.len() > HISTORY_KEEP {
                self.history.remove(0);
            }
            self.history_at = self.history.len() - 1;
        }
        if self.call_started.is_none_or(|(id, _)| id != user.id) {
            self.call_started = Some((user.id, now));
        }
    }

    /// The caller `by` steps back (negative) or forward in the history, made the one shown.
    pub fn step_history(&mut self, by: isize) -> Option<UserSummary> {
        let at = self.history_at.checked_add_signed(by)?;
        let user = self.history.get(at)?.clone();
        self.history_at = at;
        Some(user)
    }
}

/// «José Núñez Peña · CC **4050»: how every confirmation names the person it will touch.
pub fn person_label(u: &UserSummary) -> String {
    format!(
        "{} · {} {}",
        u.full_name,
        u.document_type.as_str(),
        contract::domain::masking::compact_mask(&u.document_masked)
    )
}

impl Default for UsersState {
    fn default() -> Self {
        Self::new()
    }
}
