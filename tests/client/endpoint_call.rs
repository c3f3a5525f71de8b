//! The contract's generic call (`PortalClient::call` of any `contract::api::Endpoint`, and the
//! console's `Effect::Call` that the runner runs with it) against the real reference portal.
//! Between them, a lossy link: the first request to each path reaches the portal, but its answer
//! is lost (a 503 comes back instead), the case retries and idempotency keys exist for.

use crate::support;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use helpdesk::api::{Endpoint, GetUser, SendResetLink, UserTimeline};
use helpdesk::app::{Effect, Msg, PortalCall, Reply, UsersReply};
use helpdesk::client::{ClientConfig, PortalClient, PortalError};
use helpdesk::console::effects::EffectRunner;
use helpdesk::domain::sanitize::is_dangerous;
use support::{TestPortal, insert_jose, insert_user};

/// How many requests of each `METHOD path` went through the link.
type Seen = Arc<Mutex<BTreeMap<String, usize>>>;

/// A link in front of `target` that forwards every request and loses the answer of the first
/// one to each path (a 503 in its place); it counts what it forwarded.
async fn lossy_link(target: &str) -> (String, Seen) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("link binds");
    let addr = listener.local_addr().expect("link address");
    let http = reqwest::Client::new();
    let target = target.trim_end_matches('/').to_string();
    let seen: Seen = Arc::default();
    let counts = Arc::clone(&seen);
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let (http, target, counts) = (http.clone(), target.clone(), Arc::clone(&counts));
        async move {
            let (parts, body) = req.into_parts();
            let body = axum::body::to_bytes(body, 1 << 20).await.expect("body");
            let path = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            let mut headers = parts.headers.clone();
            headers.remove(reqwest::header::HOST);
            let resp = http
                .request(parts.method.clone(), format!("{target}{path}"))
                .headers(headers)
                .body(body)
                .send()
                .await
                .expect("the portal answers");
            let status = resp.status();
            let content_type = resp.headers().get(reqwest::header::CONTENT_TYPE).cloned();
            let answer = resp.bytes().await.expect("the portal's body");
            let n = {
                let mut seen = counts.lock().expect("counts");
                let n = seen
                    .entry(format!("{} {}", parts.method, parts.uri.path()))
                    .or_default();
                *n += 1;
                *n
            };
            let mut out = axum::response::Response::new(axum::body::Body::from(answer));
            *out.status_mut() = if n == 1 {
                axum::http::StatusCode::SERVICE_UNAVAILABLE
            } else {
                status
            };
            if let Some(t) = content_type.filter(|_| n > 1) {
                out.headers_mut().insert(reqwest::header::CONTENT_TYPE, t);
            }
            out
        }
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), seen)
}

fn seen(counts: &Seen, key: &str) -> usize {
    counts
        .lock()
        .expect("counts")
        .get(key)
        .copied()
        .unwrap_or(0)
}

fn retrying_client(base: &str, token: &str) -> PortalClient {
    let config = ClientConfig {
        get_attempts: 3,
        backoff_base: Duration::from_millis(10),
        ..ClientConfig::default()
    };
    PortalClient::new(base, token, config).expect("client")
}

#[tokio::test]
async fn a_read_is_retried_after_a_lost_answer_and_an_action_is_not() {
    let mut jose = 0;
    let portal = TestPortal::start_with(|db| jose = insert_jose(db)).await;
    let (link, counts) = lossy_link(&portal.running.base_url).await;
    let c = retrying_client(&link, &portal.agent_token);

    // A read: its first answer lost, the client asks again by itself.
    let user = c.call(&GetUser { user_id: jose }).await.expect("retried");
    assert_eq!(user.summary.full_name, "José Núñez Peña");
    let read = format!("GET {}", GetUser { user_id: jose }.path());
    assert_eq!(seen(&counts, &read), 2, "one lost answer, one retry");

    // An action: its answer lost, the client does not send it again (the operator does, with
    // the same key); the portal did it once.
    let link_sent = SendResetLink {
        user_id: jose,
        idempotency_key: "lossy-1".into(),
    };
    let action = format!("POST {}", link_sent.path());
    match c.call(&link_sent).await {
        Err(PortalError::Server { status: 503, .. }) => {}
        other => panic!("expected the lost answer's 503, got {other:?}"),
    }
    assert_eq!(seen(&counts, &action), 1, "an action is never retried");
    assert_eq!(portal.emails().len(), 1, "the action happened");
    let again = c.call(&link_sent).await.expect("the same key, again");
    assert_eq!(seen(&counts, &action), 2);
    assert_eq!(portal.emails().len(), 1, "the same key is the same action");
    assert!(again.email_masked.contains('*'), "{again:?}");
}

#[tokio::test]
async fn an_answers_untrusted_text_arrives_sanitised() {
    let hostile = "Ana \u{1b}]0;pwned\u{7}\u{202e}Pérez\u{1b}[2J";
    let mut id = 0;
    let portal = TestPortal::start_with(|db| {
        id = insert_user(
            db,
            "5550009",
            hostile,
            "ana.perez@example.com",
            "3005550009",
            "1991-01-01",
            "active",
        )
    })
    .await;
    let c = retrying_client(&portal.running.base_url, &portal.agent_token);
    let user = c.call(&GetUser { user_id: id }).await.expect("user");
    let name = &user.summary.full_name;
    assert!(name.contains("Pérez"), "{name:?}");
    assert!(
        !name.chars().any(|ch| is_dangerous(ch, false)),
        "a raw control character reached the answer: {name:?}"
    );
    let timeline = UserTimeline {
        user_id: id,
        limit: 5,
    };
    c.call(&timeline).await.expect("the timeline decodes");
}

#[tokio::test]
async fn the_runner_runs_any_call_and_answers_with_the_reply_it_makes() {
    let mut jose = 0;
    let portal = TestPortal::start_with(|db| jose = insert_jose(db)).await;
    let c = retrying_client(&portal.running.base_url, &portal.agent_token);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let dir = tempfile::tempdir().expect("drafts dir");
    let drafts = helpdesk::drafts::DraftStore::new(dir.path());
    let mut runner = EffectRunner::new(c, tx, drafts);
    let request = SendResetLink {
        user_id: jose,
        idempotency_key: "runner-1".into(),
    };
    let call = PortalCall::new(request, |req, result| UsersReply::ResetSent {
        user_id: req.user_id,
        idempotency_key: req.idempotency_key,
        result,
    });
    runner.run(Effect::Call(call));
    let msg = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("an answer in time")
        .expect("a message");
    match msg {
        Msg::Portal(Reply::Users(UsersReply::ResetSent {
            user_id,
            idempotency_key,
            result: Ok(sent),
        })) => {
            assert_eq!((user_id, idempotency_key.as_str()), (jose, "runner-1"));
            assert!(sent.email_masked.contains('*'), "{sent:?}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(portal.emails().len(), 1);
}
