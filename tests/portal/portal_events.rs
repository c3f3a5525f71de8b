//! The live event stream over real HTTP: order, heartbeat, and resume without loss or repeats.

use crate::support;

use std::time::Duration;

use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::json;
use support::{TestPortal, insert_jose, insert_user};

/// One parsed server-sent message.
#[derive(Debug, Clone, PartialEq)]
enum Sse {
    Event {
        id: i64,
        kind: String,
        data: serde_json::Value,
    },
    Comment(String),
}

/// Reads server-sent messages from a streaming response.
struct SseReader {
    body: futures::stream::BoxStream<'static, reqwest::Result<bytes::Bytes>>,
    buf: String,
}

impl SseReader {
    fn new(resp: reqwest::Response) -> Self {
        Self {
            body: resp.bytes_stream().boxed(),
            buf: String::new(),
        }
    }

    async fn next(&mut self) -> Option<Sse> {
        loop {
            if let Some(end) = self.buf.find("\n\n") {
                let block: String = self.buf.drain(..end + 2).collect();
                let (mut id, mut kind, mut data, mut comment) =
                    (None, String::new(), String::new(), None);
                for line in block.lines() {
                    if let Some(c) = line.strip_prefix(':') {
                        comment = Some(c.trim().to_string());
                    } else if let Some(v) = line.strip_prefix("id:") {
                        id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        kind = v.trim().to_string();
                    } else if let Some(v) = line.strip_prefix("data:") {
                        data.push_str(v.trim_start());
                    }
                }
                return Some(match (id, comment) {
                    (Some(id), _) => Sse::Event {
                        id,
                        kind,
                        data: serde_json::from_str(&data).unwrap_or_default(),
                    },
                    (None, Some(c)) => Sse::Comment(c),
                    _ => continue,
                });
            }
            match tokio::time::timeout(Duration::from_secs(10), self.body.next()).await {
                Ok(Some(Ok(chunk))) => self.buf.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return None,
            }
        }
    }

    /// The next event (skipping heartbeats).
    async fn next_event(&mut self) -> (i64, String, serde_json::Value) {
        loop {
            match self.next().await.expect("an event before the timeout") {
                Sse::Event { id, kind, data } => return (id, kind, data),
                Sse::Comment(_) => continue,
            }
        }
    }
}

async fn subscribe(p: &TestPortal, query: &str, last_id: Option<i64>) -> SseReader {
    let mut req = p.agent(Method::GET, &format!("/api/v1/events?{query}"));
    if let Some(id) = last_id {
        req = req.header("Last-Event-ID", id.to_string());
    }
    let resp = req.send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        resp.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream")
    );
    SseReader::new(resp)
}

fn users(db: &helpdesk::portal::db::Db) {
    insert_jose(db);
    insert_user(
        db,
        "52000111",
        "María Gómez",
        "maria@correo.co",
        "3109876543",
        "1985-01-02",
        "active",
    );
}

async fn verify(p: &TestPortal, user: i64, ok: bool) {
    let doc = match (user, ok) {
        (1, true) => "1020304050",
        (2, true) => "52000111",
        _ => "0",
    };
    let birth = if user == 1 {
        "1990-05-17"
    } else {
        "1985-01-02"
    };
    p.agent(Method::POST, &format!("/api/v1/users/{user}/verifications"))
        .json(&json!({"document_number": doc, "birth_date": birth}))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn a_users_events_arrive_live_in_order_and_only_theirs() {
    let p = TestPortal::start_with(users).await;
    let mut stream = subscribe(&p, "user_id=1", None).await;
    verify(&p, 2, true).await; // another user's event: not on this stream
    verify(&p, 1, false).await;
    p.agent(Method::POST, "/api/v1/users/1/reset-links")
        .send()
        .await
        .unwrap();
    verify(&p, 1, true).await;
    let mut got = Vec::new();
    for _ in 0..3 {
        let (id, kind, data) = stream.next_event().await;
        assert_eq!(data["user_id"], 1);
        assert_eq!(
            data["kind"],
            kind.as_str(),
            "the SSE event name is the kind"
        );
        assert_eq!(data["id"], id);
        got.push((id, kind));
    }
    let kinds: Vec<&str> = got.iter().map(|(_, k)| k.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "verification_failed",
            "reset_link_sent",
            "verification_succeeded"
        ]
    );
    assert!(got.windows(2).all(|w| w[0].0 < w[1].0));
    // The stream has the same shape as the timeline.
    let timeline: serde_json::Value = p
        .agent(Method::GET, "/api/v1/users/1/timeline")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(timeline["items"][0]["kind"], "verification_succeeded");
}

#[tokio::test]
async fn a_heartbeat_keeps_an_idle_stream_alive() {
    let p =
        TestPortal::start_configured(|c| c.sse_heartbeat = Duration::from_millis(200), users).await;
    let mut stream = subscribe(&p, "user_id=1", None).await;
    let first = tokio::time::timeout(Duration::from_secs(5), stream.next())
        .await
        .unwrap();
    assert_eq!(first, Some(Sse::Comment("heartbeat".into())));
}

#[tokio::test]
async fn resuming_with_last_event_id_loses_and_repeats_nothing() {
    let p = TestPortal::start_with(users).await;
    let mut stream = subscribe(&p, "user_id=1", None).await;
    verify(&p, 1, false).await;
    let (first_id, _, _) = stream.next_event().await;
    drop(stream); // the connection drops
    // While disconnected, more happens.
    verify(&p, 1, false).await;
    verify(&p, 2, false).await;
    verify(&p, 1, true).await;
    let mut resumed = subscribe(&p, "user_id=1", Some(first_id)).await;
    let (a, ka, _) = resumed.next_event().await;
    let (b, kb, _) = resumed.next_event().await;
    assert!(first_id < a && a < b);
    assert_eq!(
        (ka.as_str(), kb.as_str()),
        ("verification_failed", "verification_succeeded")
    );
    // And it goes on live after the backlog.
    p.agent(Method::POST, "/api/v1/users/1/reset-links")
        .send()
        .await
        .unwrap();
    assert_eq!(resumed.next_event().await.1, "reset_link_sent");
    let r = p
        .agent(Method::GET, "/api/v1/events")
        .header("Last-Event-ID", "banana")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn many_concurrent_writers_never_make_the_stream_skip_or_repeat() {
    let p = TestPortal::start_with(users).await;
    let mut stream = subscribe(&p, "", None).await;
    // Every attempt matches: a miss can lock verification, and then how many attempts leave an
    // event depends on how the writers interleave; matches always leave exactly one each.
    let writers = (0..20).map(|i| verify(&p, 1 + (i % 2), true));
    futures::future::join_all(writers).await;
    let conn = rusqlite::Connection::open(p.dir.path().join("portal.db")).unwrap();
    let total: usize = conn
        .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, 20, "one event per verification");
    let mut ids = Vec::new();
    while ids.len() < total {
        ids.push(stream.next_event().await.0);
    }
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(ids, sorted, "in order, no repeats");
    assert_eq!(
        (ids.last().unwrap() - ids[0]) as usize,
        total - 1,
        "no gaps"
    );
}
