//! `GET /api/v1/audit`: the audit's records, newest first, for supervisors (the recording itself
//! is `crate::audit`).

use axum::extract::State;
use rusqlite::params;
use serde::Deserialize;

use crate::AppState;
use crate::audit::record_alone;
use crate::db::ts;
use crate::http::audited::AuditTarget;
use crate::http::auth::Authed;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiQuery, RequestId};
use crate::http::routes::{Routes, get};
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
            let mut stmt = conn.prepare(
                "SELECT id, at, operator_id, operator_name, action, target, outcome, request_id, detail
                 FROM audit WHERE id < ?1 AND (?2 IS NULL OR operator_id = ?2)
                 ORDER BY id DESC LIMIT ?3",
            )?;
            let rows = stmt.query_map(params![before, operator_filter, limit + 1], |r| {
                let outcome: String = r.get(6)?;
                Ok(AuditRecord {
                    id: r.get(0)?,
                    at: ts(r.get(1)?),
                    operator_id: r.get(2)?,
                    operator_name: r.get(3)?,
                    action: r.get(4)?,
                    target: r.get(5)?,
                    outcome: serde_json::from_value(serde_json::Value::String(outcome))
                        .unwrap_or(AuditOutcome::Unknown),
                    request_id: r.get(7)?,
                    detail: r.get(8)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
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
