//! `assets/openapi.yaml` and the reference router describe the same API.

use crate::support;

use std::collections::BTreeSet;

use helpdesk::api::{ErrorCode, EventKind, PolicyRule, PqrStatus, PqrType};
use helpdesk::portal::router::ROUTES;
use reqwest::Method;
use serde_json::Value;
use support::contract::{
    check_answer_against, check_headers, document as contract_document, schema_errors,
};
use support::{TestPortal, insert_user, json};

fn document() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/openapi.yaml"))
        .unwrap();
    serde_yaml_ng::from_str(&text).expect("valid YAML")
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

#[test]
fn the_document_and_the_router_have_the_same_routes() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            if item.get(method).is_some() {
                documented.insert((method.to_string(), path.clone()));
            }
        }
    }
    let served: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let missing: Vec<_> = served.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&served).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "served but not documented: {missing:?}\ndocumented but not served: {extra:?}"
    );
}

#[test]
fn every_operation_is_named_and_answers() {
    let doc = document();
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(ids.insert(id.to_string()), "duplicate operationId {id}");
            assert!(
                !op["responses"].as_object().unwrap().is_empty(),
                "{method} {path}"
            );
        }
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    out.push(v.as_str().unwrap().to_string());
                } else {
                    collect_refs(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves() {
    let doc = document();
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 50);
    for r in refs {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external ref {r}"));
        assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
    }
}

fn documented_enum(doc: &Value, schema: &str) -> BTreeSet<String> {
    doc["components"]["schemas"][schema]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{schema}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn names<T: serde::Serialize>(values: &[T]) -> BTreeSet<String> {
    values
        .iter()
        .map(|v| {
            serde_json::to_value(v)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Every error code; the match fails to compile when a variant is added, so this cannot fall behind.
fn error_codes() -> Vec<ErrorCode> {
    use ErrorCode::*;
    let all = vec![
        BadRequest,
        ValidationFailed,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        AccountDisabled,
        AccountLocked,
        AddressBounced,
        VerificationRequired,
        VerificationLocked,
        RateLimited,
        InvalidCredentials,
        ServiceBusy,
        PreconditionFailed,
        PreconditionRequired,
        Gone,
        PayloadTooLarge,
        UnsupportedMediaType,
        WindowClosed,
        ChannelUnavailable,
        Internal,
        InvalidCredentials,
        ServiceBusy,
    ];
    for c in &all {
        match c {
            BadRequest | ValidationFailed | Unauthorized | Forbidden | NotFound | Conflict
            | AccountDisabled | AccountLocked | AddressBounced | VerificationRequired
            | VerificationLocked | RateLimited | PreconditionFailed | PreconditionRequired
            | Gone | PayloadTooLarge | UnsupportedMediaType | WindowClosed | ChannelUnavailable
            | Internal | InvalidCredentials | ServiceBusy | Unknown => {}
        }
    }
    all
}

/// Every event kind, kept complete the same way.
fn event_kinds() -> Vec<EventKind> {
    use EventKind::*;
    let all = vec![
        ResetRequested,
        ResetLinkSent,
        ResetEmailBounced,
        ResetLinkOpened,
        ResetLinksVoided,
        ResetAttemptFailed,
        PasswordChanged,
        LoginSucceeded,
        LoginFailed,
        AccountLocked,
        AccountUnlocked,
        VerificationSucceeded,
        VerificationFailed,
        VerificationLocked,
        PqrCreated,
        PqrUpdated,
        PqrMessageAdded,
        CallOutcomeRecorded,
        MailRelayed,
        MailDeferred,
        MailFailed,
        MailBounced,
        ConversationMessageReceived,
        ConversationMessageSent,
        ConversationDelivery,
        ConversationUpdated,
    ];
    for k in &all {
        match k {
            ResetRequested
            | ResetLinkSent
            | ResetEmailBounced
            | ResetLinkOpened
            | ResetLinksVoided
            | ResetAttemptFailed
            | PasswordChanged
            | LoginSucceeded
            | LoginFailed
            | AccountLocked
            | AccountUnlocked
            | VerificationSucceeded
            | VerificationFailed
            | VerificationLocked
            | PqrCreated
            | PqrUpdated
            | PqrMessageAdded
            | CallOutcomeRecorded
            | MailRelayed
            | MailDeferred
            | MailFailed
            | MailBounced
            | ConversationMessageReceived
            | ConversationMessageSent
            | ConversationDelivery
            | ConversationUpdated
            | Unknown => {}
        }
    }
    all
}

#[test]
fn enums_match_the_rust_types() {
    let doc = document();
    assert_eq!(documented_enum(&doc, "ErrorCode"), names(&error_codes()));
    assert_eq!(documented_enum(&doc, "EventKind"), names(&event_kinds()));
    assert_eq!(documented_enum(&doc, "PqrStatus"), names(&PqrStatus::ALL));
    assert_eq!(documented_enum(&doc, "PqrType"), names(&PqrType::ALL));
    let rules = [
        PolicyRule::TooShort,
        PolicyRule::TooLong,
        PolicyRule::MissingLowercase,
        PolicyRule::MissingUppercase,
        PolicyRule::MissingDigit,
        PolicyRule::MissingSpecial,
    ];
    assert_eq!(documented_enum(&doc, "PolicyRule"), names(&rules));
    assert_eq!(
        doc["components"]["schemas"]["PasswordPolicy"]["properties"]["special_characters"]["const"],
        helpdesk::domain::policy::SPECIAL_CHARACTERS
    );
}

/// The drift check that every integration test's answers pass through (tests/support) really
/// fails when the contract lacks a field the portal sends, or lists one the portal no longer sends,
/// or does not document a status.
/// A 200 JSON answer to `GET path`, checked against `doc`.
fn check_ok_json(doc: &Value, path: &str, body: &[u8]) -> Result<(), String> {
    check_answer_against(
        doc,
        &Method::GET,
        path,
        200,
        Some("application/json"),
        Some(body),
    )
}

#[tokio::test]
async fn an_answer_with_a_field_the_contract_lacks_fails_the_check() {
    let p = TestPortal::start_with(|db| {
        insert_user(
            db,
            "1020304050",
            "José Núñez",
            "jose.nunez@gmail.com",
            "3001234567",
            "1990-04-15",
            "active",
        );
    })
    .await;
    // Through the hook: the real contract accepts the real answer.
    let r = p
        .agent(Method::GET, "/api/v1/users/1")
        .send()
        .await
        .unwrap();
    let body = serde_json::to_vec(&json(r).await).unwrap();
    let check = |doc: &Value| check_ok_json(doc, "/api/v1/users/1", &body);
    let real = contract_document().clone();
    assert_eq!(check(&real), Ok(()));

    // A field the portal sends (as a Rust type gained it) but the contract forgot.
    let mut forgot = real.clone();
    forgot
        .pointer_mut("/components/schemas/UserDetail/allOf/1/properties")
        .and_then(Value::as_object_mut)
        .unwrap()
        .remove("email_bounced");
    let required = forgot
        .pointer_mut("/components/schemas/UserDetail/allOf/1/required")
        .and_then(Value::as_array_mut)
        .unwrap();
    required.retain(|f| f != "email_bounced");
    let err = check(&forgot).unwrap_err();
    assert!(err.contains("email_bounced"), "{err}");

    // A field the contract promises that the portal does not send.
    let mut promised = real.clone();
    promised
        .pointer_mut("/components/schemas/UserDetail/allOf/1/required")
        .and_then(Value::as_array_mut)
        .unwrap()
        .push(Value::from("nickname"));
    assert!(check(&promised).unwrap_err().contains("nickname"));

    // A status the operation does not document.
    let mut fewer = real.clone();
    fewer
        .pointer_mut("/paths/~1api~1v1~1users~1{id}/get/responses")
        .and_then(Value::as_object_mut)
        .unwrap()
        .remove("200");
    assert!(check(&fewer).unwrap_err().contains("not documented"));

    // Documented headers: a 429 without its Retry-After, an ETag of another form.
    let mut h = reqwest::header::HeaderMap::new();
    let limited = check_headers(&Method::POST, "/api/v1/users/1/reset-links", 429, &h);
    assert!(limited.unwrap_err().contains("Retry-After"));
    h.insert("retry-after", "40".parse().unwrap());
    assert_eq!(
        check_headers(&Method::POST, "/api/v1/users/1/reset-links", 429, &h),
        Ok(())
    );
    h.insert("etag", "W/\"abc\"".parse().unwrap());
    assert!(check_headers(&Method::GET, "/api/v1/pqr/1", 200, &h).is_err());

    // And a plain-text error is never the contract's shape.
    let text = check_answer_against(
        &real,
        &Method::GET,
        "/api/v1/users/1",
        404,
        Some("text/plain; charset=utf-8"),
        Some(b"Not Found"),
    );
    assert!(text.unwrap_err().contains("content type"));
}

/// The conversations' queue names each one's PQR by its radicado (so the console reads no PQR
/// to learn it), and the contract documents it: a document without it fails the check.
#[tokio::test]
async fn a_radicated_conversation_in_the_queue_carries_its_radicado() {
    let p = TestPortal::start_with(|db| {
        support::insert_conversation(db, "correo", "luisa@example.com", "Luisa");
    })
    .await;
    let r = p
        .agent(Method::GET, "/api/v1/conversations/1")
        .send()
        .await
        .unwrap();
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let r = p
        .agent(Method::POST, "/api/v1/conversations/1/pqr")
        .header("if-match", etag)
        .json(&serde_json::json!({"type": "queja", "subject": "No responden"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let radicado = json(r).await["radicado"].clone();
    let page = json(
        p.agent(Method::GET, "/api/v1/conversations?status=all")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page["items"][0]["radicado"], radicado);
    let body = serde_json::to_vec(&page).unwrap();
    let check = |doc: &Value| check_ok_json(doc, "/api/v1/conversations", &body);
    let real = contract_document().clone();
    assert_eq!(check(&real), Ok(()));
    let mut forgot = real.clone();
    let fields = forgot
        .pointer_mut("/components/schemas/ConversationSummaryFields")
        .unwrap();
    fields["properties"]
        .as_object_mut()
        .unwrap()
        .remove("radicado");
    fields["required"]
        .as_array_mut()
        .unwrap()
        .retain(|f| f != "radicado");
    let err = check(&forgot).unwrap_err();
    assert!(err.contains("radicado"), "{err}");
}

/// Framework-level refusals (axum's own rejections) are the contract's JSON error too.
#[tokio::test]
async fn framework_rejections_are_json_errors() {
    let p = TestPortal::start().await;
    let token = "A".repeat(32);
    let cases = [
        // A form body that does not deserialize (axum: text/plain 422).
        p.anonymous(Method::POST, &format!("/cv/recordar/contrasena/{token}"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body("email=x"),
        // A form of the wrong content type (axum: text/plain 415).
        p.anonymous(Method::POST, &format!("/cv/recordar/contrasena/{token}"))
            .header("content-type", "text/plain")
            .body("hola"),
        // A JSON body over the limit.
        p.anonymous(Method::POST, "/api/v1/public/login")
            .header("content-type", "application/json")
            .body(vec![b' '; 200 * 1024]),
        // Wrong method, unknown route, a path parameter that is not UTF-8.
        p.agent(Method::DELETE, "/api/v1/pqr"),
        p.agent(Method::GET, "/api/v2/nothing"),
        p.anonymous(Method::GET, "/cv/recordar/contrasena/%FF%FE"),
    ];
    let mut statuses = Vec::new();
    for req in cases {
        // The hook checks each answer against the contract (JSON error shape included).
        let r = req.send().await.unwrap();
        statuses.push(r.status().as_u16());
        let ct = r.headers()["content-type"].to_str().unwrap().to_string();
        assert!(ct.starts_with("application/json"), "{ct}");
        let body = json(r).await;
        assert!(body["error"]["code"].is_string(), "{body}");
        assert!(body["error"]["message"].is_string(), "{body}");
    }
    assert_eq!(statuses, [422, 415, 413, 405, 404, 404]);
}

/// The example of a media type, a parameter or a response: `example`, or the first of `examples`
/// (following a `$ref` to `components/examples`).
fn example_of(doc: &Value, node: &Value) -> Option<Value> {
    if let Some(e) = node.get("example") {
        return Some(e.clone());
    }
    let first = node.get("examples")?.as_object()?.values().next()?;
    match first.get("$ref").and_then(Value::as_str) {
        Some(r) => doc
            .pointer(&format!("{}/value", r.trim_start_matches('#')))
            .cloned(),
        None => first.get("value").cloned(),
    }
}

fn deref<'a>(doc: &'a Value, node: &'a Value) -> (&'a Value, String) {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let p = r.trim_start_matches('#').to_string();
            (doc.pointer(&p).unwrap_or_else(|| panic!("{r}")), p)
        }
        None => (node, String::new()),
    }
}

/// Every request body, parameter and response has an example, and each example is valid by its
/// own schema (so the examples the fuzzer starts from, and readers copy, are right).
#[test]
fn every_request_and_response_has_a_valid_example() {
    let doc = contract_document();
    let esc = |s: &str| s.replace('~', "~0").replace('/', "~1");
    let mut problems = Vec::new();
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let here = format!("/paths/{}/{method}", esc(path));
            let mut check =
                |what: String, schema_pointer: String, node: &Value| match example_of(doc, node) {
                    None => problems.push(format!("{what}: no example")),
                    Some(example) => {
                        let errors = schema_errors(doc, &schema_pointer, &example);
                        if !errors.is_empty() {
                            problems.push(format!("{what}: example breaks the schema: {errors:?}"));
                        }
                        checked += 1;
                    }
                };
            for (i, param) in op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                let (param, pointer) = deref(doc, param);
                let pointer = if pointer.is_empty() {
                    format!("{here}/parameters/{i}")
                } else {
                    pointer
                };
                check(
                    format!("{method} {path} parameter {}", param["name"]),
                    format!("{pointer}/schema"),
                    param,
                );
            }
            if let Some(content) = op["requestBody"]["content"].as_object() {
                for (media, body) in content {
                    let pointer = format!("{here}/requestBody/content/{}", esc(media));
                    check(
                        format!("{method} {path} request {media}"),
                        format!("{pointer}/schema"),
                        body,
                    );
                }
            }
            for (status, response) in op["responses"].as_object().unwrap() {
                let (response, pointer) = deref(doc, response);
                let pointer = if pointer.is_empty() {
                    format!("{here}/responses/{status}")
                } else {
                    pointer
                };
                for (media, content) in response["content"].as_object().into_iter().flatten() {
                    let pointer = format!("{pointer}/content/{}", esc(media));
                    check(
                        format!("{method} {path} → {status} {media}"),
                        format!("{pointer}/schema"),
                        content,
                    );
                }
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(checked > 100, "{checked}");
}

/// The server accepts exactly what the contract's patterns and constraints say: any cursor of the
/// documented pattern answers a page, the rest is 400; bodies refuse unknown fields; the birth
/// date has the two documented shapes; lengths count the text as sent.
#[tokio::test]
async fn the_portal_accepts_exactly_what_the_contract_says() {
    let p = TestPortal::start_with(|db| {
        helpdesk::portal::seed::seed_demo_if_empty(db, 20, support::start_time()).expect("seed");
        let legal = helpdesk::portal::pqr::legal::Legal::colombia().expect("legal");
        helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 30, support::start_time()).expect("pqrs");
    })
    .await;
    let status = |path: String| {
        let req = p.agent(Method::GET, &path);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    for (path, expected) in [
        ("/api/v1/users?cursor=id:999999999999999999", 200),
        ("/api/v1/users?cursor=", 200),
        ("/api/v1/users?cursor=id:05", 400),
        ("/api/v1/users?cursor=id:%2B5", 400),
        ("/api/v1/users?cursor=id:9999999999999999999", 400),
        ("/api/v1/users/1/timeline?cursor=id:1", 200),
        ("/api/v1/pqr?cursor=d:0000-99-99:1", 200),
        ("/api/v1/pqr?sort=created_at&cursor=d:2026-03-20:3", 200),
        ("/api/v1/pqr?sort=-due_date&cursor=d:2026-03-20:3", 200),
        ("/api/v1/pqr?cursor=id:3", 400),
        ("/api/v1/pqr?cursor=d:2026-3-20:3", 400),
        ("/api/v1/pqr?status=radicada,%20en_tramite", 400),
        ("/api/v1/pqr?assignee=007", 400),
        ("/api/v1/pqr?type=", 200),
    ] {
        assert_eq!(status(path.to_string()).await, expected, "{path}");
    }
    // HEAD is checked as the GET it mirrors, without a body.
    let head = p
        .anonymous(Method::HEAD, "/api/v1/health")
        .send()
        .await
        .unwrap();
    assert_eq!(head.status().as_u16(), 200);
    let q = format!("%20{}", "a".repeat(200));
    assert_eq!(
        status(format!("/api/v1/pqr?q={q}")).await,
        400,
        "201 characters as sent"
    );
    let sorted = json(
        p.agent(Method::GET, "/api/v1/pqr?sort=created_at&limit=2")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(sorted["next_cursor"].as_str().unwrap().starts_with("d:"));

    let verify = |body: serde_json::Value| {
        let req = p
            .agent(Method::POST, "/api/v1/users/1/verifications")
            .json(&body);
        async move { req.send().await.unwrap().status().as_u16() }
    };
    use serde_json::json as j;
    assert_eq!(
        verify(j!({"document_number": "1.020.304.050", "birth_date": "15/04/1990"})).await,
        200
    );
    for birth in [
        "1990-4-15",
        " 1990-04-15",
        "15-04-1990",
        "1990/04/15",
        "19900415",
    ] {
        let r = verify(j!({"document_number": "1020304050", "birth_date": birth})).await;
        assert_eq!(r, 422, "{birth:?}");
    }
    assert_eq!(
        verify(j!({"document_number": "1020304050", "birth_date": "1990-02-30"})).await,
        422
    );
    assert_eq!(
        verify(j!({"document_number": "10_20", "birth_date": "1990-04-15"})).await,
        422
    );
    assert_eq!(
        verify(j!({"document_number": "1".repeat(21), "birth_date": "1990-04-15"})).await,
        422
    );
    assert_eq!(
        verify(j!({"document_number": "1020304050", "birth_date": "1990-04-15", "extra": 1})).await,
        422,
        "unknown fields are refused"
    );
}
