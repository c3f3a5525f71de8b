//! The PQR list's filters and the desk's figures over loopback HTTP, against a portal seeded with
//! `PQR_BENCH_PQRS` tickets (default 10,000, at most 100,000) and `PQR_BENCH_EVENTS` events
//! (default 100,000, at most 2,000,000) spread over the last year. Each query runs
//! `PQR_BENCH_RUNS` times (default 60, at most 2,000), one at a time, as an agent (the figures
//! also as a supervisor); p50 and p95 of the whole HTTP round trip, the audit write included.
//! Targets: every list filter p95 ≤ 20 ms, every figure p95 ≤ 50 ms, at 100,000 PQRs and
//! 1,000,000 events:
//!
//!     PQR_BENCH_PQRS=100000 PQR_BENCH_EVENTS=1000000 cargo bench --bench pqr

mod common;

use std::sync::Arc;
use std::time::Instant;

use helpdesk::api::{Actor, ActorKind, EventData, EventKind, PolicyRule, Role};
use helpdesk::domain::clock::{Clock, SystemClock};
use helpdesk::portal::events::{NewEvent, insert};
use helpdesk::portal::{self, PortalConfig, db::Db};
use jiff::SignedDuration;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const OPERATORS: usize = 10;
const USERS: u64 = 20_000;

fn from_env(var: &str, default: u64, max: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
        .min(max)
}

/// `count` events over the last 365 days, shaped like a help desk's: resets and their steps,
/// logins, calls by the operators; with the reset links behind them.
fn seed_events(db: &Db, count: u64, now: jiff::Timestamp) {
    let operators: Vec<(i64, String)> = db
        .with_writer(|c| {
            let mut stmt = c.prepare("SELECT id, name FROM operators ORDER BY id")?;
            Ok(stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<Vec<_>, _>>()?)
        })
        .expect("operators");
    db.with_writer(|c| {
        let tx = c.transaction()?;
        let mut rng = StdRng::seed_from_u64(0xe7e7);
        let mut token = tx.prepare(
            "INSERT INTO reset_tokens (user_id, token_sha256, created_at, expires_at, used_at, opened_at, origin, operator_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        let outcomes = ["resuelto", "escalado_pqr", "identidad_no_verificada", "llamada_cortada"];
        let rules = [PolicyRule::MissingSpecial, PolicyRule::TooShort, PolicyRule::MissingUppercase, PolicyRule::MissingDigit];
        for i in 0..count {
            let at = now - SignedDuration::from_secs(rng.random_range(0..365 * 86_400));
            let user = rng.random_range(1..=USERS as i64);
            let (op_id, op_name) = &operators[rng.random_range(0..operators.len())];
            let operator = Actor { kind: ActorKind::Operator, name: Some(op_name.clone()) };
            let user_actor = Actor { kind: ActorKind::User, name: None };
            let mut data = EventData::default();
            let (kind, actor) = match rng.random_range(0..100) {
                0..10 => (EventKind::ResetRequested, user_actor),
                10..25 => {
                    let by_operator = rng.random_bool(0.3);
                    let opened = rng.random_bool(0.8);
                    let used = opened && rng.random_bool(0.8);
                    let ms = at.as_millisecond();
                    let used_at = used.then(|| ms + rng.random_range(60_000..3_000_000));
                    token.execute(rusqlite::params![
                        user,
                        format!("{i:064x}"),
                        ms,
                        ms + 3_600_000,
                        used_at,
                        opened.then(|| ms + 30_000),
                        if by_operator { "operator" } else { "public" },
                        by_operator.then_some(*op_id)
                    ])?;
                    // The link's own steps, so the funnel and the time to change have their rows.
                    let later = |ms: i64| jiff::Timestamp::from_millisecond(ms).unwrap_or(at);
                    if opened {
                        insert(&tx, NewEvent::user(later(ms + 30_000), EventKind::ResetLinkOpened, user, user_actor.clone()))?;
                    }
                    if let Some(used_at) = used_at {
                        insert(&tx, NewEvent::user(later(used_at), EventKind::PasswordChanged, user, user_actor.clone()))?;
                        if rng.random_bool(0.8) {
                            insert(&tx, NewEvent::user(later(used_at + 60_000), EventKind::LoginSucceeded, user, user_actor.clone()))?;
                        }
                    }
                    (EventKind::ResetLinkSent, if by_operator { operator } else { Actor { kind: ActorKind::System, name: None } })
                }
                25..27 => (EventKind::ResetEmailBounced, operator),
                27..39 => (EventKind::ResetLinkOpened, user_actor),
                39..49 => {
                    data.rules = vec![rules[rng.random_range(0..rules.len())]];
                    (EventKind::ResetAttemptFailed, user_actor)
                }
                49..57 => (EventKind::PasswordChanged, user_actor),
                57..77 => (EventKind::LoginSucceeded, user_actor),
                77..87 => (EventKind::LoginFailed, user_actor),
                87..95 => {
                    data.status = Some(outcomes[rng.random_range(0..outcomes.len())].into());
                    (EventKind::CallOutcomeRecorded, operator)
                }
                _ => (EventKind::VerificationSucceeded, operator),
            };
            insert(&tx, NewEvent::user(at, kind, user, actor).with_data(data))?;
        }
        drop(token);
        tx.commit()?;
        Ok(())
    })
    .expect("events");
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let pqrs = from_env("PQR_BENCH_PQRS", 10_000, 100_000);
    let events = from_env("PQR_BENCH_EVENTS", 100_000, 2_000_000);
    let runs = from_env("PQR_BENCH_RUNS", 60, 2_000) as usize;
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("portal.db");
    let now = SystemClock.now();
    let started = Instant::now();
    let db = Db::open(&db_path).expect("db");
    let tokens: Vec<String> = (0..OPERATORS)
        .map(|i| {
            let role = if i == 0 {
                Role::Supervisor
            } else {
                Role::Agent
            };
            db.with_writer(|c| portal::auth::add_operator(c, &format!("Operador {i}"), role, now))
                .expect("operator")
                .1
        })
        .collect();
    portal::seed::seed_demo_if_empty(&db, USERS, now).expect("users");
    let legal = portal::pqr::legal::Legal::colombia().expect("legal");
    portal::seed_pqr::seed_pqrs(&db, &legal, pqrs, now).expect("pqrs");
    seed_events(&db, events, now);
    db.with_writer(|c| Ok(c.execute_batch("ANALYZE")?))
        .expect("analyze");
    drop(db);
    println!(
        "seeded {pqrs} PQRs, {events} events, {USERS} users in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let running = rt
        .block_on(portal::spawn(
            PortalConfig::new(&db_path, dir.path().join("outbox")),
            "127.0.0.1:0".parse().expect("addr"),
            Arc::new(SystemClock),
        ))
        .expect("portal");
    helpdesk::client::use_ring_for_tls();
    let http = reqwest::Client::new();
    let base = running.base_url.clone();
    let (supervisor, agent) = (tokens[0].clone(), tokens[1].clone());
    let today = legal.day_of(now);
    let year_ago = today
        .checked_sub(jiff::ToSpan::days(365))
        .expect("a year ago");
    let list: Vec<String> = [
        "",
        "status=open",
        "status=open&assignee=me_or_none",
        "status=open&assignee=me_or_none&overdue=true",
        "status=open&assignee=me_or_none&sort=urgency",
        "sort=urgency",
        "status=radicada",
        "status=en_tramite",
        "status=en_espera_usuario",
        "status=prorrogada",
        "status=resuelta",
        "status=cerrada",
        "status=radicada,en_tramite",
        "type=queja",
        "type=consulta",
        "assignee=me",
        "assignee=none",
        "assignee=me_or_none",
        "assignee=3",
        "overdue=true",
        "overdue=true&sort=-due_date",
        "due_within=0",
        "due_within=3",
        "user_id=42",
        "q=correo",
        "q=PQR-2026-000123",
        "sort=-due_date",
        "sort=created_at",
        "sort=-created_at",
        "overdue=true&type=reclamo&assignee=me",
    ]
    .iter()
    .map(|q| format!("/api/v1/pqr?limit=100&{q}"))
    .collect();
    let figures = [
        "/api/v1/stats/pqr".to_string(),
        "/api/v1/stats/resets".to_string(),
        "/api/v1/stats/calls".to_string(),
        format!("/api/v1/stats/resets?from={year_ago}&to={today}"),
        format!("/api/v1/stats/calls?from={year_ago}&to={today}"),
    ];
    let measure = |path: &str, token: &str| -> (f64, f64) {
        rt.block_on(async {
            let mut ms = Vec::with_capacity(runs);
            for i in 0..runs + 3 {
                let t = Instant::now();
                let r = http
                    .get(format!("{base}{path}"))
                    .bearer_auth(token)
                    .send()
                    .await
                    .expect("answer");
                assert!(r.status().is_success(), "{path}: {}", r.status());
                r.bytes().await.expect("body");
                // The first few warm the connection and the page cache.
                if i >= 3 {
                    ms.push(t.elapsed().as_secs_f64() * 1e3);
                }
            }
            (
                common::percentile(&mut ms, 0.5),
                common::percentile(&mut ms, 0.95),
            )
        })
    };
    let build = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    println!("\n{runs} runs each, one at a time, over 127.0.0.1 ({build} build)\n");
    println!("| PQR list (as an agent, 100 a page) | p50 | p95 | ≤ 20 ms |");
    println!("|---|---|---|---|");
    let mut worst: f64 = 0.0;
    for path in &list {
        let (p50, p95) = measure(path, &agent);
        worst = worst.max(p95);
        let shown = path.trim_start_matches("/api/v1/pqr?limit=100&");
        println!(
            "| `{}` | {p50:.1} ms | {p95:.1} ms | {} |",
            if shown.is_empty() {
                "(no filter)"
            } else {
                shown
            },
            if p95 <= 20.0 { "yes" } else { "NO" }
        );
    }
    println!("\n| figures | as | p50 | p95 | ≤ 50 ms |");
    println!("|---|---|---|---|---|");
    let mut worst_fig: f64 = 0.0;
    for path in &figures {
        for (who, token) in [("supervisor", &supervisor), ("agent", &agent)] {
            let (p50, p95) = measure(path, token);
            worst_fig = worst_fig.max(p95);
            println!(
                "| `{path}` | {who} | {p50:.1} ms | {p95:.1} ms | {} |",
                if p95 <= 50.0 { "yes" } else { "NO" }
            );
        }
    }
    println!("\nworst p95: list {worst:.1} ms, figures {worst_fig:.1} ms");
    rt.block_on(running.stop());
}
