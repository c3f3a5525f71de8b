//! The server's limits: failed authentications per client address, the number of sessions, the
//! idle timeout's parsing; and the sanitising of what a client sends before it reaches a log.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

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
