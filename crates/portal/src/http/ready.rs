//! `GET /api/v1/ready`: whether this portal can serve now, for a load balancer. Cheap and
//! unauthenticated like `/api/v1/health`, which stays the bare «the process answers».

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use crate::AppState;
use crate::http::routes::{Routes, get};

/// A reader must answer `SELECT 1` within this long, or the portal is not ready.
const DATABASE_DEADLINE: Duration = Duration::from_secs(2);

#[derive(Debug, Serialize)]
pub(crate) struct Readiness {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    /// `ok`, or why the database did not answer (`timeout`, `error`).
    pub database: &'static str,
    /// Outgoing mail: written to the outbox inside the transaction that sends it, so nothing
    /// waits in a queue (`none`); a durable queue will report whether it drains.
    pub mail_queue: &'static str,
}

pub(crate) async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Readiness>) {
    let check = state.db.read(|c| Ok(crate::storage::db::ping(c)?));
    let database = match tokio::time::timeout(DATABASE_DEADLINE, check).await {
        Ok(Ok(1)) => "ok",
        Ok(Ok(_)) | Ok(Err(_)) => "error",
        Err(_) => "timeout",
    };
    if database != "ok" {
        tracing::warn!(database, "not ready: the database did not answer");
    }
    let ready = database == "ok";
    (
        if ready {
            StatusCode::OK
        } else {
            StatusCode::SERVICE_UNAVAILABLE
        },
        Json(Readiness {
            status: if ready { "ready" } else { "not_ready" },
            database,
            mail_queue: "none",
        }),
    )
}

pub(crate) fn routes() -> Routes {
    Routes::new().route("/api/v1/ready", get(ready))
}
