//! The desk's figures (issue 17): the PQR clocks, received and answered per day, the share
//! answered within the legal term; the reset funnel; calls by outcome. Agents get their own
//! figures, supervisors the desk's. Every figure is an aggregate over an index (migration 004),
//! and every read is audited like any other operator read.

use axum::Json;
use axum::extract::State;
use jiff::ToSpan;
use jiff::civil::Date;
use serde::Deserialize;

use crate::AppState;
use crate::audit::record_alone;
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiQuery, RequestId};
use crate::http::routes::{Routes, get};
use crate::pqr::legal::Legal;
pub(crate) use crate::storage::stats::{MAX_PERIOD_DAYS, Period, WINDOW_DAYS};
use crate::storage::stats::{call_stats, pqr_stats, reset_stats};
use contract::api::{
    AuditOutcome, CallStats, GetCallStats, GetPqrStats, GetResetStats, Operator, PqrStats,
    ResetStats, Role, StatsScope,
};

/// Agents see their own figures, supervisors the desk's.
pub(crate) fn scope_of(op: &Operator) -> StatsScope {
    if op.role >= Role::Supervisor {
        StatsScope::Desk
    } else {
        StatsScope::Mine
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct PeriodQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

fn parse_day(name: &str, value: &str) -> Result<Date, ApiError> {
    let b = value.as_bytes();
    let shaped = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shaped {
        return Err(ApiError::bad_request(format!("{name} must be YYYY-MM-DD")));
    }
    value
        .parse()
        .map_err(|_| ApiError::validation(format!("{name} is not a real day")))
}

/// `from`/`to` (Bogotá days, included); by default the last 30 days, today included.
pub(crate) fn period(legal: &Legal, today: Date, q: &PeriodQuery) -> Result<Period, ApiError> {
    // An empty value is not a day (400), as the contract's pattern says.
    let to = match q.to.as_deref() {
        Some(s) => parse_day("to", s)?,
        None => today,
    };
    let from = match q.from.as_deref() {
        Some(s) => parse_day("from", s)?,
        None => to.checked_sub((WINDOW_DAYS - 1).days()).unwrap_or(to),
    };
    if from > to {
        return Err(ApiError::validation("from must not be after to"));
    }
    let days = i64::from(from.until(to).map(|s| s.get_days()).unwrap_or(0)) + 1;
    if days > MAX_PERIOD_DAYS {
        return Err(ApiError::validation(format!(
            "a period covers at most {MAX_PERIOD_DAYS} days"
        )));
    }
    let end = to.tomorrow().unwrap_or(to);
    Ok(Period {
        from,
        to,
        start_ms: legal.start_of(from).as_millisecond(),
        end_ms: legal.start_of(end).as_millisecond(),
    })
}

/// `GET /api/v1/stats/pqr`
pub(crate) async fn pqr(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
) -> ApiResult<Json<PqrStats>> {
    let legal = state.legal.clone();
    let now = state.clock.now();
    let today = legal.day_of(now);
    let scope = scope_of(&op);
    let mine = (scope == StatsScope::Mine).then_some(op.id);
    let stats = state
        .db
        .read(move |c| Ok(pqr_stats(c, &legal, today, now, scope, mine)?))
        .await?;
    record_alone(
        &state,
        &op,
        "stats.pqr",
        None,
        AuditOutcome::Ok,
        &request_id,
        Some(format!("{scope:?}").to_lowercase()),
    )
    .await?;
    Ok(Json(stats))
}

/// `GET /api/v1/stats/resets?from=&to=`
pub(crate) async fn resets(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> ApiResult<Json<ResetStats>> {
    let legal = state.legal.clone();
    let today = legal.day_of(state.clock.now());
    let p = period(&legal, today, &q)?;
    let scope = scope_of(&op);
    let me = op.clone();
    let stats = state
        .db
        .read(move |c| Ok(reset_stats(c, p, scope, &me)?))
        .await?;
    record_alone(
        &state,
        &op,
        "stats.resets",
        None,
        AuditOutcome::Ok,
        &request_id,
        Some(format!("{scope:?} {}..{}", p.from, p.to).to_lowercase()),
    )
    .await?;
    Ok(Json(stats))
}

/// `GET /api/v1/stats/calls?from=&to=`
pub(crate) async fn calls(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiQuery(q): ApiQuery<PeriodQuery>,
) -> ApiResult<Json<CallStats>> {
    let legal = state.legal.clone();
    let today = legal.day_of(state.clock.now());
    let p = period(&legal, today, &q)?;
    let scope = scope_of(&op);
    let mine = (scope == StatsScope::Mine).then(|| op.name.clone());
    let stats = state
        .db
        .read(move |c| Ok(call_stats(c, p, scope, mine.as_deref())?))
        .await?;
    record_alone(
        &state,
        &op,
        "stats.calls",
        None,
        AuditOutcome::Ok,
        &request_id,
        Some(format!("{scope:?} {}..{}", p.from, p.to).to_lowercase()),
    )
    .await?;
    Ok(Json(stats))
}

pub(crate) fn routes() -> Routes {
    Routes::new()
        .serve::<GetPqrStats>(get(pqr))
        .serve::<GetResetStats>(get(resets))
        .serve::<GetCallStats>(get(calls))
}
