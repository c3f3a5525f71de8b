//! Load on the reference portal: 50 operators' worth of concurrent API traffic (search, detail,
//! timeline, resend, PQR list) on loopback for a bounded time. Reports throughput, p50/p95 per
//! operation and the error rate (5xx and transport errors; 429 on resends is the portal's cooldown
//! working, counted apart).
//!
//!     cargo bench --bench load              (LOAD_SECS=20 by default, at most 300)

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use helpdesk::api::{GetUser, Role, SendResetLink, UserTimeline};
use helpdesk::client::{ClientConfig, PortalClient, PortalError, PqrQuery};
use helpdesk::domain::clock::{Clock, SystemClock};
use helpdesk::portal::{self, PortalConfig, db::Db};
use rand::RngExt;

const OPERATORS: usize = 50;
const QUERIES: [&str; 8] = [
    "maria",
    "jose nunez",
    "gomez",
    "carlos",
    "ana",
    "1020304050",
    "3001234567",
    "diana.rios",
];

#[derive(Default)]
struct Tally {
    latencies: Vec<(usize, f64)>,
    errors: u64,
    limited: u64,
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let secs = common::secs_from_env("LOAD_SECS", 20, 300);
    // One worker per core, as `helpdesk portal serve` runs without --threads.
    let rt = helpdesk::cli::runtime_with(helpdesk::cli::server_args::cores()).expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("portal.db");
    let db = Db::open(&db_path).expect("db");
    let tokens: Vec<String> = (0..OPERATORS)
        .map(|i| {
            let role = if i % 10 == 0 {
                Role::Supervisor
            } else {
                Role::Agent
            };
            db.with_writer(|c| {
                portal::auth::add_operator(c, &format!("Operador {i}"), role, SystemClock.now())
            })
            .expect("operator")
            .1
        })
        .collect();
    portal::seed::seed_demo_if_empty(&db, 10_000, SystemClock.now()).expect("users");
    let legal = portal::pqr::legal::Legal::colombia().expect("legal");
    portal::seed_pqr::seed_pqrs(&db, &legal, 5_000, SystemClock.now()).expect("pqrs");
    drop(db);
    let running = rt
        .block_on(portal::spawn(
            PortalConfig::new(&db_path, dir.path().join("outbox")),
            "127.0.0.1:0".parse().expect("addr"),
            Arc::new(SystemClock),
        ))
        .expect("portal");
    let base = running.base_url.clone();
    let deadline = Instant::now() + Duration::from_secs(secs);
    let names = ["search", "detail", "timeline", "resend", "pqr list"];
    let tallies = rt.block_on(async {
        let mut tasks = Vec::new();
        for (i, token) in tokens.into_iter().enumerate() {
            let base = base.clone();
            tasks.push(tokio::spawn(async move {
                let config = ClientConfig {
                    get_attempts: 1,
                    ..ClientConfig::default()
                };
                let c = PortalClient::new(&base, &token, config).expect("client");
                let mut tally = Tally::default();
                let mut ids: Vec<i64> = Vec::new();
                let mut n = 0u64;
                while Instant::now() < deadline {
                    n += 1;
                    let op = rand::rng().random_range(0..names.len());
                    let id = ids
                        .get(rand::rng().random_range(0..ids.len().max(1)))
                        .copied()
                        .unwrap_or(1);
                    let started = Instant::now();
                    let result: Result<(), PortalError> = match op {
                        0 => {
                            let q = QUERIES[rand::rng().random_range(0..QUERIES.len())];
                            c.search_users(q, 20).await.map(|p| {
                                ids.extend(p.items.iter().map(|u| u.id).take(5));
                                ids.truncate(200);
                            })
                        }
                        1 => c.call(&GetUser { user_id: id }).await.map(|_| ()),
                        2 => {
                            let timeline = UserTimeline {
                                user_id: id,
                                limit: 50,
                            };
                            c.call(&timeline).await.map(|_| ())
                        }
                        3 => {
                            let link = SendResetLink {
                                user_id: id,
                                idempotency_key: format!("load-{i}-{n}"),
                            };
                            c.call(&link).await.map(|_| ())
                        }
                        _ => c
                            .list_pqrs(
                                &PqrQuery {
                                    limit: 50,
                                    ..Default::default()
                                },
                                None,
                            )
                            .await
                            .map(|_| ()),
                    };
                    match result {
                        Ok(()) => tally
                            .latencies
                            .push((op, started.elapsed().as_secs_f64() * 1e3)),
                        Err(PortalError::RateLimited { .. })
                        | Err(PortalError::Api { .. })
                        | Err(PortalError::NotFound) => {
                            // The portal answering as designed (cooldown, disabled or bouncing account).
                            tally.limited += 1;
                            tally
                                .latencies
                                .push((op, started.elapsed().as_secs_f64() * 1e3));
                        }
                        Err(_) => tally.errors += 1,
                    }
                }
                tally
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.push(t.await.expect("operator task"));
        }
        all
    });
    let total: usize = tallies.iter().map(|t| t.latencies.len()).sum::<usize>();
    let errors: u64 = tallies.iter().map(|t| t.errors).sum();
    let limited: u64 = tallies.iter().map(|t| t.limited).sum();
    println!(
        "load: {OPERATORS} operators for {secs} s on 127.0.0.1 (10,000 users, 5,000 PQRs), release build, {} worker threads (the host's cores, as `portal serve` now runs)",
        helpdesk::cli::server_args::cores()
    );
    println!("| operation | requests | p50 | p95 |");
    println!("|---|---|---|---|");
    for (op, name) in names.iter().enumerate() {
        let mut v: Vec<f64> = tallies
            .iter()
            .flat_map(|t| {
                t.latencies
                    .iter()
                    .filter(|(o, _)| *o == op)
                    .map(|(_, l)| *l)
            })
            .collect();
        let count = v.len();
        println!(
            "| {name} | {count} | {:.1} ms | {:.1} ms |",
            common::percentile(&mut v, 0.5),
            common::percentile(&mut v, 0.95)
        );
    }
    println!(
        "| all | {total} ({:.0} req/s) | | |",
        total as f64 / secs as f64
    );
    println!(
        "errors (5xx, transport): {errors} = {:.3} %; answered as designed (429 cooldown, 409/422): {limited}",
        errors as f64 / (total as f64 + errors as f64).max(1.0) * 100.0
    );
    rt.block_on(running.stop());
}
