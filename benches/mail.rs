//! Outgoing mail against a local SMTP relay (tests/support/smtp_relay.rs: STARTTLS on a test
//! CA's certificate, AUTH), through the portal's real path: a reset link asked over HTTP queues
//! its message in the request's transaction, the delivery worker relays it.
//!
//! 1. Throughput: `MAIL_BENCH_MESSAGES` (default 10,000) messages queued by a portal without a
//!    relay, then drained by a portal with one: messages/s from its start to the last 250.
//!    Target ≥ 200/s.
//! 2. Latency: `MAIL_BENCH_LATENCY_MESSAGES` (default 1,500) messages at 50/s: commit → the
//!    relay's 250, p50/p99/max. Target p99 ≤ 1 s.
//! 3. Outage: `MAIL_BENCH_OUTAGE_MESSAGES` (default 5,000) messages at 200/s, the relay down for
//!    `MAIL_BENCH_OUTAGE_SECS` (default 30) from the middle: lost and sent twice (target 0 and 0),
//!    and how long the queue took to drain once the relay was back.
//!
//! Run:
//!
//!     cargo bench --bench mail
//!     MAIL_BENCH_OUTAGE_SECS=5 MAIL_BENCH_MESSAGES=2000 cargo bench --bench mail   # quick
//!
//! `MAIL_BENCH_ONLY=throughput|latency|outage` runs one part; `MAIL_BENCH_CONCURRENCY=N` sets the
//! worker's concurrent sends (default 16).

mod common;
#[path = "../tests/support/smtp_relay.rs"]
mod smtp_relay;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures::StreamExt;
use helpdesk::api::Role;
use helpdesk::domain::clock::SystemClock;
use helpdesk::portal::db::Db;
use helpdesk::portal::{self, PortalConfig, RetryPolicy, RunningPortal};
use smtp_relay::{RelayOptions, TestRelay};

struct Site {
    dir: tempfile::TempDir,
    token: String,
    users: Vec<i64>,
}

impl Site {
    fn new(users: usize) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open(&dir.path().join("portal.db")).expect("db");
        let (_, token) = db
            .with_writer(|c| {
                portal::auth::add_operator(c, "Bench", Role::Agent, jiff::Timestamp::now())
            })
            .expect("operator");
        let users = db
            .with_writer(|c| {
                let tx = c.transaction()?;
                let mut ids = Vec::with_capacity(users);
                {
                    let mut stmt = tx.prepare(
                        "INSERT INTO users (document_type, document_number, full_name, email, email_lower,
                             phone_digits, birth_date, kind, status, created_at)
                         VALUES ('CC', ?1, ?2, ?3, ?3, '3001234567', '1990-05-17', 'candidate', 'active', 0)",
                    )?;
                    for i in 0..users {
                        stmt.execute(rusqlite::params![
                            format!("{}", 5_000_000_000u64 + i as u64),
                            format!("Usuaria Banco {i}"),
                            format!("usuaria.{i}@bench.test"),
                        ])?;
                        ids.push(tx.last_insert_rowid());
                    }
                }
                tx.commit()?;
                Ok(ids)
            })
            .expect("users");
        Site { dir, token, users }
    }

    fn db_path(&self) -> PathBuf {
        self.dir.path().join("portal.db")
    }

    fn config(&self, relay: Option<&TestRelay>, retry: RetryPolicy) -> PortalConfig {
        let mut config = PortalConfig::new(self.db_path(), self.dir.path().join("outbox"));
        config.limits = helpdesk::portal::guard::Limits::relaxed();
        config.mail_domain = Some("miportal.accionplus.com".into());
        config.mail_retry = retry;
        if let Some(relay) = relay {
            let mut smtp = relay.settings(self.dir.path());
            if let Ok(n) = std::env::var("MAIL_BENCH_CONCURRENCY") {
                smtp.concurrency = n.parse().expect("MAIL_BENCH_CONCURRENCY: a number");
            }
            config.smtp = Some(smtp);
        }
        config
    }

    async fn portal(&self, relay: Option<&TestRelay>, retry: RetryPolicy) -> RunningPortal {
        portal::spawn(
            self.config(relay, retry),
            "127.0.0.1:0".parse().expect("addr"),
            Arc::new(SystemClock),
        )
        .await
        .expect("portal")
    }

    /// `(message_id, state, created_at)` of every row.
    fn rows(&self) -> Vec<(String, String, i64)> {
        let c = rusqlite::Connection::open(self.db_path()).expect("db");
        let mut stmt = c
            .prepare("SELECT message_id, state, created_at FROM mail_outbox")
            .expect("rows");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows")
    }
}

async fn reset(http: &reqwest::Client, base: &str, token: &str, user: i64) {
    let status = http
        .post(format!("{base}/api/v1/users/{user}/reset-links"))
        .bearer_auth(token)
        .send()
        .await
        .map(|r| r.status().as_u16())
        .unwrap_or(0);
    assert_eq!(status, 202, "reset link for user {user}");
}

/// Sends one reset link per user, `rate` a second (0: as fast as 8 at a time allow); calls
/// `at_half` once half were sent.
async fn produce(
    site: &Site,
    base: &str,
    rate: u64,
    at_half: Option<tokio::sync::oneshot::Sender<()>>,
) {
    let http = reqwest::Client::new();
    let half = site.users.len() / 2;
    let mut at_half = at_half;
    if rate == 0 {
        futures::stream::iter(site.users.iter().copied())
            .map(|u| reset(&http, base, &site.token, u))
            .buffer_unordered(8)
            .for_each(|()| async {})
            .await;
        return;
    }
    let mut tick = tokio::time::interval(Duration::from_micros(1_000_000 / rate));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut sent = tokio::task::JoinSet::new();
    for (i, &user) in site.users.iter().enumerate() {
        tick.tick().await;
        if i == half
            && let Some(tx) = at_half.take()
        {
            let _ = tx.send(());
        }
        let (http, base, token) = (http.clone(), base.to_string(), site.token.clone());
        sent.spawn(async move { reset(&http, &base, &token, user).await });
    }
    while let Some(r) = sent.join_next().await {
        r.expect("request task");
    }
}

async fn until_relayed(site: &Site, deadline: Duration) {
    let until = Instant::now() + deadline;
    loop {
        let rows = site.rows();
        if rows.iter().all(|r| r.1 == "relayed") {
            return;
        }
        if Instant::now() > until {
            let mut states: HashMap<String, usize> = HashMap::new();
            for r in rows {
                *states.entry(r.1).or_default() += 1;
            }
            panic!("not all relayed after {deadline:?}: {states:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Messages the relay got twice, and rows it never got.
fn lost_and_twice(site: &Site, relay: &TestRelay) -> (usize, usize) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for m in relay.received() {
        *seen.entry(m.message_id.unwrap_or_default()).or_default() += 1;
    }
    let twice = seen.values().filter(|n| **n > 1).count();
    let lost = site
        .rows()
        .iter()
        .filter(|r| !seen.contains_key(&r.0))
        .count();
    (lost, twice)
}

async fn throughput(n: usize) {
    let relay = TestRelay::start(RelayOptions::default()).await;
    let site = Site::new(n);
    let queueing = site.portal(None, RetryPolicy::default()).await;
    let began = Instant::now();
    produce(&site, &queueing.base_url, 0, None).await;
    let queued_in = began.elapsed();
    queueing.stop().await;
    let began = Instant::now();
    let sending = site.portal(Some(&relay), RetryPolicy::default()).await;
    relay.wait_for(n, Duration::from_secs(600)).await;
    let took = began.elapsed();
    until_relayed(&site, Duration::from_secs(60)).await;
    let (lost, twice) = lost_and_twice(&site, &relay);
    println!(
        "throughput: {n} messages relayed in {:.2} s = {:.0} messages/s (target ≥ 200); \
         queued over HTTP before at {:.0}/s; lost {lost}, sent twice {twice}",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64(),
        n as f64 / queued_in.as_secs_f64(),
    );
    sending.stop().await;
}

async fn latency(n: usize) {
    let relay = TestRelay::start(RelayOptions::default()).await;
    let site = Site::new(n);
    let portal = site.portal(Some(&relay), RetryPolicy::default()).await;
    produce(&site, &portal.base_url, 50, None).await;
    relay.wait_for(n, Duration::from_secs(120)).await;
    until_relayed(&site, Duration::from_secs(60)).await;
    let created: HashMap<String, i64> = site.rows().into_iter().map(|r| (r.0, r.2)).collect();
    let mut delays: Vec<f64> = relay
        .received()
        .iter()
        .filter_map(|m| {
            let at = created.get(m.message_id.as_deref()?)?;
            Some((m.at_ms - at) as f64)
        })
        .collect();
    let p50 = common::percentile(&mut delays, 0.5);
    let p99 = common::percentile(&mut delays, 0.99);
    let max = common::percentile(&mut delays, 1.0);
    println!(
        "latency at 50 messages/s, {n} messages: commit → relay's 250 p50 {p50:.0} ms, p99 {p99:.0} ms \
         (target ≤ 1000), max {max:.0} ms"
    );
    portal.stop().await;
}

async fn outage(n: usize, down: Duration) {
    let mut relay = TestRelay::start(RelayOptions::default()).await;
    let site = Site::new(n);
    let retry = RetryPolicy {
        first: Duration::from_secs(1),
        max: Duration::from_secs(8),
        horizon: Duration::from_secs(24 * 3600),
    };
    let portal = site.portal(Some(&relay), retry).await;
    let (half_tx, half_rx) = tokio::sync::oneshot::channel();
    let base = portal.base_url.clone();
    let production = produce(&site, &base, 200, Some(half_tx));
    let outage = async {
        let _ = half_rx.await;
        relay.stop();
        let before = relay.count();
        tokio::time::sleep(down).await;
        relay.restart().await;
        (before, Instant::now())
    };
    let ((before, back), ()) = tokio::join!(outage, production);
    until_relayed(&site, Duration::from_secs(900)).await;
    let drained = back.elapsed();
    let (lost, twice) = lost_and_twice(&site, &relay);
    let deferrals: i64 = rusqlite::Connection::open(site.db_path())
        .expect("db")
        .query_row(
            "SELECT COUNT(*) FROM events WHERE kind = 'mail_deferred'",
            [],
            |r| r.get(0),
        )
        .expect("deferrals");
    println!(
        "outage: {n} messages at 200/s, relay down {} s after {before} had arrived: lost {lost}, \
         sent twice {twice} (target 0 and 0); {deferrals} deferrals; the queue drained {:.1} s \
         after the relay came back (retries 1 s doubling to 8 s, ±20 %)",
        down.as_secs(),
        drained.as_secs_f64()
    );
    portal.stop().await;
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this once, tiny.
    let quick = !std::env::args().any(|a| a == "--bench");
    helpdesk::client::use_ring_for_tls();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (n, l, o, secs) = if quick {
        (50, 20, 40, 1)
    } else {
        (
            common::secs_from_env("MAIL_BENCH_MESSAGES", 10_000, 100_000) as usize,
            common::secs_from_env("MAIL_BENCH_LATENCY_MESSAGES", 1_500, 30_000) as usize,
            common::secs_from_env("MAIL_BENCH_OUTAGE_MESSAGES", 5_000, 50_000) as usize,
            common::secs_from_env("MAIL_BENCH_OUTAGE_SECS", 30, 600),
        )
    };
    let only = std::env::var("MAIL_BENCH_ONLY").unwrap_or_default();
    runtime.block_on(async {
        if only.is_empty() || only == "throughput" {
            throughput(n).await;
        }
        if only.is_empty() || only == "latency" {
            latency(l).await;
        }
        if only.is_empty() || only == "outage" {
            outage(o, Duration::from_secs(secs)).await;
        }
    });
}
