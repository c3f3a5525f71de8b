//! The public login under attack. First, timing parity: the median time of a refused login for
//! each kind of account (unknown, wrong password, no password, disabled, locked), one at a time.
//! Then a flood: 24 clients post logins as fast as they can while one client asks
//! `/api/v1/health` every 20 ms. Reports the health p50/p95/max (target: p95 ≤ 50 ms), the logins
//! answered, and how many were turned away busy (503).
//!
//! The per-address limit is off here (every client is 127.0.0.1), so the flood reaches argon2 and
//! the bounded hashing pool is what is measured.
//!
//!     cargo bench --bench flood              (FLOOD_SECS=10 by default, at most 120)

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use helpdesk::domain::clock::{Clock, SystemClock};
use helpdesk::portal::guard::Rate;
use helpdesk::portal::{self, PortalConfig, db::Db};

const FLOODERS: usize = 24;

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let secs = common::secs_from_env("FLOOD_SECS", 10, 120);
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("portal.db");
    let db = Db::open(&db_path).expect("db");
    portal::seed::seed_demo_if_empty(&db, 200, SystemClock.now()).expect("users");
    let emails: Vec<String> = db
        .with_writer(|c| {
            let mut stmt = c.prepare("SELECT email FROM users ORDER BY id LIMIT 50")?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .expect("emails");
    // One account of each kind a refused login can meet.
    let hash = portal::public::hash_password("Buena.Clave1").expect("hash");
    let until = SystemClock.now().as_millisecond() + 3_600_000;
    let kinds: Vec<(&str, String)> = db
        .with_writer(|c| {
            let ids: Vec<(i64, String)> = c
                .prepare("SELECT id, email FROM users ORDER BY id LIMIT 4")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            let set = |sql: &str, id: i64| c.execute(sql, rusqlite::params![id, hash, until]);
            set("UPDATE users SET password_hash = ?2, status = 'active', failed_logins = 0, locked_until = NULL WHERE id = ?1 AND ?3 IS NOT NULL", ids[0].0)?;
            set("UPDATE users SET password_hash = NULL, status = 'active', locked_until = NULL WHERE id = ?1 AND ?2 IS NOT NULL AND ?3 IS NOT NULL", ids[1].0)?;
            set("UPDATE users SET password_hash = ?2, status = 'disabled' WHERE id = ?1 AND ?3 IS NOT NULL", ids[2].0)?;
            set("UPDATE users SET password_hash = ?2, status = 'locked', locked_until = ?3 WHERE id = ?1", ids[3].0)?;
            Ok(vec![
                ("unknown", "nadie.nunca@gmail.com".to_string()),
                ("wrong password", ids[0].1.clone()),
                ("no password", ids[1].1.clone()),
                ("disabled", ids[2].1.clone()),
                ("locked", ids[3].1.clone()),
            ])
        })
        .expect("accounts");
    drop(db);
    let server = tokio::runtime::Runtime::new().expect("server runtime");
    let mut config = PortalConfig::new(&db_path, dir.path().join("outbox"));
    config.limits.public_per_address = Rate::UNLIMITED;
    let hash_workers = config.limits.hash_workers;
    let hash_queue = config.limits.hash_queue;
    let running = server
        .block_on(portal::spawn(
            config,
            "127.0.0.1:0".parse().expect("addr"),
            Arc::new(SystemClock),
        ))
        .expect("portal");
    let base = running.base_url.clone();
    // The clients run on their own threads, as other machines would.
    let clients = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("client runtime");
    let parity_base = base.clone();
    let parity = clients.block_on(async move {
        let http = reqwest::Client::new();
        // Interleaved, so a change in the machine's load hits every kind alike.
        let mut times: Vec<Vec<f64>> = vec![Vec::new(); kinds.len()];
        for round in 0..40 {
            for (i, (kind, email)) in kinds.iter().enumerate() {
                let start = Instant::now();
                let status = http
                    .post(format!("{parity_base}/api/v1/public/login"))
                    .json(&serde_json::json!({"email": email, "password": "Mala.Clave1"}))
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                times[i].push(start.elapsed().as_secs_f64() * 1000.0);
                assert_eq!(status, 401, "{kind}");
            }
            if round % 4 == 3 {
                // A right login clears the failures, so the wrong-password account never locks.
                let _ = http
                    .post(format!("{parity_base}/api/v1/public/login"))
                    .json(&serde_json::json!({"email": kinds[1].1, "password": "Buena.Clave1"}))
                    .send()
                    .await;
            }
        }
        let medians: Vec<(&str, f64, usize)> = kinds
            .iter()
            .zip(times.iter_mut())
            .map(|((kind, _), t)| (*kind, common::percentile(t, 0.5), t.len()))
            .collect();
        medians
    });
    for (kind, median, n) in parity {
        println!("parity: {kind:<15} median {median:.1} ms over {n} logins");
    }
    let (health, answered, busy, limited) = clients.block_on(async move {
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(secs);
        let emails = Arc::new(emails);
        let mut flood = Vec::new();
        for i in 0..FLOODERS {
            let http = http.clone();
            let base = base.clone();
            let emails = emails.clone();
            flood.push(tokio::spawn(async move {
                let (mut ok, mut busy, mut limited) = (0u64, 0u64, 0u64);
                let mut n = i;
                while Instant::now() < deadline {
                    n += FLOODERS;
                    // Known and unknown emails, always a wrong password.
                    let email = if n % 3 == 0 {
                        format!("nadie{n}@gmail.com")
                    } else {
                        emails[n % emails.len()].clone()
                    };
                    let r = http
                        .post(format!("{base}/api/v1/public/login"))
                        .json(&serde_json::json!({"email": email, "password": "Mala.Clave1"}))
                        .send()
                        .await;
                    match r.map(|r| r.status().as_u16()) {
                        Ok(503) => busy += 1,
                        Ok(429) => limited += 1,
                        Ok(_) => ok += 1,
                        Err(_) => {}
                    }
                }
                (ok, busy, limited)
            }));
        }
        let mut health = Vec::new();
        // Let the flood build up before measuring.
        tokio::time::sleep(Duration::from_millis(500)).await;
        while Instant::now() < deadline {
            let start = Instant::now();
            let r = http.get(format!("{base}/api/v1/health")).send().await;
            if r.is_ok_and(|r| r.status().is_success()) {
                health.push(start.elapsed().as_secs_f64() * 1000.0);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let (mut answered, mut busy, mut limited) = (0, 0, 0);
        for f in flood {
            if let Ok((a, b, l)) = f.await {
                answered += a;
                busy += b;
                limited += l;
            }
        }
        (health, answered, busy, limited)
    });
    let mut health = health;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "flood: {FLOODERS} clients, {secs} s, {cores} cores, hashing pool {hash_workers} workers + {hash_queue} queued"
    );
    println!(
        "logins answered 401: {answered} ({:.1}/s), turned away 503: {busy}, 429: {limited}",
        answered as f64 / secs as f64
    );
    let n = health.len();
    let p50 = common::percentile(&mut health, 0.50);
    let p95 = common::percentile(&mut health, 0.95);
    let max = common::percentile(&mut health, 1.0);
    println!(
        "health: {n} requests, p50 {p50:.1} ms, p95 {p95:.1} ms, max {max:.1} ms (target p95 <= 50 ms)"
    );
    server.block_on(running.stop());
}
