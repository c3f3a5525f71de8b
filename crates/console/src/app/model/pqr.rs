//! State of the PQR screen: the list with its filters and pages, the open ticket; and the canned
//! responses the editor offers.

use super::{TextBuffer, line_input, text_of};
use crate::app::msg::{Effect, PqrEffect};
use contract::api::{PqrDetail, PqrPatch, PqrStatus, PqrSummary, PqrType};
use contract::remote::PqrQuery;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PqrFocus {
    Search,
    List,
    Detail,
}

/// Whose tickets the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Mine and unassigned: the operator's working queue, where the screen opens.
    Queue,
    All,
    Mine,
    Unassigned,
    /// One operator's tickets (from the dashboard); the name is in [`PqrState::assignee_name`].
    Operator(i64),
    /// One user's tickets (`p` on a user), every status; the name is in
    /// [`PqrState::assignee_name`] too (the chip's words).
    User(i64),
}

#[derive(Debug, Clone)]
pub struct PqrDetailState {
    pub pqr: PqrDetail,
    pub etag: String,
    pub scroll: u16,
    /// After a 412: what someone else changed, in words.
    pub changed: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PqrState {
    pub search: TextBuffer,
    pub focus: PqrFocus,
    pub status: Option<PqrStatus>,
    /// With no one status chosen: only open tickets (the default) or every status.
    pub open_only: bool,
    pub pqr_type: Option<PqrType>,
    pub scope: Scope,
    /// The name of the operator of [`Scope::Operator`], for the filter's chip.
    pub assignee_name: String,
    pub overdue: bool,
    pub due_today: bool,
    pub descending: bool,
    /// Bumped by every change of the filters; older pages are dropped.
    pub generation: u64,
    pub loading: bool,
    pub loaded: bool,
    pub items: Vec<PqrSummary>,
    pub next_cursor: Option<String>,
    pub loading_more: bool,
    pub selected: usize,
    pub detail: Option<PqrDetailState>,
    pub loading_detail: Option<i64>,
    /// A change refused with 412, kept to offer again on the reloaded ticket.
    pub pending_patch: Option<(i64, PqrPatch)>,
}

/// Rows per page fetched from the portal; more are fetched as the selection nears the end.
pub const PQR_PAGE: u32 = 100;

impl PqrState {
    pub fn new() -> Self {
        Self {
            search: line_input(""),
            focus: PqrFocus::List,
            status: None,
            open_only: true,
            pqr_type: None,
            scope: Scope::Queue,
            assignee_name: String::new(),
            overdue: false,
            due_today: false,
            descending: false,
            generation: 0,
            loading: false,
            loaded: false,
            items: Vec::new(),
            next_cursor: None,
            loading_more: false,
            selected: 0,
            detail: None,
            loading_detail: None,
            pending_patch: None,
        }
    }

    /// Every filter back to none, the list emptied and focused: a drill-down's clean start.
    pub fn reset_filters(&mut self) {
        self.status = None;
        self.open_only = true;
        self.pqr_type = None;
        self.overdue = false;
        self.due_today = false;
        self.descending = false;
        self.search = line_input("");
        self.focus = PqrFocus::List;
        self.items.clear();
        self.selected = 0;
    }

    /// The list again from its first page, with the filters as they are now.
    pub fn reload(&mut self) -> Vec<Effect> {
        self.generation += 1;
        self.loading = true;
        self.loading_more = false;
        vec![Effect::Pqr(PqrEffect::LoadPqrs {
            generation: self.generation,
            query: self.query(),
            cursor: None,
        })]
    }

    pub fn query(&self) -> PqrQuery {
        PqrQuery {
            status: self.status,
            open_only: self.open_only && self.status.is_none(),
            pqr_type: self.pqr_type,
            assignee: match self.scope {
                Scope::Queue => Some("me_or_none"),
                Scope::All => None,
                Scope::Mine => Some("me"),
                Scope::Unassigned => Some("none"),
                Scope::Operator(_) | Scope::User(_) => None,
            },
            assignee_id: match self.scope {
                Scope::Operator(id) => Some(id),
                _ => None,
            },
            user_id: match self.scope {
                Scope::User(id) => Some(id),
                _ => None,
            },
            overdue: self.overdue,
            due_today: self.due_today,
            text: text_of(&self.search),
            descending: self.descending,
            limit: PQR_PAGE,
        }
    }
}

impl Default for PqrState {
    fn default() -> Self {
        Self::new()
    }
}

/// One canned response of `assets/canned/responses.toml`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Canned {
    pub title: String,
    pub body: String,
}

/// Parsed once: the picker reads them on every key and every frame while it is open.
pub fn canned_responses() -> &'static [Canned] {
    #[derive(serde::Deserialize)]
    struct File {
        response: Vec<Canned>,
    }
    static CANNED: std::sync::OnceLock<Vec<Canned>> = std::sync::OnceLock::new();
    CANNED.get_or_init(|| {
        toml::from_str::<File>(include_str!("../../../../../assets/canned/responses.toml"))
            .map(|f| f.response)
            .unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_canned_responses_file_parses() {
        let canned = super::canned_responses();
        assert!(canned.len() >= 4);
        assert!(canned.iter().any(|c| c.body.contains("Enviar Correo")));
    }
}
