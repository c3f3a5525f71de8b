//! Issue 22, portal side: hang-ups, silent sockets and hostile numbers, tried as an attacker would
//! over raw TCP against the reference portal on 127.0.0.1. Each test failed before its fix.

use crate::support;

use std::time::{Duration, Instant};

use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{TestPortal, audit_items, insert_jose, json, timeline_kinds};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const GOOD: &str = "Buena.Clave1";
const WAIT: Duration = Duration::from_secs(60);

fn jose_with_password(db: &helpdesk::portal::db::Db) {
    let hash = helpdesk::portal::public::hash_password(GOOD).unwrap();
    let id = insert_jose(db);
    db.with_writer(|c| {
        c.execute(
            "UPDATE users SET password_hash = ?1 WHERE id = ?2",
            rusqlite::params![hash, id],
        )?;
        Ok(())
    })
    .unwrap();
}

/// One HTTP/1.1 request written whole on a fresh socket.
fn raw_request(method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> String {
    let mut text = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        text.push_str(&format!("{k}: {v}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(body);
    text
}

async fn login(p: &TestPortal, password: &str) -> StatusCode {
    p.anonymous(Method::POST, "/api/v1/public/login")
        .json(&json!({"email": "jose.nunez@gmail.com", "password": password}))
        .send()
        .await
        .unwrap()
        .status()
}

// Severe case 1: five wrong passwords whose client hangs up a few milliseconds after sending.
// The attempt counter was raised before argon2 and the failure never recorded: the account then
// refused even the right password, for ever, with no lock time and no event.
#[tokio::test]
async fn a_login_whose_client_hangs_up_is_still_recorded_whole() {
    let p = TestPortal::start_configured(|c| c.limits.hash_queue = 16, jose_with_password).await;
    let body = json!({"email": "jose.nunez@gmail.com", "password": "Mala.Clave1"}).to_string();
    let request = raw_request(
        "POST",
        "/api/v1/public/login",
        &[("Content-Type", "application/json")],
        &body,
    );
    for _ in 0..5 {
        let mut socket = TcpStream::connect(p.running.addr).await.unwrap();
        socket.write_all(request.as_bytes()).await.unwrap();
        // Long enough for the attempt to be reserved, far shorter than argon2.
        tokio::time::sleep(Duration::from_millis(15)).await;
        drop(socket); // hang up before the answer
    }
    // Each attempt runs to its end without its client: five failures, then the lock, all visible.
    let start = Instant::now();
    loop {
        let kinds = timeline_kinds(&p, 1).await;
        let failed = kinds.iter().filter(|k| *k == "login_failed").count();
        let locked = kinds.iter().filter(|k| *k == "account_locked").count();
        if failed == 5 && locked == 1 {
            break;
        }
        assert!(
            start.elapsed() < WAIT,
            "the hung-up attempts were never recorded: {kinds:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let detail: Value = json(
        p.agent(Method::GET, "/api/v1/users/1")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(detail["status"], "locked", "{detail}");
    assert!(detail["locked_until"].is_string(), "{detail}");
    // The lock ends like any other: the right password works after it.
    p.advance(SignedDuration::from_mins(16));
    assert_eq!(login(&p, GOOD).await, StatusCode::OK);
}

/// Reads what the server sends until it closes the connection; `None` if it is still open
/// after `limit`.
async fn closed_within(socket: &mut TcpStream, limit: Duration) -> Option<Vec<u8>> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    let read_all = async {
        loop {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(limit, read_all).await.ok()?;
    Some(got)
}

// A request head sent halfway was held with no deadline (axum::serve sets no timer).
#[tokio::test]
async fn a_half_sent_request_head_is_closed_at_its_deadline() {
    let p =
        TestPortal::start_configured(|c| c.limits.header_timeout = Duration::from_secs(1), |_| {})
            .await;
    let mut slow = TcpStream::connect(p.running.addr).await.unwrap();
    slow.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .await
        .unwrap();
    assert!(
        closed_within(&mut slow, WAIT).await.is_some(),
        "a half-sent head was held past its deadline"
    );
    // An idle connection (nothing sent at all) is closed the same way.
    let mut idle = TcpStream::connect(p.running.addr).await.unwrap();
    assert!(closed_within(&mut idle, WAIT).await.is_some());
    // Whole requests are served as ever.
    let r = p
        .anonymous(Method::GET, "/api/v1/health")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

// There was no cap on connections: each one a client opens holds memory and a descriptor.
#[tokio::test]
async fn past_the_connection_cap_a_newcomer_waits_for_a_free_slot() {
    let p = TestPortal::start_configured(
        |c| {
            c.limits.max_connections = 3;
            c.limits.header_timeout = Duration::from_secs(120);
        },
        |_| {},
    )
    .await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(TcpStream::connect(p.running.addr).await.unwrap());
    }
    let url = p.url("/api/v1/health");
    let newcomer = tokio::spawn(async move {
        reqwest::Client::new()
            .get(url)
            .timeout(WAIT)
            .send()
            .await
            .map(|r| r.status())
    });
    // Not served while every slot is held (the kernel keeps it in the backlog)…
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!newcomer.is_finished(), "served past the connection cap");
    // …and served as soon as one is given back.
    drop(held.pop());
    assert_eq!(newcomer.await.unwrap().unwrap(), StatusCode::OK);
}

// One address that kept its connections busy could hold every slot of the connection cap, and
// then every console waited in the backlog: each address holds at most its share.
#[tokio::test]
async fn one_address_holds_at_most_its_share_of_the_connections() {
    let p = TestPortal::start_configured(
        |c| {
            c.limits.max_connections = 8;
            c.limits.max_connections_per_address = 2;
            c.limits.header_timeout = Duration::from_secs(120);
        },
        |_| {},
    )
    .await;
    // Two connections from 127.0.0.2 (loopback too, another address) are held open…
    let from = |last: u8| async move {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket
            .bind(std::net::SocketAddr::from(([127, 0, 0, last], 0)))
            .unwrap();
        socket.connect(p.running.addr).await.unwrap()
    };
    let held = [from(2).await, from(2).await];
    // …so a third from it is closed at once, with no answer…
    let mut third = from(2).await;
    third
        .write_all(raw_request("GET", "/api/v1/health", &[], "").as_bytes())
        .await
        .unwrap_or(());
    let mut answer = Vec::new();
    let read = tokio::time::timeout(WAIT, third.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the third connection was held");
    assert!(answer.is_empty(), "served past the address's share");
    // …while another address is served,
    let r = reqwest::get(p.url("/api/v1/health")).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // and the address gets its share back when one of its connections ends.
    // (The server sees the two close a moment later: try until then.)
    drop(held);
    let start = Instant::now();
    loop {
        let mut again = from(2).await;
        let mut head = [0u8; 12];
        let served = again
            .write_all(raw_request("GET", "/api/v1/health", &[], "").as_bytes())
            .await
            .is_ok()
            && matches!(
                tokio::time::timeout(WAIT, again.read_exact(&mut head)).await,
                Ok(Ok(_))
            );
        if served {
            assert_eq!(&head, b"HTTP/1.1 200");
            break;
        }
        assert!(
            start.elapsed() < WAIT,
            "the address never got its share back"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

// An operator could open event streams without limit (each a connection and a reader per wake-up).
#[tokio::test]
async fn an_operator_holds_at_most_four_event_streams() {
    let p = TestPortal::start_with(|db| {
        insert_jose(db);
    })
    .await;
    let open = || async {
        p.agent(Method::GET, "/api/v1/events?user_id=1")
            .send()
            .await
            .unwrap()
    };
    let mut streams = Vec::new();
    for _ in 0..4 {
        let r = open().await;
        assert_eq!(r.status(), StatusCode::OK);
        streams.push(r);
    }
    let refused = open().await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    // Another operator is not affected.
    let other = p
        .supervisor(Method::GET, "/api/v1/events")
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::OK);
    // A closed stream gives its slot back.
    drop(streams.pop());
    let start = Instant::now();
    loop {
        let r = open().await;
        if r.status() == StatusCode::OK {
            break;
        }
        assert!(start.elapsed() < WAIT, "the slot never came back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let audit = audit_items(&p).await;
    assert!(
        audit
            .iter()
            .any(|a| a["action"] == "events.open" && a["outcome"] == "denied"),
        "the refusal is audited: {audit:?}"
    );
}

// A stream of every user's events resumed from event 0 replayed the whole history of every user
// in one request, audited only as «events.open».
#[tokio::test]
async fn an_unfiltered_stream_replays_only_nearby_and_each_user_is_audited() {
    let p = TestPortal::start_with(|db| {
        insert_jose(db);
        support::insert_user(
            db,
            "52111222",
            "María Gómez",
            "maria.gomez@hotmail.com",
            "3109876543",
            "1985-11-02",
            "active",
        );
    })
    .await;
    let db = rusqlite::Connection::open(p.dir.path().join("portal.db")).unwrap();
    for i in 0..260 {
        db.execute(
            "INSERT INTO events (at, kind, user_id, actor_kind, data) VALUES (?1, 'login_failed', ?2, 'user', '{}')",
            rusqlite::params![support::start_time().as_millisecond(), 1 + i % 2],
        )
        .unwrap();
    }
    let far = p
        .agent(Method::GET, "/api/v1/events")
        .header("Last-Event-ID", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(far.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // One user's whole history is fine: that is the user asked for.
    let one = p
        .agent(Method::GET, "/api/v1/events?user_id=1")
        .header("Last-Event-ID", "0")
        .send()
        .await
        .unwrap();
    assert_eq!(one.status(), StatusCode::OK);
    drop(one);
    // Nearby, every user the replay holds is audited as read.
    let near = p
        .agent(Method::GET, "/api/v1/events")
        .header("Last-Event-ID", "250")
        .send()
        .await
        .unwrap();
    assert_eq!(near.status(), StatusCode::OK);
    drop(near);
    let audit = audit_items(&p).await;
    let replays: Vec<&str> = audit
        .iter()
        .filter(|a| a["action"] == "events.replay")
        .map(|a| a["target"].as_str().unwrap())
        .collect();
    assert_eq!(replays.len(), 2, "{audit:?}");
    assert!(replays.contains(&"user:1") && replays.contains(&"user:2"));
}

// The email prefix search answered «this one starts so»: an agent could extend a start one
// character at a time and rebuild a masked address.
#[tokio::test]
async fn an_email_cannot_be_rebuilt_a_character_at_a_time() {
    let p = TestPortal::start_configured(
        |c| c.limits = helpdesk::portal::guard::Limits::relaxed(),
        |db| {
            support::insert_user(
                db,
                "52111222",
                "María Gómez",
                "mgz.82x@correo.co",
                "3109876543",
                "1985-11-02",
                "active",
            );
        },
    )
    .await;
    let found = |q: String| {
        let req = p
            .agent(Method::GET, "/api/v1/users")
            .query(&[("q", q)])
            .send();
        async move {
            json(req.await.unwrap()).await["items"]
                .as_array()
                .unwrap()
                .len()
        }
    };
    let local = "mgz.82x";
    // From two characters: «m» alone finds María by her name, which is shown whole anyway.
    for end in 2..local.len() {
        let start = &local[..end];
        assert_eq!(
            found(start.to_string()).await,
            0,
            "a start answered: {start:?}"
        );
    }
    assert_eq!(found(local.to_string()).await, 1, "the whole local part");
    assert_eq!(
        found("MGZ.82X@correo.co".to_string()).await,
        1,
        "the whole address"
    );
    assert_eq!(found("mgz.82x@corr".to_string()).await, 0);
}

// An anonymous caller could make us write a timeline event per request without bound: a login on
// an account without a password writes one each time (no counter to lock).
#[tokio::test]
async fn an_anonymous_caller_writes_a_bounded_number_of_events_per_user() {
    let p = TestPortal::start_configured(
        |c| {
            c.limits = helpdesk::portal::guard::Limits::relaxed();
            c.limits.hash_queue = 64;
        },
        |db| {
            insert_jose(db); // imported: no password
        },
    )
    .await;
    let attempts = (0..40).map(|_| login(&p, GOOD));
    for status in futures::future::join_all(attempts).await {
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let kinds = timeline_kinds(&p, 1).await;
    let failed = kinds.iter().filter(|k| *k == "login_failed").count();
    assert_eq!(
        failed as i64,
        helpdesk::portal::events::ANONYMOUS_EVENTS_PER_HOUR,
        "{kinds:?}"
    );
    // An hour later the desk sees new attempts again.
    p.advance(SignedDuration::from_mins(61));
    assert_eq!(login(&p, GOOD).await, StatusCode::UNAUTHORIZED);
    let kinds = timeline_kinds(&p, 1).await;
    assert_eq!(
        kinds.iter().filter(|k| *k == "login_failed").count() as i64,
        helpdesk::portal::events::ANONYMOUS_EVENTS_PER_HOUR + 1
    );
}

// The request-head deadline must not cut a response that streams (an idle event stream).
#[tokio::test]
async fn an_event_stream_outlives_the_request_head_deadline() {
    let p = TestPortal::start_configured(
        |c| {
            c.limits.header_timeout = Duration::from_secs(1);
            c.sse_heartbeat = Duration::from_secs(2);
        },
        |db| {
            insert_jose(db);
        },
    )
    .await;
    let mut stream = p
        .agent(Method::GET, "/api/v1/events?user_id=1")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let mut text = String::new();
    let heartbeats = async {
        while text.matches("heartbeat").count() < 3 {
            match stream.chunk().await {
                Ok(Some(bytes)) => text.push_str(&String::from_utf8_lossy(&bytes)),
                other => panic!("the stream ended: {other:?} after {text:?}"),
            }
        }
    };
    tokio::time::timeout(WAIT, heartbeats)
        .await
        .expect("three heartbeats, six seconds past the head deadline");
}
