//! `GET /api/v1/reports/pqr?from=&to=`: the monthly PQR report's rows — every ticket received or
//! open in a period of Bogotá days, with its legal term and whether it was met — paged by id.
//! Agents get their own tickets, supervisors the desk's; every page read is audited.

use axum::Json;
use axum::extract::State;
use jiff::civil::Date;
use rusqlite::params;
use serde::Deserialize;

use crate::AppState;
use crate::audit::record_alone;
use crate::db::ts;
use crate::http::auth::Authed;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiQuery, RequestId};
use crate::http::paging;
use crate::http::routes::{Routes, get};
use crate::http::stats::{PeriodQuery, period, scope_of};
use crate::pqr::rules;
use contract::api::{
    AuditOutcome, Channel, Page, PqrAssignee, PqrReportRow, PqrStatus, PqrType, StatsScope,
};

#[derive(Debug, Deserialize)]
pub(crate) struct ReportQuery {
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

fn date(s: &str) -> Date {
    s.parse().unwrap_or(Date::MIN)
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
        .read(move |c| {
            // Received before the period ends, and not answered before it starts: by id, the
            // primary key, so a page reads about as many rows as it returns.
            let mut stmt = c.prepare_cached(
                "SELECT p.id, p.radicado, p.type, p.channel, p.status, p.received_at, p.due_date,
                        p.original_due_date, p.extended_to, p.answered_at, p.assignee_id, o.name
                 FROM pqr p LEFT JOIN operators o ON o.id = p.assignee_id
                 WHERE p.id > ?1 AND p.received_at < ?2 AND (p.answered_at IS NULL OR p.answered_at >= ?3)
                 AND (?4 IS NULL OR p.assignee_id = ?4)
                 ORDER BY p.id LIMIT ?5",
            )?;
            let rows = stmt
                .query_map(
                    params![after, p.end_ms, p.start_ms, mine, i64::from(limit) + 1],
                    |r| {
                        let status =
                            PqrStatus::parse(&r.get::<_, String>(4)?).unwrap_or(PqrStatus::Unknown);
                        let received_at = ts(r.get(5)?);
                        let due_date = date(&r.get::<_, String>(6)?);
                        let answered_at = r.get::<_, Option<i64>>(9)?.map(ts);
                        let received_day = legal.day_of(received_at);
                        let (business_days_taken, within_term) = match answered_at {
                            Some(at) => {
                                let day = legal.day_of(at);
                                (
                                    Some(legal.calendar.business_days_between(received_day, day)),
                                    Some(day <= due_date),
                                )
                            }
                            // Open: late once a running clock is past its due date.
                            None => (
                                None,
                                (rules::is_open(status)
                                    && status != PqrStatus::EnEsperaUsuario
                                    && today > due_date)
                                    .then_some(false),
                            ),
                        };
                        Ok(PqrReportRow {
                            id: r.get(0)?,
                            radicado: r.get(1)?,
                            pqr_type: PqrType::parse(&r.get::<_, String>(2)?)
                                .unwrap_or(PqrType::Unknown),
                            channel: Channel::parse(&r.get::<_, String>(3)?)
                                .unwrap_or(Channel::Unknown),
                            status,
                            received_at,
                            due_date,
                            original_due_date: date(&r.get::<_, String>(7)?),
                            extended_to: r.get::<_, Option<String>>(8)?.map(|s| date(&s)),
                            answered_at,
                            business_days_taken,
                            within_term,
                            assignee: match r.get::<_, Option<i64>>(10)? {
                                Some(id) => Some(PqrAssignee {
                                    id,
                                    name: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
                                }),
                                None => None,
                            },
                        })
                    },
                )?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
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
