//! The fuzz targets' entry points on stable: seeds from the project's own files plus random and
//! mutated inputs. `cargo test` runs a short slice; a long run:
//!     FUZZ_ITERS=200000 cargo test --release --test contract fuzz_smoke -- --nocapture
//! (with nightly, `cargo +nightly fuzz run <target>` in fuzz/ drives the same functions with libFuzzer).

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

fn iterations() -> usize {
    std::env::var("FUZZ_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3000)
}

fn seeds() -> Vec<Vec<u8>> {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut seeds: Vec<Vec<u8>> = [
        "assets/walkthrough/reset.toml",
        "assets/i18n/es.ftl",
        "assets/calendar/holidays_co.toml",
        "assets/canned/responses.toml",
    ]
    .iter()
    .filter_map(|p| std::fs::read(format!("{root}/{p}")).ok())
    .collect();
    seeds.push(br#"{"items":[{"id":1,"document_type":"CC","document_masked":"****","full_name":"Jos\u001b]0;x\u0007","email_masked":"a","phone_masked":"b","kind":"employee","status":"locked","last_login_at":null}],"next_cursor":null}"#.to_vec());
    seeds.push(br#"{"id":5,"at":"2026-03-02T14:00:00Z","kind":"reset_attempt_failed","user_id":1,"pqr_id":null,"actor":{"kind":"operator","name":"\u202eAna"},"data":{"rules":["missing_special"],"not_special_used":"@"}}"#.to_vec());
    seeds.push(b"portal_url = \"http://x\"\n[keys]\nverify = \"ctrl-\xff\"\n".to_vec());
    seeds.push(
        "Nombre \u{1b}[31m \u{9b}2J \u{202e} \u{200b} ok é 漢"
            .as_bytes()
            .to_vec(),
    );
    seeds
}

fn mutate(rng: &mut StdRng, input: &[u8]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..rng.random_range(1..8) {
        let interesting: [u8; 12] = [
            0, 0x1b, 0x07, b'"', b'[', b']', b'{', b'}', b'=', b'\n', 0xc2, 0xff,
        ];
        match rng.random_range(0..5) {
            0 if !out.is_empty() => {
                let i = rng.random_range(0..out.len());
                out[i] = rng.random();
            }
            1 if !out.is_empty() => {
                let i = rng.random_range(0..out.len());
                out.truncate(i);
            }
            2 => {
                let i = rng.random_range(0..=out.len());
                out.insert(i, interesting[rng.random_range(0..interesting.len())]);
            }
            3 if out.len() > 1 => {
                let a = rng.random_range(0..out.len());
                let b = rng.random_range(a..out.len());
                let chunk = out[a..b].to_vec();
                let at = rng.random_range(0..=out.len());
                out.splice(at..at, chunk);
            }
            _ => out.extend((0..rng.random_range(1..16)).map(|_| rng.random::<u8>())),
        }
    }
    out
}

fn drive(name: &str, target: fn(&[u8])) {
    let mut rng = StdRng::seed_from_u64(0x4143_4349_4f4e);
    let seeds = seeds();
    let n = iterations();
    for s in &seeds {
        target(s);
    }
    for i in 0..n {
        let input = if i % 4 == 0 {
            (0..rng.random_range(0..64))
                .map(|_| rng.random::<u8>())
                .collect()
        } else {
            let base = &seeds[rng.random_range(0..seeds.len())];
            mutate(&mut rng, base)
        };
        target(&input);
    }
    eprintln!(
        "fuzz smoke {name}: {} executions, 0 findings",
        n + seeds.len()
    );
}

#[test]
fn sanitize() {
    drive("sanitize", helpdesk::fuzzing::sanitize_bytes);
}

#[test]
fn api_decode() {
    drive("api_decode", helpdesk::fuzzing::api_decode);
}

#[test]
fn walkthrough_script() {
    drive("walkthrough_script", helpdesk::fuzzing::walkthrough_script);
}

#[test]
fn config() {
    drive("config", helpdesk::fuzzing::config);
}
