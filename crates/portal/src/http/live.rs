//! `GET /api/v1/events`: the live stream (text/event-stream) of the same events as the timeline.
//!
//! The broadcast channel is only a wake-up: on each one the stream reads the database for events
//! after the last one it sent. Writes are serialised, so when any event is announced every event
//! with a lower id is already committed: the stream delivers in id order, never skips, never
//! repeats — also after a lag or a reconnection with `Last-Event-ID`.

use std::convert::Infallible;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use futures::Stream;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use crate::AppState;
use crate::http::audited::AuditTarget;
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiQuery, RequestId};
use crate::http::routes::{Routes, get};
use crate::storage;
use contract::api::Event;

#[derive(Debug, Deserialize)]
pub(crate) struct EventsQuery {
    pub user_id: Option<i64>,
    pub pqr_id: Option<i64>,
    /// Same as the `Last-Event-ID` header, for clients that cannot set headers.
    pub last_event_id: Option<i64>,
}

#[derive(Debug, Clone, Copy)]
struct Filter {
    user_id: Option<i64>,
    pqr_id: Option<i64>,
}

impl Filter {
    fn matches(&self, e: &Event) -> bool {
        self.user_id.is_none_or(|u| e.user_id == Some(u))
            && self.pqr_id.is_none_or(|p| e.pqr_id == Some(p))
    }
}

const BATCH: i64 = 500;

/// How far back a stream of every user's events may resume (see `stream`).
pub(crate) const MAX_UNFILTERED_REPLAY: i64 = 200;

async fn newest_event(state: &AppState) -> anyhow::Result<i64> {
    state.db.read(|c| Ok(storage::events::newest_id(c)?)).await
}

/// One `events.replay` audit line per user whose events a resumed unfiltered stream replays.
async fn audit_replay(
    state: &AppState,
    op: &contract::api::Operator,
    request_id: &RequestId,
    after: i64,
) -> anyhow::Result<()> {
    let users: Vec<(i64, i64)> = state
        .db
        .read(move |c| Ok(storage::events::users_with_events_after(c, after)?))
        .await?;
    let operator = op.clone();
    let request_id = request_id.0.clone();
    let now = state.clock.now();
    state
        .db
        .write(move |tx| {
            for (user, count) in users {
                crate::audit::record(
                    tx,
                    now,
                    crate::audit::AuditEntry {
                        operator: &operator,
                        action: "events.replay",
                        target: Some(format!("user:{user}")),
                        outcome: contract::api::AuditOutcome::Ok,
                        request_id: &request_id,
                        detail: Some(format!("{count} events after {after}")),
                    },
                )?;
            }
            Ok(())
        })
        .await
}

async fn read_after(state: &AppState, after: i64, f: Filter) -> anyhow::Result<Vec<Event>> {
    state
        .db
        .read(move |conn| {
            Ok(storage::events::after(
                conn, after, f.user_id, f.pqr_id, BATCH,
            )?)
        })
        .await
}

/// Whether the operator may still read (a failed lookup keeps the stream: the next check decides).
async fn operator_active(state: &AppState, id: i64) -> bool {
    state
        .db
        .read(move |c| Ok(storage::operators::is_active(c, id).unwrap_or(false)))
        .await
        .unwrap_or(true)
}

fn to_sse(e: &Event) -> SseEvent {
    let data = serde_json::to_string(e).unwrap_or_else(|_| "{}".into());
    SseEvent::default()
        .id(e.id.to_string())
        .event(e.kind.as_str())
        .data(data)
}

/// What a stream's audit records name: the user or the PQR it follows, or nothing.
fn audit_target(q: &EventsQuery) -> Option<String> {
    match (q.user_id, q.pqr_id) {
        (Some(u), _) => Some(format!("user:{u}")),
        (None, Some(p)) => Some(format!("pqr:{p}")),
        (None, None) => None,
    }
}

/// The same target for the audit of refusals, read from the request's query.
pub(crate) fn refusal_target(parts: &axum::http::request::Parts) -> Option<String> {
    axum::extract::Query::<EventsQuery>::try_from_uri(&parts.uri)
        .ok()
        .and_then(|q| audit_target(&q.0))
}

pub(crate) async fn stream(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<EventsQuery>,
) -> ApiResult<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>> {
    let header_id = match headers.get("last-event-id") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|s| s.trim().parse::<i64>().ok())
                .filter(|id| *id >= 0)
                .ok_or_else(|| ApiError::bad_request("Last-Event-ID must be an event id"))?,
        ),
    };
    let filter = Filter {
        user_id: q.user_id,
        pqr_id: q.pqr_id,
    };
    // Audited once, when the stream opens (its refusals by the route's layer).
    let target = audit_target(&q);
    // Each stream holds a connection and reads on every wake-up: a few per operator.
    let slot = state.guards.streams.take(op.id)?;
    let resume = header_id.or(q.last_event_id);
    let unfiltered = q.user_id.is_none() && q.pqr_id.is_none();
    if let (true, Some(after)) = (unfiltered, resume) {
        // A stream of every user's events asked to start far back would replay the personal
        // events of users nobody asked for in one request: it may only resume nearby.
        let newest = newest_event(&state).await?;
        if newest.saturating_sub(after) > MAX_UNFILTERED_REPLAY {
            return Err(ApiError::validation(format!(
                "a stream of all events resumes only within its last {MAX_UNFILTERED_REPLAY} events; ask for one user's or one PQR's events"
            ))
            .with_details(serde_json::json!({ "newest_event_id": newest })));
        }
    }
    crate::audit::record_alone(
        &state,
        &op,
        "events.open",
        target,
        contract::api::AuditOutcome::Ok,
        &request_id,
        None,
    )
    .await?;
    // Subscribe before looking at the database, so nothing committed in between is missed.
    let mut wakeups = state.bus.subscribe();
    let start_after = match resume {
        Some(id) => id,
        None => newest_event(&state).await?,
    };
    if unfiltered && resume.is_some() {
        // What the replay holds about each user is read as such: one audit line per user.
        audit_replay(&state, &op, &request_id, start_after).await?;
    }
    let heartbeat = state.settings.sse_heartbeat;
    let operator_id = op.id;
    // Counted open until the stream is dropped: it ended, or the client went away.
    let open = state.metrics.stream_opened();
    let stream = async_stream::stream! {
        let _open = open;
        // The slot lives as long as the stream: a client that goes away gives it back.
        let _slot = slot;
        let mut sent = start_after;
        let mut catch_up = true;
        // On every heartbeat the operator is looked up again: a revoked one's stream ends there.
        let mut checks = tokio::time::interval(heartbeat);
        checks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        checks.tick().await;
        loop {
            if catch_up {
                loop {
                    let batch = match read_after(&state, sent, filter).await {
                        Ok(b) => b,
                        Err(e) => {
                            tracing::error!(error = %format!("{e:#}"), "event stream read failed");
                            return;
                        }
                    };
                    for e in &batch {
                        sent = e.id;
                        yield Ok(to_sse(e));
                    }
                    if (batch.len() as i64) < BATCH {
                        break;
                    }
                }
            }
            catch_up = tokio::select! {
                woke = wakeups.recv() => match woke {
                    Ok(e) => e.id > sent && filter.matches(&e),
                    Err(RecvError::Lagged(_)) => true,
                    Err(RecvError::Closed) => return,
                },
                _ = checks.tick() => {
                    if !operator_active(&state, operator_id).await {
                        tracing::info!(operator_id, "event stream of a revoked operator ended");
                        return;
                    }
                    false
                }
            };
        }
    };
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(heartbeat).text("heartbeat")))
}

pub(crate) fn routes() -> Routes {
    Routes::new().route(
        "/api/v1/events",
        get(stream).audited("events.open", AuditTarget::From(refusal_target)),
    )
}
