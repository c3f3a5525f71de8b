//! The WhatsApp channel end to end against a real portal: Meta's documented webhook payloads
//! (text, image with caption, a batch, statuses, an unknown type) signed as Meta signs them, and
//! a local stand-in for the Graph API's send endpoint — the one outside service these machines
//! cannot reach — that records what it receives and answers as Meta documents.

use crate::pty;
use crate::support;

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use helpdesk::api;
use helpdesk::portal::whatsapp::{WhatsappConfig, config::Template};
use hmac::{KeyInit, Mac};
use jiff::SignedDuration;
use reqwest::Method;
use serde_json::{Value, json};
use support::{TestPortal, insert_conversation, insert_jose, json as body_json, start_time};

const PHONE_ID: &str = "106540352242922";
const SECRET: &str = "app-secret-de-prueba";
const JOSE_WA: &str = "573001234567";

/// What the Graph API stand-in received, and whether it refuses the next sends.
#[derive(Default)]
struct Graph {
    requests: Vec<(String, Value)>,
    refuse_window: bool,
    /// Answers this many next sends with a 500 (Meta unavailable), then accepts again.
    fail_next: usize,
}

async fn graph_send(
    State(graph): State<Arc<Mutex<Graph>>>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> (StatusCode, axum::Json<Value>) {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let mut g = graph.lock().unwrap();
    g.requests.push((auth, body.clone()));
    if g.fail_next > 0 {
        g.fail_next -= 1;
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            axum::Json(
                json!({"error": {"message": "An unknown error occurred", "type": "OAuthException",
                "code": 1, "fbtrace_id": "AbCdEf"}}),
            ),
        );
    }
    if g.refuse_window {
        // Meta's answer for a free-form message outside the customer service window.
        return (
            StatusCode::BAD_REQUEST,
            axum::Json(json!({"error": {
                "message": "(#131047) Re-engagement message",
                "type": "OAuthException",
                "code": 131047,
                "error_data": {"messaging_product": "whatsapp",
                    "details": "Message failed to send because more than 24 hours have passed since the customer last replied to this number."},
                "fbtrace_id": "AbCdEf"
            }})),
        );
    }
    let n = g.requests.len();
    (
        StatusCode::OK,
        axum::Json(json!({
            "messaging_product": "whatsapp",
            "contacts": [{"input": body["to"], "wa_id": body["to"]}],
            "messages": [{"id": format!("wamid.OUT{n}")}]
        })),
    )
}

async fn graph_stand_in() -> (String, Arc<Mutex<Graph>>) {
    let graph = Arc::new(Mutex::new(Graph::default()));
    let app = axum::Router::new()
        .route(
            &format!("/v21.0/{PHONE_ID}/messages"),
            axum::routing::post(graph_send),
        )
        .with_state(graph.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/v21.0"), graph)
}

fn config(graph_url: &str) -> WhatsappConfig {
    WhatsappConfig {
        phone_number_id: PHONE_ID.into(),
        verify_token: "token-de-verificacion".into(),
        app_secret: SECRET.into(),
        access_token: "EAAG-token".into(),
        graph_url: graph_url.into(),
        templates: vec![Template {
            name: "seguimiento_solicitud".into(),
            language: "es".into(),
            body: "Hola {{1}}, tenemos novedades de tu solicitud {{2}}. Responde este mensaje para continuar.".into(),
        }],
    }
}

async fn start() -> (TestPortal, Arc<Mutex<Graph>>, i64) {
    start_with_templates(None).await
}

/// The portal with the stand-in; `templates` replaces the configured ones when given.
async fn start_with_templates(
    templates: Option<Vec<Template>>,
) -> (TestPortal, Arc<Mutex<Graph>>, i64) {
    let (url, graph) = graph_stand_in().await;
    let mut jose = 0;
    let mut wa = config(&url);
    if let Some(t) = templates {
        wa.templates = t;
    }
    let p = TestPortal::start_configured(
        |c| c.whatsapp = Some(Arc::new(wa)),
        |db| jose = insert_jose(db),
    )
    .await;
    (p, graph, jose)
}

fn sign(body: &[u8]) -> String {
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// A delivery as Meta builds it: one entry, one `messages` change.
fn delivery(value: Value) -> Value {
    json!({
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": "messages", "value": value}]}]
    })
}

fn value(messages: Value, statuses: Value) -> Value {
    json!({
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550783881", "phone_number_id": PHONE_ID},
        "contacts": [{"profile": {"name": "José Núñez"}, "wa_id": JOSE_WA}],
        "messages": messages,
        "statuses": statuses
    })
}

fn text(id: &str, body: &str, at: i64) -> Value {
    json!({"from": JOSE_WA, "id": id, "timestamp": at.to_string(), "type": "text", "text": {"body": body}})
}

fn now_s(p: &TestPortal) -> i64 {
    use helpdesk::domain::clock::Clock;
    p.clock.now().as_second()
}

async fn post_signed(p: &TestPortal, body: &Value) -> reqwest::Response {
    let bytes = serde_json::to_vec(body).unwrap();
    p.anonymous(Method::POST, "/api/v1/channels/whatsapp/webhook")
        .header("x-hub-signature-256", sign(&bytes))
        .header("content-type", "application/json")
        .body(bytes)
        .send()
        .await
        .unwrap()
}

async fn conversations(p: &TestPortal) -> Vec<Value> {
    let page = body_json(
        p.supervisor(Method::GET, "/api/v1/conversations?status=all")
            .send()
            .await
            .unwrap(),
    )
    .await;
    page["items"].as_array().unwrap().clone()
}

async fn detail(p: &TestPortal, id: i64) -> (Value, String) {
    let r = p
        .supervisor(Method::GET, &format!("/api/v1/conversations/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    (body_json(r).await, etag)
}

#[tokio::test]
async fn the_handshake_echoes_the_challenge_only_for_our_token() {
    let (p, _, _) = start().await;
    let ok = p
        .anonymous(Method::GET, "/api/v1/channels/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=token-de-verificacion&hub.challenge=1158201444")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 200);
    assert_eq!(ok.text().await.unwrap(), "1158201444");
    let wrong = p
        .anonymous(Method::GET, "/api/v1/channels/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=otro&hub.challenge=1")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
}

#[tokio::test]
async fn without_the_channel_the_webhook_does_not_exist() {
    let p = TestPortal::start().await;
    let r = p
        .anonymous(Method::POST, "/api/v1/channels/whatsapp/webhook")
        .json(&delivery(json!({})))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
}

#[tokio::test]
async fn a_signed_message_opens_a_conversation_matched_to_the_user_and_a_repeat_is_stored_once() {
    let (p, _, jose) = start().await;
    let at = now_s(&p) - 60;
    let d = delivery(value(
        json!([text("wamid.IN1", "No me llega el correo", at)]),
        json!([]),
    ));
    assert_eq!(post_signed(&p, &d).await.status(), 200);
    // Meta delivers again (same message id): stored once.
    assert_eq!(post_signed(&p, &d).await.status(), 200);
    let list = conversations(&p).await;
    assert_eq!(list.len(), 1, "{list:?}");
    let c = &list[0];
    assert_eq!(c["channel"], "whatsapp");
    assert_eq!(c["phone"], "+573001234567");
    assert_eq!(c["user_id"], jose, "matched by the phone without +57");
    assert_eq!(c["unanswered"], 1);
    assert!(c["window_closes_at"].is_string());
    let (d, _) = detail(&p, c["id"].as_i64().unwrap()).await;
    let messages = d["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["body"], "No me llega el correo");
    assert_eq!(messages[0]["direction"], "inbound");
    let kinds = support::timeline_kinds(&p, jose).await;
    assert_eq!(
        kinds
            .iter()
            .filter(|k| *k == "conversation_message_received")
            .count(),
        1,
        "{kinds:?}"
    );
}

#[tokio::test]
async fn a_bad_signature_stores_nothing_and_one_changed_byte_breaks_it() {
    let (p, _, _) = start().await;
    let d = delivery(value(
        json!([text("wamid.X", "hola", now_s(&p))]),
        json!([]),
    ));
    let bytes = serde_json::to_vec(&d).unwrap();
    let signature = sign(&bytes);
    let mut changed = bytes.clone();
    let last = changed.len() - 2;
    changed[last] = b' ';
    for (body, sig) in [
        (changed, Some(signature.clone())),
        (bytes.clone(), None),
        (bytes.clone(), Some("sha256=00".to_string())),
    ] {
        let mut req = p
            .anonymous(Method::POST, "/api/v1/channels/whatsapp/webhook")
            .header("content-type", "application/json")
            .body(body);
        if let Some(sig) = sig {
            req = req.header("x-hub-signature-256", sig);
        }
        assert_eq!(req.send().await.unwrap().status(), 401);
    }
    assert!(conversations(&p).await.is_empty());
}

#[tokio::test]
async fn a_batch_with_media_and_an_unknown_type_is_kept_whole() {
    let (p, _, _) = start().await;
    let at = now_s(&p) - 30;
    let image = json!({"from": JOSE_WA, "id": "wamid.IMG", "timestamp": at.to_string(), "type": "image",
        "image": {"caption": "Pantallazo del error", "mime_type": "image/jpeg", "sha256": "abc", "id": "1479537139650973"}});
    let unknown = json!({"from": "573109998877", "id": "wamid.UNK", "timestamp": at.to_string(), "type": "unsupported",
        "errors": [{"code": 131051, "title": "Message type unknown"}]});
    let other_entry = json!({"id": "102290129340398", "changes": [{"field": "messages", "value": value(json!([text("wamid.T2", "¿Me ayudan?", at + 1)]), json!([]))}]});
    let mut d = delivery(value(json!([image, unknown]), json!([])));
    d["entry"].as_array_mut().unwrap().push(other_entry);
    let r = post_signed(&p, &d).await;
    assert_eq!(r.status(), 200);
    assert_eq!(body_json(r).await["received"], 3);
    let list = conversations(&p).await;
    assert_eq!(list.len(), 2, "two requesters: {list:?}");
    let jose = list.iter().find(|c| c["phone"] == "+573001234567").unwrap();
    let (d, _) = detail(&p, jose["id"].as_i64().unwrap()).await;
    let m = d["messages"].as_array().unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(m[0]["kind"], "image");
    assert_eq!(m[0]["body"], "Pantallazo del error");
    assert_eq!(m[0]["media_type"], "image/jpeg");
    let stranger = list.iter().find(|c| c["phone"] == "+573109998877").unwrap();
    assert_eq!(stranger["user_id"], Value::Null, "no user has that phone");
    let (d, _) = detail(&p, stranger["id"].as_i64().unwrap()).await;
    assert_eq!(d["messages"][0]["kind"], "unsupported");
}

#[tokio::test]
async fn a_delivery_with_any_bad_part_is_refused_whole() {
    let (p, _, _) = start().await;
    let at = now_s(&p);
    let mut foreign = value(json!([text("wamid.F", "hola", at)]), json!([]));
    foreign["metadata"]["phone_number_id"] = json!("999");
    let mut d = delivery(value(json!([text("wamid.OK", "válido", at)]), json!([])));
    d["entry"][0]["changes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"field": "messages", "value": foreign}));
    assert_eq!(post_signed(&p, &d).await.status(), 422);
    let future = delivery(value(
        json!([text("wamid.FUT", "hola", at + 3600)]),
        json!([]),
    ));
    assert_eq!(post_signed(&p, &future).await.status(), 422);
    let malformed = b"{\"object\": \"whatsapp_business_account\", \"entry\": [".to_vec();
    let r = p
        .anonymous(Method::POST, "/api/v1/channels/whatsapp/webhook")
        .header("x-hub-signature-256", sign(&malformed))
        .header("content-type", "application/json")
        .body(malformed)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let huge = vec![b' '; 10 * 1024 * 1024];
    let r = p
        .anonymous(Method::POST, "/api/v1/channels/whatsapp/webhook")
        .header("x-hub-signature-256", sign(&huge))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert!(conversations(&p).await.is_empty(), "nothing half-stored");
}

async fn wait_for_requests(graph: &Arc<Mutex<Graph>>, n: usize) -> Vec<(String, Value)> {
    for _ in 0..200 {
        let got = graph.lock().unwrap().requests.clone();
        if got.len() >= n {
            return got;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the Graph API stand-in got fewer than {n} requests");
}

async fn first_conversation(p: &TestPortal) -> i64 {
    let d = delivery(value(
        json!([text("wamid.IN1", "No me llega el correo", now_s(p))]),
        json!([]),
    ));
    assert_eq!(post_signed(p, &d).await.status(), 200);
    conversations(p).await[0]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn an_answer_inside_the_window_is_sent_and_the_ticks_follow_the_callbacks() {
    let (p, graph, _) = start().await;
    let id = first_conversation(&p).await;
    let r = p
        .agent(
            Method::POST,
            &format!("/api/v1/conversations/{id}/messages"),
        )
        .header("idempotency-key", "answer-1")
        .json(&json!({"body": "Hola José, ya le enviamos el enlace."}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let sent = wait_for_requests(&graph, 1).await;
    assert_eq!(sent[0].0, "Bearer EAAG-token");
    assert_eq!(sent[0].1["to"], JOSE_WA);
    assert_eq!(sent[0].1["type"], "text");
    assert_eq!(
        sent[0].1["text"]["body"],
        "Hola José, ya le enviamos el enlace."
    );
    // The same key again: queued once.
    let again = p
        .agent(
            Method::POST,
            &format!("/api/v1/conversations/{id}/messages"),
        )
        .header("idempotency-key", "answer-1")
        .json(&json!({"body": "Hola José, ya le enviamos el enlace."}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 201);
    let mut delivery_of = String::new();
    for _ in 0..100 {
        let (d, _) = detail(&p, id).await;
        delivery_of = d["messages"][1]["delivery"]
            .as_str()
            .unwrap_or("")
            .to_string();
        if delivery_of == "sent" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(delivery_of, "sent");
    let status = |s: &str| json!({"id": "wamid.OUT1", "status": s, "timestamp": now_s(&p).to_string(), "recipient_id": JOSE_WA});
    for s in ["delivered", "read", "delivered"] {
        let d = delivery(value(json!([]), json!([status(s)])));
        assert_eq!(post_signed(&p, &d).await.status(), 200);
    }
    let (d, _) = detail(&p, id).await;
    let messages = d["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert_eq!(
        messages[1]["delivery"], "read",
        "a late «delivered» does not undo «read»"
    );
    assert_eq!(d["unanswered"], 0);
    assert_eq!(graph.lock().unwrap().requests.len(), 1);
}

#[tokio::test]
async fn outside_the_window_free_text_is_refused_before_meta_and_a_template_goes() {
    let (p, graph, _) = start().await;
    let id = first_conversation(&p).await;
    p.advance(SignedDuration::from_hours(25));
    let r = p
        .agent(
            Method::POST,
            &format!("/api/v1/conversations/{id}/messages"),
        )
        .json(&json!({"body": "¿Sigue ahí?"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let e = body_json(r).await;
    assert_eq!(e["error"]["code"], "window_closed");
    assert_eq!(
        e["error"]["details"]["templates"][0],
        "seguimiento_solicitud"
    );
    let r = p
        .agent(
            Method::POST,
            &format!("/api/v1/conversations/{id}/messages"),
        )
        .json(&json!({"template": "seguimiento_solicitud", "params": ["José"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "one parameter per placeholder");
    let r = p
        .agent(
            Method::POST,
            &format!("/api/v1/conversations/{id}/messages"),
        )
        .json(&json!({"template": "seguimiento_solicitud", "params": ["José", "PQR-2026-000001"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let sent = wait_for_requests(&graph, 1).await;
    assert_eq!(sent.len(), 1, "the refused text never reached Meta");
    assert_eq!(sent[0].1["type"], "template");
    assert_eq!(sent[0].1["template"]["name"], "seguimiento_solicitud");
    assert_eq!(
        sent[0].1["template"]["components"][0]["parameters"][1]["text"],
        "PQR-2026-000001"
    );
}

#[tokio::test]
async fn a_refusal_by_meta_marks_the_answer_failed_with_its_code() {
    let (p, graph, _) = start().await;
    let id = first_conversation(&p).await;
    graph.lock().unwrap().refuse_window = true;
    let r = p
        .agent(
            Method::POST,
            &format!("/api/v1/conversations/{id}/messages"),
        )
        .json(&json!({"body": "Hola"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let mut last = Value::Null;
    for _ in 0..100 {
        last = detail(&p, id).await.0["messages"][1].clone();
        if last["delivery"] == "failed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(last["delivery"], "failed", "{last}");
    assert_eq!(last["error_code"], 131047);
}

#[tokio::test]
async fn radicating_starts_the_term_at_the_first_message_and_carries_the_thread() {
    let (p, _, jose) = start().await;
    let first = start_time().as_second() - 3 * 3600;
    let d = delivery(value(
        json!([text(
            "wamid.A",
            "No me llega el correo de restablecer",
            first
        )]),
        json!([]),
    ));
    assert_eq!(post_signed(&p, &d).await.status(), 200);
    let id = conversations(&p).await[0]["id"].as_i64().unwrap();
    let (pqr_id, _) = radicate(&p, id).await;
    let pqr = pqr_of(&p, pqr_id).await;
    assert_eq!(pqr["channel"], "whatsapp");
    assert_eq!(pqr["user_id"], jose);
    assert_eq!(pqr["requester"]["phone"], "+573001234567");
    assert_eq!(
        pqr["received_at"]
            .as_str()
            .unwrap()
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_second(),
        first
    );
    assert!(
        pqr["body"]
            .as_str()
            .unwrap()
            .contains("No me llega el correo de restablecer")
    );
    let (d, etag2) = detail(&p, id).await;
    assert_eq!(d["pqr_id"], pqr_id);
    let twice = p
        .agent(Method::POST, &format!("/api/v1/conversations/{id}/pqr"))
        .header("if-match", etag2.as_str())
        .json(&json!({"type": "peticion", "subject": "otra"}))
        .send()
        .await
        .unwrap();
    assert_eq!(twice.status(), 409);
    // The requester writes again: the message goes to the PQR's thread too, as theirs.
    let later = delivery(value(
        json!([text("wamid.B", "¿Ya tienen respuesta?", now_s(&p))]),
        json!([]),
    ));
    assert_eq!(post_signed(&p, &later).await.status(), 200);
    let pqr = pqr_of(&p, pqr_id).await;
    let last = pqr["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["body"], "¿Ya tienen respuesta?");
    assert_eq!(last["from_requester"], true);
    assert_eq!(last["visibility"], "public");
}

#[tokio::test]
async fn agents_see_the_unassigned_and_their_own_only() {
    let (p, _, _) = start().await;
    let id = first_conversation(&p).await;
    let (_, etag) = detail(&p, id).await;
    let supervisor_id = body_json(
        p.supervisor(Method::GET, "/api/v1/me")
            .send()
            .await
            .unwrap(),
    )
    .await["id"]
        .clone();
    let r = p
        .supervisor(Method::PATCH, &format!("/api/v1/conversations/{id}"))
        .header("if-match", etag.as_str())
        .json(&json!({"assignee_id": supervisor_id}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = p
        .agent(Method::GET, &format!("/api/v1/conversations/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let page = body_json(
        p.agent(Method::GET, "/api/v1/conversations")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(page["items"].as_array().unwrap().is_empty());
    let audit = support::audit_items(&p).await;
    assert!(
        audit
            .iter()
            .any(|a| a["action"] == "conversation.view" && a["outcome"] == "denied"),
        "the refused read is audited"
    );
}

/// The console's client against the real portal: the queue, a thread with its ETag, the
/// templates (`GET /conversations/templates`), an answer sent once under its key, a change and a
/// radicado under If-Match; every requester's word clean of control characters on the way in.
#[tokio::test]
async fn the_console_client_reads_answers_and_radicates_through_ingress() {
    use helpdesk::api::{
        ConversationPatch, NewConversationMessage, NewPqrFromConversation, PqrType,
    };
    use helpdesk::client::{ClientConfig, PortalClient};
    use helpdesk::domain::sanitize::sanitize;
    let (p, graph, jose) = start().await;
    let hostile = "Hola\u{1b}[2J\u{1b}]52;c;aGFjaw==\u{7} no me llega";
    let d = delivery(value(
        json!([text("wamid.C1", hostile, now_s(&p))]),
        json!([]),
    ));
    assert_eq!(post_signed(&p, &d).await.status(), 200);
    let c = PortalClient::new(&p.url(""), &p.agent_token, ClientConfig::default()).unwrap();
    let page = c
        .list_conversations(&helpdesk::client::ConversationQuery::default(), None)
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    let id = page.items[0].id;
    assert_eq!(page.items[0].user_id, Some(jose));
    let (thread, etag) = c.conversation(id).await.unwrap();
    assert!(!etag.is_empty());
    let body = &thread.messages[0].body;
    assert!(
        !body.contains('\u{1b}') && !body.contains('\u{7}'),
        "{body:?}"
    );
    assert_eq!(body, &sanitize(hostile).into_owned());
    let templates = c.call(&api::ConversationTemplates).await.unwrap().items;
    assert_eq!(templates.len(), 1);
    assert_eq!(
        (templates[0].name.as_str(), templates[0].placeholders),
        ("seguimiento_solicitud", 2)
    );
    let answer = NewConversationMessage::Text {
        body: "Ya le enviamos el enlace.".into(),
    };
    for _ in 0..2 {
        let after = c
            .answer_conversation(id, &answer, "console-1")
            .await
            .unwrap();
        assert_eq!(after.messages.len(), 2, "the same key: one answer");
    }
    wait_for_requests(&graph, 1).await;
    let (_, etag) = c.conversation(id).await.unwrap();
    let me = c.call(&api::Me).await.unwrap().id;
    let assign = ConversationPatch {
        assignee_id: Some(Some(me)),
        ..Default::default()
    };
    let (assigned, new_etag) = c.patch_conversation(id, &etag, &assign).await.unwrap();
    assert_eq!(assigned.summary.assignee_id, Some(me));
    assert_ne!(new_etag, etag);
    // The old version is refused: someone (here, we) changed it since.
    let stale = c.patch_conversation(id, &etag, &assign).await.unwrap_err();
    assert!(
        matches!(
            stale,
            helpdesk::client::PortalError::Api { status: 412, .. }
        ),
        "{stale:?}"
    );
    let new = NewPqrFromConversation {
        pqr_type: PqrType::Peticion,
        subject: "No recibe el correo".into(),
    };
    let filed = c.radicate_conversation(id, &new_etag, &new).await.unwrap();
    assert!(filed.radicado.starts_with("PQR-"), "{}", filed.radicado);
    // The answer, then the PQR's receipt on the same chat.
    let sent = wait_for_requests(&graph, 2).await;
    assert_eq!(sent.len(), 2);
    let (thread, _) = c.conversation(id).await.unwrap();
    assert_eq!(
        thread.summary.radicado.as_deref(),
        Some(filed.radicado.as_str())
    );
}

#[tokio::test]
async fn without_the_channel_there_are_no_templates() {
    let p = TestPortal::start().await;
    let page = body_json(
        p.agent(Method::GET, "/api/v1/conversations/templates")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page, json!({"items": [], "next_cursor": null}));
}

/// The operator's side end to end, the real binary in a pseudo-terminal against this portal: a
/// WhatsApp message arrives through the signed webhook, the operator opens «Conversaciones» (F6),
/// answers inside the window, and the ticks follow Meta's callbacks (enviado ✓, entregado ✓✓).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_operator_answers_from_the_console_and_the_delivered_tick_appears() {
    const WAIT: std::time::Duration = std::time::Duration::from_secs(60);
    const ANSWER: &str = "Hola José, ya le reenviamos el enlace 77";
    let (p, graph, _) = start().await;
    // The console reads the machine's clock; the portal's must agree for the window's clock.
    p.clock.set(jiff::Timestamp::now());
    let d = delivery(value(
        json!([text("wamid.E2E", "No me llega el correo", now_s(&p))]),
        json!([]),
    ));
    assert_eq!(post_signed(&p, &d).await.status(), 200);
    let home = tempfile::tempdir().unwrap();
    let url = p.url("");
    let token = p.agent_token.clone();
    let mut t = pty::Pty::spawn(
        &["--portal-url", &url, "--token", &token],
        home.path(),
        &[("HELPDESK_LANG", "es")],
        24,
        80,
    );
    // The pseudo-terminal's waits block: off the runtime's workers' way.
    let mut t = tokio::task::spawn_blocking(move || {
        t.wait_for("en línea", WAIT);
        t.send("\x1b[17~"); // F6
        t.wait_for("José Núñez", WAIT);
        t.send("\r");
        t.wait_for("ventana abierta", WAIT);
        t.wait_for("ENTRANTE", WAIT);
        t.send("R");
        t.wait_for("PÚBLICA", WAIT);
        t.send(ANSWER);
        t.wait_for(ANSWER, WAIT);
        t.send("\x13"); // Ctrl-S
        t.wait_for("Confirmar", WAIT);
        t.send("\r");
        t.wait_for("SALIENTE", WAIT);
        t.wait_for("enviado ✓", WAIT);
        t
    })
    .await
    .unwrap();
    let sent = wait_for_requests(&graph, 1).await;
    assert_eq!(sent[0].1["text"]["body"], ANSWER);
    let status = json!({"id": "wamid.OUT1", "status": "delivered",
        "timestamp": now_s(&p).to_string(), "recipient_id": JOSE_WA});
    let d = delivery(value(json!([]), json!([status])));
    assert_eq!(post_signed(&p, &d).await.status(), 200);
    let mut t = tokio::task::spawn_blocking(move || {
        t.wait_for("entregado ✓✓", WAIT);
        t.send("q");
        t
    })
    .await
    .unwrap();
    let code = tokio::task::spawn_blocking(move || t.wait_exit(WAIT))
        .await
        .unwrap();
    assert_eq!(code, 0);
    assert_eq!(graph.lock().unwrap().requests.len(), 1, "sent exactly once");
}

#[tokio::test]
async fn a_whatsapp_answer_on_a_portal_without_the_channel_says_the_channel_is_not_connected() {
    // The demo's case: WhatsApp conversations exist (seeded, or from before), no number is set.
    let p = TestPortal::start_with(|db| {
        insert_conversation(db, "whatsapp", "+573209998877", "Andrés");
    })
    .await;
    let r = p
        .agent(Method::POST, "/api/v1/conversations/1/messages")
        .json(&json!({"body": "Hola"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    assert_eq!(body_json(r).await["error"]["code"], "channel_unavailable");
    let (d, _) = detail(&p, 1).await;
    assert_eq!(d["messages"].as_array().unwrap().len(), 0, "nothing queued");
}

async fn radicate(p: &TestPortal, id: i64) -> (i64, String) {
    let (_, etag) = detail(p, id).await;
    let r = p
        .agent(Method::POST, &format!("/api/v1/conversations/{id}/pqr"))
        .header("if-match", etag.as_str())
        .json(&json!({"type": "peticion", "subject": "No recibe el correo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let b = body_json(r).await;
    (
        b["pqr_id"].as_i64().unwrap(),
        b["radicado"].as_str().unwrap().to_string(),
    )
}

async fn pqr_of(p: &TestPortal, pqr_id: i64) -> Value {
    body_json(
        p.agent(Method::GET, &format!("/api/v1/pqr/{pqr_id}"))
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn reply_to_pqr(p: &TestPortal, pqr_id: i64, body: &str) {
    let r = p
        .agent(Method::POST, &format!("/api/v1/pqr/{pqr_id}/messages"))
        .json(&json!({"visibility": "public", "body": body}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
}

/// The conversation's outbound messages once none is queued any more.
async fn settled_outbound(p: &TestPortal, id: i64) -> Vec<Value> {
    for _ in 0..200 {
        let (d, _) = detail(p, id).await;
        let out: Vec<Value> = d["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["direction"] == "outbound")
            .cloned()
            .collect();
        if out.iter().all(|m| m["delivery"] != "queued") {
            return out;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("a message stayed queued");
}

#[tokio::test]
async fn radicating_a_whatsapp_conversation_sends_the_receipt_on_whatsapp() {
    let (p, graph, _) = start().await;
    let id = first_conversation(&p).await;
    let (pqr_id, radicado) = radicate(&p, id).await;
    let sent = wait_for_requests(&graph, 1).await;
    assert_eq!(sent[0].1["to"], JOSE_WA);
    assert_eq!(
        sent[0].1["type"], "text",
        "inside the window: the receipt's own words"
    );
    let body = sent[0].1["text"]["body"].as_str().unwrap();
    assert!(body.contains(&radicado), "{body}");
    assert!(body.contains("Recibimos tu PQR"), "{body}");
    assert!(body.contains("responde este mensaje"), "{body}");
    // In the conversation's thread, sent, and in the PQR's, for the operator to see.
    let out = settled_outbound(&p, id).await;
    assert_eq!(out.len(), 1, "{out:?}");
    assert_eq!(out[0]["delivery"], "sent");
    assert_eq!(out[0]["body"], body);
    let pqr = pqr_of(&p, pqr_id).await;
    assert_eq!(pqr["requester_reachable"], true);
    let messages = pqr["messages"].as_array().unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m["visibility"] == "public" && m["body"] == body),
        "{messages:?}"
    );
    // The queue names the radicado itself.
    let listed = conversations(&p).await;
    assert_eq!(listed[0]["radicado"], radicado.as_str());
}

#[tokio::test]
async fn a_reply_to_the_pqr_goes_as_text_inside_the_window_and_as_the_template_outside() {
    let (p, graph, _) = start().await;
    let id = first_conversation(&p).await;
    let (pqr_id, radicado) = radicate(&p, id).await;
    wait_for_requests(&graph, 1).await;
    reply_to_pqr(&p, pqr_id, "Ya le reenviamos el enlace a su correo.").await;
    let sent = wait_for_requests(&graph, 2).await;
    assert_eq!(sent[1].1["type"], "text");
    let body = sent[1].1["text"]["body"].as_str().unwrap();
    assert!(
        body.starts_with("Ya le reenviamos el enlace a su correo."),
        "{body}"
    );
    assert!(body.contains(&radicado), "{body}");
    // A day later the window is closed: the configured template, its placeholders filled.
    p.advance(SignedDuration::from_hours(25));
    reply_to_pqr(&p, pqr_id, "¿Pudo entrar?").await;
    let sent = wait_for_requests(&graph, 3).await;
    assert_eq!(sent.len(), 3);
    let t = &sent[2].1;
    assert_eq!(t["type"], "template", "{t}");
    assert_eq!(t["template"]["name"], "seguimiento_solicitud");
    let params: Vec<&str> = t["template"]["components"][0]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["text"].as_str().unwrap())
        .collect();
    assert_eq!(params, ["José", radicado.as_str()]);
    let out = settled_outbound(&p, id).await;
    assert_eq!(out.len(), 3);
    assert_eq!(out[2]["kind"], "template");
    assert_eq!(
        out[2]["body"],
        format!(
            "Hola José, tenemos novedades de tu solicitud {radicado}. Responde este mensaje para continuar."
        )
    );
}

#[tokio::test]
async fn outside_the_window_without_a_template_it_fills_the_notice_is_recorded_as_not_sent() {
    let three = Template {
        name: "encuesta".into(),
        language: "es".into(),
        body: "Hola {{1}}, califica la atención de {{2}} del {{3}}.".into(),
    };
    let (p, graph, _) = start_with_templates(Some(vec![three])).await;
    let id = first_conversation(&p).await;
    let (pqr_id, _) = radicate(&p, id).await;
    wait_for_requests(&graph, 1).await;
    p.advance(SignedDuration::from_hours(25));
    reply_to_pqr(&p, pqr_id, "¿Pudo entrar?").await;
    let out = settled_outbound(&p, id).await;
    assert_eq!(out.len(), 2);
    assert_eq!(out[1]["delivery"], "failed", "{out:?}");
    let pqr = pqr_of(&p, pqr_id).await;
    let note = pqr["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(note["visibility"], "internal");
    let text = note["body"].as_str().unwrap();
    assert!(
        text.contains("no se envió por WhatsApp") && text.contains("ninguna plantilla"),
        "{text}"
    );
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    assert_eq!(
        graph.lock().unwrap().requests.len(),
        1,
        "nothing else went to Meta"
    );
}

#[tokio::test]
async fn a_graph_failure_is_retried_and_the_receipt_lands_once() {
    let (p, graph, _) = start().await;
    let id = first_conversation(&p).await;
    graph.lock().unwrap().fail_next = 2;
    let (_, radicado) = radicate(&p, id).await;
    // The backoff runs on the portal's clock: it moves on while the sender retries.
    for _ in 0..400 {
        if graph.lock().unwrap().requests.len() >= 3 {
            break;
        }
        p.advance(SignedDuration::from_secs(5));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let out = settled_outbound(&p, id).await;
    assert_eq!(out.len(), 1, "one receipt in the thread: {out:?}");
    assert_eq!(out[0]["delivery"], "sent");
    p.advance(SignedDuration::from_mins(10));
    tokio::time::sleep(std::time::Duration::from_millis(1200)).await;
    let sent = graph.lock().unwrap().requests.clone();
    assert_eq!(
        sent.len(),
        3,
        "two refused by Meta, one accepted, nothing after"
    );
    assert!(
        sent.iter()
            .all(|(_, b)| b["text"]["body"].as_str().unwrap().contains(&radicado))
    );
}

#[tokio::test]
async fn without_the_channel_a_whatsapp_pqr_records_its_receipt_as_not_sent_with_the_reason() {
    let p = TestPortal::start_with(|db| {
        insert_conversation(db, "whatsapp", "+573209998877", "Andrés");
    })
    .await;
    let (pqr_id, _) = radicate(&p, 1).await;
    let (d, _) = detail(&p, 1).await;
    let out = &d["messages"][0];
    assert_eq!(
        (&out["direction"], &out["delivery"]),
        (&json!("outbound"), &json!("failed"))
    );
    let pqr = pqr_of(&p, pqr_id).await;
    let note = pqr["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(note["visibility"], "internal");
    assert!(
        note["body"]
            .as_str()
            .unwrap()
            .contains("WhatsApp no está conectado"),
        "{note}"
    );
}

#[tokio::test]
async fn a_pqr_filed_by_hand_for_a_requester_who_wrote_on_whatsapp_gets_its_receipt_in_that_chat() {
    let (p, graph, jose) = start().await;
    let id = first_conversation(&p).await;
    // Filed by phone call for the user; their registered phone (3001234567) is that chat's.
    let r = p
        .agent(Method::POST, "/api/v1/pqr")
        .json(&json!({"type": "queja", "subject": "No le llega el enlace",
            "body": "Llamó: no le llega el correo.", "channel": "telefono", "user_id": jose,
            "requester": {"name": "José Núñez"}, "reply_channel": "whatsapp"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let b = body_json(r).await;
    assert_eq!(b["requester_reachable"], true);
    let radicado = b["radicado"].as_str().unwrap();
    let sent = wait_for_requests(&graph, 1).await;
    assert_eq!(sent[0].1["to"], JOSE_WA);
    assert!(
        sent[0].1["text"]["body"]
            .as_str()
            .unwrap()
            .contains(radicado),
        "{:?}",
        sent[0].1
    );
    assert_eq!(settled_outbound(&p, id).await.len(), 1);
}
