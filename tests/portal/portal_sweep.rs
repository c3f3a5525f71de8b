//! Housekeeping: expired idempotency answers and old reset tokens are swept, judged by the
//! portal's (manual) clock.

use crate::support;

use std::time::Duration;

use helpdesk::portal::sweep::{RESET_TOKEN_RETENTION, Swept, sweep};
use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::json;
use support::{TestPortal, insert_jose, json, token_in};

fn jose(db: &helpdesk::portal::db::Db) {
    insert_jose(db);
}

async fn send_link(p: &TestPortal, key: &str) {
    let r = p
        .agent(Method::POST, "/api/v1/users/1/reset-links")
        .header("Idempotency-Key", key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
}

async fn count(p: &TestPortal, table: &'static str) -> i64 {
    p.running
        .state
        .db
        .read(move |c| Ok(c.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?))
        .await
        .unwrap()
}

async fn sweep_now(p: &TestPortal) -> Swept {
    let now = p.running.state.clock.now();
    p.running
        .state
        .db
        .write(move |tx| sweep(tx, now))
        .await
        .unwrap()
}

async fn last_link_at(p: &TestPortal) -> serde_json::Value {
    let detail = json(
        p.agent(Method::GET, "/api/v1/users/1")
            .send()
            .await
            .unwrap(),
    )
    .await;
    detail["last_reset_link_at"].clone()
}

/// A portal that sweeps only when the test says so.
async fn portal() -> TestPortal {
    TestPortal::start_configured(|c| c.sweep_interval = Duration::ZERO, jose).await
}

#[tokio::test]
async fn idempotency_answers_go_after_their_replay_window() {
    let p = portal().await;
    send_link(&p, "sweep-1").await;
    assert_eq!(count(&p, "idempotency").await, 1);

    p.advance(SignedDuration::from_hours(23));
    assert_eq!(sweep_now(&p).await.idempotency, 0, "still replayable");
    assert_eq!(count(&p, "idempotency").await, 1);

    p.advance(SignedDuration::from_hours(2));
    assert_eq!(sweep_now(&p).await.idempotency, 1);
    assert_eq!(count(&p, "idempotency").await, 0);
}

#[tokio::test]
async fn old_reset_tokens_go_but_each_users_newest_stays() {
    let p = portal().await;
    send_link(&p, "sweep-a").await;
    let first = token_in(&p.emails()[0]);
    p.advance(SignedDuration::from_mins(61)); // past the cooldown, and the first link expired
    send_link(&p, "sweep-b").await;
    let newest = last_link_at(&p).await;
    assert_eq!(count(&p, "reset_tokens").await, 2);

    // Within the retention nothing goes.
    p.advance(RESET_TOKEN_RETENTION - SignedDuration::from_hours(1));
    assert_eq!(sweep_now(&p).await.reset_tokens, 0);
    assert_eq!(count(&p, "reset_tokens").await, 2);

    p.advance(SignedDuration::from_hours(2));
    assert_eq!(sweep_now(&p).await.reset_tokens, 1, "the older link goes");
    assert_eq!(count(&p, "reset_tokens").await, 1);
    assert_eq!(
        last_link_at(&p).await,
        newest,
        "the last link sent is still known"
    );

    // The swept link is answered as expired, like any unknown one.
    let r = p
        .anonymous(
            Method::POST,
            &format!("/api/v1/public/password-resets/{first}"),
        )
        .json(&json!({"email": "jose.nunez@gmail.com", "new_password": "Valida.123"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::GONE);

    p.advance(SignedDuration::from_hours(24 * 30));
    assert_eq!(sweep_now(&p).await.reset_tokens, 0, "the newest stays");
}

#[tokio::test]
async fn the_portal_sweeps_on_its_own() {
    let p =
        TestPortal::start_configured(|c| c.sweep_interval = Duration::from_millis(20), jose).await;
    send_link(&p, "sweep-auto").await;
    p.advance(SignedDuration::from_hours(25));
    // Waits for the background task; no assertion on how long it takes.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while count(&p, "idempotency").await > 0 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the sweep never ran"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
