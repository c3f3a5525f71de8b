//! User search over 1,000,000 seeded users: email prefix, document number, accent-less name,
//! a common single name, phone digits, and every query an operator types on the way to «maria
//! lopez» (one and two letters included). Prints p50/p95 per query besides criterion's report.
//!
//!     cargo bench --bench search
//!
//! The seeded database is cached under target/bench-db/ (about 12 s to build in release).

use std::path::PathBuf;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use helpdesk::portal::db::Db;
use helpdesk::portal::search::{Start, search};

const USERS: u64 = 1_000_000;
/// Bump when the seed or the schema changes, so a stale cached database is rebuilt.
const VERSION: &str = "v2";

fn database() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-db");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let path = dir.join(format!("users-{USERS}-{VERSION}.db"));
    if !path.exists() {
        let tmp = dir.join("building.db");
        let _ = std::fs::remove_file(&tmp);
        let started = Instant::now();
        let db = Db::open(&tmp).expect("open");
        helpdesk::portal::seed::seed_demo_if_empty(&db, USERS, jiff::Timestamp::now())
            .expect("seed");
        drop(db);
        eprintln!(
            "seeded {USERS} users in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        std::fs::rename(&tmp, &path).expect("rename");
    }
    path
}

fn percentiles(mut ms: Vec<f64>) -> (f64, f64) {
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() as f64 - 1.0) * p).round() as usize];
    (at(0.50), at(0.95))
}

fn bench(c: &mut Criterion) {
    let path = database();
    let conn =
        rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open");
    let now = jiff::Timestamp::now();
    let queries = [
        ("email prefix", "maria.go"),
        ("document number", "1020304050"),
        ("accent-less name", "jose nunez"),
        ("common first name", "maria"),
        ("phone digits", "300 123 4567"),
        ("rare surname pair", "quinones ibanez"),
        ("typing: m", "m"),
        ("typing: ma", "ma"),
        ("typing: mar", "mar"),
        ("typing: mari", "mari"),
        ("typing: maria", "maria"),
        ("typing: maria l", "maria l"),
        ("typing: maria lo", "maria lo"),
        ("typing: maria lop", "maria lop"),
        ("typing: maria lopez", "maria lopez"),
        ("one letter: a", "a"),
        ("two letters: lo", "lo"),
    ];
    eprintln!(
        "{:<22} {:>9} {:>9} {:>6}",
        "query", "p50 ms", "p95 ms", "rows"
    );
    for (label, q) in queries {
        let mut times = Vec::with_capacity(500);
        let mut rows = 0;
        for _ in 0..500 {
            let t = Instant::now();
            rows = search(&conn, q, None, Start::Skip(0), 51, now)
                .expect("search")
                .len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        let (p50, p95) = percentiles(times);
        eprintln!("{label:<22} {p50:>9.3} {p95:>9.3} {rows:>6}");
        c.bench_function(&format!("search/{label}"), |b| {
            b.iter(|| search(&conn, q, None, Start::Skip(0), 51, now).expect("search"))
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(50);
    targets = bench
}
criterion_main!(benches);
