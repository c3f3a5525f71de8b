//! The portal's Prometheus metrics (prometheus-client): requests by route template and status
//! with their latency, the database's waits and transactions, the open event streams and the
//! rate-limit refusals. One registry per portal, so tests running several portals in one
//! process never mix their figures; `helpdesk portal serve --metrics-addr` serves it.
//!
//! Labels never hold a raw path: the route is axum's template (`/api/v1/users/{id}`), the
//! method one of a fixed few, so an outside party cannot grow the label sets.

use std::sync::Arc;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MailLabels {
    /// `relayed`, `deferred` or `failed`.
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DbLabels {
    /// `read` (a pooled reader) or `write` (the one writer).
    access: String,
}

/// Which connection a database call used.
#[derive(Debug, Clone, Copy)]
pub enum DbAccess {
    Read,
    Write,
}

impl DbAccess {
    fn label(self) -> DbLabels {
        DbLabels {
            access: match self {
                DbAccess::Read => "read",
                DbAccess::Write => "write",
            }
            .to_string(),
        }
    }
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

/// 0.5 ms to about 16 s: a request, a wait for the writer, a transaction.
fn latency_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

/// The portal's instruments and the registry that exposes them.
pub struct PortalMetrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    request_seconds: HistogramFamily<RequestLabels>,
    rate_limited: Family<RouteLabels, Counter>,
    event_streams: Gauge,
    db_wait: HistogramFamily<DbLabels>,
    db_work: HistogramFamily<DbLabels>,
    mail_attempts: Family<MailLabels, Counter>,
    mail_queue_depth: Gauge,
    mail_oldest_age: Gauge<f64, std::sync::atomic::AtomicU64>,
    mail_relay_delay: Histogram,
}

impl std::fmt::Debug for PortalMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PortalMetrics")
    }
}

impl Default for PortalMetrics {
    fn default() -> Self {
        Self::new()
    }
}

impl PortalMetrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("helpdesk_portal");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by method, route template and status",
            requests.clone(),
        );
        let request_seconds: HistogramFamily<RequestLabels> =
            Family::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time from a request's arrival to its answer's headers (an event stream: to its opening)",
            request_seconds.clone(),
        );
        let rate_limited = Family::<RouteLabels, Counter>::default();
        registry.register(
            "rate_limit_refusals",
            "Requests refused with 429 by a rate limit, by route template",
            rate_limited.clone(),
        );
        let event_streams = Gauge::default();
        registry.register(
            "event_streams_open",
            "Live event streams (GET /api/v1/events) open now",
            event_streams.clone(),
        );
        let db_wait: HistogramFamily<DbLabels> = Family::new_with_constructor(latency_histogram);
        registry.register(
            "db_wait_seconds",
            "Time waiting for a database connection: a pooled reader, or the writer's turn",
            db_wait.clone(),
        );
        let db_work: HistogramFamily<DbLabels> = Family::new_with_constructor(latency_histogram);
        registry.register(
            "db_transaction_seconds",
            "Time holding a database connection: a read, or a write transaction to its commit",
            db_work.clone(),
        );
        let mail_attempts = Family::<MailLabels, Counter>::default();
        registry.register(
            "mail_delivery_attempts",
            "Messages handed to the relay, by outcome: relayed (250), deferred (4xx, no connection), failed (5xx, horizon)",
            mail_attempts.clone(),
        );
        let mail_queue_depth = Gauge::default();
        registry.register(
            "mail_queue_depth",
            "Outgoing messages waiting for the relay (queued or deferred)",
            mail_queue_depth.clone(),
        );
        let mail_oldest_age = Gauge::<f64, std::sync::atomic::AtomicU64>::default();
        registry.register(
            "mail_queue_oldest_age_seconds",
            "Age of the oldest message waiting for the relay (0 when none waits)",
            mail_oldest_age.clone(),
        );
        // 1 ms to about 9 h: from the sending commit to the relay's 250, retries included.
        let mail_relay_delay = Histogram::new(exponential_buckets(0.001, 2.0, 25));
        registry.register(
            "mail_queued_to_relayed_seconds",
            "Time from a message's queueing (its change's commit) to the relay's 250",
            mail_relay_delay.clone(),
        );
        Self {
            registry,
            requests,
            request_seconds,
            rate_limited,
            event_streams,
            db_wait,
            db_work,
            mail_attempts,
            mail_queue_depth,
            mail_oldest_age,
            mail_relay_delay,
        }
    }

    /// One delivery attempt's outcome: `relayed`, `deferred` or `failed`.
    pub fn mail_attempt(&self, outcome: &'static str) {
        self.mail_attempts
            .get_or_create(&MailLabels { outcome })
            .inc();
    }

    /// The queue as the delivery worker last saw it.
    pub fn mail_queue(&self, depth: i64, oldest_age_seconds: f64) {
        self.mail_queue_depth.set(depth);
        self.mail_oldest_age.set(oldest_age_seconds);
    }

    /// A message relayed this long after it was queued.
    pub fn mail_relayed_after(&self, seconds: f64) {
        self.mail_relay_delay.observe(seconds);
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// One answered request. `method` is normalised to the methods the contract uses.
    pub fn request(&self, method: &str, route: &str, status: u16, took: Duration) {
        let labels = RequestLabels {
            method: known_method(method).to_string(),
            route: route.to_string(),
            status: status.to_string(),
        };
        self.requests.get_or_create(&labels).inc();
        self.request_seconds
            .get_or_create(&labels)
            .observe(took.as_secs_f64());
        if status == 429 {
            self.rate_limited
                .get_or_create(&RouteLabels {
                    route: route.to_string(),
                })
                .inc();
        }
    }

    pub fn db_wait(&self, access: DbAccess, took: Duration) {
        self.db_wait
            .get_or_create(&access.label())
            .observe(took.as_secs_f64());
    }

    pub fn db_work(&self, access: DbAccess, took: Duration) {
        self.db_work
            .get_or_create(&access.label())
            .observe(took.as_secs_f64());
    }

    /// Counts an event stream as open until the guard is dropped (the stream ends or the
    /// client goes away).
    pub fn stream_opened(self: &Arc<Self>) -> StreamGuard {
        self.event_streams.inc();
        StreamGuard(self.clone())
    }

    /// The registry in Prometheus' text format (0.0.4).
    pub fn encode(&self) -> String {
        encode(&self.registry)
    }
}

/// Prometheus' text format of a registry (an empty string if encoding fails, which writing
/// to a `String` never does).
pub fn encode(registry: &Registry) -> String {
    let mut out = String::new();
    if let Err(e) = prometheus_client::encoding::prometheus_text::encode(&mut out, registry) {
        tracing::warn!(error = %e, "cannot encode the metrics");
    }
    out
}

/// Holds one open event stream in the gauge.
pub struct StreamGuard(Arc<PortalMetrics>);

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.event_streams.dec();
    }
}

/// The method as a label: the contract's methods by name, anything else as `OTHER`.
fn known_method(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "POST" => "POST",
        "PATCH" => "PATCH",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        "OPTIONS" => "OPTIONS",
        _ => "OTHER",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_is_counted_under_its_template_and_a_429_as_a_refusal() {
        let m = PortalMetrics::new();
        m.request("GET", "/api/v1/users/{id}", 200, Duration::from_millis(3));
        m.request("BREW", "/api/v1/public/login", 429, Duration::ZERO);
        let text = m.encode();
        assert!(
            text.contains(
                r#"helpdesk_portal_http_requests_total{method="GET",route="/api/v1/users/{id}",status="200"} 1"#
            ),
            "{text}"
        );
        assert!(text.contains(r#"method="OTHER""#), "{text}");
        assert!(
            text.contains(
                r#"helpdesk_portal_rate_limit_refusals_total{route="/api/v1/public/login"} 1"#
            ),
            "{text}"
        );
    }
}
