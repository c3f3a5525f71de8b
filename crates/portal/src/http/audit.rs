//! `GET /api/v1/audit`: the audit's records, newest first, for supervisors (the recording itself
//! is `crate::audit`).

use axum::extract::State;
use serde::Deserialize;

use crate::AppState;
use crate::audit::record_alone;
use crate::http::audited::AuditTarget;
use crate::http::auth::Authed;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiQuery, RequestId};
use crate::http::routes::{Routes, get};
use crate::storage;
use contract::api::{AuditOutcome, AuditRecord, Page, Role};

#[derive(Debug, Deserialize)]
pub(crate) struct AuditQuery {
    pub limit: Option<u32>,
    pub cursor: Option<String>,
    pub operator_id: Option<i64>,
}

/// `GET /api/v1/audit`, newest first; supervisors only.
pub(crate) async fn list(
    State(state): State<AppState>,
    authed: Authed,
    request_id: RequestId,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> ApiResult<axum::Json<Page<AuditRecord>>> {
    authed.require(Role::Supervisor)?;
    let limit = crate::http::paging::limit(q.limit)?;
    let before = crate::http::paging::id_cursor(q.cursor.as_deref())?.unwrap_or(i64::MAX);
    let operator_filter = q.operator_id;
    let items = state
        .db
        .read(move |conn| {
            Ok(storage::audit::list(
                conn,
                before,
                operator_filter,
                limit + 1,
            )?)
        })
        .await?;
    // Reading the audit is itself audited (after the read, so a page never lists its own read).
    record_alone(
        &state,
        &authed.0,
        "audit.list",
        operator_filter.map(|o| format!("operator:{o}")),
        AuditOutcome::Ok,
        &request_id,
        None,
    )
    .await?;
    Ok(axum::Json(crate::http::paging::page(items, limit, |r| {
        r.id
    })))
}

pub(crate) fn routes() -> Routes {
    Routes::new().route(
        "/api/v1/audit",
        get(list).audited("audit.list", AuditTarget::None),
    )
}
