//! Authentication on every operator route, roles, the audit, and hostile input, over real HTTP.

use crate::support;

use helpdesk::portal::router::ROUTES;
use reqwest::{Method, StatusCode};
use serde_json::json;
use support::{Req, TestPortal, insert_jose, json};

fn one_user(db: &helpdesk::portal::db::Db) {
    insert_jose(db);
}

/// Routes anyone may call: health and readiness (for load balancers), the password policy (the
/// portal prints it on its own page), the public side and the caller's pages (`/` leads to
/// their login).
fn is_public(path: &str) -> bool {
    path == "/"
        || path == "/api/v1/health"
        || path == "/api/v1/ready"
        || path == "/api/v1/password-policy"
        || path.starts_with("/api/v1/public/")
        // Signed by the channel (X-Hub-Signature-256), not by an operator: tests/portal/whatsapp.rs.
        || path.starts_with("/api/v1/channels/")
        || path.starts_with("/cv/")
}

fn concrete(path: &str) -> String {
    path.replace("{id}", "1")
        .replace("{token}", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
}

#[tokio::test]
async fn every_operator_route_needs_a_valid_token() {
    let p = TestPortal::start_with(one_user).await;
    let operator_routes: Vec<_> = ROUTES.iter().filter(|(_, path)| !is_public(path)).collect();
    assert!(operator_routes.len() >= 8);
    for (method, path) in operator_routes {
        let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let url = p.url(&concrete(path));
        for auth in [
            None,
            Some("Bearer hdk_not-a-real-token"),
            Some("Basic YTpi"),
            Some("Bearer "),
        ] {
            let mut req = Req(p.http.request(method.clone(), &url)).json(&json!({}));
            if let Some(a) = auth {
                req = req.header("Authorization", a);
            }
            let r = req.send().await.unwrap();
            assert_eq!(
                r.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {path} with {auth:?}"
            );
            assert_eq!(json(r).await["error"]["code"], "unauthorized");
        }
    }
}

#[tokio::test]
async fn only_supervisors_read_the_audit() {
    let p = TestPortal::start_with(one_user).await;
    let r = p.agent(Method::GET, "/api/v1/audit").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(json(r).await["error"]["code"], "forbidden");
    let r = p
        .supervisor(Method::GET, "/api/v1/audit")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn every_operator_action_is_audited_with_its_request_id() {
    let p = TestPortal::start_with(one_user).await;
    let search = p
        .agent(Method::GET, "/api/v1/users?q=jose")
        .send()
        .await
        .unwrap();
    let search_id = search.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_string();
    p.agent(Method::GET, "/api/v1/users/1")
        .send()
        .await
        .unwrap();
    p.agent(Method::POST, "/api/v1/users/1/verifications")
        .json(&json!({"document_number": "1", "birth_date": "2000-01-01"}))
        .send()
        .await
        .unwrap();
    p.agent(Method::POST, "/api/v1/users/1/unlock")
        .send()
        .await
        .unwrap();
    p.agent(Method::POST, "/api/v1/users/1/reset-links")
        .send()
        .await
        .unwrap();
    let audit = json(
        p.supervisor(Method::GET, "/api/v1/audit")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let rows: Vec<(String, String, String)> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap().into(),
                r["outcome"].as_str().unwrap().into(),
                r["operator_name"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected = [
        ("user.reset_link", "ok"),
        ("user.unlock", "denied"),
        ("user.verify", "failed"),
        ("user.view", "ok"),
        ("user.search", "ok"),
    ];
    assert_eq!(rows.len(), expected.len(), "{rows:?}");
    for ((action, outcome, who), (ea, eo)) in rows.iter().zip(expected) {
        assert_eq!(
            (action.as_str(), outcome.as_str(), who.as_str()),
            (ea, eo, "Ana Agente")
        );
    }
    assert_eq!(audit["items"][4]["request_id"], search_id.as_str());
    assert_eq!(audit["items"][0]["target"], "user:1");
}

#[tokio::test]
async fn the_database_refuses_to_change_or_remove_audit_records() {
    let p = TestPortal::start_with(one_user).await;
    p.agent(Method::GET, "/api/v1/users?q=jose")
        .send()
        .await
        .unwrap();
    let conn = rusqlite::Connection::open(p.dir.path().join("portal.db")).unwrap();
    let count = |c: &rusqlite::Connection| {
        c.query_row("SELECT COUNT(*) FROM audit", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    assert_eq!(count(&conn), 1);
    let update = conn.execute(
        "UPDATE audit SET outcome = 'ok', operator_name = 'nadie'",
        [],
    );
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = conn.execute("DELETE FROM audit", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(count(&conn), 1);
}

#[tokio::test]
async fn malformed_bodies_get_the_json_error_shape_and_a_4xx() {
    let p = TestPortal::start_with(one_user).await;
    let post = |body: Vec<u8>, ctype: &'static str| {
        p.agent(Method::POST, "/api/v1/users/1/verifications")
            .header("content-type", ctype)
            .body(body)
            .send()
    };
    let cases: Vec<(Vec<u8>, &str, u16)> = vec![
        (b"{not json".to_vec(), "application/json", 400),
        (b"".to_vec(), "application/json", 400),
        (
            br#"{"document_number": 5, "birth_date": []}"#.to_vec(),
            "application/json",
            422,
        ),
        (
            br#"{"document_number": "1"}"#.to_vec(),
            "application/json",
            422,
        ),
        (
            vec![b'{', b'"', 0xff, 0xfe, b'"', b':', b'1', b'}'],
            "application/json",
            400,
        ),
        (
            br#"{"document_number":"1","birth_date":"2000-01-01"}"#.to_vec(),
            "text/plain",
            415,
        ),
        (
            format!(
                r#"{{"document_number":"{}","birth_date":"2000-01-01"}}"#,
                "9".repeat(70_000)
            )
            .into_bytes(),
            "application/json",
            413,
        ),
    ];
    for (body, ctype, status) in cases {
        let preview = String::from_utf8_lossy(&body[..body.len().min(40)]).to_string();
        let r = post(body, ctype).await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{preview}");
        let v = json(r).await;
        assert!(
            v["error"]["code"].is_string() && v["error"]["message"].is_string(),
            "{v}"
        );
    }
}

#[tokio::test]
async fn hostile_queries_ids_limits_and_cursors_are_4xx_or_plain_text() {
    let p = TestPortal::start_with(one_user).await;
    for q in [
        "%22",
        "*",
        "NEAR(a%20b)",
        "-",
        "'",
        "%27%20OR%201%3D1%20--",
        "a%22%20OR%20%22b",
        "%5E",
        "(",
        ")",
        "jose*",
        "%00",
    ] {
        let r = p
            .agent(Method::GET, &format!("/api/v1/users?q={q}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "q={q}");
        let v = json(r).await;
        assert!(v["items"].is_array(), "{q}: {v}");
    }
    let r = p
        .agent(Method::GET, "/api/v1/users?q=%27%20OR%201%3D1%20--")
        .send()
        .await
        .unwrap();
    assert!(
        json(r).await["items"].as_array().unwrap().is_empty(),
        "SQL in q is text"
    );
    let cases = [
        ("/api/v1/users?limit=0", 400),
        ("/api/v1/users?limit=100000000000", 400),
        ("/api/v1/users?limit=-1", 400),
        ("/api/v1/users?cursor=garbage", 400),
        ("/api/v1/users?cursor=id:-5", 400),
        ("/api/v1/users?status=nope", 400),
        ("/api/v1/users?q=%FF%FE", 400),
        ("/api/v1/users/abc", 404),
        ("/api/v1/users/99999999999999999999999", 404),
        ("/api/v1/users/-1", 404),
        ("/api/v1/nothing-here", 404),
    ];
    for (path, status) in cases {
        let r = p.agent(Method::GET, path).send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{path}");
        assert!(json(r).await["error"]["code"].is_string(), "{path}");
    }
    let long_q = "a".repeat(300);
    let r = p
        .agent(Method::GET, &format!("/api/v1/users?q={long_q}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = p
        .agent(Method::DELETE, "/api/v1/users/1")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(json(r).await["error"]["code"].is_string());
}

/// Every route that declares an audited action records a refusal it answers once: one `denied`
/// record of its action and target, whether the route's layer wrote it or the handler did in its
/// own transaction (unlock). A route that lost its layer records none, one that also kept its own
/// record would record two: both fail here, and so does an audited route with no case below.
#[tokio::test]
async fn a_refusal_on_each_audited_route_is_one_denied_record() {
    use helpdesk::portal::router::AUDITED;
    let p = TestPortal::start_configured(|c| c.limits.streams_per_operator = 1, one_user).await;
    // The agent's only stream slot is taken: the next stream is refused (429).
    let held = p
        .agent(Method::GET, "/api/v1/events?user_id=1")
        .send()
        .await
        .unwrap();
    assert_eq!(held.status(), StatusCode::OK);
    let empty_pqr = json!({
        "type": "peticion", "subject": "Asunto", "body": "   ", "channel": "telefono",
        "requester": {"name": "María Gómez"}
    });
    let revoked = p
        .agent(Method::POST, "/api/v1/users/1/reset-links/revoke")
        .header("Idempotency-Key", "revoke-once")
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), StatusCode::OK);
    let cases = [
        (
            ("post", "/api/v1/users/{id}/verifications", "user.verify"),
            p.agent(Method::POST, "/api/v1/users/1/verifications")
                .json(&json!({"document_number": "1", "birth_date": "ayer"})),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("user:1"),
        ),
        (
            (
                "post",
                "/api/v1/users/{id}/reset-links/revoke",
                "user.reset_revoke",
            ),
            // The key of the revocation below, for another user: 422.
            p.agent(Method::POST, "/api/v1/users/2/reset-links/revoke")
                .header("Idempotency-Key", "revoke-once"),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("user:2"),
        ),
        (
            ("post", "/api/v1/users/{id}/unlock", "user.unlock"),
            p.agent(Method::POST, "/api/v1/users/1/unlock"),
            StatusCode::CONFLICT,
            Some("user:1"),
        ),
        (
            (
                "post",
                "/api/v1/users/{id}/call-outcomes",
                "user.call_outcome",
            ),
            p.agent(Method::POST, "/api/v1/users/1/call-outcomes")
                .json(&json!({"outcome": "resuelto", "note": "x".repeat(2001)})),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("user:1"),
        ),
        (
            ("get", "/api/v1/audit", "audit.list"),
            p.agent(Method::GET, "/api/v1/audit"),
            StatusCode::FORBIDDEN,
            None,
        ),
        (
            ("post", "/api/v1/pqr", "pqr.create"),
            p.agent(Method::POST, "/api/v1/pqr").json(&empty_pqr),
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
        ),
        (
            ("patch", "/api/v1/pqr/{id}", "pqr.update"),
            p.agent(Method::PATCH, "/api/v1/pqr/7").json(&json!({})),
            StatusCode::PRECONDITION_REQUIRED,
            Some("pqr:7"),
        ),
        (
            ("post", "/api/v1/pqr/{id}/messages", "pqr.message"),
            p.agent(Method::POST, "/api/v1/pqr/7/messages")
                .json(&json!({"visibility": "public", "body": " "})),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("pqr:7"),
        ),
        (
            ("patch", "/api/v1/conversations/{id}", "conversation.update"),
            p.agent(Method::PATCH, "/api/v1/conversations/3")
                .json(&json!({})),
            StatusCode::PRECONDITION_REQUIRED,
            Some("conversation:3"),
        ),
        (
            (
                "post",
                "/api/v1/conversations/{id}/messages",
                "conversation.answer",
            ),
            p.agent(Method::POST, "/api/v1/conversations/3/messages")
                .json(&json!({"body": ""})),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("conversation:3"),
        ),
        (
            (
                "post",
                "/api/v1/conversations/{id}/pqr",
                "conversation.radicate",
            ),
            p.agent(Method::POST, "/api/v1/conversations/3/pqr")
                .json(&json!({"type": "peticion", "subject": "Asunto"})),
            StatusCode::PRECONDITION_REQUIRED,
            Some("conversation:3"),
        ),
        (
            ("get", "/api/v1/events", "events.open"),
            p.agent(Method::GET, "/api/v1/events?user_id=1"),
            StatusCode::TOO_MANY_REQUESTS,
            Some("user:1"),
        ),
    ];
    let declared: std::collections::BTreeSet<_> = AUDITED.iter().copied().collect();
    let covered: std::collections::BTreeSet<_> = cases.iter().map(|c| c.0).collect();
    assert_eq!(declared, covered, "each audited route has a case here");
    let conn = rusqlite::Connection::open(p.dir.path().join("portal.db")).unwrap();
    for ((_, route, action), req, status, target) in cases {
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), status, "{route}");
        let request_id = r.headers()["x-request-id"].to_str().unwrap().to_string();
        let mut stmt = conn
            .prepare("SELECT action, target, outcome FROM audit WHERE request_id = ?1")
            .unwrap();
        let rows: Vec<(String, Option<String>, String)> = stmt
            .query_map([&request_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            rows,
            [(
                action.to_string(),
                target.map(str::to_string),
                "denied".to_string()
            )],
            "{route}"
        );
    }
    drop(held);
}
