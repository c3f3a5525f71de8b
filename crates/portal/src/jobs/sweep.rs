//! Housekeeping: rows that have done their work are deleted, so the tables do not grow for ever
//! and no more secrets (token hashes) stay at rest than the portal needs.
//!
//! - Idempotency answers older than their 24 h replay window: a lookup already ignores them.
//! - Reset tokens that expired more than [`RESET_TOKEN_RETENTION`] ago, except each user's newest
//!   (it answers «last link sent» in the user's detail). Until then an old link still meets its
//!   own refusal (used or expired) and leaves a failed attempt on the timeline; after, it is an
//!   unknown link, which the portal answers as expired.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use rusqlite::Connection;

use crate::db::{Db, ms};
use crate::idempotency;
use crate::storage;
use contract::domain::clock::SharedClock;

/// How long an expired reset token is kept (its refusals stay explicit on the timeline).
pub const RESET_TOKEN_RETENTION: SignedDuration = SignedDuration::from_hours(7 * 24);

/// How often a portal sweeps unless configured otherwise.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(60 * 60);

/// What one sweep removed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Swept {
    pub idempotency: usize,
    pub reset_tokens: usize,
}

/// Deletes what has expired as of `now` (one transaction: run it through `Db::write`).
pub fn sweep(conn: &Connection, now: Timestamp) -> anyhow::Result<Swept> {
    let idempotency = storage::idempotency::sweep(conn, ms(now) - idempotency::TTL_MS)?;
    let cutoff = now
        .checked_sub(RESET_TOKEN_RETENTION)
        .unwrap_or(Timestamp::MIN);
    let reset_tokens = storage::reset_tokens::sweep(conn, ms(cutoff))?;
    Ok(Swept {
        idempotency,
        reset_tokens,
    })
}

/// Sweeps at start and then every `every`, until the task is dropped. A zero interval sweeps
/// never (a portal whose database is cleaned by other means).
pub async fn run(db: Db, clock: SharedClock, every: Duration) {
    if every.is_zero() {
        return;
    }
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let now = clock.now();
        match db.write(move |tx| sweep(tx, now)).await {
            Ok(swept) if swept != Swept::default() => {
                tracing::info!(
                    idempotency = swept.idempotency,
                    reset_tokens = swept.reset_tokens,
                    "expired rows swept"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "the sweep failed; it runs again later"),
        }
    }
}
