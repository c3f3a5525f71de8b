//! Reset links, the public reset flow and login, over real HTTP with a manual clock.

use crate::support;

use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::json;
use support::{TestPortal, form_csrf, insert_jose, insert_user, json, token_in};

fn users(db: &helpdesk::portal::db::Db) {
    insert_jose(db);
    insert_user(
        db,
        "52000111",
        "Pedro Inactivo",
        "pedro@correo.co",
        "3109876543",
        "1985-01-02",
        "disabled",
    );
    insert_user(
        db,
        "79111222",
        "Laura Rebote",
        "laura@buzon-inexistente.co",
        "3201112233",
        "1979-03-04",
        "active",
    );
}

async fn send_link(p: &TestPortal, user: i64, key: Option<&str>) -> reqwest::Response {
    let mut req = p.agent(Method::POST, &format!("/api/v1/users/{user}/reset-links"));
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    req.send().await.unwrap()
}

async fn confirm(p: &TestPortal, token: &str, email: &str, password: &str) -> reqwest::Response {
    p.anonymous(
        Method::POST,
        &format!("/api/v1/public/password-resets/{token}"),
    )
    .json(&json!({"email": email, "new_password": password}))
    .send()
    .await
    .unwrap()
}

async fn kinds(p: &TestPortal, user: i64) -> Vec<String> {
    let t = json(
        p.agent(Method::GET, &format!("/api/v1/users/{user}/timeline"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    t["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_email_is_the_guides_and_the_token_is_stored_hashed() {
    let p = TestPortal::start_with(users).await;
    let r = send_link(&p, 1, None).await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let body = json(r).await;
    assert_eq!(body["email_masked"], "j****z@gmail.com");
    let emails = p.emails();
    assert_eq!(emails.len(), 1);
    let email = &emails[0];
    assert!(email.contains("From: AccionPlus <"), "{email}");
    assert!(email.contains("Subject: restablecer acceso"), "{email}");
    assert!(email.contains("To: jose.nunez@gmail.com"), "{email}");
    assert!(
        email.contains("Recibimos una solicitud de restauraci"),
        "{email}"
    );
    let token = token_in(email);
    assert!(token.bytes().all(|b| b.is_ascii_alphanumeric()) && token.len() == 32);
    assert!(email.contains(&format!(
        "{}/cv/recordar/contrasena/{token}",
        p.running.base_url
    )));
    // Nothing in the database holds the token itself.
    let db = std::fs::read(p.dir.path().join("portal.db")).unwrap();
    let wal = std::fs::read(p.dir.path().join("portal.db-wal")).unwrap_or_default();
    for bytes in [db, wal] {
        assert!(
            !bytes.windows(32).any(|w| w == token.as_bytes()),
            "plain token at rest"
        );
    }
}

#[tokio::test]
async fn a_link_works_once_and_a_new_link_voids_the_old() {
    let p = TestPortal::start_with(users).await;
    send_link(&p, 1, None).await;
    let first = token_in(&p.emails()[0]);
    p.advance(SignedDuration::from_secs(61));
    send_link(&p, 1, None).await;
    let second = token_in(&p.emails()[1]);
    assert_ne!(first, second);
    let r = confirm(&p, &first, "jose.nunez@gmail.com", "Nueva.Clave1").await;
    assert_eq!(r.status(), StatusCode::GONE, "the older link was voided");
    let r = confirm(&p, &second, "JOSE.NUNEZ@gmail.com", "Nueva.Clave1").await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = confirm(&p, &second, "jose.nunez@gmail.com", "Otra.Clave2").await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(json(r).await["error"]["details"]["reason"], "already_used");
    // The change sent a notice, and the new password logs in.
    assert!(p.emails().last().unwrap().contains("fue cambiada"));
    let r = p
        .anonymous(Method::POST, "/api/v1/public/login")
        .json(&json!({"email": "jose.nunez@gmail.com", "password": "Nueva.Clave1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let k = kinds(&p, 1).await;
    assert_eq!(
        &k[..3],
        [
            "login_succeeded",
            "reset_attempt_failed",
            "password_changed"
        ]
    );
}

async fn revoke(p: &TestPortal, user: i64, key: &str) -> reqwest::Response {
    p.agent(
        Method::POST,
        &format!("/api/v1/users/{user}/reset-links/revoke"),
    )
    .header("Idempotency-Key", key)
    .send()
    .await
    .unwrap()
}

#[tokio::test]
async fn an_operator_revokes_the_pending_links_and_they_stop_working() {
    let p = TestPortal::start_with(users).await;
    send_link(&p, 1, None).await;
    let token = token_in(&p.emails()[0]);
    let r = revoke(&p, 1, "revoke-1").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json(r).await, json!({"revoked": 1}));
    let r = confirm(&p, &token, "jose.nunez@gmail.com", "Nueva.Clave1").await;
    assert_eq!(
        r.status(),
        StatusCode::GONE,
        "a revoked link no longer works"
    );
    // The same key is the same answer; a new one finds nothing left to void.
    let again = revoke(&p, 1, "revoke-1").await;
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(json(again).await, json!({"revoked": 1}));
    assert_eq!(
        json(revoke(&p, 1, "revoke-2").await).await,
        json!({"revoked": 0})
    );
    let audit = support::audit_items(&p).await;
    let revocations: Vec<_> = audit
        .iter()
        .filter(|a| a["action"] == "user.reset_revoke")
        .map(|a| (a["target"].as_str(), a["outcome"].as_str()))
        .collect();
    assert_eq!(revocations, [(Some("user:1"), Some("ok")); 2]);
    // The user's timeline says it once, with how many and by whom; the replay and the «none
    // left» add nothing.
    let timeline = json(
        p.agent(Method::GET, "/api/v1/users/1/timeline")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let voided: Vec<_> = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "reset_links_voided")
        .collect();
    assert_eq!(voided.len(), 1, "{timeline}");
    assert_eq!(voided[0]["data"]["count"], 1);
    assert_eq!(voided[0]["actor"]["kind"], "operator", "{}", voided[0]);
    // An unknown user is a 404, never a «0 voided».
    assert_eq!(
        revoke(&p, 999, "revoke-3").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn links_expire_after_sixty_minutes() {
    let p = TestPortal::start_with(users).await;
    send_link(&p, 1, None).await;
    let token = token_in(&p.emails()[0]);
    p.advance(SignedDuration::from_mins(61));
    let r = confirm(&p, &token, "jose.nunez@gmail.com", "Nueva.Clave1").await;
    assert_eq!(r.status(), StatusCode::GONE);
    assert_eq!(json(r).await["error"]["details"]["reason"], "expired");
    let page = p
        .anonymous(Method::GET, &format!("/cv/recordar/contrasena/{token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::GONE);
}

#[tokio::test]
async fn cooldown_and_hourly_limit_answer_429_with_retry_after() {
    let p = TestPortal::start_with(users).await;
    assert_eq!(send_link(&p, 1, None).await.status(), StatusCode::ACCEPTED);
    p.advance(SignedDuration::from_secs(20));
    let r = send_link(&p, 1, None).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers()["retry-after"], "40");
    assert_eq!(json(r).await["error"]["details"]["retry_after_seconds"], 40);
    for _ in 0..4 {
        p.advance(SignedDuration::from_secs(61));
        assert_eq!(send_link(&p, 1, None).await.status(), StatusCode::ACCEPTED);
    }
    p.advance(SignedDuration::from_secs(61));
    let r = send_link(&p, 1, None).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS, "five an hour");
    let wait: u64 = r.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait > 60 && wait <= 3600 - 5 * 61 + 61, "{wait}");
    assert_eq!(p.emails().len(), 5);
}

#[tokio::test]
async fn the_same_idempotency_key_sends_once_even_concurrently() {
    let p = TestPortal::start_with(users).await;
    let answers =
        futures::future::join_all((0..8).map(|_| send_link(&p, 1, Some("key-123")))).await;
    let mut bodies = Vec::new();
    for r in answers {
        assert_eq!(r.status(), StatusCode::ACCEPTED);
        bodies.push(json(r).await);
    }
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "every retry gets the first answer"
    );
    assert_eq!(p.emails().len(), 1);
    // Past the cooldown, a new key is a new action.
    p.advance(SignedDuration::from_secs(61));
    assert_eq!(
        send_link(&p, 1, Some("key-456")).await.status(),
        StatusCode::ACCEPTED
    );
    assert_eq!(p.emails().len(), 2);
    // The same key for another user is a client error.
    let r = send_link(&p, 3, Some("key-456")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn disabled_accounts_and_bouncing_addresses_are_refused() {
    let p = TestPortal::start_with(users).await;
    let r = send_link(&p, 2, None).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(json(r).await["error"]["code"], "account_disabled");
    // Laura's mail server answers the first link with a delivery report (5.1.1).
    support::mail::bounce_address(&p, 3).await;
    let r = send_link(&p, 3, None).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(r).await["error"]["code"], "address_bounced");
    let r = send_link(&p, 3, None).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        kinds(&p, 3).await,
        ["mail_bounced", "reset_link_sent"],
        "one bounce recorded, for the one link that left"
    );
    assert_eq!(p.emails().len(), 1, "no link after the bounce");
    let d = json(
        p.agent(Method::GET, "/api/v1/users/3")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(d["email_bounced"], true);
}

#[tokio::test]
async fn every_policy_rule_is_reported_and_recorded() {
    let p = TestPortal::start_with(users).await;
    send_link(&p, 1, None).await;
    let token = token_in(&p.emails()[0]);
    let cases: &[(&str, &[&str])] = &[
        ("Ab1.", &["too_short"]),
        ("Abcdefgh1.Abcdefgh1.Abcdefgh1.Abcdefgh1.X", &["too_long"]),
        ("ABCDEFG1.", &["missing_lowercase"]),
        ("abcdefg1.", &["missing_uppercase"]),
        ("Abcdefgh.", &["missing_digit"]),
        ("Abcdefg1@", &["missing_special"]),
        ("Abcdefg1!", &["missing_special"]),
        ("Abcdefg1_", &["missing_special"]),
        (
            "abc",
            &[
                "too_short",
                "missing_uppercase",
                "missing_digit",
                "missing_special",
            ],
        ),
    ];
    for (password, rules) in cases {
        let r = confirm(&p, &token, "jose.nunez@gmail.com", password).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{password}");
        let body = json(r).await;
        assert_eq!(
            body["error"]["details"]["rules"],
            json!(rules),
            "{password}"
        );
    }
    let t = json(
        p.agent(Method::GET, "/api/v1/users/1/timeline")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let at_sign = &t["items"].as_array().unwrap()[3];
    assert_eq!(at_sign["kind"], "reset_attempt_failed");
    assert_eq!(at_sign["data"]["rules"], json!(["missing_special"]));
    assert_eq!(at_sign["data"]["not_special_used"], "@");
    assert!(
        !t.to_string().contains("Abcdefg1"),
        "the password is never recorded"
    );
    // Wrong email on the page: refused, token still valid.
    let r = confirm(&p, &token, "otro@gmail.com", "Valida.123").await;
    assert_eq!(
        json(r).await["error"]["details"]["reason"],
        "email_mismatch"
    );
    assert_eq!(
        confirm(&p, &token, "jose.nunez@gmail.com", "Valida{123")
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn the_public_request_does_not_reveal_which_emails_exist() {
    let p = TestPortal::start_with(users).await;
    let mut known_ms = Vec::new();
    let mut unknown_ms = Vec::new();
    let mut bodies = Vec::new();
    for i in 0..12 {
        for (email, times) in [
            ("jose.nunez@gmail.com", &mut known_ms),
            ("nadie@gmail.com", &mut unknown_ms),
        ] {
            let start = std::time::Instant::now();
            let r = p
                .anonymous(Method::POST, "/api/v1/public/password-reset-requests")
                .json(&json!({"email": email}))
                .send()
                .await
                .unwrap();
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            assert_eq!(r.status(), StatusCode::ACCEPTED);
            bodies.push(r.text().await.unwrap());
        }
        if i == 0 {
            p.advance(SignedDuration::from_secs(1));
        }
    }
    assert!(
        bodies.windows(2).all(|w| w[0] == w[1]),
        "same body for known and unknown"
    );
    known_ms.sort_by(f64::total_cmp);
    unknown_ms.sort_by(f64::total_cmp);
    let (k, u) = (known_ms[6], unknown_ms[6]);
    assert!((k - u).abs() < 25.0, "median {k:.2} ms vs {u:.2} ms");
    // The email is sent in the background, once (the cooldown swallows the repeats).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while p.emails().is_empty() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert_eq!(p.emails().len(), 1);
    let k = kinds(&p, 1).await;
    assert_eq!(
        k.iter().filter(|k| *k == "reset_requested").count(),
        12,
        "every press is on the timeline"
    );
    assert_eq!(k.iter().filter(|k| *k == "reset_link_sent").count(), 1);
    let r = p
        .anonymous(Method::POST, "/api/v1/public/password-reset-requests")
        .json(&json!({"email": "no es un correo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_reset_page_marks_the_link_opened_and_takes_the_form() {
    let p = TestPortal::start_with(users).await;
    send_link(&p, 1, None).await;
    let token = token_in(&p.emails()[0]);
    let path = format!("/cv/recordar/contrasena/{token}");
    for _ in 0..2 {
        let page = p.anonymous(Method::GET, &path).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let html = page.text().await.unwrap();
        assert!(html.contains("name=\"password_confirm\"") && html.contains("Correo electr"));
    }
    assert_eq!(
        kinds(&p, 1).await,
        ["reset_link_opened", "reset_link_sent"],
        "opened once"
    );
    let (cookie, csrf) = form_csrf(&p, &path).await;
    let form = |pw: &str, again: &str| {
        p.anonymous(Method::POST, &path)
            .header("cookie", &cookie)
            .form(&[
                ("email", "jose.nunez@gmail.com"),
                ("password", pw),
                ("password_confirm", again),
                ("csrf", &csrf),
            ])
            .send()
    };
    let r = form("Valida.123", "Valida.124").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap().contains("no coinciden"));
    let r = form("Valida@123", "Valida@123").await.unwrap();
    assert!(r.text().await.unwrap().contains("no cuentan"));
    let r = form("Valida#123", "Valida#123").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap().contains("Contraseña actualizada"));
    assert_eq!(
        p.anonymous(Method::GET, &path)
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::GONE
    );
    let r = p
        .anonymous(Method::GET, "/cv/recordar/contrasena/<script>")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::GONE);
}

#[tokio::test]
async fn five_failed_logins_lock_the_account_for_fifteen_minutes() {
    let p = TestPortal::start_with(users).await;
    send_link(&p, 1, None).await;
    let token = token_in(&p.emails()[0]);
    assert_eq!(
        confirm(&p, &token, "jose.nunez@gmail.com", "Buena.Clave1")
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let login = |pw: &'static str| {
        p.anonymous(Method::POST, "/api/v1/public/login")
            .json(&json!({"email": "jose.nunez@gmail.com", "password": pw}))
            .send()
    };
    for _ in 0..5 {
        assert_eq!(
            login("Mala.Clave1").await.unwrap().status(),
            StatusCode::UNAUTHORIZED
        );
    }
    // Locked: the same answer as a wrong password, even with the right one.
    let r = login("Buena.Clave1").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let locked_body = json(r).await;
    assert_eq!(locked_body["error"]["code"], "invalid_credentials");
    let d = json(
        p.agent(Method::GET, "/api/v1/users/1")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(d["status"], "locked", "the operator still sees the lock");
    assert!(d["locked_until"].is_string());
    p.advance(SignedDuration::from_mins(16));
    assert_eq!(
        login("Buena.Clave1").await.unwrap().status(),
        StatusCode::OK
    );
    // Unknown emails get the same answer as a wrong password.
    let r = p
        .anonymous(Method::POST, "/api/v1/public/login")
        .json(&json!({"email": "nadie@gmail.com", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(r).await, locked_body);
}

// Issue 22: anyone who knew the address could kill the link an operator had just sent (a public
// «Enviar Correo» voided it) while the operator walked the caller through the reset.
#[tokio::test]
async fn an_anonymous_request_never_voids_the_link_an_operator_sent() {
    let p = TestPortal::start_with(users).await;
    assert_eq!(send_link(&p, 1, None).await.status(), StatusCode::ACCEPTED);
    let operators = token_in(&p.emails()[0]);
    let public = p
        .anonymous(Method::POST, "/api/v1/public/password-reset-requests")
        .json(&json!({"email": "jose.nunez@gmail.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(public.status(), StatusCode::ACCEPTED);
    // The public request is processed in the background: wait for its email.
    let start = std::time::Instant::now();
    while p.emails().len() < 2 {
        assert!(start.elapsed() < std::time::Duration::from_secs(30));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let anonymous = token_in(&p.emails()[1]);
    assert_ne!(operators, anonymous);
    let r = confirm(&p, &operators, "jose.nunez@gmail.com", "Nueva.Clave1").await;
    assert_eq!(
        r.status(),
        StatusCode::NO_CONTENT,
        "the operator's link still works"
    );
    // Using one link voids the others, as ever.
    let r = confirm(&p, &anonymous, "jose.nunez@gmail.com", "Otra.Clave2").await;
    assert_eq!(r.status(), StatusCode::GONE);
}
