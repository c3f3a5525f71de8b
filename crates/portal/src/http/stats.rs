//! The desk's figures (issue 17): the PQR clocks, received and answered per day, the share
//! answered within the legal term; the reset funnel; calls by outcome. Agents get their own
//! figures, supervisors the desk's. Every figure is an aggregate over an index (migration 004),
//! and every read is audited like any other operator read.

use std::collections::HashMap;

use axum::Json;
use axum::extract::State;
use jiff::ToSpan;
use jiff::civil::Date;
use rusqlite::types::Value;
use rusqlite::{Connection, params, params_from_iter};
use serde::Deserialize;

use crate::AppState;
use crate::audit::record_alone;
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiQuery, RequestId};
use crate::http::routes::{Routes, get};
use crate::pqr::legal::Legal;
use contract::api::{
    AnsweredInTerm, AuditOutcome, CallCounts, CallStats, ClockByAssignee, ClockByType, ClockCounts,
    DailyFlow, Operator, PolicyRule, PqrAssignee, PqrStats, PqrType, ResetFunnel, ResetStats, Role,
    RuleCount, StatsScope,
};

/// «Due soon»: within this many business days after today.
pub(crate) const DUE_SOON_DAYS: u32 = 3;
/// The days of the received/answered series, today included.
pub(crate) const WINDOW_DAYS: i64 = 30;
/// The longest period a figure covers.
pub(crate) const MAX_PERIOD_DAYS: i64 = 366;

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

/// A period of Bogotá days, both ends included, as half-open Unix milliseconds.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Period {
    pub from: Date,
    pub to: Date,
    pub start_ms: i64,
    pub end_ms: i64,
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

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
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
        .read(move |c| pqr_stats(c, &legal, today, now, scope, mine))
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

fn bump(c: &mut ClockCounts, bucket: Bucket, n: u64) {
    match bucket {
        Bucket::Overdue => c.overdue += n,
        Bucket::Today => c.due_today += n,
        Bucket::Soon => c.due_soon += n,
        Bucket::InTime => c.in_time += n,
        Bucket::Suspended => c.suspended += n,
    }
    c.open += n;
}

#[derive(Clone, Copy)]
enum Bucket {
    Overdue,
    Today,
    Soon,
    InTime,
    Suspended,
}

pub(crate) fn pqr_stats(
    c: &Connection,
    legal: &Legal,
    today: Date,
    now: jiff::Timestamp,
    scope: StatsScope,
    mine: Option<i64>,
) -> anyhow::Result<PqrStats> {
    let soon_until = legal.add_business_days(today, DUE_SOON_DAYS);
    let (today_s, soon_s) = (today.to_string(), soon_until.to_string());
    let bucket = |due: &str, waiting: bool| {
        if waiting {
            Bucket::Suspended
        } else if *due < *today_s.as_str() {
            Bucket::Overdue
        } else if due == today_s {
            Bucket::Today
        } else if *due <= *soon_s.as_str() {
            Bucket::Soon
        } else {
            Bucket::InTime
        }
    };
    // Open tickets grouped in the order of `pqr_open_type_assignee` (no sort), then bucketed here:
    // a few thousand groups at most, whatever the number of tickets.
    // Separate texts for the two scopes, so each is planned on its own index (an `?1 IS NULL OR`
    // would hide the assignee from the planner).
    let who = if mine.is_some() {
        " AND assignee_id = ?3"
    } else {
        ""
    };
    let bind = |a: i64, b: i64| -> Vec<Value> {
        let mut v = vec![Value::Integer(a), Value::Integer(b)];
        v.extend(mine.map(Value::Integer));
        v
    };
    let mut stmt = c.prepare_cached(&format!(
        "SELECT type, assignee_id, due_date, status = 'en_espera_usuario', COUNT(*) FROM pqr
         WHERE is_open = 1{}
         GROUP BY type, assignee_id, due_date, status",
        if mine.is_some() {
            " AND assignee_id = ?1"
        } else {
            ""
        }
    ))?;
    let mut clock = ClockCounts::default();
    let mut by_type: HashMap<PqrType, ClockCounts> = HashMap::new();
    let mut by_assignee: HashMap<Option<i64>, ClockCounts> = HashMap::new();
    let mut rows = stmt.query(params_from_iter(mine))?;
    while let Some(r) = rows.next()? {
        let t = PqrType::parse(&r.get::<_, String>(0)?).unwrap_or(PqrType::Unknown);
        let assignee: Option<i64> = r.get(1)?;
        let due: String = r.get(2)?;
        let b = bucket(&due, r.get(3)?);
        let n = count(r.get(4)?);
        bump(&mut clock, b, n);
        bump(by_type.entry(t).or_default(), b, n);
        bump(by_assignee.entry(assignee).or_default(), b, n);
    }
    let names: HashMap<i64, String> = {
        let mut stmt = c.prepare_cached("SELECT id, name FROM operators")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?
    };
    let mut assignees: Vec<_> = by_assignee.into_iter().collect();
    assignees.sort_by_key(|(id, _)| id.unwrap_or(0));
    let by_assignee = assignees
        .into_iter()
        .map(|(id, counts)| ClockByAssignee {
            assignee: id.map(|id| PqrAssignee {
                id,
                name: names.get(&id).cloned().unwrap_or_default(),
            }),
            counts,
        })
        .collect();
    let by_type = PqrType::ALL
        .into_iter()
        .map(|t| ClockByType {
            pqr_type: t,
            counts: by_type.get(&t).copied().unwrap_or_default(),
        })
        .collect();

    // Received and answered per day: one index range count per day and column.
    let first = today.checked_sub((WINDOW_DAYS - 1).days()).unwrap_or(today);
    let mut received = c.prepare_cached(&format!(
        "SELECT COUNT(*) FROM pqr WHERE received_at >= ?1 AND received_at < ?2{who}"
    ))?;
    let mut answered = c.prepare_cached(&format!(
        "SELECT COUNT(*) FROM pqr WHERE answered_at >= ?1 AND answered_at < ?2{who}"
    ))?;
    let mut daily = Vec::with_capacity(WINDOW_DAYS as usize);
    let mut day = first;
    while day <= today {
        let next = day.tomorrow()?;
        let (a, b) = (
            legal.start_of(day).as_millisecond(),
            legal.start_of(next).as_millisecond(),
        );
        daily.push(DailyFlow {
            day,
            received: count(received.query_row(params_from_iter(bind(a, b)), |r| r.get(0))?),
            answered: count(answered.query_row(params_from_iter(bind(a, b)), |r| r.get(0))?),
        });
        day = next;
    }
    // Answered on or before the due date, over the same days (the answer's Bogotá day).
    // The offset is a literal of the text: Colombia keeps one offset all year.
    let offset_ms = legal.offset_seconds(now) * 1000;
    let (total, within): (i64, i64) = c
        .prepare_cached(&format!(
            "SELECT COUNT(*), COALESCE(SUM(date((answered_at + ({offset_ms})) / 1000, 'unixepoch') <= due_date), 0)
             FROM pqr WHERE answered_at >= ?1 AND answered_at < ?2{who}"
        ))?
        .query_row(
            params_from_iter(bind(
                legal.start_of(first).as_millisecond(),
                legal.start_of(today.tomorrow()?).as_millisecond(),
            )),
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
    Ok(PqrStats {
        scope,
        today,
        due_soon_days: DUE_SOON_DAYS,
        clock,
        by_type,
        by_assignee,
        daily,
        answered: AnsweredInTerm {
            total: count(total),
            within_term: count(within),
            share: (total > 0).then(|| within as f64 / total as f64),
        },
    })
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
        .read(move |c| reset_stats(c, p, scope, &me))
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

/// The median of a histogram of whole minutes, in seconds (the mean of the two middle values
/// when the count is even).
fn median_minutes(mut histogram: Vec<(i64, u64)>) -> Option<i64> {
    histogram.sort_unstable();
    let total: u64 = histogram.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    let nth = |k: u64| {
        let mut seen = 0;
        for (minutes, n) in &histogram {
            seen += n;
            if seen > k {
                return *minutes;
            }
        }
        0
    };
    let (a, b) = (nth((total - 1) / 2), nth(total / 2));
    Some((a + b) * 60 / 2)
}

/// Sums of the daily counters whose metric starts with `prefix`, for `who` ('' the desk), over
/// the period, by the rest of the metric's name.
fn sums(
    c: &Connection,
    p: Period,
    prefix: &str,
    who: &str,
) -> rusqlite::Result<Vec<(String, u64)>> {
    // `prefix` ends with ':'; ';' is the next character, so the range is the prefix's.
    let end = format!("{};", prefix.trim_end_matches(':'));
    let mut stmt = c.prepare_cached(
        "SELECT substr(metric, length(?1) + 1), SUM(n) FROM stats_daily
         WHERE metric >= ?1 AND metric < ?2 AND who = ?3 AND day >= ?4 AND day <= ?5
         GROUP BY metric",
    )?;
    stmt.query_map(
        params![prefix, end, who, p.from.to_string(), p.to.to_string()],
        |r| Ok((r.get(0)?, count(r.get(1)?))),
    )?
    .collect()
}

/// The sum of one daily counter over the period: for `who` ('' the desk), or for every operator.
fn total(c: &Connection, p: Period, metric: &str, who: Option<&str>) -> rusqlite::Result<u64> {
    let sql = match who {
        Some(_) => {
            "SELECT COALESCE(SUM(n), 0) FROM stats_daily
             WHERE metric = ?1 AND who = ?2 AND day >= ?3 AND day <= ?4"
        }
        None => {
            "SELECT COALESCE(SUM(n), 0) FROM stats_daily
             WHERE metric = ?1 AND who > ?2 AND day >= ?3 AND day <= ?4"
        }
    };
    c.prepare_cached(sql)?
        .query_row(
            params![
                metric,
                who.unwrap_or(""),
                p.from.to_string(),
                p.to.to_string()
            ],
            |r| r.get(0),
        )
        .map(count)
}

/// The reset-link emails of the period that reached the mail server (relayed, and those that
/// bounced after it) and those that bounced, from their outbox states (issue 25): the desk's, or
/// those of the links `operator` sent (the link and its email are written at the same instant).
fn reset_mail_states(
    c: &Connection,
    p: Period,
    operator: Option<i64>,
) -> rusqlite::Result<(u64, u64)> {
    let sql = match operator {
        None => {
            "SELECT COALESCE(SUM(m.state IN ('relayed', 'bounced')), 0),
                    COALESCE(SUM(m.state = 'bounced'), 0)
             FROM mail_outbox m
             WHERE m.purpose = 'reset_link' AND m.created_at >= ?1 AND m.created_at < ?2
               AND ?3 IS NULL"
        }
        Some(_) => {
            "SELECT COALESCE(SUM(m.state IN ('relayed', 'bounced')), 0),
                    COALESCE(SUM(m.state = 'bounced'), 0)
             FROM reset_tokens t
             JOIN mail_outbox m ON m.user_id = t.user_id AND m.created_at = t.created_at
                                AND m.purpose = 'reset_link'
             WHERE t.operator_id = ?3 AND t.created_at >= ?1 AND t.created_at < ?2"
        }
    };
    c.prepare_cached(sql)?
        .query_row(params![p.start_ms, p.end_ms, operator], |r| {
            Ok((count(r.get(0)?), count(r.get(1)?)))
        })
}

pub(crate) fn reset_stats(
    c: &Connection,
    p: Period,
    scope: StatsScope,
    op: &Operator,
) -> anyhow::Result<ResetStats> {
    let mut funnel = ResetFunnel::default();
    let median_seconds_to_change;
    let name = if op.name.is_empty() {
        "?"
    } else {
        op.name.as_str()
    };
    if scope == StatsScope::Desk {
        // The daily counters (`rollup`): a few hundred rows for a year.
        let desk = |metric: &str| total(c, p, metric, Some(""));
        funnel.requested_public = desk("reset_requested")?;
        funnel.requested_by_operator =
            total(c, p, "reset_link_sent", None)? + total(c, p, "reset_email_bounced", None)?;
        funnel.sent = desk("reset_link_sent")?;
        let (relayed, bounced) = reset_mail_states(c, p, None)?;
        funnel.relayed = relayed;
        funnel.bounced = bounced + desk("reset_email_bounced")?;
        funnel.link_opened = desk("reset_link_opened")?;
        funnel.password_changed = desk("password_changed")?;
        funnel.logged_in = desk("changed_then_logged_in")?;
        let histogram = sums(c, p, "to_change_min:", "")?
            .into_iter()
            .filter_map(|(m, n)| m.parse().ok().map(|m| (m, n)))
            .collect();
        median_seconds_to_change = median_minutes(histogram);
    } else {
        // The links this operator asked for in the period, and what became of them.
        let (sent, opened, changed, logged_in): (i64, i64, i64, i64) = c
            .prepare_cached(
                "SELECT COUNT(*), COUNT(t.opened_at), COUNT(t.used_at),
                        COALESCE(SUM(t.used_at IS NOT NULL AND EXISTS (
                            SELECT 1 FROM events l WHERE l.user_id = t.user_id
                            AND l.kind = 'login_succeeded' AND l.at >= t.used_at)), 0)
                 FROM reset_tokens t
                 WHERE t.operator_id = ?1 AND t.created_at >= ?2 AND t.created_at < ?3",
            )?
            .query_row(params![op.id, p.start_ms, p.end_ms], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        let bounced = total(c, p, "reset_email_bounced", Some(name))?;
        funnel.requested_by_operator = count(sent) + bounced;
        funnel.sent = count(sent);
        let (relayed, bounced_mail) = reset_mail_states(c, p, Some(op.id))?;
        funnel.relayed = relayed;
        funnel.bounced = bounced + bounced_mail;
        funnel.link_opened = count(opened);
        funnel.password_changed = count(changed);
        funnel.logged_in = count(logged_in);
        let mut stmt = c.prepare_cached(
            "SELECT (used_at - created_at) / 60000, COUNT(*) FROM reset_tokens
             WHERE operator_id = ?1 AND created_at >= ?2 AND created_at < ?3 AND used_at IS NOT NULL
             GROUP BY 1",
        )?;
        let histogram = stmt
            .query_map(params![op.id, p.start_ms, p.end_ms], |r| {
                Ok((r.get::<_, i64>(0)?.max(0), count(r.get(1)?)))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        median_seconds_to_change = median_minutes(histogram);
    }
    // The rules say nothing about anyone: the desk's ranking for every operator.
    let mut refused_rules: Vec<RuleCount> = sums(c, p, "rule:", "")?
        .into_iter()
        .filter_map(|(rule, n)| {
            serde_json::from_value::<PolicyRule>(serde_json::Value::String(rule))
                .ok()
                .filter(|r| *r != PolicyRule::Unknown && n > 0)
                .map(|rule| RuleCount { rule, count: n })
        })
        .collect();
    refused_rules.sort_by(|a, b| {
        b.count.cmp(&a.count).then_with(|| {
            let name = |r: PolicyRule| serde_json::to_string(&r).unwrap_or_default();
            name(a.rule).cmp(&name(b.rule))
        })
    });
    Ok(ResetStats {
        scope,
        from: p.from,
        to: p.to,
        funnel,
        median_seconds_to_change,
        refused_rules,
    })
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
        .read(move |c| call_stats(c, p, scope, mine.as_deref()))
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

pub(crate) fn call_stats(
    c: &Connection,
    p: Period,
    scope: StatsScope,
    mine: Option<&str>,
) -> anyhow::Result<CallStats> {
    let who = mine.map_or("", |n| if n.is_empty() { "?" } else { n });
    let mut by_outcome = CallCounts::default();
    for (outcome, n) in sums(c, p, "call:", who)? {
        match outcome.as_str() {
            "resuelto" => by_outcome.resuelto += n,
            "escalado_pqr" => by_outcome.escalado_pqr += n,
            "identidad_no_verificada" => by_outcome.identidad_no_verificada += n,
            "llamada_cortada" => by_outcome.llamada_cortada += n,
            _ => {}
        }
    }
    Ok(CallStats {
        scope,
        from: p.from,
        to: p.to,
        total: by_outcome.resuelto
            + by_outcome.escalado_pqr
            + by_outcome.identidad_no_verificada
            + by_outcome.llamada_cortada,
        by_outcome,
    })
}

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/api/v1/stats/pqr", get(pqr))
        .route("/api/v1/stats/resets", get(resets))
        .route("/api/v1/stats/calls", get(calls))
}
