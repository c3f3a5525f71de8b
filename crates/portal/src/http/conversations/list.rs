//! `GET /api/v1/conversations`: the queue. Open conversations waiting for an answer come first,
//! WhatsApp windows closing soonest before the rest (after 24 h only templates may be sent),
//! then the other waiting ones oldest first, then those answered, newest first. Each tier is one
//! index range walked in order, with a keyset cursor (`t<tier>:<key>:<id>`).

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use crate::AppState;
use crate::audit::record_alone;
use crate::db::ms;
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiQuery, RequestId};
use crate::http::paging;
use crate::storage::conversation_list::{self, Assignee, CLOSED, Cursor, Filter, TIERS, Tier};
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

/// The channel and assignee filters as asked, checked: an agent asks only for their own or the
/// unassigned (and sees nothing else whatever was asked).
fn filters(
    q: &ConversationQuery,
    op: &Operator,
) -> Result<(Option<&'static str>, Assignee, Option<i64>), ApiError> {
    let channel = match q.channel.as_deref() {
        None | Some("") => None,
        Some("whatsapp") => Some("whatsapp"),
        Some("correo") => Some("correo"),
        Some(_) => return Err(ApiError::bad_request("channel must be whatsapp or correo")),
    };
    let assignee = match q.assignee.as_deref() {
        None | Some("") => Assignee::Anyone,
        Some("me") => Assignee::Me(op.id),
        Some("none") => Assignee::Nobody,
        Some("me_or_none") => Assignee::MeOrNobody(op.id),
        Some(other) => {
            let id = paging::row_id(other).ok_or_else(|| {
                ApiError::bad_request("assignee must be me, none, me_or_none or an operator id")
            })?;
            if op.role < Role::Supervisor && id != op.id {
                return Err(ApiError::forbidden(
                    "agents see the unassigned conversations and their own",
                ));
            }
            Assignee::Is(id)
        }
    };
    // Least privilege: an agent's queue is the unassigned and their own, whatever was asked.
    let agent = (op.role < Role::Supervisor).then_some(op.id);
    Ok((channel, assignee, agent))
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
    let (channel, assignee, agent) = filters(&q, &op)?;
    let now = state.clock.now();
    let filter = Filter {
        tiers,
        channel,
        assignee,
        agent,
        cursor,
        limit,
        window_start: ms(now.checked_sub(WHATSAPP_WINDOW).unwrap_or(now)),
        now,
    };
    let page = state
        .db
        .read(move |c| Ok(conversation_list::page(c, filter)?))
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
