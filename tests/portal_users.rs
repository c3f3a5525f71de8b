//! Users, verification and reset links over real HTTP.

mod support;

use reqwest::{Method, StatusCode};
use support::{TestPortal, insert_user, json};

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
        insert_user(
            db,
            "1020304050",
            "José Núñez Peña",
            "jose.nunez@gmail.com",
            "3001234567",
            "1990-05-17",
            "active",
        );
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
