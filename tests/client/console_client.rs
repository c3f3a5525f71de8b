//! The console's portal client against the real reference portal over HTTP.

use crate::support;

use std::time::Duration;

use helpdesk::api;
use helpdesk::api::{UserStatus, VerificationRequest};
use helpdesk::client::{ClientConfig, PortalClient, PortalError};
use support::{TestPortal, contract_proxy, start_time};

async fn seeded() -> TestPortal {
    TestPortal::start_with(|db| {
        helpdesk::portal::seed::seed_demo_if_empty(db, 20, start_time()).expect("seed");
    })
    .await
}

/// A client whose every answer is checked against the contract on the way (see `support`).
async fn client(portal: &TestPortal, token: &str) -> PortalClient {
    let url = contract_proxy(&portal.running.base_url).await;
    PortalClient::new(&url, token, ClientConfig::default()).expect("client")
}

#[tokio::test]
async fn searches_reads_and_acts_like_an_operator() {
    let portal = seeded().await;
    let c = client(&portal, &portal.agent_token).await;
    assert_eq!(c.call(&api::Me).await.unwrap().name, "Ana Agente");

    let by_doc = c.search_users("80123456", 50).await.unwrap();
    assert_eq!(by_doc.items.len(), 1);
    let carlos = &by_doc.items[0];
    assert_eq!(carlos.full_name, "Carlos Andrés Pérez Gómez");
    assert_eq!(carlos.status, UserStatus::Locked);
    assert!(
        !carlos.email_masked.contains("carlos.perez"),
        "email must come masked"
    );

    let by_name = c.search_users("jose nunez", 50).await.unwrap();
    assert!(
        by_name
            .items
            .iter()
            .any(|u| u.full_name == "José Núñez Peña")
    );

    let timeline = c
        .call(&api::UserTimeline {
            user_id: carlos.id,
            limit: 50,
        })
        .await
        .unwrap()
        .items;
    assert!(timeline.len() >= 6, "five failed logins and the lock");
    assert!(
        timeline.windows(2).all(|w| w[0].id > w[1].id),
        "newest first"
    );

    // Unlock is refused before a verification, in the contract's terms.
    let refused = c
        .call(&api::UnlockUser {
            user_id: carlos.id,
            idempotency_key: "k-unlock-1".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(
        refused.code(),
        Some(helpdesk::api::ErrorCode::VerificationRequired)
    );

    let wrong = VerificationRequest {
        document_number: "80123456".into(),
        birth_date: "1985-02-28".into(),
    };
    let miss = c
        .call(&api::VerifyUser {
            user_id: carlos.id,
            idempotency_key: "k-verify-1".into(),
            request: wrong.clone(),
        })
        .await
        .unwrap();
    assert!(!miss.matched);
    assert_eq!(miss.attempts_left, 2);
    let right = VerificationRequest {
        birth_date: "1985-02-27".into(),
        ..wrong
    };
    let hit = c
        .call(&api::VerifyUser {
            user_id: carlos.id,
            idempotency_key: "k-verify-2".into(),
            request: right.clone(),
        })
        .await
        .unwrap();
    assert!(hit.matched && hit.valid_until.is_some());
    assert_eq!(
        c.call(&api::UnlockUser {
            user_id: carlos.id,
            idempotency_key: "k-unlock-2".into()
        })
        .await
        .unwrap()
        .status,
        UserStatus::Active
    );
    assert_eq!(
        c.call(&api::GetUser { user_id: carlos.id })
            .await
            .unwrap()
            .summary
            .status,
        UserStatus::Active
    );
}

#[tokio::test]
async fn a_retried_action_keeps_its_key_and_a_second_link_is_rate_limited() {
    let portal = seeded().await;
    let c = client(&portal, &portal.agent_token).await;
    let diana = c.search_users("43876543", 5).await.unwrap().items.remove(0);
    let first = c
        .call(&api::SendResetLink {
            user_id: diana.id,
            idempotency_key: "same-key".into(),
        })
        .await
        .unwrap();
    let again = c
        .call(&api::SendResetLink {
            user_id: diana.id,
            idempotency_key: "same-key".into(),
        })
        .await
        .unwrap();
    assert_eq!(first, again, "the same key is the same action");
    assert_eq!(portal.emails().len(), 1, "one email, not two");
    match c
        .call(&api::SendResetLink {
            user_id: diana.id,
            idempotency_key: "another-key".into(),
        })
        .await
    {
        Err(PortalError::RateLimited { retry_after, .. }) => {
            assert!((1..=60).contains(&retry_after), "{retry_after}")
        }
        other => panic!("expected 429, got {other:?}"),
    }
}

#[tokio::test]
async fn errors_are_typed() {
    let portal = seeded().await;
    let bad = client(&portal, "not-a-token").await;
    assert_eq!(
        bad.call(&api::Me).await.unwrap_err(),
        PortalError::Unauthorized
    );
    let c = client(&portal, &portal.agent_token).await;
    assert_eq!(
        c.call(&api::GetUser { user_id: 999_999 })
            .await
            .unwrap_err(),
        PortalError::NotFound
    );

    // A refused field comes back named, for the form to mark it (and its answer is checked
    // against the contract on the way: `details.field` and `details.rule`).
    let carlos = c.search_users("80123456", 5).await.unwrap().items.remove(0);
    let odd = VerificationRequest {
        document_number: "80123456".into(),
        birth_date: "el 27 de febrero".into(),
    };
    match c
        .call(&api::VerifyUser {
            user_id: carlos.id,
            idempotency_key: "k-verify-odd".into(),
            request: odd.clone(),
        })
        .await
    {
        Err(PortalError::Api {
            status: 422,
            field: Some(problem),
            ..
        }) => assert_eq!(
            problem,
            helpdesk::api::FieldProblem {
                field: "birth_date".into(),
                rule: helpdesk::api::FieldRule::Format,
            }
        ),
        other => panic!("expected a 422 naming birth_date, got {other:?}"),
    }

    // A port nobody listens on: retried, then Offline.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let config = ClientConfig {
        get_attempts: 2,
        backoff_base: Duration::from_millis(10),
        ..ClientConfig::default()
    };
    let offline = PortalClient::new(&dead, "t", config).unwrap();
    let started = std::time::Instant::now();
    assert!(matches!(
        offline.call(&api::Me).await,
        Err(PortalError::Offline(_))
    ));
    assert!(
        started.elapsed() >= Duration::from_millis(10),
        "it backed off before retrying"
    );
}

#[tokio::test]
async fn hostile_names_are_sanitised_on_the_way_in() {
    let portal = seeded().await;
    let c = client(&portal, &portal.agent_token).await;
    let found = c.search_users("5550001", 5).await.unwrap();
    let name = &found.items[0].full_name;
    assert!(name.contains("Hostil"), "{name}");
    for ch in name.chars() {
        assert!(
            !helpdesk::domain::sanitize::is_dangerous(ch, false),
            "{ch:?} in {name:?}"
        );
    }
    let detail = c
        .call(&api::GetUser {
            user_id: found.items[0].id,
        })
        .await
        .unwrap();
    assert_eq!(&detail.summary.full_name, name);
}
