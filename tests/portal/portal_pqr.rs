//! PQR tickets over real HTTP: legal due dates, transitions, extensions, suspension, ETags,
//! idempotent messages and radicado uniqueness.

use crate::support;

use jiff::{SignedDuration, Timestamp};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use support::{TestPortal, insert_jose, insert_user, json};

fn new_pqr(kind: &str, received_at: Option<&str>) -> Value {
    let mut v = json!({
        "type": kind,
        "subject": "No me llega el correo de restablecer acceso",
        "body": "Llamó la usuaria: no le llega el correo.\nSegunda línea.",
        "channel": "telefono",
        "requester": {"name": "María Gómez", "email": "maria@correo.co", "phone": "3109876543"}
    });
    if let Some(r) = received_at {
        v["received_at"] = json!(r);
    }
    v
}

async fn create(p: &TestPortal, body: &Value) -> (StatusCode, Option<String>, Value) {
    let r = p
        .agent(Method::POST, "/api/v1/pqr")
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status();
    let etag = r
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_string());
    (status, etag, json(r).await)
}

/// A portal whose clock reads `at`.
async fn portal_at(at: &str) -> TestPortal {
    let p = TestPortal::start().await;
    p.clock.set(at.parse::<Timestamp>().unwrap());
    p
}

#[tokio::test]
async fn due_dates_follow_each_type_across_holidays_and_year_ends() {
    // (received in Bogotá, type, expected due date)
    let cases = [
        // Received Friday 2026-01-02: the term starts Monday 5 Jan; 12 Jan is a holiday.
        ("2026-01-02T15:00:00Z", "peticion", "2026-01-26"),
        (
            "2026-01-02T15:00:00Z",
            "solicitud_informacion",
            "2026-01-19",
        ),
        ("2026-01-02T15:00:00Z", "consulta", "2026-02-16"),
        // Holy Week 2026: Thursday 2 and Friday 3 April are holidays.
        ("2026-03-27T15:00:00Z", "queja", "2026-04-21"),
        // Across the year end: 25 Dec and 1 Jan are holidays, and Reyes 2027 moves to Monday 11 Jan.
        ("2026-12-18T15:00:00Z", "reclamo", "2027-01-13"),
        // Late evening in Bogotá is still the same Bogotá day (UTC already says the next day).
        ("2026-03-03T03:30:00Z", "sugerencia", "2026-03-24"),
    ];
    let p = portal_at("2027-02-01T15:00:00Z").await;
    for (received, kind, due) in cases {
        let (status, _, body) = create(&p, &new_pqr(kind, Some(received))).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["due_date"], due, "{kind} received {received}");
        assert_eq!(body["original_due_date"], due);
        assert_eq!(body["status"], "radicada");
    }
}

#[tokio::test]
async fn radicados_are_sequential_per_year_and_unique_under_concurrency() {
    let p = portal_at("2026-03-02T14:00:00Z").await;
    let body = new_pqr("peticion", None);
    let all = futures::future::join_all((0..50).map(|_| create(&p, &body))).await;
    let mut radicados: Vec<String> = all
        .iter()
        .map(|(s, _, b)| {
            assert_eq!(*s, StatusCode::CREATED, "{b}");
            b["radicado"].as_str().unwrap().to_string()
        })
        .collect();
    radicados.sort();
    radicados.dedup();
    assert_eq!(radicados.len(), 50);
    assert_eq!(radicados[0], "PQR-2026-000001");
    assert_eq!(radicados[49], "PQR-2026-000050");
    p.clock.set("2027-01-04T14:00:00Z".parse().unwrap());
    let (_, _, b) = create(&p, &body).await;
    assert_eq!(b["radicado"], "PQR-2027-000001");
}

#[tokio::test]
async fn received_at_cannot_be_in_the_future_and_bad_bodies_are_refused() {
    let p = portal_at("2026-03-02T14:00:00Z").await;
    let (s, _, b) = create(&p, &new_pqr("peticion", Some("2026-03-02T15:00:00Z"))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    let (s, _, _) = create(&p, &new_pqr("chisme", None)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let mut no_subject = new_pqr("peticion", None);
    no_subject["subject"] = json!("  ");
    assert_eq!(
        create(&p, &no_subject).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut unknown_user = new_pqr("peticion", None);
    unknown_user["user_id"] = json!(999);
    assert_eq!(
        create(&p, &unknown_user).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

async fn patch(
    p: &TestPortal,
    supervisor: bool,
    id: i64,
    etag: Option<&str>,
    body: Value,
) -> reqwest::Response {
    let path = format!("/api/v1/pqr/{id}");
    let mut req = if supervisor {
        p.supervisor(Method::PATCH, &path)
    } else {
        p.agent(Method::PATCH, &path)
    };
    if let Some(e) = etag {
        req = req.header("If-Match", e);
    }
    req.json(&body).send().await.unwrap()
}

#[tokio::test]
async fn changes_need_the_current_etag_so_no_update_is_lost() {
    let p = portal_at("2026-03-02T14:00:00Z").await;
    let (_, etag, b) = create(&p, &new_pqr("peticion", None)).await;
    let id = b["id"].as_i64().unwrap();
    let etag = etag.unwrap();
    let r = patch(&p, false, id, None, json!({"status": "en_tramite"})).await;
    assert_eq!(r.status(), StatusCode::PRECONDITION_REQUIRED);
    // Two operators read the same version; the first change wins, the second is told.
    let first = patch(&p, false, id, Some(&etag), json!({"status": "en_tramite"})).await;
    assert_eq!(first.status(), StatusCode::OK);
    let new_etag = first.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(new_etag, etag);
    let second = patch(&p, true, id, Some(&etag), json!({"status": "resuelta"})).await;
    assert_eq!(second.status(), StatusCode::PRECONDITION_FAILED);
    assert_eq!(
        json(second).await["error"]["details"]["current_etag"],
        new_etag.as_str()
    );
    let now = json(
        p.agent(Method::GET, &format!("/api/v1/pqr/{id}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(now["status"], "en_tramite", "the first change was not lost");
}

#[tokio::test]
async fn only_sensible_transitions_and_closed_is_final() {
    let p = portal_at("2026-03-02T14:00:00Z").await;
    let (_, etag, b) = create(&p, &new_pqr("peticion", None)).await;
    let id = b["id"].as_i64().unwrap();
    assert_eq!(
        b["allowed_transitions"],
        json!(["en_tramite", "en_espera_usuario", "prorrogada", "resuelta"])
    );
    let r = patch(&p, false, id, etag.as_deref(), json!({"status": "cerrada"})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = patch(
        &p,
        false,
        id,
        etag.as_deref(),
        json!({"status": "resuelta"}),
    )
    .await;
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let r = patch(&p, false, id, Some(&etag), json!({"status": "cerrada"})).await;
    assert_eq!(r.status(), StatusCode::OK);
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let closed = json(r).await;
    assert_eq!(closed["allowed_transitions"], json!([]));
    let r = patch(&p, true, id, Some(&etag), json!({"status": "en_tramite"})).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let r = p
        .agent(Method::POST, &format!("/api/v1/pqr/{id}/messages"))
        .json(&json!({"visibility": "internal", "body": "tarde"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn extensions_are_for_supervisors_with_a_reason_within_twice_the_term_before_the_due_date() {
    // Received Monday 2026-03-02: a petición is due 2026-03-24 (23 Mar is a holiday);
    // twice the term (30 business days) ends 2026-04-16.
    let p = portal_at("2026-03-02T14:00:00Z").await;
    let (_, etag, b) = create(&p, &new_pqr("peticion", None)).await;
    assert_eq!(b["due_date"], "2026-03-24");
    let id = b["id"].as_i64().unwrap();
    let etag = etag.unwrap();
    let extend = |due: &str, reason: Option<&str>| {
        let mut v = json!({"status": "prorrogada", "new_due_date": due});
        if let Some(r) = reason {
            v["extension_reason"] = json!(r);
        }
        v
    };
    let r = patch(
        &p,
        false,
        id,
        Some(&etag),
        extend("2026-04-10", Some("Falta información del área de nómina")),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN, "agents cannot extend");
    let r = patch(&p, true, id, Some(&etag), extend("2026-04-10", None)).await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a reason is required"
    );
    let r = patch(
        &p,
        true,
        id,
        Some(&etag),
        extend("2026-04-17", Some("Nómina")),
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "beyond twice the term"
    );
    assert_eq!(json(r).await["error"]["details"]["latest"], "2026-04-16");
    // After the due date it is too late.
    p.clock.set("2026-03-25T14:00:00Z".parse().unwrap());
    let r = patch(
        &p,
        true,
        id,
        Some(&etag),
        extend("2026-04-10", Some("Nómina")),
    )
    .await;
    assert_eq!(
        r.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "after the due date"
    );
    p.clock.set("2026-03-24T14:00:00Z".parse().unwrap());
    let r = patch(
        &p,
        true,
        id,
        Some(&etag),
        extend("2026-04-16", Some("Nómina")),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let b = json(r).await;
    assert_eq!(
        (b["due_date"].as_str(), b["original_due_date"].as_str()),
        (Some("2026-04-16"), Some("2026-03-24"))
    );
    assert_eq!(b["extension_reason"], "Nómina");
}

#[tokio::test]
async fn waiting_on_the_requester_suspends_the_clock() {
    let p = portal_at("2026-03-02T14:00:00Z").await;
    let (_, etag, b) = create(&p, &new_pqr("peticion", None)).await;
    let id = b["id"].as_i64().unwrap();
    assert_eq!(b["due_date"], "2026-03-24");
    // Tuesday 3 March: waiting on the requester.
    p.clock.set("2026-03-03T14:00:00Z".parse().unwrap());
    let r = patch(
        &p,
        false,
        id,
        etag.as_deref(),
        json!({"status": "en_espera_usuario"}),
    )
    .await;
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let waiting = json(r).await;
    let left_when_stopped = waiting["business_days_left"].as_i64().unwrap();
    // A week later the list still shows the same days left: the clock is stopped.
    p.clock.set("2026-03-10T14:00:00Z".parse().unwrap());
    let list = json(p.agent(Method::GET, "/api/v1/pqr").send().await.unwrap()).await;
    assert_eq!(
        list["items"][0]["business_days_left"].as_i64().unwrap(),
        left_when_stopped
    );
    // Resumed Tuesday 10 March: five business days spent waiting move the due date by five.
    let r = patch(&p, false, id, Some(&etag), json!({"status": "en_tramite"})).await;
    assert_eq!(json(r).await["due_date"], "2026-03-31");
}

#[tokio::test]
async fn messages_are_idempotent_public_ones_reach_the_requester() {
    let p = portal_at("2026-03-02T14:00:00Z").await;
    let (_, _, b) = create(&p, &new_pqr("queja", None)).await;
    let id = b["id"].as_i64().unwrap();
    let send = |visibility: &'static str, key: &'static str, body: &'static str| {
        p.agent(Method::POST, &format!("/api/v1/pqr/{id}/messages"))
            .header("Idempotency-Key", key)
            .json(&json!({"visibility": visibility, "body": body}))
            .send()
    };
    let answers =
        futures::future::join_all((0..5).map(|_| send("internal", "nota-1", "Revisar rebote")))
            .await;
    let ids: Vec<i64> = futures::future::join_all(answers.into_iter().map(|r| async {
        assert_eq!(r.as_ref().unwrap().status(), StatusCode::CREATED);
        json(r.unwrap()).await["id"].as_i64().unwrap()
    }))
    .await;
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
    let r = send("public", "resp-1", "Hola María, ya corregimos tu correo.")
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let detail = json(
        p.agent(Method::GET, &format!("/api/v1/pqr/{id}"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let thread: Vec<(String, String)> = detail["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["visibility"].as_str().unwrap().into(),
                m["author"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        thread,
        [
            ("internal".to_string(), "Ana Agente".to_string()),
            ("public".into(), "Ana Agente".into())
        ]
    );
    let emails = p.emails();
    assert_eq!(
        emails.len(),
        2,
        "the receipt, then only the public reply (never the internal note)"
    );
    assert!(
        emails[0].contains("quedó radicada con el número"),
        "{}",
        emails[0]
    );
    assert!(emails[1].contains("To: maria@correo.co") && emails[1].contains("ya corregimos"));
    let big = "x".repeat(64 * 1024);
    let r = p
        .agent(Method::POST, &format!("/api/v1/pqr/{id}/messages"))
        .json(&json!({"visibility": "internal", "body": big}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED, "64 KiB is allowed");
    let r = p
        .agent(Method::POST, &format!("/api/v1/pqr/{id}/messages"))
        .json(&json!({"visibility": "internal", "body": format!("{big}y")}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error());
    let r = p
        .agent(Method::POST, &format!("/api/v1/pqr/{id}/messages"))
        .json(&json!({"visibility": "secreta", "body": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_list_filters_searches_sorts_and_pages() {
    let p = TestPortal::start_with(|db| {
        insert_jose(db);
    })
    .await;
    p.clock.set("2026-03-02T14:00:00Z".parse().unwrap());
    let mut linked = new_pqr("reclamo", None);
    linked["user_id"] = json!(1);
    linked["subject"] = json!("Certificado de ingresos y retenciones");
    create(&p, &linked).await;
    create(&p, &new_pqr("consulta", None)).await;
    create(&p, &new_pqr("solicitud_informacion", None)).await;
    create(&p, &new_pqr("peticion", Some("2026-02-02T14:00:00Z"))).await; // due 2026-02-23: overdue
    let get = |q: &str| p.agent(Method::GET, &format!("/api/v1/pqr?{q}")).send();
    let radicados = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap_or_else(|| panic!("{v}"))
            .iter()
            .map(|i| i["type"].as_str().unwrap().to_string())
            .collect()
    };
    let all = json(get("").await.unwrap()).await;
    assert_eq!(
        radicados(&all),
        ["peticion", "solicitud_informacion", "reclamo", "consulta"],
        "by due date"
    );
    let desc = json(get("sort=-due_date").await.unwrap()).await;
    assert_eq!(
        radicados(&desc),
        ["consulta", "reclamo", "solicitud_informacion", "peticion"]
    );
    let overdue = json(get("overdue=true").await.unwrap()).await;
    assert_eq!(radicados(&overdue), ["peticion"]);
    assert!(overdue["items"][0]["business_days_left"].as_i64().unwrap() < 0);
    assert_eq!(
        radicados(&json(get("user_id=1").await.unwrap()).await),
        ["reclamo"]
    );
    assert_eq!(
        radicados(&json(get("q=certificado%20retenciones").await.unwrap()).await),
        ["reclamo"]
    );
    assert_eq!(
        radicados(&json(get("q=PQR-2026-000002").await.unwrap()).await),
        ["consulta"]
    );
    assert_eq!(
        radicados(&json(get("type=consulta").await.unwrap()).await),
        ["consulta"]
    );
    assert_eq!(
        radicados(&json(get("due_within=10").await.unwrap()).await),
        ["solicitud_informacion"]
    );
    assert_eq!(
        json(get("assignee=me").await.unwrap()).await["items"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    assert_eq!(
        json(get("assignee=none").await.unwrap()).await["items"]
            .as_array()
            .unwrap()
            .len(),
        4
    );
    // Pages by cursor in due-date order, no gaps, no repeats.
    let mut seen = Vec::new();
    let mut url = "limit=1".to_string();
    loop {
        let page = json(get(&url).await.unwrap()).await;
        seen.extend(radicados(&page));
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("limit=1&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, radicados(&all));
    for bad in [
        "sort=nope",
        "status=nope",
        "cursor=d:nope",
        "assignee=alguien",
        "due_within=100000",
        "limit=0",
    ] {
        assert_eq!(
            get(bad).await.unwrap().status(),
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
}

#[tokio::test]
async fn agents_assign_themselves_supervisors_anyone_and_every_change_is_audited() {
    let p = portal_at("2026-03-02T14:00:00Z").await;
    let (_, etag, b) = create(&p, &new_pqr("peticion", None)).await;
    let id = b["id"].as_i64().unwrap();
    let me = json(p.agent(Method::GET, "/api/v1/me").send().await.unwrap()).await;
    let boss = json(
        p.supervisor(Method::GET, "/api/v1/me")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let r = patch(
        &p,
        false,
        id,
        etag.as_deref(),
        json!({"assignee_id": boss["id"]}),
    )
    .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = patch(
        &p,
        false,
        id,
        etag.as_deref(),
        json!({"assignee_id": me["id"]}),
    )
    .await;
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    assert_eq!(json(r).await["assignee"]["name"], "Ana Agente");
    let mine = json(
        p.agent(Method::GET, "/api/v1/pqr?assignee=me")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let r = patch(&p, true, id, Some(&etag), json!({"assignee_id": null})).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(json(r).await["assignee"].is_null());
    let audit = json(
        p.supervisor(Method::GET, "/api/v1/audit")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let actions: Vec<(&str, &str)> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["action"].as_str().unwrap(),
                a["outcome"].as_str().unwrap(),
            )
        })
        .collect();
    // The refused assignment stays on the record (issue 11), and so does reading the list.
    assert_eq!(
        actions,
        [
            ("pqr.update", "ok"),
            ("pqr.list", "ok"),
            ("pqr.update", "ok"),
            ("pqr.update", "denied"),
            ("pqr.create", "ok")
        ]
    );
    p.advance(SignedDuration::from_secs(1));
}

#[tokio::test]
async fn the_demo_pqrs_cover_every_status_deadlines_and_hostile_text() {
    let p = TestPortal::start_with(|db| {
        for i in 0..20 {
            insert_user(
                db,
                &format!("7000{i}"),
                &format!("Usuaria {i}"),
                &format!("u{i}@x.co"),
                &format!("300111{i:04}"),
                "1990-01-01",
                "active",
            );
        }
        let legal = helpdesk::portal::pqr::legal::Legal::colombia().unwrap();
        helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 500, support::start_time()).unwrap();
    })
    .await;
    let mut all = Vec::new();
    let mut url = "/api/v1/pqr?limit=200".to_string();
    loop {
        let page = json(p.agent(Method::GET, &url).send().await.unwrap()).await;
        all.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/pqr?limit=200&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(all.len(), 500);
    for status in [
        "radicada",
        "en_tramite",
        "en_espera_usuario",
        "prorrogada",
        "resuelta",
        "cerrada",
    ] {
        assert!(all.iter().any(|x| x["status"] == status), "{status}");
    }
    let open = |x: &&Value| {
        ["radicada", "en_tramite", "prorrogada"].contains(&x["status"].as_str().unwrap())
    };
    assert!(
        all.iter()
            .filter(open)
            .any(|x| x["business_days_left"].as_i64().unwrap() < 0),
        "some overdue"
    );
    assert!(
        all.iter()
            .filter(open)
            .any(|x| x["business_days_left"] == 0),
        "some due today"
    );
    assert!(
        all.iter().any(|x| x["user_id"].is_i64()),
        "some linked to users"
    );
    assert!(
        all.iter()
            .any(|x| x["subject"].as_str().unwrap().contains('\u{1b}')),
        "hostile subjects"
    );
    let big = all
        .iter()
        .find(|x| x["subject"] == "Cuerpo de 60 KiB")
        .unwrap();
    let detail = json(
        p.agent(Method::GET, &format!("/api/v1/pqr/{}", big["id"]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(detail["body"].as_str().unwrap().len() > 55_000);
    let overdue = json(
        p.agent(Method::GET, "/api/v1/pqr?overdue=true&limit=200")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        overdue["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|x| x["business_days_left"].as_i64().unwrap() < 0)
    );
}

/// The demo's queue looks like one a help desk keeps up with (issue 15, item 10): a few open
/// tickets overdue, several due within the week, most in time — not everything weeks overdue.
#[tokio::test]
async fn the_demo_queue_is_mostly_in_time_with_a_few_overdue() {
    let p = TestPortal::start_with(|db| {
        let legal = helpdesk::portal::pqr::legal::Legal::colombia().unwrap();
        helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 500, support::start_time()).unwrap();
    })
    .await;
    let mut left = Vec::new();
    let mut url = "/api/v1/pqr?limit=200".to_string();
    loop {
        let page = json(p.agent(Method::GET, &url).send().await.unwrap()).await;
        for x in page["items"].as_array().unwrap() {
            if ["radicada", "en_tramite", "prorrogada"].contains(&x["status"].as_str().unwrap()) {
                left.push(x["business_days_left"].as_i64().unwrap());
            }
        }
        match page["next_cursor"].as_str() {
            Some(c) => url = format!("/api/v1/pqr?limit=200&cursor={c}"),
            None => break,
        }
    }
    let open = left.len() as f64;
    assert!(open >= 100.0, "{open} open tickets");
    let share = |f: &dyn Fn(i64) -> bool| left.iter().filter(|&&d| f(d)).count() as f64 / open;
    let overdue = share(&|d| d < 0);
    let this_week = share(&|d| (0..=5).contains(&d));
    let in_time = share(&|d| d > 5);
    assert!(
        (0.05..=0.20).contains(&overdue),
        "overdue {overdue:.2} of open"
    );
    assert!(
        this_week >= 0.10,
        "due within 5 business days {this_week:.2}"
    );
    assert!(in_time >= 0.5, "in time {in_time:.2}");
    assert!(
        left.iter().all(|&d| d >= -10),
        "nothing far overdue: {:?}",
        left.iter().min()
    );
}

#[tokio::test]
async fn the_working_queue_is_open_tickets_mine_and_unassigned_most_urgent_first() {
    let p = portal_at("2026-03-02T14:00:00Z").await;
    // Received on different days, so each has its own due date (earliest first below).
    let days = [
        "2026-02-09T14:00:00Z",
        "2026-02-10T14:00:00Z",
        "2026-02-11T14:00:00Z",
        "2026-02-12T14:00:00Z",
        "2026-02-13T14:00:00Z",
        "2026-02-16T14:00:00Z",
    ];
    let mut ids = Vec::new();
    for d in days {
        let (_, etag, b) = create(&p, &new_pqr("peticion", Some(d))).await;
        ids.push((b["id"].as_i64().unwrap(), etag.unwrap()));
    }
    let me = json(p.agent(Method::GET, "/api/v1/me").send().await.unwrap()).await["id"]
        .as_i64()
        .unwrap();
    let sup = json(
        p.supervisor(Method::GET, "/api/v1/me")
            .send()
            .await
            .unwrap(),
    )
    .await["id"]
        .as_i64()
        .unwrap();
    // 0: unassigned, radicada (in). 1: resolved, unassigned (out). 2: the supervisor's (out).
    // 3: mine, waiting on the requester (in). 4: mine, closed (out). 5: mine, en trámite (in).
    async fn change(p: &TestPortal, ids: &mut [(i64, String)], i: usize, body: Value) {
        let r = patch(p, true, ids[i].0, Some(&ids[i].1), body).await;
        assert_eq!(r.status(), StatusCode::OK);
        ids[i].1 = r.headers()["etag"].to_str().unwrap().to_string();
    }
    change(&p, &mut ids, 1, json!({"status": "resuelta"})).await;
    change(&p, &mut ids, 2, json!({"assignee_id": sup})).await;
    change(
        &p,
        &mut ids,
        3,
        json!({"assignee_id": me, "status": "en_espera_usuario"}),
    )
    .await;
    change(
        &p,
        &mut ids,
        4,
        json!({"assignee_id": me, "status": "resuelta"}),
    )
    .await;
    change(&p, &mut ids, 4, json!({"status": "cerrada"})).await;
    change(
        &p,
        &mut ids,
        5,
        json!({"assignee_id": me, "status": "en_tramite"}),
    )
    .await;
    async fn get(p: &TestPortal, q: &str) -> Vec<i64> {
        let r = p
            .agent(Method::GET, &format!("/api/v1/pqr?{q}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{q}");
        let v = json(r).await;
        v["items"]
            .as_array()
            .unwrap_or_else(|| panic!("{v}"))
            .iter()
            .map(|i| i["id"].as_i64().unwrap())
            .collect()
    }
    let id = |i: usize| ids[i].0;
    assert_eq!(
        get(&p, "status=open&assignee=me_or_none&sort=due_date").await,
        [id(0), id(3), id(5)],
        "open, mine and unassigned, by due date"
    );
    assert_eq!(get(&p, "status=open").await, [id(0), id(2), id(3), id(5)]);
    assert_eq!(
        get(&p, "assignee=me_or_none").await,
        [id(0), id(1), id(3), id(4), id(5)]
    );
    // `open` mixes with named statuses.
    assert_eq!(
        get(&p, "status=open,cerrada&assignee=me").await,
        [id(3), id(4), id(5)]
    );
    // The working order: running clocks by due date, then the one waiting on the requester (its
    // clock stopped, though due earlier than the last running one), then the closed ones.
    assert_eq!(
        get(&p, "status=open&assignee=me_or_none&sort=urgency").await,
        [id(0), id(5), id(3)]
    );
    let urgent = [id(0), id(5), id(3), id(1), id(4)];
    assert_eq!(get(&p, "assignee=me_or_none&sort=urgency").await, urgent);
    // Page by page, one ticket a page, the cursor carries the order across the tiers.
    let mut paged = Vec::new();
    let mut cursor = String::new();
    loop {
        let r = p
            .agent(
                Method::GET,
                &format!("/api/v1/pqr?assignee=me_or_none&sort=urgency&limit=1&cursor={cursor}"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let v = json(r).await;
        paged.extend(
            v["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["id"].as_i64().unwrap()),
        );
        match v["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
        assert!(paged.len() <= urgent.len(), "{paged:?}");
    }
    assert_eq!(paged, urgent);
    // A cursor naming no ticket still answers a page.
    assert_eq!(
        get(&p, "sort=urgency&cursor=d:2026-01-01:999999")
            .await
            .len(),
        6
    );
    for bad in ["status=abiertas", "assignee=me_or_all"] {
        let r = p
            .agent(Method::GET, &format!("/api/v1/pqr?{bad}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn stored_due_dates_follow_a_change_of_the_holiday_rules() {
    // Three peticiones received Monday 2026-03-02 (due 2026-03-24 under the Colombian rules): one
    // as it is, one that waited five business days (due 2026-03-31), one extended to 2026-04-10.
    let p = portal_at("2026-03-02T14:00:00Z").await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        let (_, etag, b) = create(&p, &new_pqr("peticion", None)).await;
        assert_eq!(b["due_date"], "2026-03-24");
        ids.push((b["id"].as_i64().unwrap(), etag.unwrap()));
    }
    p.clock.set("2026-03-03T14:00:00Z".parse().unwrap());
    let r = patch(
        &p,
        false,
        ids[1].0,
        Some(&ids[1].1),
        json!({"status": "en_espera_usuario"}),
    )
    .await;
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    p.clock.set("2026-03-10T14:00:00Z".parse().unwrap());
    let r = patch(
        &p,
        false,
        ids[1].0,
        Some(&etag),
        json!({"status": "en_tramite"}),
    )
    .await;
    assert_eq!(json(r).await["due_date"], "2026-03-31");
    let r = patch(
        &p,
        true,
        ids[2].0,
        Some(&ids[2].1),
        json!({"status": "prorrogada", "new_due_date": "2026-04-10", "extension_reason": "Nómina"}),
    )
    .await;
    assert_eq!(json(r).await["due_date"], "2026-04-10");

    // A new law: Wednesday 4 March 2026 is a holiday. The portal restarts with the edited rules.
    let TestPortal {
        running,
        clock,
        agent_token,
        dir,
        http,
        ..
    } = p;
    running.stop().await;
    let mut rules = std::fs::read_to_string("assets/calendar/holidays_co.toml").unwrap();
    rules.push_str("\n[[rule]]\nname = \"Festivo de prueba\"\nkind = \"fixed\"\nmonth = 3\nday = 4\nfrom = 2026\n");
    let file = dir.path().join("holidays.toml");
    std::fs::write(&file, rules).unwrap();
    let mut config = helpdesk::portal::PortalConfig::new(
        dir.path().join("portal.db"),
        dir.path().join("outbox"),
    );
    config.holidays_file = Some(file);
    let running = helpdesk::portal::spawn(
        config,
        "127.0.0.1:0".parse().unwrap(),
        std::sync::Arc::new(clock.clone()),
    )
    .await
    .unwrap();
    let due = |id: i64| {
        let (http, url, token) = (&http, &running.base_url, &agent_token);
        async move {
            let r = http
                .get(format!("{url}/api/v1/pqr/{id}"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            let b: Value = r.json().await.unwrap();
            (
                b["due_date"].as_str().unwrap().to_string(),
                b["original_due_date"].as_str().unwrap().to_string(),
            )
        }
    };
    // The term and the wait are counted again; the extension's date is the supervisor's and stays.
    assert_eq!(
        due(ids[0].0).await,
        ("2026-03-25".into(), "2026-03-25".into())
    );
    // The wait (3 to 10 March) now holds four business days, not five.
    assert_eq!(
        due(ids[1].0).await,
        ("2026-03-31".into(), "2026-03-25".into())
    );
    assert_eq!(
        due(ids[2].0).await,
        ("2026-04-10".into(), "2026-03-25".into())
    );
    // The clock filters read the stored dates: on 25 March the first one is due today, not overdue.
    clock.set("2026-03-25T14:00:00Z".parse().unwrap());
    let overdue: Value = http
        .get(format!("{}/api/v1/pqr?overdue=true", running.base_url))
        .bearer_auth(&agent_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(overdue["items"].as_array().unwrap().len(), 0, "{overdue}");
    running.stop().await;
}

#[tokio::test]
async fn assignees_follow_the_assignment_policy_by_role() {
    let p = TestPortal::start().await;
    let me = json(p.agent(Method::GET, "/api/v1/me").send().await.unwrap()).await;
    let r = p
        .agent(Method::GET, "/api/v1/pqr/assignees")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let agent = json(r).await;
    // An agent may only take tickets: the list is themselves.
    assert_eq!(
        agent["items"],
        json!([{ "id": me["id"], "name": me["name"] }])
    );
    assert_eq!(agent["next_cursor"], Value::Null);
    let sup = json(
        p.supervisor(Method::GET, "/api/v1/pqr/assignees")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let ids: Vec<i64> = sup["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert!(
        ids.len() >= 2 && ids.contains(&me["id"].as_i64().unwrap()),
        "{sup}"
    );
    // And the one the supervisor picks is accepted by the change.
    let (_, etag, created) = create(&p, &new_pqr("peticion", None)).await;
    let id = created["id"].as_i64().unwrap();
    let r = p
        .supervisor(Method::PATCH, &format!("/api/v1/pqr/{id}"))
        .header("if-match", etag.unwrap())
        .json(&json!({ "assignee_id": me["id"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let unauthenticated = p
        .anonymous(Method::GET, "/api/v1/pqr/assignees")
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_detail_says_the_latest_date_an_extension_may_set_and_the_portal_holds_to_it() {
    let p = TestPortal::start().await;
    let (_, _, created) = create(&p, &new_pqr("peticion", None)).await;
    let id = created["id"].as_i64().unwrap();
    let r = p
        .supervisor(Method::GET, &format!("/api/v1/pqr/{id}"))
        .send()
        .await
        .unwrap();
    let etag = r.headers()["etag"].to_str().unwrap().to_string();
    let detail = json(r).await;
    let latest: jiff::civil::Date = detail["latest_extension_date"]
        .as_str()
        .expect("a date while prorrogada is allowed")
        .parse()
        .unwrap();
    let due: jiff::civil::Date = detail["due_date"].as_str().unwrap().parse().unwrap();
    assert!(latest > due, "{detail}");
    let extend = |date: jiff::civil::Date| json!({ "status": "prorrogada", "extension_reason": "falta el certificado", "new_due_date": date });
    let over = p
        .supervisor(Method::PATCH, &format!("/api/v1/pqr/{id}"))
        .header("if-match", etag.clone())
        .json(&extend(latest.tomorrow().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(over.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // The refused field is named, with the rule and the bound it broke.
    assert_eq!(
        json(over).await["error"]["details"],
        json!({ "field": "new_due_date", "rule": "out_of_range", "latest": latest })
    );
    let ok = p
        .supervisor(Method::PATCH, &format!("/api/v1/pqr/{id}"))
        .header("if-match", etag)
        .json(&extend(latest))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    // Extended once: no further extension, so no latest date.
    assert_eq!(json(ok).await["latest_extension_date"], Value::Null);
}
