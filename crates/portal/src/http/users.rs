//! Users: search, detail and timeline. Personal data leaves the portal masked, always.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use crate::AppState;
use crate::audit::record_alone;
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery, RequestId};
use crate::http::paging;
use crate::http::routes::{Routes, get};
use crate::storage::{self, user_search as search};
use contract::api::{
    AuditOutcome, Event, GetUser, Health, Me, Operator, Page, PasswordPolicy, UserDetail,
    UserStatus, UserSummary, UserTimeline,
};

pub(crate) async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

pub(crate) async fn me(Authed(op): Authed) -> Json<Operator> {
    Json(op)
}

pub(crate) async fn password_policy() -> Json<PasswordPolicy> {
    Json(contract::domain::policy::policy())
}

#[derive(Debug, Deserialize)]
pub(crate) struct SearchQuery {
    pub q: Option<String>,
    pub status: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// `GET /api/v1/users?q=&status=&limit=&cursor=`
pub(crate) async fn search(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<Json<Page<UserSummary>>> {
    let limit = paging::limit(q.limit)?;
    let from = search_cursor(q.cursor.as_deref())?;
    let status = match q.status.as_deref() {
        None | Some("") => None,
        Some(s) => Some(
            UserStatus::parse(s).ok_or_else(|| ApiError::bad_request("unknown status filter"))?,
        ),
    };
    let text = q.q.unwrap_or_default();
    if text.chars().count() > 200 {
        return Err(ApiError::bad_request("q must have at most 200 characters"));
    }
    let detail = Some(format!(
        "q={}",
        contract::domain::sanitize::sanitize_line(&text)
    ));
    // Per operator: a script walking the users is slowed down and leaves a trace.
    if let Err(wait) = state.guards.searches.take(&op.id) {
        record_alone(
            &state,
            &op,
            "user.search",
            None,
            AuditOutcome::Denied,
            &request_id,
            detail,
        )
        .await?;
        return Err(ApiError::rate_limited(
            wait,
            format!("too many searches: try again in {wait} s"),
        ));
    }
    let now = state.clock.now();
    let query = text.clone();
    let rows = state
        .db
        .read(move |conn| Ok(search::search(conn, &query, status, from, limit + 1, now)?))
        .await?;
    record_alone(
        &state,
        &op,
        "user.search",
        None,
        AuditOutcome::Ok,
        &request_id,
        detail,
    )
    .await?;
    let mut page = paging::page(rows, limit, |u| u.id);
    if !text.trim().is_empty() && page.next_cursor.is_some() {
        // A ranked list pages by position, not by id.
        let shown = match from {
            search::Start::Skip(n) => n,
            search::Start::AfterId(_) => 0,
        } + u64::from(limit);
        page.next_cursor = (shown < search::MAX_RANKED).then(|| format!("at:{shown}"));
    }
    Ok(Json(page))
}

/// A user search's cursor: `id:N` (after user N, the empty query's listing) or `at:N` (after N
/// ranked results of a text query), N written as in every cursor; anything else is refused.
fn search_cursor(cursor: Option<&str>) -> Result<search::Start, ApiError> {
    match cursor {
        None | Some("") => Ok(search::Start::Skip(0)),
        Some(c) => match c.strip_prefix("at:").and_then(paging::row_id) {
            Some(n) => Ok(search::Start::Skip(n as u64)),
            None => paging::id_cursor(Some(c))?
                .map(search::Start::AfterId)
                .ok_or_else(|| ApiError::bad_request("invalid cursor")),
        },
    }
}

/// `GET /api/v1/users/{id}`
pub(crate) async fn detail(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<UserDetail>> {
    let now = state.clock.now();
    let user = state
        .db
        .read(move |c| Ok(storage::users::detail(c, id, now)?))
        .await?;
    let outcome = if user.is_some() {
        AuditOutcome::Ok
    } else {
        AuditOutcome::Failed
    };
    record_alone(
        &state,
        &op,
        "user.view",
        Some(format!("user:{id}")),
        outcome,
        &request_id,
        None,
    )
    .await?;
    user.map(Json).ok_or_else(|| ApiError::not_found("user"))
}

#[derive(Debug, Deserialize)]
pub(crate) struct TimelineQuery {
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// `GET /api/v1/users/{id}/timeline`: events newest first.
pub(crate) async fn timeline(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<TimelineQuery>,
) -> ApiResult<Json<Page<Event>>> {
    let limit = paging::limit(q.limit)?;
    let before = paging::id_cursor(q.cursor.as_deref())?.unwrap_or(i64::MAX);
    let rows = state
        .db
        .read(move |conn| Ok(storage::events::user_timeline(conn, id, before, limit + 1)?))
        .await?;
    record_alone(
        &state,
        &op,
        "user.timeline",
        Some(format!("user:{id}")),
        if rows.is_some() {
            AuditOutcome::Ok
        } else {
            AuditOutcome::Failed
        },
        &request_id,
        None,
    )
    .await?;
    let rows = rows.ok_or_else(|| ApiError::not_found("user"))?;
    Ok(Json(paging::page(rows, limit, |e| e.id)))
}

/// The users' routes, and the bare ones beside them (health, the caller, the password policy).
pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/api/v1/health", get(health))
        .serve::<Me>(get(me))
        .route("/api/v1/password-policy", get(password_policy))
        .route("/api/v1/users", get(search))
        .serve::<GetUser>(get(detail))
        .serve::<UserTimeline>(get(timeline))
}
