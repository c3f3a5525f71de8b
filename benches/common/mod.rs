//! What the harness-less benchmarks share: percentiles and how long to run.
#![allow(dead_code)] // each bench uses what it needs

/// The `p` quantile (0.0–1.0) of `v`, sorting it in place; 0 for no samples.
pub fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    v[((v.len() - 1) as f64 * p).round() as usize]
}

/// Seconds to run, from the environment variable `var` (`default` when unset or not a number),
/// never more than `max` so a typo cannot keep the machine busy for hours.
pub fn secs_from_env(var: &str, default: u64, max: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
        .min(max)
}
