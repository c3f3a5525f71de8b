//! `GET /api/v1/pqr`: filters, full text, sort by due date, keyset pages (fast at 100,000 tickets).

use axum::Json;
use axum::extract::State;
use rusqlite::types::Value;
use serde::Deserialize;

use crate::AppState;
use crate::audit::record_alone;
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiQuery, RequestId};
use crate::http::paging;
use crate::pqr::rules;
use crate::pqr::store::{FROM, SUMMARY_COLUMNS, summary_from_row};
use crate::search;
use contract::api::{AuditOutcome, Page, PqrStatus, PqrSummary, PqrType};

#[derive(Debug, Deserialize)]
pub(crate) struct PqrQuery {
    /// One status or several, comma-separated; `open` stands for every status but resuelta and
    /// cerrada.
    pub status: Option<String>,
    #[serde(rename = "type")]
    pub pqr_type: Option<String>,
    /// `me`, `none`, `me_or_none` (the operator's working queue) or an operator id.
    pub assignee: Option<String>,
    pub overdue: Option<bool>,
    /// Open tickets due within this many business days (today included, overdue excluded).
    pub due_within: Option<u32>,
    pub user_id: Option<i64>,
    pub q: Option<String>,
    /// `due_date` (default), `-due_date`, `urgency`, `created_at`, `-created_at`.
    pub sort: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// Open tickets whose legal clock is running (not waiting on the requester): an index range of
/// `pqr_open_due` (migration 004), not three ranges merged and sorted.
const RUNNING: &str = "p.is_open = 1 AND p.status <> 'en_espera_usuario'";

#[derive(Clone, Copy, PartialEq)]
enum Sort {
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

pub(crate) async fn list(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiQuery(q): ApiQuery<PqrQuery>,
) -> ApiResult<Json<Page<PqrSummary>>> {
    let limit = paging::limit(q.limit)?;
    let sort = match q.sort.as_deref().unwrap_or("due_date") {
        "due_date" => Sort::Due { descending: false },
        "-due_date" => Sort::Due { descending: true },
        "urgency" => Sort::Urgency,
        "created_at" => Sort::Created { descending: false },
        "-created_at" => Sort::Created { descending: true },
        _ => {
            return Err(ApiError::bad_request(
                "sort must be due_date, -due_date, urgency, created_at or -created_at",
            ));
        }
    };
    let legal = state.legal.clone();
    let today = legal.day_of(state.clock.now());
    let mut w = Where::default();
    // Each status group is its own index range in due-date order; several are merged below.
    let mut groups: Vec<String> = Vec::new();
    if let Some(statuses) = q.status.as_deref().filter(|s| !s.is_empty()) {
        let mut wanted = Vec::new();
        for s in statuses.split(',') {
            if s == "open" {
                wanted.extend(PqrStatus::ALL.into_iter().filter(|s| rules::is_open(*s)));
                continue;
            }
            let st = PqrStatus::parse(s)
                .ok_or_else(|| ApiError::bad_request(format!("unknown status {s:?}")))?;
            wanted.push(st);
        }
        groups = status_groups(&wanted);
    }
    if let Some(t) = q.pqr_type.as_deref().filter(|s| !s.is_empty()) {
        let t = PqrType::parse(t).ok_or_else(|| ApiError::bad_request("unknown type"))?;
        w.bind("p.type = ?", Value::Text(t.as_str().into()));
    }
    match q.assignee.as_deref() {
        None | Some("") => {}
        Some("me") => w.bind("p.assignee_id = ?", Value::Integer(op.id)),
        Some("none") => w.push("p.assignee_id IS NULL", []),
        Some("me_or_none") => w.bind(
            "(p.assignee_id = ? OR p.assignee_id IS NULL)",
            Value::Integer(op.id),
        ),
        Some(other) => {
            let id = paging::row_id(other).ok_or_else(|| {
                ApiError::bad_request("assignee must be me, none, me_or_none or an operator id")
            })?;
            w.bind("p.assignee_id = ?", Value::Integer(id));
        }
    }
    if q.overdue == Some(true) {
        w.bind(
            &format!("{RUNNING} AND p.due_date < ?"),
            Value::Text(today.to_string()),
        );
    }
    if let Some(n) = q.due_within {
        if n > 400 {
            return Err(ApiError::bad_request(
                "due_within must be at most 400 business days",
            ));
        }
        let until = legal.add_business_days(today, n);
        w.bind("p.due_date >= ?", Value::Text(today.to_string()));
        w.bind(
            &format!("p.due_date <= ? AND {RUNNING}"),
            Value::Text(until.to_string()),
        );
    }
    if let Some(user) = q.user_id {
        w.bind("p.user_id = ?", Value::Integer(user));
    }
    // The contract's maxLength counts the text as sent, spaces included.
    if q.q.as_deref().is_some_and(|t| t.chars().count() > 200) {
        return Err(ApiError::bad_request("q must have at most 200 characters"));
    }
    let mut fts = None;
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        match search::fts_query(text) {
            Some(query) => fts = Some(query),
            None => {
                return Ok(Json(Page {
                    items: Vec::new(),
                    next_cursor: None,
                }));
            }
        }
    }
    let (order, cursor_clause) = order_and_cursor(sort, q.cursor.as_deref())?;
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
    let rows = state
        .db
        .read(move |conn| {
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
                legal: &legal,
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
        })
        .await?;
    // The list carries the requesters' contact data unmasked: every read is on the record.
    let ids: Vec<String> = rows
        .iter()
        .take(limit as usize)
        .map(|r| r.id.to_string())
        .collect();
    record_alone(
        &state,
        &op,
        "pqr.list",
        None,
        AuditOutcome::Ok,
        &request_id,
        Some(format!("{} tickets: {}", ids.len(), ids.join(","))),
    )
    .await?;
    Ok(Json(page(rows, limit)))
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

type CursorClause = Option<(String, Vec<Value>)>;

/// The position a PQR cursor carries: `d:<due date>:<id>`, the contract's pattern
/// `^(d:[0-9]{4}-[0-9]{2}-[0-9]{2}:[1-9][0-9]{0,17})?$`. Both sorts write and read the same shape
/// (the id order ignores the date), so any cursor of that shape answers a page, possibly empty.
/// The date is compared as text, as it is stored.
fn parse_cursor(c: &str) -> Option<(String, i64)> {
    let (date, id) = c.strip_prefix("d:")?.split_once(':')?;
    let b = date.as_bytes();
    let date_shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    date_shaped
        .then(|| paging::row_id(id).map(|id| (date.to_string(), id)))
        .flatten()
}

fn order_and_cursor(
    sort: Sort,
    cursor: Option<&str>,
) -> Result<(&'static str, CursorClause), ApiError> {
    let position = match cursor.filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(parse_cursor(c).ok_or_else(|| ApiError::bad_request("invalid cursor"))?),
    };
    Ok(match sort {
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
    })
}

fn page(mut rows: Vec<PqrSummary>, limit: u32) -> Page<PqrSummary> {
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = match (more, rows.last()) {
        (true, Some(last)) => Some(format!("d:{}:{}", last.due_date, last.id)),
        _ => None,
    };
    Page {
        items: rows,
        next_cursor,
    }
}
