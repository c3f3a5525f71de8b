//! The desk's figures against counts made directly in the portal's database: a seeded portal,
//! real resets, calls and PQR changes over HTTP, then every figure recomputed here from the rows.

use crate::support;

use std::collections::BTreeMap;

use helpdesk::domain::calendar::Calendar;
use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, ToSpan};
use reqwest::{Method, StatusCode};
use rusqlite::Connection;
use serde_json::{Value, json};
use support::{TestPortal, insert_jose, insert_user, json, start_time, token_in};

/// The `(user_id, at)` pairs an events query selects.
fn user_times(db: &Connection, sql: &str, params: impl rusqlite::Params) -> Vec<(i64, i64)> {
    db.prepare(sql)
        .unwrap()
        .query_map(params, |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn prepare(db: &helpdesk::portal::db::Db) {
    insert_jose(db);
    insert_user(
        db,
        "79111222",
        "Laura Rebote",
        "laura@buzon-inexistente.co",
        "3201112233",
        "1979-03-04",
        "active",
    );
    insert_user(
        db,
        "43876543",
        "Diana Ríos",
        "diana.rios@hotmail.com",
        "3157654321",
        "1988-08-08",
        "active",
    );
    let legal = helpdesk::portal::pqr::legal::Legal::colombia().unwrap();
    helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 400, start_time()).unwrap();
}

fn bogota_day(ms: i64) -> Date {
    Timestamp::from_millisecond(ms)
        .unwrap()
        .in_tz("America/Bogota")
        .unwrap()
        .date()
}

fn day_start_ms(d: Date) -> i64 {
    d.in_tz("America/Bogota")
        .unwrap()
        .timestamp()
        .as_millisecond()
}

async fn get(p: &TestPortal, supervisor: bool, path: &str) -> Value {
    let r = if supervisor {
        p.supervisor(Method::GET, path)
    } else {
        p.agent(Method::GET, path)
    }
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    json(r).await
}

async fn confirm(p: &TestPortal, token: &str, password: &str) -> StatusCode {
    p.anonymous(
        Method::POST,
        &format!("/api/v1/public/password-resets/{token}"),
    )
    .json(&json!({"email": "jose.nunez@gmail.com", "new_password": password}))
    .send()
    .await
    .unwrap()
    .status()
}

/// Resets, bounces, calls and PQR changes through the API, as a morning at the desk.
async fn a_morning(p: &TestPortal) {
    // The public «Enviar Correo», the link opened, two refusals, the change and the login.
    let r = p
        .anonymous(Method::POST, "/api/v1/public/password-reset-requests")
        .json(&json!({"email": "jose.nunez@gmail.com"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    for _ in 0..100 {
        if !p.emails().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let token = token_in(&p.emails()[0]);
    let page = p
        .anonymous(Method::GET, &format!("/cv/recordar/contrasena/{token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    p.advance(SignedDuration::from_mins(4));
    assert_eq!(
        confirm(p, &token, "abc").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        confirm(p, &token, "Portal@2026x").await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    p.advance(SignedDuration::from_mins(3));
    assert_eq!(
        confirm(p, &token, "Nueva.Clave1").await,
        StatusCode::NO_CONTENT
    );
    let login = p
        .anonymous(Method::POST, "/api/v1/public/login")
        .json(&json!({"email": "jose.nunez@gmail.com", "password": "Nueva.Clave1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    // The agent sends a link that is opened, and one that bounces; the supervisor one more.
    let send = |user: i64, supervisor: bool, key: &'static str| {
        let path = format!("/api/v1/users/{user}/reset-links");
        let req = if supervisor {
            p.supervisor(Method::POST, &path)
        } else {
            p.agent(Method::POST, &path)
        };
        req.header("Idempotency-Key", key).send()
    };
    assert_eq!(
        send(3, false, "a1").await.unwrap().status(),
        StatusCode::ACCEPTED
    );
    let diana = token_in(p.emails().last().unwrap());
    p.anonymous(Method::GET, &format!("/cv/recordar/contrasena/{diana}"))
        .send()
        .await
        .unwrap();
    // Laura's link leaves and bounces (a delivery report through the inbound listener); the
    // next one is refused.
    assert_eq!(
        send(2, false, "a2").await.unwrap().status(),
        StatusCode::ACCEPTED
    );
    support::mail::bounce_last_mail(p, 2).await;
    assert_eq!(
        send(2, false, "a3").await.unwrap().status(),
        StatusCode::UNPROCESSABLE_ENTITY
    );
    p.advance(SignedDuration::from_mins(2));
    assert_eq!(
        send(1, true, "s1").await.unwrap().status(),
        StatusCode::ACCEPTED
    );
    // Calls: two by the agent, one by the supervisor.
    for (user, outcome, supervisor) in [
        (1, "resuelto", false),
        (2, "escalado_pqr", false),
        (3, "llamada_cortada", true),
    ] {
        let path = format!("/api/v1/users/{user}/call-outcomes");
        let req = if supervisor {
            p.supervisor(Method::POST, &path)
        } else {
            p.agent(Method::POST, &path)
        };
        let r = req
            .json(&json!({"outcome": outcome, "note": ""}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
    }
    // A PQR taken and answered by the agent today.
    let created = p
        .agent(Method::POST, "/api/v1/pqr")
        .json(
            &json!({"type": "queja", "subject": "No llega el correo", "body": "Llamó.",
                      "channel": "telefono", "requester": {"name": "José Núñez"},
                      "reply_channel": "ninguno"}),
        )
        .send()
        .await
        .unwrap();
    let etag = created.headers()["etag"].to_str().unwrap().to_string();
    let id = json(created).await["id"].as_i64().unwrap();
    let me = get(p, false, "/api/v1/me").await["id"].clone();
    let r = p
        .agent(Method::PATCH, &format!("/api/v1/pqr/{id}"))
        .header("If-Match", etag)
        .json(&json!({"assignee_id": me, "status": "resuelta"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

/// Clock buckets by type, by assignee, and for all.
type Buckets = (
    BTreeMap<String, [u64; 6]>,
    BTreeMap<Option<i64>, [u64; 6]>,
    [u64; 6],
);

/// The clock buckets of the open tickets, counted here from the rows.
fn clock_counts(db: &Connection, today: Date, assignee: Option<i64>) -> Buckets {
    let cal = Calendar::colombia().unwrap();
    let soon = cal.add_business_days(today, 3);
    let mut stmt = db
        .prepare("SELECT type, assignee_id, status, due_date FROM pqr WHERE status NOT IN ('resuelta', 'cerrada')")
        .unwrap();
    let rows: Vec<(String, Option<i64>, String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let (mut by_type, mut by_assignee, mut all) = (BTreeMap::new(), BTreeMap::new(), [0u64; 6]);
    for (t, a, status, due) in rows {
        if assignee.is_some() && a != assignee {
            continue;
        }
        let due: Date = due.parse().unwrap();
        let i = if status == "en_espera_usuario" {
            4
        } else if due < today {
            0
        } else if due == today {
            1
        } else if due <= soon {
            2
        } else {
            3
        };
        for counts in [
            by_type.entry(t.clone()).or_insert([0; 6]),
            by_assignee.entry(a).or_insert([0; 6]),
            &mut all,
        ] {
            counts[i] += 1;
            counts[5] += 1;
        }
    }
    (by_type, by_assignee, all)
}

fn counts_of(v: &Value) -> [u64; 6] {
    [
        "overdue",
        "due_today",
        "due_soon",
        "in_time",
        "suspended",
        "open",
    ]
    .map(|k| v[k].as_u64().unwrap_or_else(|| panic!("{k} in {v}")))
}

fn check_pqr_stats(db: &Connection, s: &Value, today: Date, assignee: Option<i64>) {
    let (by_type, by_assignee, all) = clock_counts(db, today, assignee);
    assert_eq!(counts_of(&s["clock"]), all);
    for row in s["by_type"].as_array().unwrap() {
        let t = row["type"].as_str().unwrap();
        assert_eq!(
            counts_of(row),
            by_type.get(t).copied().unwrap_or([0; 6]),
            "{t}"
        );
    }
    let listed: BTreeMap<Option<i64>, [u64; 6]> = s["by_assignee"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["assignee"]["id"].as_i64(), counts_of(r)))
        .collect();
    assert_eq!(listed, by_assignee);
    // Received and answered per Bogotá day, and the share answered in term, from the rows.
    let mut stmt = db
        .prepare("SELECT received_at, answered_at, due_date, assignee_id FROM pqr")
        .unwrap();
    let rows: Vec<(i64, Option<i64>, String, Option<i64>)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .filter(|r: &(i64, Option<i64>, String, Option<i64>)| assignee.is_none() || r.3 == assignee)
        .collect();
    let first = today.checked_sub(29.days()).unwrap();
    let daily = s["daily"].as_array().unwrap();
    assert_eq!(daily.len(), 30);
    let (mut total, mut within) = (0, 0);
    for (i, d) in daily.iter().enumerate() {
        let day = first.checked_add((i as i64).days()).unwrap();
        assert_eq!(d["day"], day.to_string());
        let received = rows.iter().filter(|r| bogota_day(r.0) == day).count() as u64;
        let answered: Vec<_> = rows
            .iter()
            .filter(|r| r.1.is_some_and(|a| bogota_day(a) == day))
            .collect();
        assert_eq!(d["received"], received, "{day}");
        assert_eq!(d["answered"], answered.len() as u64, "{day}");
        total += answered.len() as u64;
        within += answered
            .iter()
            .filter(|r| bogota_day(r.1.unwrap()) <= r.2.parse::<Date>().unwrap())
            .count() as u64;
    }
    assert_eq!(s["answered"]["total"], total);
    assert_eq!(s["answered"]["within_term"], within);
    assert!(
        total > 0,
        "the seeded portal answered tickets in the window"
    );
    let share = s["answered"]["share"].as_f64().unwrap();
    assert!((share - within as f64 / total as f64).abs() < 1e-9);
}

#[tokio::test]
async fn the_figures_equal_counts_made_in_the_database() {
    let p = TestPortal::start_with(prepare).await;
    a_morning(&p).await;
    let db = Connection::open(p.dir.path().join("portal.db")).unwrap();
    let today: Date = "2026-03-02".parse().unwrap();
    let agent_id: i64 = db
        .query_row(
            "SELECT id FROM operators WHERE name = 'Ana Agente'",
            [],
            |r| r.get(0),
        )
        .unwrap();

    // PQR clocks: the desk for the supervisor, the agent's own tickets for the agent.
    let desk = get(&p, true, "/api/v1/stats/pqr").await;
    assert_eq!(desk["scope"], "desk");
    assert_eq!(desk["today"], "2026-03-02");
    check_pqr_stats(&db, &desk, today, None);
    let mine = get(&p, false, "/api/v1/stats/pqr").await;
    assert_eq!(mine["scope"], "mine");
    check_pqr_stats(&db, &mine, today, Some(agent_id));
    assert!(mine["clock"]["open"].as_u64().unwrap() < desk["clock"]["open"].as_u64().unwrap());

    // The reset funnel of today.
    let (a, b) = (day_start_ms(today), day_start_ms(today.tomorrow().unwrap()));
    let kind = |k: &str, operator_only: bool| -> u64 {
        db.query_row(
            "SELECT COUNT(*) FROM events WHERE kind = ?1 AND at >= ?2 AND at < ?3 AND (?4 = 0 OR actor_kind = 'operator')",
            rusqlite::params![k, a, b, operator_only as i64],
            |r| r.get(0),
        )
        .unwrap()
    };
    let changes: Vec<(i64, i64)> = user_times(
        &db,
        "SELECT user_id, at FROM events WHERE kind = 'password_changed' AND at >= ?1 AND at < ?2",
        [a, b],
    );
    let logins: Vec<(i64, i64)> = user_times(
        &db,
        "SELECT user_id, at FROM events WHERE kind = 'login_succeeded'",
        rusqlite::params![],
    );
    let all_changes: Vec<(i64, i64)> = user_times(
        &db,
        "SELECT user_id, at FROM events WHERE kind = 'password_changed'",
        rusqlite::params![],
    );
    // A change counts when a login of the same user follows it before the user's next change.
    let logged_in = changes
        .iter()
        .filter(|(u, at)| {
            logins.iter().any(|(lu, lat)| {
                lu == u
                    && lat >= at
                    && !all_changes
                        .iter()
                        .any(|(cu, cat)| cu == u && cat > at && cat <= lat)
            })
        })
        .count() as u64;
    let resets = get(
        &p,
        true,
        "/api/v1/stats/resets?from=2026-03-02&to=2026-03-02",
    )
    .await;
    let f = &resets["funnel"];
    assert_eq!(resets["scope"], "desk");
    assert_eq!(f["requested_public"], kind("reset_requested", false));
    assert_eq!(
        f["requested_by_operator"],
        kind("reset_link_sent", true) + kind("reset_email_bounced", true)
    );
    assert_eq!(f["sent"], kind("reset_link_sent", false));
    // A bounce is a delivery report now: a `mail_bounced` event about a reset-link email (the
    // old `reset_email_bounced` events still count, for data from before).
    let reset_mail_bounces: u64 = db
        .query_row(
            "SELECT COUNT(*) FROM events WHERE kind = 'mail_bounced' AND at >= ?1 AND at < ?2
               AND json_extract(data, '$.mail.purpose') = 'reset_link'",
            rusqlite::params![a, b],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        f["bounced"],
        kind("reset_email_bounced", false) + reset_mail_bounces
    );
    assert_eq!(f["link_opened"], kind("reset_link_opened", false));
    assert_eq!(f["password_changed"], kind("password_changed", false));
    assert_eq!(f["logged_in"], logged_in);
    // What the morning did, so the comparison is not between two zeros.
    assert_eq!(
        [
            &f["requested_public"],
            &f["requested_by_operator"],
            &f["sent"],
            &f["bounced"],
            &f["link_opened"],
            &f["password_changed"],
            &f["logged_in"]
        ],
        // Laura's link counts as sent, and as bounced: a real delivery report came back for it.
        [1, 3, 4, 1, 2, 1, 1].map(Value::from).each_ref()
    );
    let used: i64 = db
        .query_row(
            "SELECT used_at - created_at FROM reset_tokens WHERE used_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(resets["median_seconds_to_change"], used / 1000);
    assert_eq!(resets["median_seconds_to_change"], 7 * 60);
    let rules: Vec<(String, u64)> = db
        .prepare(
            "SELECT r.value, COUNT(*) AS n FROM events e, json_each(e.data, '$.rules') r
             WHERE e.kind = 'reset_attempt_failed' GROUP BY r.value ORDER BY n DESC, r.value",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let listed: Vec<(String, u64)> = resets["refused_rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["rule"].as_str().unwrap().to_string(),
                r["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(listed, rules);
    assert_eq!(
        listed.first().map(|r| r.0.as_str()),
        Some("missing_special")
    );

    // The agent's own funnel: the links the agent asked for.
    let mine = get(&p, false, "/api/v1/stats/resets").await;
    assert_eq!(mine["scope"], "mine");
    let (sent, opened, changed): (u64, u64, u64) = db
        .query_row(
            "SELECT COUNT(*), COUNT(opened_at), COUNT(used_at) FROM reset_tokens WHERE operator_id = ?1",
            [agent_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    // Bounces before issue 25 were operator events; now a delivery report about the email of a
    // link the agent sent (its outbox row is written with the link, at the same instant).
    let (refused, bounced_mail): (u64, u64) = db
        .query_row(
            "SELECT (SELECT COUNT(*) FROM events WHERE kind = 'reset_email_bounced' AND actor_name = 'Ana Agente'),
                    (SELECT COUNT(*) FROM events e
                       JOIN mail_outbox m ON m.id = json_extract(e.data, '$.mail.id')
                       JOIN reset_tokens t ON t.user_id = m.user_id AND t.created_at = m.created_at
                      WHERE e.kind = 'mail_bounced' AND t.operator_id = ?1)",
            [agent_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let bounced = refused + bounced_mail;
    let f = &mine["funnel"];
    assert_eq!(
        [
            &f["requested_public"],
            &f["requested_by_operator"],
            &f["sent"],
            &f["bounced"],
            &f["link_opened"],
            &f["password_changed"]
        ],
        // A refused send (the old bounce) asked for a link that was never sent; a bounced email's
        // link was sent.
        [0, sent + refused, sent, bounced, opened, changed]
            .map(Value::from)
            .each_ref()
    );
    // Diana's and Laura's links; Laura's came back as a delivery report.
    assert_eq!((sent, bounced, opened, changed), (2, 1, 1, 0));
    assert_eq!(mine["median_seconds_to_change"], Value::Null);

    // Calls by outcome.
    let calls = |name: Option<&str>| -> BTreeMap<String, u64> {
        db.prepare(
            "SELECT json_extract(data, '$.status'), COUNT(*) FROM events
             WHERE kind = 'call_outcome_recorded' AND (?1 IS NULL OR actor_name = ?1) GROUP BY 1",
        )
        .unwrap()
        .query_map([name], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    for (supervisor, name) in [(true, None), (false, Some("Ana Agente"))] {
        let s = get(
            &p,
            supervisor,
            "/api/v1/stats/calls?from=2026-02-01&to=2026-03-02",
        )
        .await;
        let expected = calls(name);
        let mut total = 0;
        for o in [
            "resuelto",
            "escalado_pqr",
            "identidad_no_verificada",
            "llamada_cortada",
        ] {
            let n = expected.get(o).copied().unwrap_or(0);
            assert_eq!(s["by_outcome"][o], n, "{o}");
            total += n;
        }
        assert_eq!(s["total"], total);
        assert_eq!(s["from"], "2026-02-01");
    }
    assert_eq!(calls(None).values().sum::<u64>(), 3);

    // Every read is on the record, with its operator.
    let audited: u64 = db
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE action IN ('stats.pqr', 'stats.resets', 'stats.calls')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 6);
}

#[tokio::test]
async fn a_period_must_be_real_days_in_order_and_at_most_a_year() {
    let p = TestPortal::start().await;
    for (q, status) in [
        (
            "from=2026-03-02&to=2026-03-01",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "from=2025-01-01&to=2026-03-01",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("from=2026-02-30", StatusCode::UNPROCESSABLE_ENTITY),
        ("to=ayer", StatusCode::BAD_REQUEST),
        ("from=2026-3-1", StatusCode::BAD_REQUEST),
        ("to=", StatusCode::BAD_REQUEST),
    ] {
        for path in ["/api/v1/stats/resets", "/api/v1/stats/calls"] {
            let r = p
                .agent(Method::GET, &format!("{path}?{q}"))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), status, "{path}?{q}");
        }
    }
    let r = p
        .anonymous(Method::GET, "/api/v1/stats/pqr")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    // An empty desk answers zeros, not errors.
    let s = get(&p, true, "/api/v1/stats/pqr").await;
    assert_eq!(s["clock"]["open"], 0);
    assert_eq!(s["answered"]["share"], Value::Null);
}

/// One stored row of the scenario below.
enum Step {
    Token {
        user: i64,
        created: &'static str,
        used: Option<&'static str>,
        operator: Option<i64>,
    },
    Event {
        at: &'static str,
        kind: helpdesk::api::EventKind,
        user: i64,
        operator: Option<&'static str>,
        data: Box<helpdesk::api::EventData>,
    },
}

#[test]
fn the_migration_counts_stored_events_as_the_live_counters_do() {
    use helpdesk::api::{Actor, ActorKind, EventData, EventKind, PolicyRule};
    let ms = |s: &str| s.parse::<Timestamp>().unwrap().as_millisecond();
    let ev = |at, kind, user, operator| Step::Event {
        at,
        kind,
        user,
        operator,
        data: Box::default(),
    };
    let steps = vec![
        // A public reset late on 1 March in Bogotá (already 2 March in UTC): refused twice,
        // changed seven minutes after the request, then a login.
        ev("2026-03-02T04:30:00Z", EventKind::ResetRequested, 1, None),
        Step::Token {
            user: 1,
            created: "2026-03-02T04:30:00Z",
            used: Some("2026-03-02T04:37:00Z"),
            operator: None,
        },
        ev("2026-03-02T04:30:00Z", EventKind::ResetLinkSent, 1, None),
        ev("2026-03-02T04:31:00Z", EventKind::ResetLinkOpened, 1, None),
        Step::Event {
            at: "2026-03-02T04:33:00Z",
            kind: EventKind::ResetAttemptFailed,
            user: 1,
            operator: None,
            data: Box::new(EventData {
                rules: vec![PolicyRule::MissingSpecial, PolicyRule::TooShort],
                ..Default::default()
            }),
        },
        ev("2026-03-02T04:37:00Z", EventKind::PasswordChanged, 1, None),
        ev("2026-03-02T04:40:00Z", EventKind::LoginSucceeded, 1, None),
        ev("2026-03-02T05:40:00Z", EventKind::LoginSucceeded, 1, None),
        // An operator's link, a bounce, calls by two operators.
        Step::Token {
            user: 2,
            created: "2026-03-02T15:00:00Z",
            used: None,
            operator: Some(1),
        },
        ev(
            "2026-03-02T15:00:00Z",
            EventKind::ResetLinkSent,
            2,
            Some("Ana Agente"),
        ),
        ev(
            "2026-03-02T15:05:00Z",
            EventKind::ResetEmailBounced,
            3,
            Some("Ana Agente"),
        ),
        Step::Event {
            at: "2026-03-02T15:10:00Z",
            kind: EventKind::CallOutcomeRecorded,
            user: 2,
            operator: Some("Ana Agente"),
            data: Box::new(EventData {
                status: Some("resuelto".into()),
                ..Default::default()
            }),
        },
        Step::Event {
            at: "2026-03-03T15:10:00Z",
            kind: EventKind::CallOutcomeRecorded,
            user: 3,
            operator: Some("Sofía Supervisora"),
            data: Box::new(EventData {
                status: Some("llamada_cortada".into()),
                ..Default::default()
            }),
        },
        // Two changes before one login: only the second was followed by a login.
        Step::Token {
            user: 3,
            created: "2026-03-03T14:00:00Z",
            used: Some("2026-03-03T14:20:00Z"),
            operator: Some(2),
        },
        ev("2026-03-03T14:20:00Z", EventKind::PasswordChanged, 3, None),
        Step::Token {
            user: 3,
            created: "2026-03-04T14:00:00Z",
            used: Some("2026-03-04T16:30:00Z"),
            operator: None,
        },
        ev("2026-03-04T16:30:00Z", EventKind::PasswordChanged, 3, None),
        ev("2026-03-05T14:00:00Z", EventKind::LoginSucceeded, 3, None),
    ];
    let base = |c: &Connection| {
        for (i, name) in ["Ana Agente", "Sofía Supervisora"].iter().enumerate() {
            c.execute(
                "INSERT INTO operators (name, role, token_sha256, created_at) VALUES (?1, 'agent', ?2, 0)",
                rusqlite::params![name, format!("t{i}")],
            )
            .unwrap();
        }
        for u in 1..=3 {
            c.execute(
                "INSERT INTO users (document_type, document_number, full_name, email, email_lower, phone_digits,
                                    birth_date, kind, status, created_at)
                 VALUES ('CC', ?1, 'U', ?2, ?2, ?1, '1990-01-01', 'candidate', 'active', 0)",
                rusqlite::params![format!("{u}000"), format!("u{u}@correo.co")],
            )
            .unwrap();
        }
    };
    let token = |c: &Connection,
                 n: usize,
                 user: i64,
                 created: &str,
                 used: Option<&str>,
                 op: Option<i64>| {
        c.execute(
            "INSERT INTO reset_tokens (user_id, token_sha256, created_at, expires_at, used_at, origin, operator_id)
             VALUES (?1, ?2, ?3, ?3, ?4, ?5, ?6)",
            rusqlite::params![user, format!("h{n}"), ms(created), used.map(ms),
                              if op.is_some() { "operator" } else { "public" }, op],
        )
        .unwrap();
    };
    let actor = |operator: Option<&str>| match operator {
        Some(name) => Actor {
            kind: ActorKind::Operator,
            name: Some(name.into()),
        },
        None => Actor {
            kind: ActorKind::User,
            name: None,
        },
    };
    let dir = tempfile::tempdir().unwrap();

    // Live: every insert keeps the counters.
    let live = helpdesk::portal::db::Db::open(&dir.path().join("live.db")).unwrap();
    live.with_writer(|c| {
        base(c);
        for (n, step) in steps.iter().enumerate() {
            match step {
                Step::Token {
                    user,
                    created,
                    used,
                    operator,
                } => token(c, n, *user, created, *used, *operator),
                Step::Event {
                    at,
                    kind,
                    user,
                    operator,
                    data,
                } => {
                    let at = at.parse().unwrap();
                    helpdesk::portal::events::insert(
                        c,
                        helpdesk::portal::events::NewEvent::user(
                            at,
                            *kind,
                            *user,
                            actor(*operator),
                        )
                        .with_data((**data).clone()),
                    )?;
                }
            }
        }
        Ok(())
    })
    .unwrap();

    // Stored before migration 004, then migrated.
    let old = dir.path().join("old.db");
    {
        let c = Connection::open(&old).unwrap();
        for f in ["001_core", "002_pqr", "003_name_prefixes"] {
            let sql =
                std::fs::read_to_string(format!("crates/portal/src/storage/migrations/{f}.sql"))
                    .unwrap();
            c.execute_batch(&sql).unwrap();
        }
        c.pragma_update(None, "user_version", 3).unwrap();
        base(&c);
        for (n, step) in steps.iter().enumerate() {
            match step {
                Step::Token {
                    user,
                    created,
                    used,
                    operator,
                } => token(&c, n, *user, created, *used, *operator),
                Step::Event {
                    at,
                    kind,
                    user,
                    operator,
                    data,
                } => {
                    let a = actor(*operator);
                    c.execute(
                        "INSERT INTO events (at, kind, user_id, actor_kind, actor_name, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        rusqlite::params![ms(at), kind.as_str(), user,
                            if a.kind == ActorKind::Operator { "operator" } else { "user" },
                            a.name, serde_json::to_string(data).unwrap()],
                    )
                    .unwrap();
                }
            }
        }
    }
    drop(helpdesk::portal::db::Db::open(&old).unwrap());

    let counters = |path: &std::path::Path| -> Vec<(String, String, String, i64)> {
        Connection::open(path)
            .unwrap()
            .prepare("SELECT metric, who, day, n FROM stats_daily ORDER BY metric, who, day")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    drop(live);
    let live = counters(&dir.path().join("live.db"));
    assert_eq!(counters(&old), live);
    let has = |metric: &str, day: &str, n: i64| {
        live.iter()
            .any(|(m, w, d, k)| m == metric && w.is_empty() && d == day && *k == n)
    };
    assert!(
        has("to_change_min:7", "2026-03-01", 1),
        "Bogotá's day, whole minutes: {live:?}"
    );
    assert!(has("changed_then_logged_in", "2026-03-01", 1), "{live:?}");
    assert!(has("changed_then_logged_in", "2026-03-04", 1), "{live:?}");
    assert!(
        !live
            .iter()
            .any(|(m, _, d, _)| m == "changed_then_logged_in" && d == "2026-03-03")
    );
    assert!(has("rule:missing_special", "2026-03-01", 1));
    assert!(
        live.iter()
            .any(|(m, w, _, n)| m == "call:resuelto" && w == "Ana Agente" && *n == 1)
    );
}
