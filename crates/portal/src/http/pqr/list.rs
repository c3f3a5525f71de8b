//! `GET /api/v1/pqr`: filters, full text, sort by due date, keyset pages (fast at 100,000 tickets).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use crate::AppState;
use crate::audit::record_alone;
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiQuery, RequestId};
use crate::http::paging;
use crate::pqr::rules;
use crate::search;
use crate::storage::pqr_list::{self, Assignee, Filter, Sort};
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
    let mut statuses = Vec::new();
    if let Some(wanted) = q.status.as_deref().filter(|s| !s.is_empty()) {
        for s in wanted.split(',') {
            if s == "open" {
                statuses.extend(PqrStatus::ALL.into_iter().filter(|s| rules::is_open(*s)));
                continue;
            }
            let st = PqrStatus::parse(s)
                .ok_or_else(|| ApiError::bad_request(format!("unknown status {s:?}")))?;
            statuses.push(st);
        }
    }
    let pqr_type = match q.pqr_type.as_deref().filter(|s| !s.is_empty()) {
        Some(t) => Some(PqrType::parse(t).ok_or_else(|| ApiError::bad_request("unknown type"))?),
        None => None,
    };
    let assignee = match q.assignee.as_deref() {
        None | Some("") => Assignee::Anyone,
        Some("me") => Assignee::Is(op.id),
        Some("none") => Assignee::Nobody,
        Some("me_or_none") => Assignee::IsOrNobody(op.id),
        Some(other) => Assignee::Is(paging::row_id(other).ok_or_else(|| {
            ApiError::bad_request("assignee must be me, none, me_or_none or an operator id")
        })?),
    };
    let mut due_until = None;
    if let Some(n) = q.due_within {
        if n > 400 {
            return Err(ApiError::bad_request(
                "due_within must be at most 400 business days",
            ));
        }
        due_until = Some(legal.add_business_days(today, n));
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
    let position = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(parse_cursor(c).ok_or_else(|| ApiError::bad_request("invalid cursor"))?),
    };
    let filter = Filter {
        statuses,
        pqr_type,
        assignee,
        overdue: q.overdue == Some(true),
        due_until,
        user_id: q.user_id,
        fts,
        sort,
        position,
        limit,
        today,
    };
    let rows = state
        .db
        .read(move |conn| Ok(pqr_list::page(conn, filter, &legal)?))
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
