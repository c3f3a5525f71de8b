//! The PQR list's SQL: each filter a clause, each status group and urgency tier an index range
//! walked in the list's order (fast at 100,000 tickets), merged when there are several.

use jiff::civil::Date;
use rusqlite::Connection;
use rusqlite::types::Value;

use super::pqr::{FROM, SUMMARY_COLUMNS, summary_from_row};
use super::{Doing, StorageResult};
use crate::pqr::legal::Legal;
use crate::pqr::rules;
use contract::api::{PqrStatus, PqrSummary, PqrType};

/// Open tickets whose legal clock is running (not waiting on the requester): an index range of
/// `pqr_open_due` (migration 004), not three ranges merged and sorted.
const RUNNING: &str = "p.is_open = 1 AND p.status <> 'en_espera_usuario'";

/// The list's order.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Sort {
    Due {
        descending: bool,
    },
    /// The working order: running legal clocks by due date, then the tickets waiting on the
    /// requester (clock stopped) by due date, then the closed ones.
    Urgency,
    Created {
        descending: bool,
    },
}

/// The tiers of the urgency order, each an index range walked in due-date order.
const URGENCY_TIERS: [&str; 3] = [RUNNING, "p.status = 'en_espera_usuario'", "p.is_open = 0"];

/// Whose tickets.
#[derive(Clone, Copy)]
pub(crate) enum Assignee {
    Anyone,
    Is(i64),
    Nobody,
    IsOrNobody(i64),
}

/// A page of the list, as the request asked for it (already checked).
pub(crate) struct Filter {
    /// Empty: every status.
    pub statuses: Vec<PqrStatus>,
    pub pqr_type: Option<PqrType>,
    pub assignee: Assignee,
    pub overdue: bool,
    /// Open tickets due from today until this day, running clocks only.
    pub due_until: Option<Date>,
    pub user_id: Option<i64>,
    /// An FTS5 query (its syntax neutralised), matching subject and body.
    pub fts: Option<String>,
    pub sort: Sort,
    /// After this due date (as stored) and id.
    pub position: Option<(String, i64)>,
    pub limit: u32,
    pub today: Date,
}

/// Up to `limit + 1` tickets of the filter in its order (the extra one says there is more).
pub(crate) fn page(conn: &Connection, f: Filter, legal: &Legal) -> StorageResult<Vec<PqrSummary>> {
    read_page(conn, f, legal).doing("listing PQRs")
}

fn read_page(conn: &Connection, f: Filter, legal: &Legal) -> StorageResult<Vec<PqrSummary>> {
    let Filter {
        sort, limit, today, ..
    } = f;
    let mut w = Where::default();
    // Each status group is its own index range in due-date order; several are merged below.
    let groups = if f.statuses.is_empty() {
        Vec::new()
    } else {
        status_groups(&f.statuses)
    };
    if let Some(t) = f.pqr_type {
        w.bind("p.type = ?", Value::Text(t.as_str().into()));
    }
    match f.assignee {
        Assignee::Anyone => {}
        Assignee::Is(id) => w.bind("p.assignee_id = ?", Value::Integer(id)),
        Assignee::Nobody => w.push("p.assignee_id IS NULL", []),
        Assignee::IsOrNobody(id) => w.bind(
            "(p.assignee_id = ? OR p.assignee_id IS NULL)",
            Value::Integer(id),
        ),
    }
    if f.overdue {
        w.bind(
            &format!("{RUNNING} AND p.due_date < ?"),
            Value::Text(today.to_string()),
        );
    }
    if let Some(until) = f.due_until {
        w.bind("p.due_date >= ?", Value::Text(today.to_string()));
        w.bind(
            &format!("p.due_date <= ? AND {RUNNING}"),
            Value::Text(until.to_string()),
        );
    }
    if let Some(user) = f.user_id {
        w.bind("p.user_id = ?", Value::Integer(user));
    }
    let fts = f.fts;
    let (order, cursor_clause) = order_and_cursor(sort, f.position);
    // In the urgency order the cursor applies in the tier of the ticket it names, and the tiers
    // before that one are done; in the others it is one more clause.
    let mut tier_cursor = None;
    if let Some((sql, values)) = cursor_clause {
        if sort == Sort::Urgency {
            tier_cursor = Some((sql, values));
        } else {
            w.push(&sql, values);
        }
    }
    if let Some(fts) = fts {
        // A word in thousands of tickets: walk the due-date order and keep the matches
        // (`+` keeps the planner off the match set, which it would sort whole); a rarer
        // one: read its matches and sort those.
        let dense: i64 = conn.query_row(
            &format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM pqr_fts WHERE pqr_fts MATCH ?1 LIMIT {DENSE_MATCHES})"
            ),
            [&fts],
            |r| r.get(0),
        )?;
        let clause = if dense >= DENSE_MATCHES {
            "+p.id IN (SELECT rowid FROM pqr_fts WHERE pqr_fts MATCH ?)"
        } else {
            "p.id IN (SELECT rowid FROM pqr_fts WHERE pqr_fts MATCH ?)"
        };
        w.bind(clause, Value::Text(fts));
    }
    let ranges = Ranges {
        groups: &groups,
        order,
        sort,
        limit,
        legal,
        today,
    };
    if sort != Sort::Urgency {
        return Ok(ranges.fetch(conn, &w)?);
    }
    let first_tier = match &tier_cursor {
        Some((_, values)) => tier_of(conn, values)?,
        None => 0,
    };
    let mut rows = Vec::new();
    for (tier, clause) in URGENCY_TIERS.iter().enumerate().skip(first_tier) {
        let mut tw = w.clone();
        tw.push(clause, []);
        if tier == first_tier
            && let Some((sql, values)) = &tier_cursor
        {
            tw.push(sql, values.clone());
        }
        rows.extend(ranges.fetch(conn, &tw)?);
        if rows.len() > limit as usize {
            break;
        }
    }
    rows.truncate(limit as usize + 1);
    Ok(rows)
}

/// What a page reads: the status groups of the filter, each an index range in the list's order,
/// merged when there are several.
struct Ranges<'a> {
    groups: &'a [String],
    order: &'static str,
    sort: Sort,
    limit: u32,
    legal: &'a crate::pqr::legal::Legal,
    today: jiff::civil::Date,
}

impl Ranges<'_> {
    fn fetch(&self, conn: &rusqlite::Connection, w: &Where) -> rusqlite::Result<Vec<PqrSummary>> {
        let groups: Vec<Option<&String>> = if self.groups.is_empty() {
            vec![None]
        } else {
            self.groups.iter().map(Some).collect()
        };
        let several = groups.len() > 1;
        let mut rows = Vec::new();
        for group in groups {
            let mut clauses = w.clauses.clone();
            clauses.extend(group.cloned());
            let where_sql = if clauses.is_empty() {
                String::new()
            } else {
                format!("WHERE {}", clauses.join(" AND "))
            };
            let mut params = w.params.clone();
            params.push(Value::Integer(i64::from(self.limit) + 1));
            let sql = format!(
                "SELECT {SUMMARY_COLUMNS} FROM {FROM} {where_sql} ORDER BY {} LIMIT ?{}",
                self.order,
                params.len()
            );
            let mut stmt = conn.prepare_cached(&sql)?;
            let found = stmt
                .query_map(rusqlite::params_from_iter(params.iter()), |r| {
                    summary_from_row(r, self.legal, self.today)
                })?
                .collect::<Result<Vec<_>, _>>()?;
            rows.extend(found);
        }
        if several {
            sort_rows(&mut rows, self.sort);
            rows.truncate(self.limit as usize + 1);
        }
        Ok(rows)
    }
}

/// The urgency tier of the ticket a cursor names (its values: the due date, then the id); a
/// cursor naming no ticket starts at the first tier, and answers a page all the same.
fn tier_of(conn: &rusqlite::Connection, cursor: &[Value]) -> rusqlite::Result<usize> {
    let Some(Value::Integer(id)) = cursor.get(1) else {
        return Ok(0);
    };
    let found: Option<(bool, String)> = conn
        .query_row("SELECT is_open, status FROM pqr WHERE id = ?1", [id], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    Ok(match found {
        Some((true, status)) if status != "en_espera_usuario" => 0,
        Some((true, _)) => 1,
        Some((false, _)) => 2,
        None => 0,
    })
}

/// Matches of a full-text query from which the list walks the due-date order instead of
/// sorting the matches.
const DENSE_MATCHES: i64 = 2000;

/// The clauses for a set of statuses, one per index range: every open status together is the
/// indexed `is_open` (migration 004), any other status its own range of `pqr_status_due`.
fn status_groups(wanted: &[PqrStatus]) -> Vec<String> {
    let mut names: Vec<&str> = wanted.iter().map(|s| s.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let open: Vec<&str> = PqrStatus::ALL
        .into_iter()
        .filter(|s| rules::is_open(*s))
        .map(PqrStatus::as_str)
        .collect();
    let mut groups = Vec::new();
    if open.iter().all(|o| names.contains(o)) {
        groups.push("p.is_open = 1".to_string());
        names.retain(|n| !open.contains(n));
    }
    groups.extend(names.iter().map(|n| format!("p.status = '{n}'")));
    groups
}

/// Rows of several ranges in the list's order.
fn sort_rows(rows: &mut [PqrSummary], sort: Sort) {
    match sort {
        Sort::Due { descending } => {
            rows.sort_by_key(|r| (r.due_date, r.id));
            if descending {
                rows.reverse();
            }
        }
        // One tier at a time: the tiers are read in order, each sorted like the due order.
        Sort::Urgency => rows.sort_by_key(|r| (r.due_date, r.id)),
        Sort::Created { descending } => {
            rows.sort_by_key(|r| r.id);
            if descending {
                rows.reverse();
            }
        }
    }
}

/// WHERE clauses with numbered parameters: each `?` of a clause takes the next value.
#[derive(Default, Clone)]
struct Where {
    clauses: Vec<String>,
    params: Vec<Value>,
}

impl Where {
    fn push(&mut self, sql: &str, values: impl IntoIterator<Item = Value>) {
        let mut values = values.into_iter();
        let mut out = String::with_capacity(sql.len() + 8);
        for c in sql.chars() {
            if c == '?'
                && let Some(v) = values.next()
            {
                self.params.push(v);
                out.push_str(&format!("?{}", self.params.len()));
            } else {
                out.push(c);
            }
        }
        self.clauses.push(out);
    }

    fn bind(&mut self, sql: &str, value: Value) {
        self.push(sql, [value]);
    }
}

/// The ORDER BY of a sort, and the clause that starts after a cursor's position.
fn order_and_cursor(
    sort: Sort,
    position: Option<(String, i64)>,
) -> (&'static str, Option<(String, Vec<Value>)>) {
    match sort {
        Sort::Urgency => (
            "p.due_date, p.id",
            position.map(|(date, id)| {
                (
                    "(p.due_date, p.id) > (?, ?)".to_string(),
                    vec![Value::Text(date), Value::Integer(id)],
                )
            }),
        ),
        Sort::Due { descending } => {
            let order = if descending {
                "p.due_date DESC, p.id DESC"
            } else {
                "p.due_date, p.id"
            };
            let op = if descending { "<" } else { ">" };
            let clause = position.map(|(date, id)| {
                (
                    format!("(p.due_date, p.id) {op} (?, ?)"),
                    vec![Value::Text(date), Value::Integer(id)],
                )
            });
            (order, clause)
        }
        Sort::Created { descending } => {
            let order = if descending { "p.id DESC" } else { "p.id" };
            let clause = position.map(|(_, id)| {
                (
                    format!("p.id {} ?", if descending { "<" } else { ">" }),
                    vec![Value::Integer(id)],
                )
            });
            (order, clause)
        }
    }
}
