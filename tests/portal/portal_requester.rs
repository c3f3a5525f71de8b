//! The requester is reachable, and the operator sees where mail stands (issue 25, over real
//! HTTP): a PQR filed from a user takes the registered contact; one filed by hand needs a contact
//! or says it has none; the receipt, the prórroga notice, public replies and the resolution are
//! queued in the outbox by the reply channel (never by WhatsApp yet); the user's detail and the
//! reset funnel read the outbox's states.

use crate::support;

use reqwest::{Method, StatusCode};
use rusqlite::Connection;
use serde_json::{Value, json};
use support::{TestPortal, insert_jose, insert_user, json};

fn users(db: &helpdesk::portal::db::Db) {
    insert_jose(db);
    insert_user(
        db,
        "52000111",
        "Marta Lucía Ortega",
        "marta.ortega@correo.co",
        "3109876543",
        "1985-01-02",
        "active",
    );
}

fn db(p: &TestPortal) -> Connection {
    Connection::open(p.dir.path().join("portal.db")).unwrap()
}

/// The outbox rows of a PQR: (purpose, recipient), oldest first.
fn mails_of(p: &TestPortal, pqr: i64) -> Vec<(String, String)> {
    db(p)
        .prepare("SELECT purpose, recipient FROM mail_outbox WHERE pqr_id = ?1 ORDER BY id")
        .unwrap()
        .query_map([pqr], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// The message queued for `pqr` with `purpose`, as it leaves (its .eml copy).
fn eml(p: &TestPortal, pqr: i64, purpose: &str) -> String {
    let file: String = db(p)
        .query_row(
            "SELECT eml_file FROM mail_outbox WHERE pqr_id = ?1 AND purpose = ?2 ORDER BY id DESC LIMIT 1",
            rusqlite::params![pqr, purpose],
            |r| r.get(0),
        )
        .unwrap();
    std::fs::read_to_string(p.outbox().join(file)).unwrap()
}

/// A calendar day in Spanish words, written here independently of the portal's own words.
fn spanish_day(date: &str) -> String {
    let d: jiff::civil::Date = date.parse().unwrap();
    let weekdays = [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ];
    let months = [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ];
    format!(
        "{} {} de {} de {}",
        weekdays[d.weekday().to_monday_zero_offset() as usize],
        d.day(),
        months[d.month() as usize - 1],
        d.year()
    )
}

async fn file(p: &TestPortal, body: Value) -> (StatusCode, Value) {
    let r = p
        .agent(Method::POST, "/api/v1/pqr")
        .json(&body)
        .send()
        .await
        .unwrap();
    (r.status(), json(r).await)
}

fn pqr(extra: Value) -> Value {
    let mut v = json!({
        "type": "queja",
        "subject": "No le llega el enlace",
        "body": "Llamó: no le llega el correo de restablecer acceso.",
        "channel": "telefono",
        "requester": {"name": "José Núñez"}
    });
    for (k, val) in extra.as_object().unwrap() {
        v[k] = val.clone();
    }
    v
}

#[tokio::test]
async fn filing_from_a_user_takes_the_registered_contact_and_sends_the_receipt() {
    let p = TestPortal::start_with(users).await;
    let (status, b) = file(&p, pqr(json!({"user_id": 1}))).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    // Whole on the portal: the registered email and phone.
    assert_eq!(b["requester"]["email"], "jose.nunez@gmail.com");
    assert_eq!(b["requester"]["phone"], "3001234567");
    assert_eq!(b["reply_channel"], "correo");
    assert_eq!(b["requester_reachable"], true);
    let id = b["id"].as_i64().unwrap();
    assert_eq!(
        mails_of(&p, id),
        [(
            "pqr_receipt".to_string(),
            "jose.nunez@gmail.com".to_string()
        )]
    );
    let receipt = eml(&p, id, "pqr_receipt");
    let radicado = b["radicado"].as_str().unwrap();
    assert!(receipt.contains(radicado), "{receipt}");
    let due = spanish_day(b["due_date"].as_str().unwrap());
    assert!(
        receipt.contains(&format!("a más tardar el {due}")),
        "the legal due date in words ({due}): {receipt}"
    );
    // The requester's answer comes back into the thread (issue 25's reply address).
    assert!(receipt.contains("Reply-To: respuesta+"), "{receipt}");

    // A contact given in the request wins over the registered one; asking for WhatsApp records it.
    let (status, b) = file(
        &p,
        pqr(
            json!({"user_id": 2, "requester": {"name": "Marta", "phone": "3150000000"},
                   "reply_channel": "whatsapp"}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(b["requester"]["phone"], "3150000000");
    assert_eq!(b["requester"]["email"], "marta.ortega@correo.co");
    assert_eq!(b["reply_channel"], "whatsapp");
    assert_eq!(
        b["requester_reachable"], false,
        "no WhatsApp conversation with the requester: nothing can carry the answers"
    );
    assert!(
        mails_of(&p, b["id"].as_i64().unwrap()).is_empty(),
        "no mail pretends to be the WhatsApp answer"
    );
}

#[tokio::test]
async fn a_pqr_filed_by_hand_needs_a_contact_or_says_it_has_none() {
    let p = TestPortal::start_with(users).await;
    // No user, no contact, no channel: the requester could never be told anything.
    let (status, b) = file(&p, pqr(json!({}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("reachable")
    );
    // A channel without its contact.
    let only_phone = json!({"name": "José", "phone": "3001112233"});
    let (status, _) = file(
        &p,
        pqr(json!({"requester": only_phone, "reply_channel": "correo"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = file(
        &p,
        pqr(json!({"requester": {"name": "José", "email": "jose@correo.co"}, "reply_channel": "whatsapp"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Only a phone: the answers go by WhatsApp (recorded, not sent).
    let (status, b) = file(&p, pqr(json!({"requester": only_phone}))).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(b["reply_channel"], "whatsapp");
    // The requester declines to give a contact: filed, and said to be unreachable.
    let (status, b) = file(&p, pqr(json!({"reply_channel": "ninguno"}))).await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(b["reply_channel"], "ninguno");
    assert_eq!(b["requester_reachable"], false);
    let id = b["id"].as_i64().unwrap();
    // A public reply there goes into the thread and nowhere else.
    let r = p
        .agent(Method::POST, &format!("/api/v1/pqr/{id}/messages"))
        .json(&json!({"visibility": "public", "body": "Ya quedó."}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(mails_of(&p, id).is_empty());
    // An email given by hand: the receipt goes there.
    let (status, b) = file(
        &p,
        pqr(json!({"requester": {"name": "Rosa", "email": "rosa@correo.co"}})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{b}");
    assert_eq!(
        mails_of(&p, b["id"].as_i64().unwrap()),
        [("pqr_receipt".to_string(), "rosa@correo.co".to_string())]
    );
}

#[tokio::test]
async fn the_requester_is_told_of_the_extension_the_replies_and_the_resolution() {
    let p = TestPortal::start_with(users).await;
    let (_, b) = file(&p, pqr(json!({"user_id": 1}))).await;
    let id = b["id"].as_i64().unwrap();
    let path = format!("/api/v1/pqr/{id}");
    let latest = b["latest_extension_date"].as_str().unwrap().to_string();
    let etag = |r: &reqwest::Response| r.headers()["etag"].to_str().unwrap().to_string();
    let first = p.agent(Method::GET, &path).send().await.unwrap();
    let tag = etag(&first);
    let extension = json!({"status": "prorrogada", "extension_reason": "Esperamos la respuesta del área de nómina.",
                           "new_due_date": latest});
    // Refused (an agent cannot extend): the change rolled back, and so did its notice.
    let r = p
        .agent(Method::PATCH, &path)
        .header("If-Match", tag.clone())
        .json(&extension)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(mails_of(&p, id).len(), 1, "only the receipt");
    let r = p
        .supervisor(Method::PATCH, &path)
        .header("If-Match", tag)
        .json(&extension)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let tag = etag(&r);
    let notice = eml(&p, id, "pqr_extension");
    assert!(
        notice.contains("Esperamos la respuesta del área de nómina."),
        "{notice}"
    );
    assert!(
        notice.contains(&format!("a más tardar el {}", spanish_day(&latest))),
        "{notice}"
    );
    let r = p
        .agent(Method::POST, &format!("{path}/messages"))
        .json(&json!({"visibility": "public", "body": "Ya corregimos el correo."}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let tag = {
        let r = p.agent(Method::GET, &path).send().await.unwrap();
        let _ = tag;
        etag(&r)
    };
    let r = p
        .agent(Method::PATCH, &path)
        .header("If-Match", tag)
        .json(&json!({"status": "resuelta"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let purposes: Vec<String> = mails_of(&p, id).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        purposes,
        [
            "pqr_receipt",
            "pqr_extension",
            "pqr_reply",
            "pqr_resolution"
        ]
    );
    assert!(eml(&p, id, "pqr_resolution").contains("quedó resuelta"));
}

#[tokio::test]
async fn the_detail_and_the_funnel_read_where_the_reset_mail_stands() {
    let p = TestPortal::start_with(users).await;
    let detail = |id: i64| {
        let p = &p;
        async move {
            json(
                p.agent(Method::GET, &format!("/api/v1/users/{id}"))
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    assert_eq!(detail(1).await["last_reset_mail"], Value::Null);
    for user in [1, 2] {
        let r = p
            .agent(Method::POST, &format!("/api/v1/users/{user}/reset-links"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::ACCEPTED);
    }
    let mail = detail(1).await["last_reset_mail"].clone();
    assert_eq!(mail["state"], "queued");
    assert!(mail["retry_at"].is_string(), "{mail}");
    // The delivery worker's moves (issue 25's other half), made on the rows directly.
    let c = db(&p);
    c.execute(
        "UPDATE mail_outbox SET state = 'deferred', next_attempt_at = ?1, status_code = '421'
         WHERE user_id = 1",
        ["2026-03-02T14:44:00Z"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_millisecond()],
    )
    .unwrap();
    let mail = detail(1).await["last_reset_mail"].clone();
    assert_eq!(
        (&mail["state"], &mail["retry_at"], &mail["status_code"]),
        (
            &json!("deferred"),
            &json!("2026-03-02T14:44:00Z"),
            &json!("421")
        )
    );
    let funnel = |supervisor: bool| {
        let p = &p;
        async move {
            let path = "/api/v1/stats/resets";
            let req = if supervisor {
                p.supervisor(Method::GET, path)
            } else {
                p.agent(Method::GET, path)
            };
            json(req.send().await.unwrap()).await["funnel"].clone()
        }
    };
    let f = funnel(true).await;
    assert_eq!(
        (&f["sent"], &f["relayed"], &f["bounced"]),
        (&json!(2), &json!(0), &json!(0))
    );
    c.execute(
        "UPDATE mail_outbox SET state = 'relayed', status_code = NULL WHERE user_id = 1",
        [],
    )
    .unwrap();
    c.execute(
        "UPDATE mail_outbox SET state = 'bounced', status_code = '5.1.1' WHERE user_id = 2",
        [],
    )
    .unwrap();
    let mail = detail(2).await["last_reset_mail"].clone();
    assert_eq!(
        (&mail["state"], &mail["status_code"]),
        (&json!("bounced"), &json!("5.1.1"))
    );
    assert!(mail.get("retry_at").is_none(), "{mail}");
    // Relayed counts every email the mail server took (the bounced one too); bounced, those that
    // came back. The agent sent both links: the same in their own funnel.
    for supervisor in [true, false] {
        let f = funnel(supervisor).await;
        assert_eq!(
            (&f["sent"], &f["relayed"], &f["bounced"]),
            (&json!(2), &json!(2), &json!(1)),
            "{f}"
        );
    }
}

#[tokio::test]
async fn seeded_tickets_answer_by_the_contact_they_have() {
    let p = TestPortal::start_with(|db| {
        let legal = helpdesk::portal::pqr::legal::Legal::colombia().expect("legal");
        helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 12, support::start_time()).expect("pqrs");
    })
    .await;
    let rows: Vec<(i64, Option<String>, Option<String>)> = db(&p)
        .prepare("SELECT id, requester_email, requester_phone FROM pqr")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(rows.iter().any(|r| r.1.is_some()), "{rows:?}");
    for (id, email, phone) in rows {
        let b = json(
            p.agent(Method::GET, &format!("/api/v1/pqr/{id}"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let expected = match (&email, &phone) {
            (Some(_), _) => "correo",
            (None, Some(_)) => "whatsapp",
            (None, None) => "ninguno",
        };
        assert_eq!(b["reply_channel"], expected, "{b}");
        assert_eq!(b["requester_reachable"], email.is_some());
    }
}
