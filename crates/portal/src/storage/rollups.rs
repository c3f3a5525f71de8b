//! Daily counters of the events (table `stats_daily`, migration 004), kept up in the transaction
//! of every event: the reset funnel, the rules that refused passwords and the calls of any period
//! are then sums over at most a few thousand rows, however many events there are.

use std::sync::OnceLock;

use jiff::tz::TimeZone;
use rusqlite::{Connection, OptionalExtension, params};

use super::{Doing, StorageResult};
use contract::api::{ActorKind, Event, EventKind};

fn bogota() -> &'static TimeZone {
    static TZ: OnceLock<TimeZone> = OnceLock::new();
    TZ.get_or_init(|| TimeZone::get("America/Bogota").unwrap_or(TimeZone::UTC))
}

/// The Bogotá day of stored Unix milliseconds, as `stats_daily.day` holds it.
pub(crate) fn day_of_ms(ms: i64) -> String {
    super::db::ts(ms)
        .to_zoned_datetime(bogota().clone())
        .date()
        .to_string()
}

fn bump(conn: &Connection, metric: &str, who: &str, day: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO stats_daily (metric, who, day, n) VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (metric, who, day) DO UPDATE SET n = n + 1",
    )?
    .execute(params![metric, who, day])?;
    Ok(())
}

/// An operator's name as a counter's `who` (never the desk's empty one).
fn who(name: Option<&str>) -> &str {
    name.filter(|n| !n.is_empty()).unwrap_or("?")
}

pub(crate) fn record(conn: &Connection, e: &Event) -> StorageResult<()> {
    count(conn, e).doing("keeping the daily counters")
}

fn count(conn: &Connection, e: &Event) -> rusqlite::Result<()> {
    let at = e.at.as_millisecond();
    let day = day_of_ms(at);
    let kind = e.kind.as_str();
    let operator = (e.actor.kind == ActorKind::Operator).then(|| who(e.actor.name.as_deref()));
    bump(conn, kind, "", &day)?;
    if let Some(name) = operator {
        bump(conn, kind, name, &day)?;
    }
    match e.kind {
        EventKind::ResetAttemptFailed => {
            for rule in &e.data.rules {
                if let Ok(serde_json::Value::String(r)) = serde_json::to_value(rule) {
                    bump(conn, &format!("rule:{r}"), "", &day)?;
                }
            }
        }
        EventKind::CallOutcomeRecorded => {
            if let Some(outcome) = &e.data.status {
                let metric = format!("call:{outcome}");
                bump(conn, &metric, "", &day)?;
                if let Some(name) = operator {
                    bump(conn, &metric, name, &day)?;
                }
            }
        }
        EventKind::PasswordChanged => {
            // The link used for this change (marked used at the same instant), by whole minutes.
            if let Some(user) = e.user_id {
                let requested: Option<i64> = conn
                    .prepare_cached(
                        "SELECT created_at FROM reset_tokens WHERE user_id = ?1 AND used_at = ?2
                         ORDER BY id DESC LIMIT 1",
                    )?
                    .query_row(params![user, at], |r| r.get(0))
                    .optional()?;
                if let Some(requested) = requested {
                    let minutes = (at - requested).max(0) / 60_000;
                    bump(conn, &format!("to_change_min:{minutes}"), "", &day)?;
                }
            }
        }
        EventKind::LoginSucceeded => {
            // The first login after a password change counts for the change's day.
            if let Some(user) = e.user_id {
                let changed: Option<i64> = conn
                    .prepare_cached(
                        "SELECT at FROM events WHERE user_id = ?1 AND kind = 'password_changed'
                         AND at <= ?2 ORDER BY at DESC LIMIT 1",
                    )?
                    .query_row(params![user, at], |r| r.get(0))
                    .optional()?;
                if let Some(changed) = changed {
                    let earlier: Option<i64> = conn
                        .prepare_cached(
                            "SELECT 1 FROM events WHERE user_id = ?1 AND kind = 'login_succeeded'
                             AND at >= ?2 AND id <> ?3 LIMIT 1",
                        )?
                        .query_row(params![user, changed, e.id], |r| r.get(0))
                        .optional()?;
                    if earlier.is_none() {
                        bump(conn, "changed_then_logged_in", "", &day_of_ms(changed))?;
                    }
                }
            }
        }
        _ => {}
    }
    Ok(())
}
