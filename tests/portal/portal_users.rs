//! Users, verification and reset links over real HTTP.

use crate::support;

use reqwest::{Method, StatusCode};
use support::{TestPortal, insert_jose, insert_user, json};

#[tokio::test]
async fn health_needs_no_token_and_me_does() {
    let p = TestPortal::start().await;
    let r = p
        .anonymous(Method::GET, "/api/v1/health")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = p.anonymous(Method::GET, "/api/v1/me").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json(r).await["error"]["code"], "unauthorized");
    let me = json(p.agent(Method::GET, "/api/v1/me").send().await.unwrap()).await;
    assert_eq!(me["name"], "Ana Agente");
    assert_eq!(me["role"], "agent");
}

#[tokio::test]
async fn search_finds_by_name_without_accents_and_masks() {
    let p = TestPortal::start_with(|db| {
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
    })
    .await;
    let page = json(
        p.agent(Method::GET, "/api/v1/users?q=jose%20nunez")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 1, "{page}");
    assert_eq!(items[0]["full_name"], "José Núñez Peña");
    assert_eq!(items[0]["email_masked"], "j****z@gmail.com");
    assert_eq!(items[0]["document_masked"], "******4050");
    assert_eq!(items[0]["phone_masked"], "******4567");
    let body = page.to_string();
    assert!(!body.contains("1020304050") && !body.contains("jose.nunez@"));
}

fn two_users(db: &helpdesk::portal::db::Db) {
    insert_jose(db);
    insert_user(
        db,
        "52000111",
        "María Gómez",
        "maria@correo.co",
        "3109876543",
        "1985-01-02",
        "locked",
    );
}

#[tokio::test]
async fn search_by_document_email_prefix_phone_and_status() {
    let p = TestPortal::start_with(two_users).await;
    let names = |v: serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["full_name"].as_str().unwrap().to_string())
            .collect()
    };
    let get = |q: &'static str| p.agent(Method::GET, q).send();
    assert_eq!(
        names(json(get("/api/v1/users?q=1020304050").await.unwrap()).await),
        ["José Núñez Peña"]
    );
    assert_eq!(
        names(json(get("/api/v1/users?q=1.020.304.050").await.unwrap()).await),
        ["José Núñez Peña"]
    );
    assert_eq!(
        names(json(get("/api/v1/users?q=MARIA@").await.unwrap()).await),
        ["María Gómez"]
    );
    assert_eq!(
        names(json(get("/api/v1/users?q=jose.nu").await.unwrap()).await),
        ["José Núñez Peña"]
    );
    assert_eq!(
        names(json(get("/api/v1/users?q=310%20987%206543").await.unwrap()).await),
        ["María Gómez"]
    );
    assert_eq!(
        names(json(get("/api/v1/users?q=%2B573109876543").await.unwrap()).await),
        ["María Gómez"]
    );
    assert_eq!(
        names(json(get("/api/v1/users?status=locked").await.unwrap()).await),
        ["María Gómez"]
    );
    assert_eq!(
        names(json(get("/api/v1/users?q=GOMEZ").await.unwrap()).await),
        ["María Gómez"]
    );
    assert!(names(json(get("/api/v1/users?q=zzzz").await.unwrap()).await).is_empty());
}

#[tokio::test]
async fn pages_follow_the_cursor_without_gaps_or_repeats() {
    let p = TestPortal::start_with(|db| {
        for i in 0..7 {
            insert_user(
                db,
                &format!("10000{i}"),
                &format!("Persona Prueba {i}"),
                &format!("p{i}@x.co"),
                &format!("300000000{i}"),
                "1990-01-01",
                "active",
            );
        }
    })
    .await;
    let mut seen = Vec::new();
    let mut url = "/api/v1/users?q=persona&limit=3".to_string();
    loop {
        let page = json(p.agent(Method::GET, &url).send().await.unwrap()).await;
        for u in page["items"].as_array().unwrap() {
            seen.push(u["id"].as_i64().unwrap());
        }
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/users?q=persona&limit=3&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, (1..=7).collect::<Vec<i64>>());
}

#[tokio::test]
async fn detail_and_timeline_are_masked_and_newest_first() {
    let p = TestPortal::start_with(two_users).await;
    let d = json(
        p.agent(Method::GET, "/api/v1/users/1")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(d["full_name"], "José Núñez Peña");
    assert_eq!(d["email_masked"], "j****z@gmail.com");
    assert_eq!(d["email_bounced"], false);
    assert!(
        !d.to_string().contains("1990-05-17"),
        "the birth date never leaves the portal"
    );
    let r = p
        .agent(Method::POST, "/api/v1/users/1/reset-links")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    p.advance(jiff::SignedDuration::from_secs(61));
    p.agent(Method::POST, "/api/v1/users/1/verifications")
        .json(&serde_json::json!({"document_number": "1020304050", "birth_date": "1990-05-17"}))
        .send()
        .await
        .unwrap();
    let t = json(
        p.agent(Method::GET, "/api/v1/users/1/timeline")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let kinds: Vec<&str> = t["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["verification_succeeded", "reset_link_sent"]);
    assert_eq!(t["items"][1]["actor"]["name"], "Ana Agente");
    let r = p
        .agent(Method::GET, "/api/v1/users/999")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let r = p
        .agent(Method::GET, "/api/v1/users/999/timeline")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn verification_matches_misses_and_locks_after_three() {
    let p = TestPortal::start_with(two_users).await;
    let verify = |doc: &'static str, birth: &'static str| {
        p.agent(Method::POST, "/api/v1/users/1/verifications")
            .json(&serde_json::json!({"document_number": doc, "birth_date": birth}))
            .send()
    };
    let ok = json(verify("1020304050", "17/05/1990").await.unwrap()).await;
    assert_eq!(ok["matched"], true);
    let miss = json(verify("1020304050", "1990-05-18").await.unwrap()).await;
    assert_eq!(
        (miss["matched"].clone(), miss["attempts_left"].clone()),
        (false.into(), 2.into())
    );
    let miss = json(verify("999", "1990-05-17").await.unwrap()).await;
    assert_eq!(miss["attempts_left"], 1);
    let locked = json(verify("1", "2000-01-01").await.unwrap()).await;
    assert_eq!(locked["attempts_left"], 0);
    assert!(locked["locked_until"].is_string());
    // Locked: even the right answer is refused, with Retry-After.
    let r = verify("1020304050", "1990-05-17").await.unwrap();
    assert_eq!(r.status(), StatusCode::LOCKED);
    assert!(r.headers().get("retry-after").is_some());
    assert_eq!(json(r).await["error"]["code"], "verification_locked");
    p.advance(jiff::SignedDuration::from_mins(31));
    assert_eq!(
        json(verify("1020304050", "1990-05-17").await.unwrap()).await["matched"],
        true
    );
    let r = verify("1020304050", "not a date").await.unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn unlock_needs_a_recent_verification() {
    let p = TestPortal::start_with(two_users).await;
    let unlock = || p.agent(Method::POST, "/api/v1/users/2/unlock").send();
    let r = unlock().await.unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(json(r).await["error"]["code"], "verification_required");
    p.agent(Method::POST, "/api/v1/users/2/verifications")
        .json(&serde_json::json!({"document_number": "52000111", "birth_date": "1985-01-02"}))
        .send()
        .await
        .unwrap();
    p.advance(jiff::SignedDuration::from_mins(16));
    assert_eq!(
        unlock().await.unwrap().status(),
        StatusCode::CONFLICT,
        "a verification is valid 15 minutes"
    );
    p.agent(Method::POST, "/api/v1/users/2/verifications")
        .json(&serde_json::json!({"document_number": "52000111", "birth_date": "1985-01-02"}))
        .send()
        .await
        .unwrap();
    let r = unlock().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(json(r).await["status"], "active");
    let d = json(
        p.agent(Method::GET, "/api/v1/users/2")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(d["status"], "active");
}

#[tokio::test]
async fn a_call_outcome_lands_in_the_timeline_and_the_audit_once() {
    let portal = TestPortal::start_with(|db| {
        helpdesk::portal::seed::seed_demo_if_empty(db, 5, support::start_time()).expect("seed");
    })
    .await;
    let found = support::json(
        portal
            .agent(reqwest::Method::GET, "/api/v1/users?q=52987123")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let id = found["items"][0]["id"].as_i64().unwrap();
    let path = format!("/api/v1/users/{id}/call-outcomes");
    let body =
        serde_json::json!({"outcome": "resuelto", "note": "cambió la contraseña con la guía"});
    for _ in 0..2 {
        let resp = portal
            .agent(reqwest::Method::POST, &path)
            .header("Idempotency-Key", "outcome-1")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 201);
    }
    let bad = portal
        .agent(reqwest::Method::POST, &path)
        .json(&serde_json::json!({"outcome": "whatever"}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 422);
    let timeline = support::json(
        portal
            .agent(
                reqwest::Method::GET,
                &format!("/api/v1/users/{id}/timeline"),
            )
            .send()
            .await
            .unwrap(),
    )
    .await;
    let outcomes: Vec<_> = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "call_outcome_recorded")
        .collect();
    assert_eq!(outcomes.len(), 1, "the retried record landed once");
    assert_eq!(outcomes[0]["data"]["status"], "resuelto");
    assert_eq!(
        outcomes[0]["data"]["note"],
        "cambió la contraseña con la guía"
    );
    let audit = support::json(
        portal
            .supervisor(reqwest::Method::GET, "/api/v1/audit")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["action"] == "user.call_outcome")
    );
}
