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
use rusqlite::params;
use serde::Deserialize;
use tokio::sync::broadcast::error::RecvError;

use super::AppState;
use super::auth::Authed;
use super::error::{ApiError, ApiResult};
use super::events;
use super::extract::{ApiQuery, RequestId};
use crate::api::Event;

#[derive(Debug, Deserialize)]
pub struct EventsQuery {
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

async fn read_after(state: &AppState, after: i64, f: Filter) -> anyhow::Result<Vec<Event>> {
    state
        .db
        .read(move |conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {} FROM events WHERE id > ?1 AND (?2 IS NULL OR user_id = ?2) AND (?3 IS NULL OR pqr_id = ?3)
                 ORDER BY id LIMIT ?4",
                events::COLUMNS
            ))?;
            let rows = stmt
                .query_map(params![after, f.user_id, f.pqr_id, BATCH], events::from_row)?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await
}

/// Whether the operator may still read (a failed lookup keeps the stream: the next check decides).
async fn operator_active(state: &AppState, id: i64) -> bool {
    state
        .db
        .read(move |c| {
            Ok(c.query_row(
                "SELECT disabled = 0 FROM operators WHERE id = ?1",
                [id],
                |r| r.get::<_, bool>(0),
            )
            .unwrap_or(false))
        })
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

pub async fn stream(
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
    // Audited once, when the stream opens.
    let target = match (q.user_id, q.pqr_id) {
        (Some(u), _) => Some(format!("user:{u}")),
        (None, Some(p)) => Some(format!("pqr:{p}")),
        (None, None) => None,
    };
    super::audit::record_alone(
        &state,
        &op,
        "events.open",
        target,
        crate::api::AuditOutcome::Ok,
        &request_id,
        None,
    )
    .await?;
    // Subscribe before looking at the database, so nothing committed in between is missed.
    let mut wakeups = state.bus.subscribe();
    let start_after = match header_id.or(q.last_event_id) {
        Some(id) => id,
        None => {
            state
                .db
                .read(|c| {
                    Ok(
                        c.query_row("SELECT COALESCE(MAX(id), 0) FROM events", [], |r| {
                            r.get::<_, i64>(0)
                        })?,
                    )
                })
                .await?
        }
    };
    let heartbeat = state.settings.sse_heartbeat;
    let operator_id = op.id;
    // Counted open until the stream is dropped: it ended, or the client went away.
    let open = state.metrics.stream_opened();
    let stream = async_stream::stream! {
        let _open = open;
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
