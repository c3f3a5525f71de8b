//! The SSH server's Prometheus metrics: consoles open, authentications by outcome, and the
//! time from a keystroke's bytes arriving to the next frame leaving for the client.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct AuthLabels {
    outcome: String,
}

/// How an authentication attempt ended.
#[derive(Debug, Clone, Copy)]
pub enum AuthOutcome {
    Accepted,
    /// The key is not in the operators file.
    UnknownKey,
    /// The address failed too often and is refused for a while.
    RateLimited,
}

pub struct SshMetrics {
    registry: Registry,
    consoles: Gauge,
    auths: Family<AuthLabels, Counter>,
    key_to_frame: Histogram,
}

impl std::fmt::Debug for SshMetrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SshMetrics")
    }
}

impl Default for SshMetrics {
    fn default() -> Self {
        Self::new()
    }
}

impl SshMetrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("helpdesk_ssh");
        let consoles = Gauge::default();
        registry.register("sessions_open", "Consoles open now", consoles.clone());
        let auths = Family::<AuthLabels, Counter>::default();
        registry.register(
            "authentications",
            "Public-key authentications, by outcome (accepted, unknown_key, rate_limited)",
            auths.clone(),
        );
        // 0.25 ms to about 1 s.
        let key_to_frame = Histogram::new(exponential_buckets(0.00025, 2.0, 13));
        registry.register(
            "keystroke_to_frame_seconds",
            "From a keystroke's bytes arriving to the next frame flushed to the client",
            key_to_frame.clone(),
        );
        Self {
            registry,
            consoles,
            auths,
            key_to_frame,
        }
    }

    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    pub fn auth(&self, outcome: AuthOutcome) {
        let outcome = match outcome {
            AuthOutcome::Accepted => "accepted",
            AuthOutcome::UnknownKey => "unknown_key",
            AuthOutcome::RateLimited => "rate_limited",
        };
        self.auths
            .get_or_create(&AuthLabels {
                outcome: outcome.to_string(),
            })
            .inc();
    }

    pub fn console_opened(&self) {
        self.consoles.inc();
    }

    pub fn console_closed(&self) {
        self.consoles.dec();
    }

    /// Prometheus' text format of every SSH metric.
    pub fn encode(&self) -> String {
        let mut out = String::new();
        if let Err(e) =
            prometheus_client::encoding::prometheus_text::encode(&mut out, &self.registry)
        {
            tracing::warn!(target: "helpdesk::ssh", error = %e, "cannot encode the metrics");
        }
        out
    }
}

/// One console's clock from keystroke to frame: the input side marks the first keystroke not
/// yet drawn, the writer's flush observes and clears it.
#[derive(Debug, Clone)]
pub struct KeyToFrame {
    metrics: Arc<SshMetrics>,
    origin: Instant,
    /// Nanoseconds after `origin` (plus one, so zero means «none pending»).
    pending: Arc<AtomicU64>,
}

impl KeyToFrame {
    pub fn new(metrics: Arc<SshMetrics>) -> Self {
        KeyToFrame {
            metrics,
            origin: Instant::now(),
            pending: Arc::new(AtomicU64::new(0)),
        }
    }

    fn now(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_nanos())
            .unwrap_or(u64::MAX - 1)
            .saturating_add(1)
    }

    /// A keystroke arrived; the oldest one not yet drawn is kept.
    pub fn key(&self) {
        let _ = self
            .pending
            .compare_exchange(0, self.now(), Ordering::AcqRel, Ordering::Acquire);
    }

    /// A frame left: the time since the oldest undrawn keystroke, if any.
    pub fn frame(&self) {
        let since = self.pending.swap(0, Ordering::AcqRel);
        if since != 0 {
            let ns = self.now().saturating_sub(since);
            self.metrics
                .key_to_frame
                .observe(std::time::Duration::from_nanos(ns).as_secs_f64());
        }
    }
}

/// A console's output that marks a frame when the renderer flushes what it wrote (once a
/// frame), just before the frame is handed to the channel.
pub struct FrameClock<W> {
    inner: W,
    clock: KeyToFrame,
    wrote: bool,
}

impl<W> FrameClock<W> {
    pub fn new(inner: W, clock: KeyToFrame) -> Self {
        FrameClock {
            inner,
            clock,
            wrote: false,
        }
    }
}

impl<W: std::io::Write> std::io::Write for FrameClock<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.wrote |= !bytes.is_empty();
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if std::mem::take(&mut self.wrote) {
            self.clock.frame();
        }
        self.inner.flush()
    }
}
