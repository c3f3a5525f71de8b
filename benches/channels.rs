//! The WhatsApp channel under load, and the conversation queue at scale.
//!
//! 1. Signed webhook deliveries over loopback at a fixed rate (1,000 a second by default), one
//!    message each, 10 % of them repeats of an earlier delivery (Meta retries): the answer time's
//!    p50/p99 (target p99 ≤ 50 ms), then 0 lost (every distinct message stored) and 0 stored twice.
//! 2. The queue (`GET /api/v1/conversations`) over 100,000 conversations: p50/p95 of the first page
//!    for every filter an operator uses (target p95 ≤ 20 ms).
//!
//!     cargo bench --bench channels          (CHANNELS_SECS=10 by default, at most 60)

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use helpdesk::api::Role;
use helpdesk::domain::clock::{Clock, SystemClock};
use helpdesk::portal::whatsapp::WhatsappConfig;
use helpdesk::portal::{self, PortalConfig, db::Db};
use hmac::{KeyInit, Mac};

const SECRET: &str = "bench-secret";
const PHONE_ID: &str = "106540352242922";
const RATE: u64 = 1000;
const CONVERSATIONS: i64 = 100_000;

fn whatsapp() -> WhatsappConfig {
    WhatsappConfig {
        phone_number_id: PHONE_ID.into(),
        verify_token: "v".into(),
        app_secret: SECRET.into(),
        access_token: "t".into(),
        // Nothing is answered in this bench: the sender never calls out.
        graph_url: "http://127.0.0.1:9".into(),
        templates: Vec::new(),
    }
}

fn sign(body: &[u8]) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).expect("key");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn delivery(n: u64, at: i64) -> Vec<u8> {
    // 5,000 requesters, so messages both open conversations and join them.
    let from = format!("57300{:07}", n % 5000);
    serde_json::to_vec(&serde_json::json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_ID},
            "contacts": [{"profile": {"name": format!("Persona {}", n % 5000)}, "wa_id": from}],
            "messages": [{"from": from, "id": format!("wamid.BENCH{n}"), "timestamp": at.to_string(),
                          "type": "text", "text": {"body": "No me llega el correo de restablecimiento"}}]
        }}]}]
    }))
    .expect("json")
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let secs = common::secs_from_env("CHANNELS_SECS", 10, 60);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(webhook(secs));
    queue();
}

async fn webhook(secs: u64) {
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("portal.db");
    drop(Db::open(&db_path).expect("db"));
    let mut config = PortalConfig::new(&db_path, dir.path().join("outbox"));
    config.whatsapp = Some(Arc::new(whatsapp()));
    config.limits = portal::guard::Limits::relaxed();
    let running = portal::spawn(
        config,
        "127.0.0.1:0".parse().expect("addr"),
        Arc::new(SystemClock),
    )
    .await
    .expect("portal");
    let url = format!("{}/api/v1/channels/whatsapp/webhook", running.base_url);
    helpdesk::client::use_ring_for_tls();
    let http = reqwest::Client::new();
    let total = secs * RATE;
    let now = SystemClock.now().as_second();
    let mut tasks = Vec::with_capacity(total as usize);
    let started = Instant::now();
    let mut distinct = 0u64;
    for i in 0..total {
        // Every tenth delivery repeats an earlier one (never itself a repeat), as Meta does when
        // an answer is slow.
        let n = if i % 10 == 9 {
            i - 5
        } else {
            distinct += 1;
            i
        };
        let body = delivery(n, now);
        let signature = sign(&body);
        let due = started + Duration::from_micros(i * 1_000_000 / RATE);
        tokio::time::sleep_until(due.into()).await;
        let http = http.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let sent = Instant::now();
            let r = http
                .post(&url)
                .header("content-type", "application/json")
                .header("x-hub-signature-256", signature)
                .body(body)
                .send()
                .await;
            let ok = r.map(|r| r.status().is_success()).unwrap_or(false);
            (sent.elapsed().as_secs_f64() * 1000.0, ok)
        }));
    }
    let mut ms = Vec::with_capacity(tasks.len());
    let mut failed = 0;
    for t in tasks {
        let (took, ok) = t.await.expect("task");
        ms.push(took);
        if !ok {
            failed += 1;
        }
    }
    let p50 = common::percentile(&mut ms, 0.50);
    let p99 = common::percentile(&mut ms, 0.99);
    let (stored, unique): (i64, i64) = running
        .state
        .db
        .with_writer(|c| {
            Ok(c.query_row(
                "SELECT COUNT(*), COUNT(DISTINCT external_id) FROM conversation_messages",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .expect("count");
    println!(
        "webhook: {total} signed deliveries at {RATE}/s ({} repeats): answer p50 {p50:.1} ms, p99 {p99:.1} ms; \
         {failed} not 2xx; stored {stored} of {distinct} distinct (lost {}, twice {})",
        total - distinct,
        distinct as i64 - unique,
        stored - unique
    );
    running.stop().await;
}

fn queue() {
    let dir = tempfile::tempdir().expect("dir");
    let db = Db::open(&dir.path().join("portal.db")).expect("db");
    let now = SystemClock.now().as_millisecond();
    // Three operators the conversations are assigned to (ids 1 to 3), tokens kept for the reads.
    let (_, agent) = db
        .with_writer(|c| portal::auth::add_operator(c, "Beto", Role::Agent, SystemClock.now()))
        .expect("agent");
    let (_, supervisor) = db
        .with_writer(|c| {
            portal::auth::add_operator(c, "Sofía", Role::Supervisor, SystemClock.now())
        })
        .expect("supervisor");
    db.with_writer(|c| portal::auth::add_operator(c, "Ana", Role::Agent, SystemClock.now()))
        .expect("operator");
    let started = Instant::now();
    db.with_writer(|c| {
        let tx = c.transaction()?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO conversations (channel, status, address, requester_name, assignee_id,
                     first_message_at, last_message_at, last_inbound_at, waiting_since, unanswered,
                     created_at, updated_at)
                 VALUES (?1, ?2, ?3, 'Persona', ?4, ?5, ?5, ?5, ?6, ?7, ?5, ?5)",
            )?;
            for i in 0..CONVERSATIONS {
                // Spread over 30 days; a third waiting, a tenth closed, half assigned.
                let at = now - (i * 26_000) % (30 * 86_400_000);
                let channel = if i % 4 == 0 { "correo" } else { "whatsapp" };
                let status = if i % 10 == 0 { "closed" } else { "open" };
                let waiting = (i % 3 == 0 && status == "open").then_some(at);
                let assignee = (i % 2 == 0).then_some(1 + i % 3);
                insert.execute(rusqlite::params![
                    channel,
                    status,
                    format!("+57300{i:07}"),
                    assignee,
                    at,
                    waiting,
                    i64::from(waiting.is_some())
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    })
    .expect("seed");
    eprintln!(
        "seeded {CONVERSATIONS} conversations in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    drop(db);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let db_path = dir.path().join("portal.db");
        let mut config = PortalConfig::new(&db_path, dir.path().join("outbox"));
        config.limits = portal::guard::Limits::relaxed();
        let running = portal::spawn(
            config,
            "127.0.0.1:0".parse().expect("addr"),
            Arc::new(SystemClock),
        )
        .await
        .expect("portal");
        let http = reqwest::Client::new();
        let filters = [
            ("supervisor: open (the default)", &supervisor, ""),
            ("supervisor: whatsapp", &supervisor, "channel=whatsapp"),
            ("supervisor: correo", &supervisor, "channel=correo"),
            ("supervisor: unassigned", &supervisor, "assignee=none"),
            ("supervisor: operator 2", &supervisor, "assignee=2"),
            ("supervisor: closed", &supervisor, "status=closed"),
            ("supervisor: all", &supervisor, "status=all"),
            ("agent: open", &agent, ""),
            (
                "agent: mine or none, whatsapp",
                &agent,
                "assignee=me_or_none&channel=whatsapp",
            ),
        ];
        for (name, token, query) in filters {
            let mut ms = Vec::new();
            for _ in 0..60 {
                let started = Instant::now();
                let r = http
                    .get(format!("{}/api/v1/conversations?{query}", running.base_url))
                    .bearer_auth(token)
                    .send()
                    .await
                    .expect("answer");
                assert!(r.status().is_success(), "{name}: {}", r.status());
                let _ = r.bytes().await;
                ms.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            let p50 = common::percentile(&mut ms, 0.50);
            let p95 = common::percentile(&mut ms, 0.95);
            println!("queue of {CONVERSATIONS}: {name:<34} p50 {p50:.2} ms, p95 {p95:.2} ms");
        }
        running.stop().await;
    });
}
