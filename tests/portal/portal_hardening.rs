//! Issue 11, portal side: the attacks a help desk invites, tried over real HTTP against the
//! reference portal. Each test failed on the portal before the fix it names.

use crate::support;

use futures::future::join_all;
use helpdesk::portal::guard::Rate;
use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{TestPortal, insert_jose, insert_user, json, timeline_kinds as kinds, token_in};

const GOOD: &str = "Buena.Clave1";

/// Users in every state a login can meet: 1 active with a password, 2 imported without one,
/// 3 disabled (with a password), 4 locked by failed logins (with a password).
fn accounts(db: &helpdesk::portal::db::Db) {
    let hash = helpdesk::portal::public::hash_password(GOOD).unwrap();
    let active = insert_jose(db);
    insert_user(
        db,
        "52111222",
        "María Gómez",
        "maria.gomez@hotmail.com",
        "3109876543",
        "1985-11-02",
        "active",
    );
    let disabled = insert_user(
        db,
        "79555666",
        "Pedro Pérez",
        "pedro.perez@gmail.com",
        "3205551234",
        "1970-01-30",
        "disabled",
    );
    let locked = insert_user(
        db,
        "80111222",
        "Lucía Ruiz",
        "lucia.ruiz@gmail.com",
        "3154443322",
        "1992-07-07",
        "locked",
    );
    let until = (support::start_time() + SignedDuration::from_mins(10)).as_millisecond();
    db.with_writer(|c| {
        c.execute(
            "UPDATE users SET password_hash = ?1 WHERE id IN (?2, ?3, ?4)",
            rusqlite::params![hash, active, disabled, locked],
        )?;
        c.execute(
            "UPDATE users SET locked_until = ?1 WHERE id = ?2",
            rusqlite::params![until, locked],
        )?;
        Ok(())
    })
    .unwrap();
}

async fn login(p: &TestPortal, email: &str, password: &str) -> reqwest::Response {
    p.anonymous(Method::POST, "/api/v1/public/login")
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

/// Room for every parallel request of a test (the defaults would answer some with 503).
fn roomy(c: &mut helpdesk::portal::PortalConfig) {
    c.limits.hash_queue = 128;
}

// Hole 1: the login told which accounts exist (423 with locked_until; no-password accounts fast).
#[tokio::test]
async fn login_answers_every_refused_account_alike() {
    let p = TestPortal::start_with(accounts).await;
    let mut answers: Vec<(StatusCode, Value)> = Vec::new();
    for (email, password) in [
        ("nadie@gmail.com", GOOD),          // unknown
        ("jose.nunez@gmail.com", "Mala.1"), // wrong password
        ("maria.gomez@hotmail.com", GOOD),  // imported, no password
        ("pedro.perez@gmail.com", GOOD),    // disabled, right password
        ("lucia.ruiz@gmail.com", GOOD),     // locked, right password
    ] {
        let r = login(&p, email, password).await;
        answers.push((r.status(), json(r).await));
    }
    for (status, body) in &answers {
        assert_eq!(*status, StatusCode::UNAUTHORIZED, "{body}");
        assert_eq!(body, &answers[0].1);
    }
    assert_eq!(answers[0].1["error"]["code"], "invalid_credentials");
    // The help desk still sees the lock.
    let d = json(
        p.agent(Method::GET, "/api/v1/users/4")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(d["status"], "locked");
    assert!(d["locked_until"].is_string());
    assert_eq!(
        login(&p, "jose.nunez@gmail.com", GOOD).await.status(),
        StatusCode::OK
    );
}

// Hole 2: the lockout was read, then argon2, then written: 30 parallel guesses were all evaluated.
#[tokio::test]
async fn parallel_guesses_never_get_more_than_five_evaluations() {
    let p = TestPortal::start_configured(roomy, accounts).await;
    let burst = (0..30).map(|i| {
        login(
            &p,
            "jose.nunez@gmail.com",
            if i == 29 { "Otra.Mala2" } else { "Mala.Clave1" },
        )
    });
    let statuses: Vec<StatusCode> = join_all(burst).await.iter().map(|r| r.status()).collect();
    assert!(
        statuses.iter().all(|s| *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
    let k = kinds(&p, 1).await;
    assert_eq!(
        k.iter().filter(|k| *k == "login_failed").count(),
        5,
        "{k:?}"
    );
    assert_eq!(
        k.iter().filter(|k| *k == "account_locked").count(),
        1,
        "{k:?}"
    );
    // The right password, even in a burst of its own, does not get in during the lock.
    let burst = (0..10).map(|_| login(&p, "jose.nunez@gmail.com", GOOD));
    for r in join_all(burst).await {
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        kinds(&p, 1)
            .await
            .iter()
            .filter(|k| *k == "login_failed")
            .count(),
        5
    );
    p.advance(SignedDuration::from_mins(16));
    assert_eq!(
        login(&p, "jose.nunez@gmail.com", GOOD).await.status(),
        StatusCode::OK
    );
}

// Hole 3: argon2 ran on the async workers without bound.
#[tokio::test]
async fn a_full_hashing_pool_answers_503_with_retry_after() {
    let p = TestPortal::start_configured(
        |c| {
            c.limits.hash_workers = 1;
            c.limits.hash_queue = 0;
        },
        accounts,
    )
    .await;
    // Someone else's argon2 job holds the only place.
    let held = p.running.state.guards.hashing.admit().unwrap();
    let r = login(&p, "jose.nunez@gmail.com", GOOD).await;
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers()["retry-after"], "1");
    assert_eq!(json(r).await["error"]["code"], "service_busy");
    assert!(
        kinds(&p, 1).await.is_empty(),
        "a busy refusal reserves nothing"
    );
    // A confirmation is checked before it waits for the pool: a bad link is 410 even when busy.
    let r = p
        .anonymous(
            Method::POST,
            "/api/v1/public/password-resets/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .json(&json!({"email": "jose.nunez@gmail.com", "new_password": "Nueva.Clave1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::GONE);
    drop(held);
    assert_eq!(
        login(&p, "jose.nunez@gmail.com", GOOD).await.status(),
        StatusCode::OK
    );
}

// Hole 3: nothing limited how fast one address could call the public endpoints.
#[tokio::test]
async fn public_endpoints_are_rate_limited_per_address() {
    let p = TestPortal::start_configured(
        |c| {
            c.limits.public_per_address = Rate {
                burst: 3,
                per_minute: 1,
            };
        },
        accounts,
    )
    .await;
    for _ in 0..3 {
        assert_eq!(
            login(&p, "nadie@gmail.com", "x").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let r = login(&p, "nadie@gmail.com", "x").await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    assert_eq!(json(r).await["error"]["code"], "rate_limited");
    // Each endpoint has its own budget; the JSON and HTML confirmations share one.
    let request = || {
        p.anonymous(Method::POST, "/api/v1/public/password-reset-requests")
            .json(&json!({"email": "nadie@gmail.com"}))
            .send()
    };
    for _ in 0..3 {
        assert_eq!(request().await.unwrap().status(), StatusCode::ACCEPTED);
    }
    assert_eq!(
        request().await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    let token = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    for _ in 0..3 {
        let r = p
            .anonymous(
                Method::POST,
                &format!("/api/v1/public/password-resets/{token}"),
            )
            .json(&json!({"email": "a@b.co", "new_password": "Nueva.Clave1"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::GONE);
    }
    let r = p
        .anonymous(Method::POST, &format!("/cv/recordar/contrasena/{token}"))
        .form(&[
            ("email", "a@b.co"),
            ("password", "Nueva.Clave1"),
            ("password_confirm", "Nueva.Clave1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // Operators are not behind the public budget.
    assert_eq!(
        p.agent(Method::GET, "/api/v1/users/1")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

// Hole 5: a public «Enviar Correo» spent the budget of the operators' resends.
#[tokio::test]
async fn public_requests_do_not_spend_the_operators_budget() {
    let p = TestPortal::start_with(accounts).await;
    let r = p
        .anonymous(Method::POST, "/api/v1/public/password-reset-requests")
        .json(&json!({"email": "jose.nunez@gmail.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while p.emails().is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(p.emails().len(), 1, "the public request sent its link");
    let send = |key: &'static str| {
        p.agent(Method::POST, "/api/v1/users/1/reset-links")
            .header("Idempotency-Key", key)
            .send()
    };
    let r = send("k1").await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::ACCEPTED,
        "{}",
        r.text().await.unwrap()
    );
    // Still idempotent, and the operators' own cooldown still holds.
    assert_eq!(
        send("k1").await.unwrap().headers()["idempotent-replayed"],
        "true"
    );
    assert_eq!(
        send("k2").await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(p.emails().len(), 2);
    // The public side keeps its own cooldown per email.
    let before = kinds(&p, 1)
        .await
        .iter()
        .filter(|k| *k == "reset_link_sent")
        .count();
    p.anonymous(Method::POST, "/api/v1/public/password-reset-requests")
        .json(&json!({"email": "jose.nunez@gmail.com"}))
        .send()
        .await
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while kinds(&p, 1)
        .await
        .iter()
        .filter(|k| *k == "reset_requested")
        .count()
        < 2
        && std::time::Instant::now() < deadline
    {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(
        kinds(&p, 1)
            .await
            .iter()
            .filter(|k| *k == "reset_link_sent")
            .count(),
        before
    );
}

async fn send_link(p: &TestPortal) -> String {
    let r = p
        .agent(Method::POST, "/api/v1/users/1/reset-links")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    token_in(p.emails().last().unwrap())
}

// Hole 13: the reset page was cacheable and frameable, and leaked its token in Referer.
#[tokio::test]
async fn pages_and_answers_with_tokens_or_personal_data_are_hardened() {
    let p = TestPortal::start_with(accounts).await;
    let token = send_link(&p).await;
    let check = |r: &reqwest::Response, what: &str| {
        let h = r.headers();
        assert_eq!(h["cache-control"], "no-store", "{what}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{what}");
        assert_eq!(h["x-frame-options"], "DENY", "{what}");
        let csp = h["content-security-policy"].to_str().unwrap();
        for directive in [
            "default-src 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(directive), "{what}: {csp}");
        }
    };
    let page = format!("/cv/recordar/contrasena/{token}");
    let r = p.anonymous(Method::GET, &page).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    check(&r, "reset page");
    let r = p
        .anonymous(
            Method::GET,
            "/cv/recordar/contrasena/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .send()
        .await
        .unwrap();
    check(&r, "gone page");
    let r = p
        .agent(Method::GET, "/api/v1/users/1")
        .send()
        .await
        .unwrap();
    check(&r, "user detail");
    let r = p
        .agent(Method::GET, "/api/v1/users?q=jose")
        .send()
        .await
        .unwrap();
    check(&r, "search");
    let r = login(&p, "nadie@gmail.com", "x").await;
    check(&r, "login refusal");
}

// Hole 13: a HEAD (mail scanners, link previews) marked the link as opened.
#[tokio::test]
async fn head_on_the_reset_page_changes_nothing() {
    let p = TestPortal::start_with(accounts).await;
    let token = send_link(&p).await;
    let page = format!("/cv/recordar/contrasena/{token}");
    for _ in 0..3 {
        let r = p.anonymous(Method::HEAD, &page).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    assert_eq!(
        kinds(&p, 1).await,
        ["reset_link_sent"],
        "HEAD opened nothing"
    );
    let r = p.anonymous(Method::GET, &page).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(kinds(&p, 1).await, ["reset_link_opened", "reset_link_sent"]);
    let r = p
        .anonymous(
            Method::POST,
            &format!("/api/v1/public/password-resets/{token}"),
        )
        .json(&json!({"email": "jose.nunez@gmail.com", "new_password": "Nueva.Clave1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT, "the link still works");
}

// Hole 13: whoever held a link could try emails on it forever.
#[tokio::test]
async fn a_link_dies_after_five_email_mismatches() {
    let p = TestPortal::start_with(accounts).await;
    let token = send_link(&p).await;
    let confirm = |email: &'static str| {
        p.anonymous(
            Method::POST,
            &format!("/api/v1/public/password-resets/{token}"),
        )
        .json(&json!({"email": email, "new_password": "Nueva.Clave1"}))
        .send()
    };
    for i in 0..5 {
        let r = confirm("otra.persona@gmail.com").await.unwrap();
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "try {i}");
        assert_eq!(
            json(r).await["error"]["details"]["reason"],
            "email_mismatch"
        );
    }
    let r = confirm("jose.nunez@gmail.com").await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::GONE,
        "dead even with the right email"
    );
    assert_eq!(json(r).await["error"]["code"], "gone");
    let r = p
        .anonymous(Method::GET, &format!("/cv/recordar/contrasena/{token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::GONE);
}

// Hole 3: a confirmation hashed the new password before looking at the token.
#[tokio::test]
async fn a_confirmation_with_a_used_link_never_reaches_the_pool() {
    let p = TestPortal::start_configured(
        |c| {
            c.limits.hash_workers = 1;
            c.limits.hash_queue = 0;
        },
        accounts,
    )
    .await;
    let token = send_link(&p).await;
    let confirm = || {
        p.anonymous(
            Method::POST,
            &format!("/api/v1/public/password-resets/{token}"),
        )
        .json(&json!({"email": "jose.nunez@gmail.com", "new_password": "Nueva.Clave1"}))
        .send()
    };
    let held = p.running.state.guards.hashing.admit().unwrap();
    assert_eq!(
        confirm().await.unwrap().status(),
        StatusCode::SERVICE_UNAVAILABLE,
        "a valid one waits for argon2"
    );
    // The form answers a page a person can read, not JSON.
    let page = format!("/cv/recordar/contrasena/{token}");
    let (cookie, csrf) = support::form_csrf(&p, &page).await;
    let r = p
        .anonymous(Method::POST, &page)
        .header("cookie", cookie)
        .form(&[
            ("email", "jose.nunez@gmail.com"),
            ("password", "Nueva.Clave1"),
            ("password_confirm", "Nueva.Clave1"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers()["retry-after"], "1");
    assert!(r.text().await.unwrap().contains("intenta de nuevo"));
    drop(held);
    assert_eq!(confirm().await.unwrap().status(), StatusCode::NO_CONTENT);
    let _held = p.running.state.guards.hashing.admit().unwrap();
    assert_eq!(
        confirm().await.unwrap().status(),
        StatusCode::GONE,
        "a used one does not"
    );
}
