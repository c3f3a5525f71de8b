//! Users: search, detail and timeline. Personal data leaves the portal masked, always.

use axum::Json;
use axum::extract::State;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Deserialize;

use crate::AppState;
use crate::audit::record_alone;
use crate::db::ts;
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery, RequestId};
use crate::http::paging;
use crate::http::routes::{Routes, get};
use crate::user_rows::{SUMMARY_COLUMNS, summary_from_row};
use crate::{events, search};
use contract::api::{
    AuditOutcome, Event, Health, LastResetMail, MailState, Operator, Page, PasswordPolicy,
    UserDetail, UserStatus, UserSummary,
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
        .read(move |conn| search::search(conn, &query, status, from, limit + 1, now))
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

pub(crate) fn load_detail(
    conn: &Connection,
    id: i64,
    now: jiff::Timestamp,
) -> anyhow::Result<Option<UserDetail>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, created_at, verification_locked_until, verified_until, email_bounced,
                password_changed_at,
                (SELECT MAX(created_at) FROM reset_tokens t WHERE t.user_id = users.id)
         FROM users WHERE id = ?1"
    );
    let now_ms = now.as_millisecond();
    let future = |v: Option<i64>| v.filter(|t| *t > now_ms).map(ts);
    let detail = conn
        .query_row(&sql, [id], |r| {
            Ok(UserDetail {
                summary: summary_from_row(r, now)?,
                created_at: ts(r.get(10)?),
                locked_until: future(r.get(9)?),
                verification_locked_until: future(r.get(11)?),
                verified_until: future(r.get(12)?),
                email_bounced: r.get::<_, i64>(13)? != 0,
                password_changed_at: r.get::<_, Option<i64>>(14)?.map(ts),
                last_reset_link_at: r.get::<_, Option<i64>>(15)?.map(ts),
                last_reset_mail: None,
            })
        })
        .optional()?;
    let Some(mut detail) = detail else {
        return Ok(None);
    };
    detail.last_reset_mail = last_reset_mail(conn, id)?;
    Ok(Some(detail))
}

/// The newest reset-link email of the user and where it stands (issue 25).
fn last_reset_mail(conn: &Connection, user: i64) -> anyhow::Result<Option<LastResetMail>> {
    Ok(conn
        .prepare_cached(
            "SELECT state, updated_at, next_attempt_at, status_code FROM mail_outbox
             WHERE user_id = ?1 AND purpose = 'reset_link' ORDER BY id DESC LIMIT 1",
        )?
        .query_row([user], |r| {
            let state = serde_json::from_value::<MailState>(serde_json::Value::String(r.get(0)?))
                .unwrap_or(MailState::Unknown);
            let waiting = matches!(state, MailState::Queued | MailState::Deferred);
            let next_attempt: i64 = r.get(2)?;
            Ok(LastResetMail {
                state,
                at: ts(r.get(1)?),
                retry_at: waiting.then(|| ts(next_attempt)),
                status_code: r.get(3)?,
            })
        })
        .optional()?)
}

/// `GET /api/v1/users/{id}`
pub(crate) async fn detail(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<UserDetail>> {
    let now = state.clock.now();
    let user = state.db.read(move |c| load_detail(c, id, now)).await?;
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
        .read(move |conn| {
            let exists: bool = conn
                .query_row("SELECT 1 FROM users WHERE id = ?1", [id], |_| Ok(()))
                .optional()?
                .is_some();
            if !exists {
                return Ok(None);
            }
            let mut stmt = conn.prepare(&format!(
                "SELECT {} FROM events WHERE user_id = ?1 AND id < ?2 ORDER BY id DESC LIMIT ?3",
                events::COLUMNS
            ))?;
            let rows = stmt
                .query_map(params![id, before, limit + 1], events::from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Some(rows))
        })
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
        .route("/api/v1/me", get(me))
        .route("/api/v1/password-policy", get(password_policy))
        .route("/api/v1/users", get(search))
        .route("/api/v1/users/{id}", get(detail))
        .route("/api/v1/users/{id}/timeline", get(timeline))
}
