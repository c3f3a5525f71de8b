//! The HTTP server under the router, with the bounds `axum::serve` does not have: at most
//! `max_connections` connections at once (past it, new ones wait in the kernel's backlog, not
//! in our memory) and `max_connections_per_address` from one client address (past it, its
//! newcomers are closed at once, so one address cannot hold every slot), a deadline on each request head (a half-sent request, or an idle keep-alive
//! connection, is closed after `header_timeout`), and every handler run to its end even when its
//! client hangs up (see [`detach`]), with at most `max_in_flight` handlers running at once.
//!
//! HTTP/1.1 only: every client of the contract speaks it, and HTTP/2 would let one connection
//! hold hundreds of streams past the connection cap.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, oneshot};
use tokio::task::JoinSet;
use tower::ServiceExt;

use crate::http::guard::Limits;

/// Serves `app` on `listener` until `shutdown` fires; then lets requests in flight finish. The
/// connections are tasks of this future: dropping it (or aborting its task) closes them all.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &Limits,
    mut shutdown: oneshot::Receiver<()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let per_address = Arc::new(PerAddress::new(limits.max_connections_per_address));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_headers(100)
        .keep_alive(true);
    let mut connections = JoinSet::new();
    loop {
        // Finished connections leave the set at once (it would otherwise grow with every one).
        while connections.try_join_next().is_some() {}
        // A slot first: past the cap we stop accepting, and the kernel holds the newcomers.
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => match slot {
                Ok(s) => s,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        // One address past its share: closed now, its slot back at once.
        let Some(share) = per_address.take(peer.ip()) else {
            tracing::debug!(from = %peer, "connection closed: too many from this address");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        // The peer address keys the public rate limits.
        let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo(peer));
            app.clone().oneshot(req.map(axum::body::Body::new))
        });
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        connections.spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(from = %peer, error = %e, "connection ended");
            }
            drop((slot, share));
        });
    }
    drop(listener);
    graceful.shutdown().await;
    while connections.join_next().await.is_some() {}
}

/// Connections open per client address (entries leave when their last connection ends).
#[derive(Debug)]
pub(crate) struct PerAddress {
    max: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

/// One connection's share of its address; given back when dropped.
pub(crate) struct Share {
    of: Arc<PerAddress>,
    ip: IpAddr,
}

impl PerAddress {
    pub(crate) fn new(max: usize) -> Self {
        Self {
            max: max.max(1),
            open: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn take(self: &Arc<Self>, ip: IpAddr) -> Option<Share> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(ip).or_insert(0);
        if *n >= self.max {
            return None;
        }
        *n += 1;
        Some(Share {
            of: self.clone(),
            ip,
        })
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        let mut open = self.of.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// Handlers in flight, shared by the [`detach`] middleware.
#[derive(Debug, Clone)]
pub struct InFlight(Arc<Semaphore>);

impl InFlight {
    pub fn new(max: usize) -> Self {
        Self(Arc::new(Semaphore::new(max.max(1))))
    }

    /// Places free now (for tests).
    pub fn available(&self) -> usize {
        self.0.available_permits()
    }
}

/// Runs the rest of the request in its own task and only awaits it: a client that hangs up
/// drops this wait, never the handler, so a reservation is always followed by its record, a
/// change by its event and its audit line. Waiting for a place changes nothing, so a hang-up
/// there is harmless; the place travels with the task, so detached work stays bounded.
pub(crate) async fn detach(
    State(in_flight): State<InFlight>,
    req: Request,
    next: Next,
) -> Response {
    let Ok(place) = in_flight.0.clone().acquire_owned().await else {
        return crate::http::error::ApiError::from(anyhow::anyhow!("the portal is stopping"))
            .into_response();
    };
    let task = tokio::spawn(async move {
        let response = next.run(req).await;
        drop(place);
        response
    });
    match task.await {
        Ok(response) => response,
        Err(e) => crate::http::error::ApiError::from(anyhow::anyhow!("the request failed: {e}"))
            .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use axum::body::Body;
    use axum::routing::get;
    use tokio::sync::Notify;

    use super::*;

    fn request() -> axum::http::Request<Body> {
        axum::http::Request::get("/").body(Body::empty()).unwrap()
    }

    async fn until(what: impl Fn() -> bool) {
        for _ in 0..3000 {
            if what() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("never happened");
    }

    // Issue 22: a handler dropped with its client left its work half-done.
    #[tokio::test]
    async fn a_handler_outlives_its_caller_and_places_are_bounded() {
        let in_flight = InFlight::new(1);
        let done = Arc::new(AtomicBool::new(false));
        let gate = Arc::new(Notify::new());
        let handler = {
            let (done, gate) = (done.clone(), gate.clone());
            move || async move {
                gate.notified().await;
                done.store(true, Ordering::Release);
                "ok"
            }
        };
        let app =
            Router::new()
                .route("/", get(handler))
                .layer(axum::middleware::from_fn_with_state(
                    in_flight.clone(),
                    detach,
                ));
        let first = tokio::spawn(app.clone().oneshot(request()));
        until(|| in_flight.available() == 0).await;
        first.abort(); // the client hangs up
        assert!(first.await.unwrap_err().is_cancelled());
        let second = tokio::spawn(app.clone().oneshot(request()));
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!second.is_finished(), "a second handler ran past the bound");
        gate.notify_one();
        until(|| done.load(Ordering::Acquire)).await; // the first one finished its work
        gate.notify_one();
        let answer = second.await.unwrap().unwrap();
        assert_eq!(answer.status(), axum::http::StatusCode::OK);
    }
}
