//! `GET /api/v1/reports/pqr?from=&to=`: the monthly PQR report's rows — every ticket received or
//! open in a period of Bogotá days, with its legal term and whether it was met — paged by id.
//! Agents get their own tickets, supervisors the desk's; every page read is audited.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;

use crate::AppState;
use crate::audit::record_alone;
use crate::http::auth::Authed;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiQuery, RequestId};
use crate::http::paging;
use crate::http::routes::{Routes, get};
use crate::http::stats::{PeriodQuery, period, scope_of};
use crate::storage::stats::report_rows;
use contract::api::{AuditOutcome, Page, PqrReportRow, StatsScope};

#[derive(Debug, Deserialize)]
pub(crate) struct ReportQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

pub(crate) async fn pqr(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> ApiResult<Json<Page<PqrReportRow>>> {
    let legal = state.legal.clone();
    let today = legal.day_of(state.clock.now());
    let p = period(
        &legal,
        today,
        &PeriodQuery {
            from: q.from.clone(),
            to: q.to.clone(),
        },
    )?;
    let limit = paging::limit(q.limit)?;
    let after = paging::id_cursor(q.cursor.as_deref())?.unwrap_or(0);
    let scope = scope_of(&op);
    let mine = (scope == StatsScope::Mine).then_some(op.id);
    let rows = state
        .db
        .read(move |c| Ok(report_rows(c, &legal, today, p, mine, after, limit)?))
        .await?;
    record_alone(
        &state,
        &op,
        "report.pqr",
        None,
        AuditOutcome::Ok,
        &request_id,
        Some(
            format!(
                "{scope:?} {}..{}: {} tickets",
                p.from,
                p.to,
                rows.len().min(limit as usize)
            )
            .to_lowercase(),
        ),
    )
    .await?;
    Ok(Json(paging::page(rows, limit, |r| r.id)))
}

pub(crate) fn routes() -> Routes {
    Routes::new().route("/api/v1/reports/pqr", get(pqr))
}
