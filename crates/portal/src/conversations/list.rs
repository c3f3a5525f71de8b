//! `GET /api/v1/conversations`: the queue. Open conversations waiting for an answer come first,
//! WhatsApp windows closing soonest before the rest (after 24 h only templates may be sent),
//! then the other waiting ones oldest first, then those answered, newest first. Each tier is one
//! index range walked in order, with a keyset cursor (`t<tier>:<key>:<id>`).

use axum::Json;
use axum::extract::State;
use rusqlite::types::Value;
use serde::Deserialize;

use super::store::{SUMMARY_COLUMN_COUNT, SUMMARY_COLUMNS, summary_from_row};
use crate::AppState;
use crate::audit::record_alone;
use crate::auth::Authed;
use crate::db::ms;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiQuery, RequestId};
use crate::paging;
use contract::api::conversations::WHATSAPP_WINDOW;
use contract::api::{AuditOutcome, ConversationSummary, Operator, Page, Role};

#[derive(Debug, Deserialize)]
pub(crate) struct ConversationQuery {
    /// `open` (default), `closed` or `all`.
    pub status: Option<String>,
    /// `whatsapp` or `correo`.
    pub channel: Option<String>,
    /// `me`, `none`, `me_or_none` or an operator id (supervisors only).
    pub assignee: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// One tier of the queue: which rows, in which order, and the key its cursor carries.
struct Tier {
    filter: &'static str,
    key: &'static str,
    descending: bool,
}

const TIERS: [Tier; 3] = [
    Tier {
        filter: "c.status = 'open' AND c.waiting_since IS NOT NULL AND c.channel = 'whatsapp' AND c.last_inbound_at > :window_start",
        key: "c.last_inbound_at",
        descending: false,
    },
    Tier {
        filter: "c.status = 'open' AND c.waiting_since IS NOT NULL AND NOT (c.channel = 'whatsapp' AND c.last_inbound_at > :window_start)",
        key: "c.waiting_since",
        descending: false,
    },
    Tier {
        filter: "c.status = 'open' AND c.waiting_since IS NULL",
        key: "c.last_message_at",
        descending: true,
    },
];

/// Closed conversations: one tier, newest first.
const CLOSED: Tier = Tier {
    filter: "c.status = 'closed'",
    key: "c.last_message_at",
    descending: true,
};

struct Cursor {
    tier: usize,
    key: i64,
    id: i64,
}

fn parse_cursor(raw: Option<&str>) -> Result<Option<Cursor>, ApiError> {
    let Some(raw) = raw.filter(|c| !c.is_empty()) else {
        return Ok(None);
    };
    let bad = || ApiError::bad_request("invalid cursor");
    let rest = raw.strip_prefix('t').ok_or_else(bad)?;
    let mut parts = rest.splitn(3, ':');
    let tier = parts
        .next()
        .and_then(|t| t.parse::<usize>().ok())
        .filter(|t| *t < 4);
    let key = parts
        .next()
        .and_then(|k| k.parse::<i64>().ok())
        .filter(|k| *k >= 0);
    let id = parts.next().and_then(paging::row_id);
    match (tier, key, id) {
        (Some(tier), Some(key), Some(id)) => Ok(Some(Cursor { tier, key, id })),
        _ => Err(bad()),
    }
}

/// Named SQL parameters.
type Named = Vec<(&'static str, Value)>;

/// The filters every tier shares, as SQL and named parameters.
fn shared_filters(q: &ConversationQuery, op: &Operator) -> Result<(String, Named), ApiError> {
    let mut sql = String::new();
    let mut params: Vec<(&'static str, Value)> = Vec::new();
    match q.channel.as_deref() {
        None | Some("") => {}
        Some(c @ ("whatsapp" | "correo")) => {
            sql.push_str(" AND c.channel = :channel");
            params.push((":channel", Value::Text(c.into())));
        }
        Some(_) => return Err(ApiError::bad_request("channel must be whatsapp or correo")),
    }
    match q.assignee.as_deref() {
        None | Some("") => {}
        Some("me") => {
            sql.push_str(" AND c.assignee_id = :me");
            params.push((":me", Value::Integer(op.id)));
        }
        Some("none") => sql.push_str(" AND c.assignee_id IS NULL"),
        Some("me_or_none") => {
            sql.push_str(" AND (c.assignee_id IS NULL OR c.assignee_id = :me)");
            params.push((":me", Value::Integer(op.id)));
        }
        Some(other) => {
            let id = paging::row_id(other).ok_or_else(|| {
                ApiError::bad_request("assignee must be me, none, me_or_none or an operator id")
            })?;
            if op.role < Role::Supervisor && id != op.id {
                return Err(ApiError::forbidden(
                    "agents see the unassigned conversations and their own",
                ));
            }
            sql.push_str(" AND c.assignee_id = :assignee");
            params.push((":assignee", Value::Integer(id)));
        }
    }
    // Least privilege: an agent's queue is the unassigned and their own, whatever was asked.
    if op.role < Role::Supervisor {
        sql.push_str(" AND (c.assignee_id IS NULL OR c.assignee_id = :agent)");
        params.push((":agent", Value::Integer(op.id)));
    }
    Ok((sql, params))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiQuery(q): ApiQuery<ConversationQuery>,
) -> ApiResult<Json<Page<ConversationSummary>>> {
    let limit = paging::limit(q.limit)?;
    let cursor = parse_cursor(q.cursor.as_deref())?;
    let tiers: Vec<(usize, &'static Tier)> = match q.status.as_deref() {
        None | Some("") | Some("open") => TIERS.iter().enumerate().collect(),
        Some("closed") => vec![(3, &CLOSED)],
        Some("all") => TIERS
            .iter()
            .enumerate()
            .chain(std::iter::once((3, &CLOSED)))
            .collect(),
        Some(_) => return Err(ApiError::bad_request("status must be open, closed or all")),
    };
    let (shared, shared_params) = shared_filters(&q, &op)?;
    let now = state.clock.now();
    let window_start = ms(now.checked_sub(WHATSAPP_WINDOW).unwrap_or(now));
    let page = state
        .db
        .read(move |c| {
            let mut rows: Vec<(usize, i64, ConversationSummary)> = Vec::new();
            for (index, tier) in tiers {
                if cursor.as_ref().is_some_and(|k| k.tier > index) {
                    continue;
                }
                let want = limit as usize + 1 - rows.len();
                let mut sql = format!(
                    "SELECT {SUMMARY_COLUMNS}, {key} FROM conversations c WHERE {filter}{shared}",
                    key = tier.key,
                    filter = tier.filter
                );
                let mut params = shared_params.clone();
                if tier.filter.contains(":window_start") {
                    params.push((":window_start", Value::Integer(window_start)));
                }
                if let Some(k) = cursor.as_ref().filter(|k| k.tier == index) {
                    let op = if tier.descending { "<" } else { ">" };
                    sql.push_str(&format!(
                        " AND ({key}, c.id) {op} (:ck, :cid)",
                        key = tier.key
                    ));
                    params.push((":ck", Value::Integer(k.key)));
                    params.push((":cid", Value::Integer(k.id)));
                }
                let dir = if tier.descending { "DESC" } else { "ASC" };
                sql.push_str(&format!(
                    " ORDER BY {key} {dir}, c.id {dir} LIMIT {want}",
                    key = tier.key
                ));
                let mut stmt = c.prepare_cached(&sql)?;
                let named: Vec<(&str, &dyn rusqlite::ToSql)> = params
                    .iter()
                    .map(|(n, v)| (*n, v as &dyn rusqlite::ToSql))
                    .collect();
                let found = stmt
                    .query_map(named.as_slice(), |r| {
                        Ok((
                            index,
                            r.get::<_, i64>(SUMMARY_COLUMN_COUNT)?,
                            summary_from_row(r, now)?,
                        ))
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                rows.extend(found);
                if rows.len() > limit as usize {
                    break;
                }
            }
            let next_cursor = if rows.len() > limit as usize {
                rows.truncate(limit as usize);
                rows.last()
                    .map(|(tier, key, s)| format!("t{tier}:{key}:{}", s.id))
            } else {
                None
            };
            Ok(Page {
                items: rows.into_iter().map(|(_, _, s)| s).collect(),
                next_cursor,
            })
        })
        .await?;
    record_alone(
        &state,
        &op,
        "conversation.list",
        None,
        AuditOutcome::Ok,
        &request_id,
        Some(format!("{} results", page.items.len())),
    )
    .await?;
    Ok(Json(page))
}
