//! The PQR screen's list: filters that reload it, pages fetched as the selection nears the end,
//! and opening a ticket.

use crate::app::keymap::Action;
use crate::app::model::{App, PqrFocus, Scope, page};
use crate::app::msg::{Effect, PqrEffect};
use crate::app::toolbox::{failed, reached};
use contract::api::{Page, PqrStatus, PqrSummary, PqrType};
use contract::remote::PortalError;

/// Fetch the next page when the selection comes this close to the end of what is loaded.
const PREFETCH_ROWS: usize = 20;

fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>) -> Option<T> {
    match current {
        None => all.first().copied(),
        Some(c) => all
            .iter()
            .position(|x| *x == c)
            .and_then(|i| all.get(i + 1).copied()),
    }
}

fn move_selection(app: &mut App, by: isize) -> Vec<Effect> {
    let n = app.pqr.items.len();
    if n == 0 {
        return vec![];
    }
    let next = (app.pqr.selected as isize)
        .saturating_add(by)
        .clamp(0, n as isize - 1);
    app.pqr.selected = next as usize;
    more_if_needed(app)
}

fn more_if_needed(app: &mut App) -> Vec<Effect> {
    let p = &mut app.pqr;
    if p.selected + PREFETCH_ROWS < p.items.len() || p.loading_more || p.loading {
        return vec![];
    }
    let Some(cursor) = p.next_cursor.clone() else {
        return vec![];
    };
    p.loading_more = true;
    vec![Effect::Pqr(PqrEffect::LoadPqrs {
        generation: p.generation,
        query: p.query(),
        cursor: Some(cursor),
    })]
}

/// Rows a page key moves on the PQR list: the rows it showed.
fn page_rows(app: &App) -> isize {
    page(app.drawn.pqr_rows) as isize
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::global::on_action(app, action) {
        return effects;
    }
    let p = &mut app.pqr;
    match action {
        Action::Down => move_selection(app, 1),
        Action::Up => move_selection(app, -1),
        Action::PageDown => move_selection(app, page_rows(app)),
        Action::PageUp => move_selection(app, -page_rows(app)),
        Action::Top => move_selection(app, isize::MIN / 2),
        Action::Bottom => move_selection(app, isize::MAX / 2),
        Action::Search => {
            p.focus = PqrFocus::Search;
            vec![]
        }
        Action::Open => {
            let Some(row) = p.items.get(p.selected) else {
                return vec![];
            };
            let id = row.id;
            p.focus = PqrFocus::Detail;
            if p.detail.as_ref().is_some_and(|d| d.pqr.summary.id == id) {
                return vec![];
            }
            p.loading_detail = Some(id);
            vec![Effect::Pqr(PqrEffect::LoadPqr { id })]
        }
        Action::NextPane => {
            if p.detail.is_some() {
                p.focus = PqrFocus::Detail;
            }
            vec![]
        }
        Action::FilterStatus => {
            // open (the default) → each status → every status → open.
            match (p.status, p.open_only) {
                (None, true) => {
                    p.status = PqrStatus::ALL.first().copied();
                    p.open_only = false;
                }
                (None, false) => p.open_only = true,
                (Some(_), _) => p.status = cycle(&PqrStatus::ALL, p.status),
            }
            p.reload()
        }
        Action::FilterType => {
            p.pqr_type = cycle(&PqrType::ALL, p.pqr_type);
            p.reload()
        }
        Action::FilterScope => {
            p.scope = match p.scope {
                Scope::Queue => Scope::Mine,
                Scope::Mine => Scope::Unassigned,
                Scope::Unassigned => Scope::All,
                Scope::All | Scope::Operator(_) | Scope::User(_) => Scope::Queue,
            };
            p.reload()
        }
        Action::FilterOverdue => {
            p.overdue = !p.overdue;
            if p.overdue {
                p.due_today = false;
            }
            p.reload()
        }
        Action::FilterToday => {
            p.due_today = !p.due_today;
            if p.due_today {
                p.overdue = false;
            }
            p.reload()
        }
        Action::SortOrder => {
            p.descending = !p.descending;
            p.reload()
        }
        _ => vec![],
    }
}

/// A page of tickets: the first (replacing the list) or the next one (appended).
pub(crate) fn on_reply(
    app: &mut App,
    generation: u64,
    append: bool,
    result: Result<Page<PqrSummary>, PortalError>,
) -> Vec<Effect> {
    if generation != app.pqr.generation {
        return vec![];
    }
    match result {
        Ok(page) => {
            reached(app);
            let p = &mut app.pqr;
            if append {
                p.items.extend(page.items);
                p.loading_more = false;
            } else {
                p.items = page.items;
                p.selected = 0;
                p.loading = false;
                p.loaded = true;
            }
            p.next_cursor = page.next_cursor;
            more_if_needed(app)
        }
        Err(e) => {
            app.pqr.loading = false;
            app.pqr.loading_more = false;
            let query = app.pqr.query();
            let cursor = if append {
                app.pqr.next_cursor.clone()
            } else {
                None
            };
            let retry = Effect::Pqr(PqrEffect::LoadPqrs {
                generation,
                query,
                cursor,
            });
            failed(app, &e, Some(retry));
            vec![]
        }
    }
}
