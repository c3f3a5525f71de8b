//! Issue 11, the operator side of the portal: a curious agent, refusals and reads on the record,
//! revoked access, retried verifications, and dates that cost every list. Real HTTP, real portal.

use crate::support;

use futures::StreamExt;
use helpdesk::portal::guard::Rate;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{TestPortal, json};

fn user(
    db: &helpdesk::portal::db::Db,
    doc_type: &str,
    doc: &str,
    name: &str,
    email: &str,
    phone: &str,
) -> i64 {
    db.with_writer(|c| {
        c.execute(
            "INSERT INTO users (document_type, document_number, full_name, email, email_lower, phone_digits,
                                birth_date, kind, status, created_at)
             VALUES (?1, ?2, ?3, ?4, lower(?4), ?5, '1990-05-17', 'candidate', 'active', 0)",
            rusqlite::params![doc_type, doc, name, email, phone],
        )?;
        Ok(c.last_insert_rowid())
    })
    .unwrap()
}

fn people(db: &helpdesk::portal::db::Db) {
    user(
        db,
        "CC",
        "1020304050",
        "José Núñez Peña",
        "jose.nunez@gmail.com",
        "3001234567",
    );
    user(
        db,
        "CC",
        "52000111",
        "María Gómez",
        "mgomez85@hotmail.com",
        "3109876543",
    );
    user(
        db,
        "CE",
        "E778899",
        "Jean Dupont",
        "jdupont@correo.fr",
        "3125550000",
    );
    user(
        db,
        "PA",
        "AB123456",
        "Ana Silva",
        "asilva@correo.br",
        "3135550000",
    );
}

async fn audit(p: &TestPortal) -> Vec<(String, String, String)> {
    let page = json(
        p.supervisor(Method::GET, "/api/v1/audit?limit=200")
            .send()
            .await
            .unwrap(),
    )
    .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let s = |k: &str| a[k].as_str().unwrap_or("").to_string();
            (s("action"), s("target"), s("outcome"))
        })
        .collect()
}

fn has(records: &[(String, String, String)], action: &str, target: &str, outcome: &str) -> bool {
    records
        .iter()
        .any(|(a, t, o)| a == action && t == target && o == outcome)
}

fn new_pqr(received_at: Option<&str>, user_id: Option<i64>) -> Value {
    let mut v = json!({
        "type": "peticion",
        "subject": "No me llega el correo",
        "body": "Llamó el usuario.",
        "channel": "telefono",
        "requester": {"name": "José Núñez", "email": "jose.nunez@gmail.com", "phone": "3001234567"}
    });
    if let Some(r) = received_at {
        v["received_at"] = json!(r);
    }
    if let Some(u) = user_id {
        v["user_id"] = json!(u);
    }
    v
}

async fn create(p: &TestPortal, body: &Value) -> reqwest::Response {
    p.agent(Method::POST, "/api/v1/pqr")
        .json(body)
        .send()
        .await
        .unwrap()
}

// Hole 9: a prefix of a masked document or phone found its owner, digit by digit.
#[tokio::test]
async fn search_matches_masked_values_whole_only() {
    let p = TestPortal::start_with(people).await;
    let names = |q: &str| {
        let req = p
            .agent(Method::GET, "/api/v1/users")
            .query(&[("q", q)])
            .send();
        async move {
            let v = json(req.await.unwrap()).await;
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u["full_name"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    for (q, expected) in [
        ("4387", vec![]),
        ("1020", vec![]),
        ("102030405", vec![]),
        ("1020304050", vec!["José Núñez Peña"]),
        ("1.020.304.050", vec!["José Núñez Peña"]),
        ("300123", vec![]),
        ("3001234567", vec!["José Núñez Peña"]),
        ("+57 300 123 4567", vec!["José Núñez Peña"]),
        ("mgo", vec![]),
        // Issue 22: the local part whole, never a start of it.
        ("mgom", vec![]),
        ("mgomez8", vec![]),
        ("mgomez85", vec!["María Gómez"]),
        ("mgomez85@hot", vec![]),
        ("MGOMEZ85@hotmail.com", vec!["María Gómez"]),
        ("gomez", vec!["María Gómez"]),
        ("jose nunez", vec!["José Núñez Peña"]),
        // Documents with letters (cédula de extranjería, pasaporte): whole value, any case.
        ("E778899", vec!["Jean Dupont"]),
        ("e778899", vec!["Jean Dupont"]),
        ("E77889", vec![]),
        ("AB123456", vec!["Ana Silva"]),
        ("AB-123.456", vec!["Ana Silva"]),
        ("AB1234", vec![]),
    ] {
        assert_eq!(names(q).await, expected, "q={q:?}");
    }
}

// Hole 9: nothing limited how fast one agent could walk the users.
#[tokio::test]
async fn searches_are_limited_per_operator_and_audited() {
    let p = TestPortal::start_configured(
        |c| {
            c.limits.searches_per_operator = Rate {
                burst: 3,
                per_minute: 1,
            }
        },
        people,
    )
    .await;
    let search = |as_agent: bool| {
        let req = if as_agent {
            p.agent(Method::GET, "/api/v1/users?q=gomez")
        } else {
            p.supervisor(Method::GET, "/api/v1/users?q=gomez")
        };
        req.send()
    };
    for _ in 0..3 {
        assert_eq!(search(true).await.unwrap().status(), StatusCode::OK);
    }
    let r = search(true).await.unwrap();
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers().contains_key("retry-after"));
    assert_eq!(json(r).await["error"]["code"], "rate_limited");
    assert_eq!(
        search(false).await.unwrap().status(),
        StatusCode::OK,
        "another operator has their own budget"
    );
    let records = audit(&p).await;
    assert_eq!(
        records
            .iter()
            .filter(|(a, _, o)| a == "user.search" && o == "ok")
            .count(),
        4
    );
    assert_eq!(
        records
            .iter()
            .filter(|(a, _, o)| a == "user.search" && o == "denied")
            .count(),
        1
    );
}

// Hole 8: `If-Match: *` skipped the version check.
#[tokio::test]
async fn a_wildcard_if_match_is_refused() {
    let p = TestPortal::start_with(people).await;
    let r = create(&p, &new_pqr(None, None)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let id = json(r).await["id"].as_i64().unwrap();
    for if_match in [Some("*"), Some(" * "), None] {
        let mut req = p
            .agent(Method::PATCH, &format!("/api/v1/pqr/{id}"))
            .json(&json!({"status": "en_tramite"}));
        if let Some(v) = if_match {
            req = req.header("If-Match", v);
        }
        let r = req.send().await.unwrap();
        assert_eq!(
            r.status(),
            StatusCode::PRECONDITION_REQUIRED,
            "{if_match:?}"
        );
        assert_eq!(json(r).await["error"]["code"], "precondition_required");
    }
    let r = p
        .agent(Method::GET, &format!("/api/v1/pqr/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["etag"].to_str().unwrap(),
        etag,
        "nothing changed"
    );
}

// Hole 6: a refusal inside the write transaction rolled back its own audit record, and reads of
// personal data (timeline, PQR list, event stream, the audit itself) left no trace.
#[tokio::test]
async fn refusals_and_reads_of_personal_data_are_audited() {
    let p = TestPortal::start_with(people).await;
    let r = create(&p, &new_pqr(None, None)).await;
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let id = json(r).await["id"].as_i64().unwrap();
    let pqr = format!("pqr:{id}");
    let patch = |if_match: &str, body: Value| {
        p.agent(Method::PATCH, &format!("/api/v1/pqr/{id}"))
            .header("If-Match", if_match)
            .json(&body)
            .send()
    };
    // 412, 403, 422 inside the transaction; 428 before it; 422 on create.
    assert_eq!(
        patch("\"v999\"", json!({"status": "en_tramite"}))
            .await
            .unwrap()
            .status(),
        StatusCode::PRECONDITION_FAILED
    );
    assert_eq!(
        patch(&etag, json!({"assignee_id": 2}))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        patch(&etag, json!({"status": "cerrada"}))
            .await
            .unwrap()
            .status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        patch("*", json!({"status": "en_tramite"}))
            .await
            .unwrap()
            .status(),
        StatusCode::PRECONDITION_REQUIRED
    );
    assert_eq!(
        create(&p, &new_pqr(None, Some(999))).await.status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let r = p.agent(Method::GET, "/api/v1/audit").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Reads.
    for path in [
        "/api/v1/users/1/timeline".to_string(),
        "/api/v1/pqr".to_string(),
        format!("/api/v1/pqr/{id}"),
    ] {
        let status = p.agent(Method::GET, &path).send().await.unwrap().status();
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let stream = p
        .agent(Method::GET, "/api/v1/events?user_id=1")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let first = audit(&p).await;
    let records = audit(&p).await;
    let denied = records
        .iter()
        .filter(|(a, t, o)| a == "pqr.update" && *t == pqr && o == "denied")
        .count();
    assert_eq!(denied, 4, "{records:?}");
    assert!(has(&records, "pqr.create", "", "denied"), "{records:?}");
    assert!(has(&records, "audit.list", "", "denied"), "{records:?}");
    assert!(
        has(&records, "user.timeline", "user:1", "ok"),
        "{records:?}"
    );
    assert!(has(&records, "pqr.list", "", "ok"), "{records:?}");
    assert!(has(&records, "pqr.view", &pqr, "ok"), "{records:?}");
    assert!(has(&records, "events.open", "user:1", "ok"), "{records:?}");
    // Reading the audit is on the record, once per request.
    let reads = |r: &[(String, String, String)]| {
        r.iter()
            .filter(|(a, _, o)| a == "audit.list" && o == "ok")
            .count()
    };
    assert_eq!(reads(&records), reads(&first) + 1);
    drop(stream);
}

// Hole 10: a PQR received in year -9999 (or any typo) made every list slow.
#[tokio::test]
async fn received_at_no_earlier_than_the_start_of_last_year() {
    let p = TestPortal::start_with(people).await;
    // The test portal's today is 2026-03-02.
    for (received, status) in [
        ("1900-01-01T12:00:00Z", StatusCode::UNPROCESSABLE_ENTITY),
        ("2024-12-31T12:00:00Z", StatusCode::UNPROCESSABLE_ENTITY),
        ("2025-01-01T12:00:00Z", StatusCode::CREATED),
        ("2026-02-27T12:00:00Z", StatusCode::CREATED),
    ] {
        let r = create(&p, &new_pqr(Some(received), None)).await;
        assert_eq!(r.status(), status, "{received}");
        if status != StatusCode::CREATED {
            let body = json(r).await;
            assert_eq!(body["error"]["code"], "validation_failed");
            assert_eq!(body["error"]["details"]["earliest"], "2025-01-01");
        }
    }
}

// Hole 14: a retried verification (same Idempotency-Key) counted as a second miss.
#[tokio::test]
async fn a_retried_verification_replays_its_answer() {
    let p = TestPortal::start_with(people).await;
    let verify = |key: &'static str| {
        p.agent(Method::POST, "/api/v1/users/1/verifications")
            .header("Idempotency-Key", key)
            .json(&json!({"document_number": "999", "birth_date": "1990-05-17"}))
            .send()
    };
    let first = verify("v1").await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let first = json(first).await;
    assert_eq!(first["attempts_left"], 2);
    let again = verify("v1").await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert_eq!(json(again).await, first);
    let timeline = json(
        p.agent(Method::GET, "/api/v1/users/1/timeline")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let misses = timeline["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "verification_failed")
        .count();
    assert_eq!(misses, 1);
    assert_eq!(
        json(verify("v2").await.unwrap()).await["attempts_left"],
        1,
        "a new key is a new answer"
    );
}

// Hole 14: there was no way to end an operator's access, and an open stream outlived it.
#[tokio::test]
async fn a_revoked_operator_is_out_at_once_and_its_stream_ends() {
    let p = TestPortal::start_configured(
        |c| c.sse_heartbeat = std::time::Duration::from_millis(100),
        people,
    )
    .await;
    let stream = p
        .agent(Method::GET, "/api/v1/events?user_id=1")
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args([
            "portal",
            "operator",
            "revoke",
            "--name",
            "Ana Agente",
            "--db",
        ])
        .arg(p.dir.path().join("portal.db"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("revoked"));
    let r = p.agent(Method::GET, "/api/v1/me").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // The open stream ends at its next heartbeat (the deadline only keeps a failure from hanging).
    let mut body = stream.bytes_stream();
    let ended = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        while let Some(chunk) = body.next().await {
            if chunk.is_err() {
                break;
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "the revoked operator's stream is still open");
    assert_eq!(
        p.supervisor(Method::GET, "/api/v1/me")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    // Unknown operators are named in the error.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["portal", "operator", "revoke", "--id", "999", "--db"])
        .arg(p.dir.path().join("portal.db"))
        .output()
        .unwrap();
    assert!(!out.status.success());
}
