//! What keeps one client from taking the portal for itself: token buckets per client address
//! (public endpoints) and per operator (searches), and the bounded pool where argon2 runs.
//!
//! Buckets run on the monotonic clock, not the portal's (a test's manual clock never moves, and
//! a rate is about real seconds). Memory is bounded: past `MAX_KEYS` buckets, full ones are
//! forgotten, and if none is, new keys share one overflow bucket (a spray of addresses throttles
//! itself, not the others).

use std::collections::HashMap;
use std::hash::Hash;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::sync::Semaphore;

use crate::http::error::ApiError;
use contract::api::ErrorCode;

/// Most buckets one limiter keeps.
pub(crate) const MAX_KEYS: usize = 10_000;

/// A rate: `burst` requests at once, then `per_minute` a minute.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub burst: u32,
    pub per_minute: u32,
}

impl Rate {
    /// So generous that nothing a test or a person does reaches it.
    pub const UNLIMITED: Rate = Rate {
        burst: u32::MAX,
        per_minute: u32::MAX,
    };
}

/// The limits of a portal (see `PortalConfig::limits`).
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Per client address, each of login, reset request and reset confirmation (JSON and form).
    pub public_per_address: Rate,
    /// Per operator, user searches.
    pub searches_per_operator: Rate,
    /// Concurrent argon2 jobs; at most one per core.
    pub hash_workers: usize,
    /// argon2 jobs waiting for a worker; past it, 503 `service_busy`.
    pub hash_queue: usize,
    /// HTTP connections open at once; past it new ones wait in the kernel's backlog.
    pub max_connections: usize,
    /// HTTP connections one client address may hold at once; past it its newcomers are closed,
    /// so one address that keeps its connections busy cannot take every slot.
    pub max_connections_per_address: usize,
    /// From the first byte a connection may send to its whole request head (also an idle
    /// keep-alive connection's wait for its next request); then the connection is closed.
    pub header_timeout: std::time::Duration,
    /// Handlers running at once (they run to their end even when the client hangs up).
    pub max_in_flight: usize,
    /// Event streams one operator may hold open; past it, 429.
    pub streams_per_operator: usize,
}

impl Default for Limits {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self {
            // A person retyping a password is far below this; a script is not.
            public_per_address: Rate {
                burst: 60,
                per_minute: 60,
            },
            // Search as you type, about one a second sustained.
            searches_per_operator: Rate {
                burst: 120,
                per_minute: 120,
            },
            hash_workers: cores,
            hash_queue: 4 * cores,
            // Far above a help desk's consoles (a few per operator), far below the descriptors.
            max_connections: 1024,
            // A quarter of the slots: an SSH host carrying a hundred operators' consoles from one
            // address fits (an event stream and a pooled connection each); one attacker leaves
            // three quarters to everyone else. `--max-connections-per-address` raises it.
            max_connections_per_address: 256,
            // A person's client sends its head at once; a slow link still does in seconds.
            header_timeout: std::time::Duration::from_secs(10),
            max_in_flight: 512,
            // A console holds one; a few more for a second window or a reconnection overlapping.
            streams_per_operator: 4,
        }
    }
}

impl Limits {
    /// No per-address or per-operator rate limits (the hashing pool stays bounded): for a
    /// conformance fuzzer or a load test on loopback, one client sending thousands of requests.
    pub fn relaxed() -> Self {
        let all = Self::default().max_connections;
        Self {
            public_per_address: Rate::UNLIMITED,
            searches_per_operator: Rate::UNLIMITED,
            max_connections_per_address: all,
            ..Self::default()
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Token buckets by key, behind one mutex (taking a token is atomic).
#[derive(Debug)]
pub struct Limiter<K> {
    rate: Rate,
    buckets: Mutex<HashMap<K, Bucket>>,
    overflow: Mutex<Option<Bucket>>,
}

impl<K: Hash + Eq + Clone> Limiter<K> {
    pub fn new(rate: Rate) -> Self {
        Self {
            rate,
            buckets: Mutex::new(HashMap::new()),
            overflow: Mutex::new(None),
        }
    }

    fn per_sec(&self) -> f64 {
        f64::from(self.rate.per_minute) / 60.0
    }

    fn refill(&self, b: &mut Bucket, now: Instant) {
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * self.per_sec()).min(f64::from(self.rate.burst));
        b.at = now;
    }

    /// Takes one token for `key`; `Err(seconds)` to wait when there is none.
    pub fn take(&self, key: &K) -> Result<(), u64> {
        if self.rate == Rate::UNLIMITED {
            return Ok(());
        }
        let now = Instant::now();
        let fresh = Bucket {
            tokens: f64::from(self.rate.burst),
            at: now,
        };
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if !buckets.contains_key(key) && buckets.len() >= MAX_KEYS {
            // Forget buckets that refilled: they hold no information any more.
            let burst = f64::from(self.rate.burst);
            let per_sec = self.per_sec();
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * per_sec < burst
            });
            if buckets.len() >= MAX_KEYS {
                drop(buckets);
                let mut overflow = self.overflow.lock().unwrap_or_else(|p| p.into_inner());
                let b = overflow.get_or_insert(fresh);
                return self.spend(b, now);
            }
        }
        let b = buckets.entry(key.clone()).or_insert(fresh);
        self.spend(b, now)
    }

    fn spend(&self, b: &mut Bucket, now: Instant) -> Result<(), u64> {
        self.refill(b, now);
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            return Ok(());
        }
        let per_sec = self.per_sec();
        if per_sec <= 0.0 {
            return Err(3600);
        }
        Err(((1.0 - b.tokens) / per_sec).ceil().max(1.0) as u64)
    }

    /// How many keys are remembered (for tests of the memory bound).
    pub fn keys(&self) -> usize {
        self.buckets.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

/// The key of a client address: IPv4 as is, IPv6 by its /64 (one subscriber's whole prefix).
pub(crate) fn address_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
    }
}

/// The shared guards of one portal.
#[derive(Debug)]
pub struct Guards {
    pub public: Limiter<(&'static str, IpAddr)>,
    pub searches: Limiter<i64>,
    pub hashing: HashPool,
    pub streams: Arc<StreamSlots>,
}

impl Guards {
    pub fn new(limits: &Limits) -> Self {
        Self {
            public: Limiter::new(limits.public_per_address),
            searches: Limiter::new(limits.searches_per_operator),
            hashing: HashPool::new(limits.hash_workers, limits.hash_queue),
            streams: Arc::new(StreamSlots {
                max: limits.streams_per_operator.max(1),
                open: Mutex::new(HashMap::new()),
            }),
        }
    }
}

/// Event streams open per operator: each holds a connection and a database reader on every
/// wake-up, for as long as its client likes.
#[derive(Debug)]
pub struct StreamSlots {
    max: usize,
    open: Mutex<HashMap<i64, usize>>,
}

/// One open stream; its slot is given back when the stream (its response body) is dropped.
#[derive(Debug)]
pub struct StreamSlot {
    slots: Arc<StreamSlots>,
    operator: i64,
}

impl StreamSlots {
    /// A slot for one more stream of `operator`, or 429 `rate_limited`.
    pub fn take(self: &Arc<Self>, operator: i64) -> Result<StreamSlot, ApiError> {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        let n = open.entry(operator).or_insert(0);
        if *n >= self.max {
            return Err(ApiError::rate_limited(
                5,
                format!(
                    "this operator already has {} event streams open: close one first",
                    self.max
                ),
            ));
        }
        *n += 1;
        Ok(StreamSlot {
            slots: self.clone(),
            operator,
        })
    }
}

impl Drop for StreamSlot {
    fn drop(&mut self) {
        let mut open = self.slots.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.operator) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.operator);
            }
        }
    }
}

/// Middleware on the public endpoints: a bucket per (endpoint, client address); 429 past it.
/// The address is the TCP peer: a proxy in front must be configured to pass one per client.
pub(crate) async fn public_rate_limit(
    State(guards): State<Arc<Guards>>,
    req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0.ip())
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED));
    let endpoint = endpoint_of(req.uri().path());
    match guards.public.take(&(endpoint, address_key(peer))) {
        Ok(()) => next.run(req).await,
        Err(wait) => ApiError::rate_limited(
            wait,
            format!("too many requests from this address: try again in {wait} s"),
        )
        .into_response(),
    }
}

/// Which budget a public path spends (the JSON and form confirmations share one).
fn endpoint_of(path: &str) -> &'static str {
    if path.ends_with("/login") {
        "login"
    } else if path.ends_with("/password-reset-requests") {
        "reset-request"
    } else {
        "reset-confirm"
    }
}

/// argon2 off the async workers: at most `workers` jobs run, at most `queue` wait, and past that
/// the caller gets 503 at once instead of a growing queue.
#[derive(Debug)]
pub struct HashPool {
    admitted: Arc<Semaphore>,
    running: Arc<Semaphore>,
}

/// A place in the pool, taken before any other work so a refusal costs nothing. The place (and,
/// once it runs, the worker) moves into the blocking job itself: a caller that hangs up while
/// argon2 runs drops only its wait, never the permits, so the bound holds for the work, not for
/// the requests that asked for it.
pub struct Admission {
    permit: tokio::sync::OwnedSemaphorePermit,
    running: Arc<Semaphore>,
}

impl HashPool {
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = workers.max(1);
        Self {
            admitted: Arc::new(Semaphore::new(workers + queue)),
            running: Arc::new(Semaphore::new(workers)),
        }
    }

    /// A place in the pool, or 503 `service_busy` with `Retry-After: 1`.
    pub fn admit(&self) -> Result<Admission, ApiError> {
        match self.admitted.clone().try_acquire_owned() {
            Ok(permit) => Ok(Admission {
                permit,
                running: self.running.clone(),
            }),
            Err(_) => Err(busy()),
        }
    }
}

impl Admission {
    /// Runs `job` on a blocking thread once a worker is free.
    pub async fn run<T: Send + 'static>(
        self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        // Dropped while waiting here, nothing has started and both permits go back at once.
        let worker = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| busy())?;
        let place = self.permit;
        tokio::task::spawn_blocking(move || {
            let out = job();
            drop((worker, place));
            out
        })
        .await
        .map_err(|e| ApiError::from(anyhow::anyhow!("password hashing failed: {e}")))
    }
}

fn busy() -> ApiError {
    let mut e = ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::ServiceBusy,
        "the portal is busy: try again in a second",
    )
    .with_details(serde_json::json!({ "retry_after_seconds": 1 }));
    e.retry_after = Some(1);
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_empties_and_says_how_long_to_wait() {
        let l = Limiter::new(Rate {
            burst: 3,
            per_minute: 1,
        });
        for _ in 0..3 {
            assert_eq!(l.take(&1), Ok(()));
        }
        let wait = l.take(&1).unwrap_err();
        assert!((1..=60).contains(&wait), "{wait}");
        assert_eq!(l.take(&2), Ok(()), "another key has its own bucket");
    }

    #[test]
    fn memory_is_bounded_and_overflow_keys_share_a_bucket() {
        let l = Limiter::new(Rate {
            burst: 2,
            per_minute: 1,
        });
        for k in 0..MAX_KEYS as u32 {
            l.take(&k).unwrap();
        }
        assert_eq!(l.keys(), MAX_KEYS);
        // None of the remembered buckets is full again: newcomers share one bucket of 2.
        assert!(l.take(&(MAX_KEYS as u32)).is_ok());
        assert!(l.take(&(MAX_KEYS as u32 + 1)).is_ok());
        assert!(l.take(&(MAX_KEYS as u32 + 2)).is_err());
        assert_eq!(l.keys(), MAX_KEYS);
    }

    #[test]
    fn ipv6_addresses_are_keyed_by_their_64_prefix() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(address_key(a), address_key(b));
        assert_ne!(address_key(a), address_key(c));
        let mapped: IpAddr = "::ffff:10.0.0.1".parse().unwrap();
        assert_eq!(address_key(mapped), "10.0.0.1".parse::<IpAddr>().unwrap());
    }

    #[tokio::test]
    async fn the_pool_refuses_past_its_queue() {
        let pool = HashPool::new(1, 1);
        let a = pool.admit().unwrap();
        let _b = pool.admit().unwrap();
        let e = pool.admit().err().unwrap();
        assert_eq!(e.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(e.retry_after, Some(1));
        assert_eq!(a.run(|| 2 + 2).await.unwrap(), 4);
        assert!(pool.admit().is_ok(), "a finished job frees its place");
    }

    // Issue 22: a caller that hung up while argon2 ran freed its place, so hang-ups pushed the
    // hashing past its bound.
    #[tokio::test]
    async fn a_dropped_caller_keeps_its_place_until_the_job_ends() {
        let pool = HashPool::new(1, 0);
        let (started_tx, started_rx) = std::sync::mpsc::channel::<()>();
        let (finish_tx, finish_rx) = std::sync::mpsc::channel::<()>();
        let admission = pool.admit().unwrap();
        let caller = tokio::spawn(admission.run(move || {
            started_tx.send(()).unwrap();
            finish_rx.recv().unwrap();
        }));
        tokio::task::spawn_blocking(move || started_rx.recv().unwrap())
            .await
            .unwrap();
        caller.abort(); // the client hangs up while its hash runs
        assert!(caller.await.unwrap_err().is_cancelled());
        assert!(
            pool.admit().is_err(),
            "the job still runs: its place is still taken"
        );
        finish_tx.send(()).unwrap();
        let start = std::time::Instant::now();
        while pool.admit().is_err() {
            assert!(start.elapsed() < std::time::Duration::from_secs(30));
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
}
