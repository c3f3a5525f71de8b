//! The server's limits: failed authentications per client address, the number of sessions, the
//! idle timeout's parsing; and the sanitising of what a client sends before it reaches a log.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Notify;

/// At most `max` failed authentications per address within `window`; past it the address is
/// refused until the oldest failure leaves the window.
#[derive(Debug)]
pub struct AuthLimiter {
    max: u32,
    window: Duration,
    failures: Mutex<HashMap<IpAddr, Vec<Instant>>>,
}

/// Addresses remembered at most; past it the stale ones are forgotten first.
const MAX_ADDRESSES: usize = 10_000;

impl AuthLimiter {
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `ip` may try to authenticate now.
    pub fn allowed(&self, ip: IpAddr, now: Instant) -> bool {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        match map.get_mut(&ip) {
            None => true,
            Some(times) => {
                times.retain(|t| now.duration_since(*t) < self.window);
                let ok = (times.len() as u64) < u64::from(self.max);
                if times.is_empty() {
                    map.remove(&ip);
                }
                ok
            }
        }
    }

    /// One failed authentication from `ip`.
    pub fn failed(&self, ip: IpAddr, now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= MAX_ADDRESSES && !map.contains_key(&ip) {
            let window = self.window;
            map.retain(|_, times| {
                times.retain(|t| now.duration_since(*t) < window);
                !times.is_empty()
            });
            if map.len() >= MAX_ADDRESSES {
                // Still full of live entries: forget one rather than grow without bound.
                if let Some(victim) = map.keys().next().copied() {
                    map.remove(&victim);
                }
            }
        }
        map.entry(ip).or_default().push(now);
    }
}

impl AuthLimiter {
    /// The connection that failed earlier authenticated after all (an agent offered other keys
    /// first): its failure is taken back.
    pub fn forgive(&self, ip: IpAddr) {
        let mut map = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(times) = map.get_mut(&ip) {
            times.pop();
            if times.is_empty() {
                map.remove(&ip);
            }
        }
    }
}

/// The largest window a console draws. A 4K screen at a small font is about 480×135; past that
/// nobody reads the screen, and a frame (two buffers of cols × rows cells) could reach
/// gigabytes (65535×65535 cells aborted the process, closing every operator's session).
pub const MAX_COLS: u16 = 500;
pub const MAX_ROWS: u16 = 200;

/// The size a client asks for (pty-req, window-change), made safe: a zero dimension means «not
/// given» (RFC 4254 §6.2) and keeps `previous`; anything larger than [`MAX_COLS`]×[`MAX_ROWS`]
/// is clamped to it.
pub fn window(cols: u32, rows: u32, previous: (u16, u16)) -> (u16, u16) {
    let dim = |n: u32, max: u16, old: u16| {
        if n == 0 {
            old.clamp(1, max)
        } else {
            u16::try_from(n).unwrap_or(u16::MAX).min(max)
        }
    };
    (
        dim(cols, MAX_COLS, previous.0),
        dim(rows, MAX_ROWS, previous.1),
    )
}

/// Connections that have not authenticated yet: at most `max` at once. A newcomer past the cap
/// ends the *oldest* of them rather than being refused itself, so a flood of silent sockets
/// cannot keep an operator out: each new connection gets its turn, and the flood only ever
/// pushes out its own oldest members (OpenSSH's MaxStartups refuses newcomers instead, which
/// is what let 150 silent sockets lock everyone out).
#[derive(Debug)]
pub struct PreAuth {
    max: usize,
    waiting: Mutex<std::collections::VecDeque<(u64, Arc<Notify>)>>,
    next: std::sync::atomic::AtomicU64,
}

impl PreAuth {
    pub fn new(max: usize) -> Self {
        Self {
            max: max.max(1),
            waiting: Mutex::new(std::collections::VecDeque::new()),
            next: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// A number for a new connection, to [`admit`](Self::admit) once its task runs.
    pub fn ticket(&self) -> u64 {
        self.next.fetch_add(1, std::sync::atomic::Ordering::AcqRel)
    }

    /// Counts the connection `ticket` (which ends when `end` is notified); ends the oldest
    /// unauthenticated ones past the cap. How many were ended.
    pub fn admit(&self, ticket: u64, end: Arc<Notify>) -> usize {
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        let mut evicted = 0;
        while waiting.len() >= self.max {
            if let Some((_, oldest)) = waiting.pop_front() {
                oldest.notify_one();
                evicted += 1;
            }
        }
        waiting.push_back((ticket, end));
        evicted
    }

    /// The connection `ticket` authenticated (or ended): it no longer counts.
    pub fn settle(&self, ticket: u64) {
        let mut waiting = self.waiting.lock().unwrap_or_else(|e| e.into_inner());
        waiting.retain(|(t, _)| *t != ticket);
    }

    /// Unauthenticated connections now.
    pub fn len(&self) -> usize {
        self.waiting.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// `90s`, `30m`, `2h` or a number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, unit) = match text.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => text.split_at(i),
        None => (text, "s"),
    };
    let n: u64 = number
        .parse()
        .map_err(|_| format!("not a duration: {text:?} (try 90s, 30m or 2h)"))?;
    let secs = match unit {
        "ms" => return Ok(Duration::from_millis(n)),
        "s" => n,
        "m" | "min" => n * 60,
        "h" => n * 3600,
        _ => return Err(format!("not a duration: {text:?} (try 90s, 30m or 2h)")),
    };
    Ok(Duration::from_secs(secs))
}

/// What a client sent (a user name, an environment value), fit for one log line: controls and
/// bidi overrides neutralised, at most 64 characters.
pub fn for_log(text: &str) -> String {
    crate::domain::sanitize::untrusted(text, 64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_counted_per_address_within_the_window() {
        let limiter = AuthLimiter::new(3, Duration::from_secs(60));
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let b: IpAddr = "192.0.2.2".parse().unwrap();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(limiter.allowed(a, t0));
            limiter.failed(a, t0);
        }
        assert!(!limiter.allowed(a, t0));
        assert!(limiter.allowed(b, t0), "another address is not affected");
        assert!(limiter.allowed(a, t0 + Duration::from_secs(61)));
        limiter.forgive(a);
        assert!(limiter.allowed(a, t0), "a failure taken back");
    }

    #[test]
    fn window_sizes_are_clamped_and_zero_keeps_the_last() {
        assert_eq!(window(65535, 65535, (80, 24)), (MAX_COLS, MAX_ROWS));
        assert_eq!(window(u32::MAX, u32::MAX, (80, 24)), (MAX_COLS, MAX_ROWS));
        assert_eq!(window(0, 0, (120, 40)), (120, 40));
        assert_eq!(window(0, 30, (120, 40)), (120, 30));
        assert_eq!(window(0, 0, (0, 0)), (1, 1));
        assert_eq!(window(110, 30, (80, 24)), (110, 30));
    }

    #[tokio::test]
    async fn the_oldest_unauthenticated_connection_makes_room() {
        let pre = PreAuth::new(2);
        let (a, b, c) = (
            Arc::new(Notify::new()),
            Arc::new(Notify::new()),
            Arc::new(Notify::new()),
        );
        let (ta, tb, tc) = (pre.ticket(), pre.ticket(), pre.ticket());
        assert_eq!(pre.admit(ta, a.clone()), 0);
        assert_eq!(pre.admit(tb, b.clone()), 0);
        assert_eq!(pre.admit(tc, c.clone()), 1);
        let ended = tokio::time::timeout(Duration::from_secs(5), a.notified()).await;
        assert!(ended.is_ok(), "the oldest was told to end");
        assert_eq!(pre.len(), 2);
        pre.settle(tb);
        assert_eq!(pre.len(), 1, "an authenticated connection no longer counts");
        let woken = tokio::time::timeout(Duration::from_millis(10), b.notified()).await;
        assert!(woken.is_err(), "the others go on");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("30m"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_duration("90"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_duration("2h"), Ok(Duration::from_secs(7200)));
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5 weeks").is_err());
    }

    #[test]
    fn client_text_is_neutralised_for_the_log() {
        let line = for_log("ana\x1b]0;pwned\x07\nroot");
        assert!(!line.contains('\x1b') && !line.contains('\n') && !line.contains('\x07'));
        assert!(for_log(&"x".repeat(500)).chars().count() <= 65);
    }
}
