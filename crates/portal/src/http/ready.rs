//! `GET /api/v1/ready`: whether this portal can serve now, for a load balancer. Cheap and
//! unauthenticated like `/api/v1/health`, which stays the bare «the process answers».

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use crate::AppState;
use crate::http::routes::{Routes, get};
use crate::mail::{Waiting, waiting};

/// A reader must answer within this long, or the portal is not ready.
const DATABASE_DEADLINE: Duration = Duration::from_secs(2);

/// The default of `--mail-ready-max-age`: a message waiting for the relay longer than this (a
/// relay down or refusing for half an hour: about six tries) makes the portal not ready.
pub(crate) const DEFAULT_MAIL_MAX_AGE: Duration = Duration::from_secs(30 * 60);

#[derive(Debug, Serialize)]
pub(crate) struct Readiness {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    /// `ok`, or why the database did not answer (`timeout`, `error`).
    pub database: &'static str,
    /// Whether outgoing mail drains.
    pub mail_queue: MailQueue,
}

/// The outbox's messages waiting for the relay (queued, or deferred for a retry).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub(crate) struct MailQueue {
    /// `draining` (the worker runs, nothing waits too long), `stuck` (a message waits longer
    /// than `max_age_s`), `stopped` (a relay is configured but the delivery worker is not
    /// running), `no_relay` (no `--smtp-url`: mail stays in the outbox folder, as in the demo;
    /// ready), `unknown` (the database did not answer).
    pub state: &'static str,
    /// How many wait; `null` when unknown.
    pub queued: Option<i64>,
    /// Seconds the oldest of them has waited since it was queued; `null` when none waits.
    pub oldest_age_s: Option<i64>,
    /// The wait past which the queue is `stuck`.
    pub max_age_s: u64,
}

impl MailQueue {
    /// Whether this queue lets the portal be ready.
    fn drains(&self) -> bool {
        matches!(self.state, "draining" | "no_relay")
    }
}

/// The queue's state from what is known of it: a relay configured, its worker alive, the
/// waiting messages (`None` when the database did not answer), now (ms), the threshold.
fn judge(
    relay: bool,
    worker_alive: bool,
    figures: Option<Waiting>,
    now_ms: i64,
    max_age: Duration,
) -> MailQueue {
    let oldest_age_s = figures
        .and_then(|w| w.oldest_created)
        .map(|created| (now_ms - created).max(0) / 1000);
    let state = if !relay {
        "no_relay"
    } else if !worker_alive {
        "stopped"
    } else if figures.is_none() {
        "unknown"
    } else if oldest_age_s.is_some_and(|age| age as u64 > max_age.as_secs()) {
        "stuck"
    } else {
        "draining"
    };
    MailQueue {
        state,
        queued: figures.map(|w| w.count),
        oldest_age_s,
        max_age_s: max_age.as_secs(),
    }
}

pub(crate) async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    // One read answers both: the database is there, and how the mail queue stands.
    let check = state.db.read(|c| Ok(waiting(c)?));
    let (database, figures) = match tokio::time::timeout(DATABASE_DEADLINE, check).await {
        Ok(Ok(w)) => ("ok", Some(w)),
        Ok(Err(_)) => ("error", None),
        Err(_) => ("timeout", None),
    };
    if database != "ok" {
        tracing::warn!(database, "not ready: the database did not answer");
    }
    let mail_queue = judge(
        state.mailer.relay().is_some(),
        state.mailer.delivering(),
        figures,
        crate::db::ms(state.clock.now()),
        state.settings.mail_ready_max_age,
    );
    if database == "ok" && !mail_queue.drains() {
        tracing::warn!(
            mail_queue = mail_queue.state,
            queued = mail_queue.queued,
            oldest_age_s = mail_queue.oldest_age_s,
            "not ready: outgoing mail does not drain"
        );
    }
    let ready = database == "ok" && mail_queue.drains();
    (
        if ready {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        },
        Json(Readiness {
            status: if ready { "ready" } else { "not_ready" },
            database,
            mail_queue,
        }),
    )
}

pub(crate) fn routes() -> Routes {
    Routes::new().route("/api/v1/ready", get(ready))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    fn waiting(count: i64, oldest_created: Option<i64>) -> Option<Waiting> {
        Some(Waiting {
            count,
            oldest_created,
            next_due: oldest_created,
        })
    }

    #[test]
    fn a_queue_drains_while_its_oldest_message_is_within_the_threshold() {
        let q = judge(true, true, waiting(3, Some(1_000)), 3_601_000, HOUR);
        assert_eq!(
            q,
            MailQueue {
                state: "draining",
                queued: Some(3),
                oldest_age_s: Some(3600),
                max_age_s: 3600
            }
        );
        assert!(q.drains());
        let empty = judge(true, true, waiting(0, None), 5_000, HOUR);
        assert_eq!((empty.state, empty.oldest_age_s), ("draining", None));
    }

    #[test]
    fn a_message_older_than_the_threshold_makes_the_queue_stuck() {
        let q = judge(true, true, waiting(1, Some(0)), 3_601_000, HOUR);
        assert_eq!((q.state, q.oldest_age_s), ("stuck", Some(3601)));
        assert!(!q.drains());
    }

    #[test]
    fn a_relay_without_its_worker_is_stopped_whatever_the_queue() {
        let q = judge(true, false, waiting(0, None), 0, HOUR);
        assert_eq!(q.state, "stopped");
        assert!(!q.drains());
    }

    #[test]
    fn without_a_relay_mail_stays_in_the_outbox_and_the_portal_stays_ready() {
        let q = judge(false, false, waiting(2, Some(0)), 10 * 3_600_000, HOUR);
        assert_eq!((q.state, q.queued), ("no_relay", Some(2)));
        assert!(q.drains());
    }

    #[test]
    fn an_unanswered_database_leaves_the_queue_unknown() {
        let q = judge(true, true, None, 0, HOUR);
        assert_eq!((q.state, q.queued, q.oldest_age_s), ("unknown", None, None));
        assert!(!q.drains());
    }
}
