//! Running the portal as an operations team would: the real binary with `--log FILE
//! --log-format json --metrics-addr`, its access log (one line per request, nothing secret or
//! personal in the whole log), its Prometheus metrics read by an independent parser, its
//! readiness, and a backup taken while it is being written to.

use crate::support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use helpdesk::api::Role;
use helpdesk::portal::db::Db;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A `helpdesk portal serve` process on 127.0.0.1, port 0, with its log in a file.
struct Served {
    child: Child,
    base: String,
    metrics: String,
    log: PathBuf,
    outbox: PathBuf,
}

impl Served {
    fn start(dir: &Path, db: &Path) -> Served {
        helpdesk::client::use_ring_for_tls();
        let log = dir.join("logs").join("portal.log");
        let outbox = dir.join("outbox");
        let mut child = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
            .args(["portal", "serve", "--addr", "127.0.0.1:0"])
            .arg("--db")
            .arg(db)
            .arg("--outbox")
            .arg(&outbox)
            .arg("--log")
            .arg(&log)
            .args(["--log-format", "json", "--metrics-addr", "127.0.0.1:0"])
            .args(["--threads", "2"])
            // HELPDESK_LOG wins over RUST_LOG: with RUST_LOG alone nothing would be logged.
            .env("RUST_LOG", "off")
            .env("HELPDESK_LOG", "trace,hyper=info,h2=info,reqwest=info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start helpdesk portal serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let (mut base, mut metrics) = (None, None);
        for line in lines.by_ref() {
            let line = line.expect("stderr line");
            if let Some(url) = line.strip_prefix("portal listening on ") {
                base = Some(url.trim().to_string());
            }
            if let Some(url) = line.strip_prefix("metrics on ") {
                metrics = Some(url.trim().to_string());
            }
            if base.is_some() && metrics.is_some() {
                break;
            }
        }
        std::thread::spawn(move || for _ in lines {});
        Served {
            child,
            base: base.expect("the portal's address"),
            metrics: metrics.expect("the metrics address"),
            log,
            outbox,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGTERM, as systemd stops it; the log is complete once it has exited.
    fn stop(mut self) -> String {
        let pid = i32::try_from(self.child.id()).expect("pid");
        // SAFETY: a plain signal to the child this test started.
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let status = self.child.wait().expect("wait for the portal");
        assert!(status.success(), "the portal exited with {status}");
        std::fs::read_to_string(&self.log).expect("the log file")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const DOCUMENT: &str = "1020304050";
const NAME: &str = "José Núñez Peña";
const EMAIL: &str = "jose.nunez@gmail.com";
const PHONE: &str = "3001234567";
const NEW_PASSWORD: &str = "Clave.Secreta.Nueva9";
const PQR_BODY: &str = "Mi contraseña anterior era Tornillo.Azul77 y no entra";
const PQR_REQUESTER: &str = "Marcela Ibáñez Ruiz";
const PQR_EMAIL: &str = "marcela.ibanez@correo.co";
const MESSAGE: &str = "Respuesta con el dato sensible Girasol-4411";

fn prepared(dir: &Path) -> (PathBuf, String, i64) {
    let db_path = dir.join("portal.db");
    let db = Db::open(&db_path).expect("db");
    let user = support::insert_jose(&db);
    let (_, token) = db
        .with_writer(|c| {
            helpdesk::portal::auth::add_operator(
                c,
                "Sofía Supervisora",
                Role::Supervisor,
                jiff::Timestamp::now(),
            )
        })
        .expect("operator");
    (db_path, token, user)
}

#[tokio::test]
async fn the_log_has_one_access_line_per_request_and_no_secret_or_personal_datum() {
    let dir = tempfile::tempdir().unwrap();
    let (db, token, user) = prepared(dir.path());
    let portal = Served::start(dir.path(), &db);
    let http = reqwest::Client::new();
    let auth = format!("Bearer {token}");

    // Searches by document, email and name: personal data in the query string.
    let mut request_ids = Vec::new();
    for q in [DOCUMENT, EMAIL, "José Núñez"] {
        let r = http
            .get(portal.url("/api/v1/users"))
            .query(&[("q", q)])
            .header("authorization", &auth)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        request_ids.push(r.headers()["x-request-id"].to_str().unwrap().to_string());
    }
    let r = http
        .get(portal.url(&format!("/api/v1/users/{user}")))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // A reset link, followed; the new password, then a login with it.
    let r = http
        .post(portal.url(&format!("/api/v1/users/{user}/reset-links")))
        .header("authorization", &auth)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let mail = support::emails_in(&portal.outbox)
        .pop()
        .expect("the reset email");
    let reset_token = support::token_in(&mail);
    let reset_link = portal.url(&format!("/cv/recordar/contrasena/{reset_token}"));
    assert!(mail.contains(&reset_link), "{mail}");
    let r = http.get(&reset_link).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = http
        .post(portal.url(&format!("/api/v1/public/password-resets/{reset_token}")))
        .json(&json!({"email": EMAIL, "new_password": NEW_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = http
        .post(portal.url("/api/v1/public/login"))
        .json(&json!({"email": EMAIL, "password": NEW_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = http
        .post(portal.url("/api/v1/public/login"))
        .json(&json!({"email": EMAIL, "password": "Tornillo.Azul77"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = http
        .post(portal.url("/api/v1/public/password-reset-requests"))
        .json(&json!({"email": EMAIL}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    // A PQR with personal data in its body and requester, and a message on it.
    let r = http
        .post(portal.url("/api/v1/pqr"))
        .header("authorization", &auth)
        .json(&json!({
            "type": "queja",
            "subject": "No puede entrar al portal",
            "body": PQR_BODY,
            "channel": "telefono",
            "requester": {"name": PQR_REQUESTER, "email": PQR_EMAIL, "phone": "3157654321"}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let pqr: Value = r.json().await.unwrap();
    let pqr_id = pqr["id"].as_i64().expect("the PQR's id");
    let radicado = pqr["radicado"].as_str().expect("a radicado").to_string();
    let r = http
        .post(portal.url(&format!("/api/v1/pqr/{pqr_id}/messages")))
        .header("authorization", &auth)
        .json(&json!({"body": MESSAGE, "visibility": "internal"}))
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    // A refused token, and a wrong route with personal data in the path.
    let r = http
        .get(portal.url("/api/v1/me"))
        .header(
            "authorization",
            "Bearer not-a-real-token-but-secret-looking",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = http
        .get(portal.url(&format!("/api/v1/nowhere/{EMAIL}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    let log = portal.stop();

    // Nothing secret or personal, anywhere in the log.
    for secret in [
        token.as_str(),
        "not-a-real-token-but-secret-looking",
        DOCUMENT,
        NAME,
        "Núñez",
        EMAIL,
        "jose.nunez",
        PHONE,
        reset_token.as_str(),
        reset_link.as_str(),
        NEW_PASSWORD,
        "Tornillo.Azul77",
        PQR_BODY,
        PQR_REQUESTER,
        PQR_EMAIL,
        "3157654321",
        MESSAGE,
        "Girasol-4411",
        radicado.as_str(),
    ] {
        assert!(
            !log.contains(secret),
            "the log holds {secret:?}:\n{}",
            log.lines()
                .filter(|l| l.contains(secret))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    // One JSON access line per request, with the route's template.
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let access: Vec<&Value> = lines
        .iter()
        .filter(|l| l["target"] == "helpdesk::access")
        .collect();
    assert_eq!(access.len(), 14, "{access:#?}");
    let find = |route: &str, status: u64| {
        access
            .iter()
            .find(|l| l["route"] == route && l["status"] == status)
            .unwrap_or_else(|| panic!("no access line for {route} {status}: {access:#?}"))
    };
    let search = find("/api/v1/users", 200);
    assert_eq!(search["method"], "GET");
    assert!(search["latency_ms"].as_f64().is_some(), "{search}");
    assert!(search["operator_id"].as_i64().is_some(), "{search}");
    assert!(
        request_ids
            .iter()
            .any(|id| search["request_id"] == *id.as_str()),
        "{search} has none of {request_ids:?}"
    );
    find("/api/v1/users/{id}", 200);
    find("/api/v1/users/{id}/reset-links", 202);
    find("/cv/recordar/contrasena/{token}", 200);
    find("/api/v1/public/password-resets/{token}", 204);
    find("/api/v1/public/login", 401);
    find("/api/v1/pqr/{id}/messages", 201);
    find("unmatched", 404);
    let refused = find("/api/v1/me", 401);
    assert!(refused["operator_id"].is_null(), "{refused}");
    assert!(
        find("/api/v1/public/login", 200)["operator_id"].is_null(),
        "no operator on a public route"
    );
}

#[tokio::test]
async fn the_metrics_endpoint_speaks_prometheus_text_with_route_templates() {
    let dir = tempfile::tempdir().unwrap();
    let (db, token, user) = prepared(dir.path());
    let portal = Served::start(dir.path(), &db);
    let http = reqwest::Client::new();
    for _ in 0..3 {
        let r = http
            .get(portal.url(&format!("/api/v1/users/{user}")))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
    }
    let r = http.get(portal.url("/api/v1/ready")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let ready: Value = r.json().await.unwrap();
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["database"], "ok");
    // No relay: mail stays in the outbox folder by design, which does not stop readiness.
    assert_eq!(ready["mail_queue"]["state"], "no_relay", "{ready}");
    assert_eq!(ready["mail_queue"]["max_age_s"], 1800, "{ready}");

    let r = http.get(&portal.metrics).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain"),
        "{:?}",
        r.headers()
    );
    let text = r.text().await.unwrap();
    let value = |family: &str, labels: &[(&str, &str)]| support::metric(&text, family, labels);
    let detail = [
        ("route", "/api/v1/users/{id}"),
        ("method", "GET"),
        ("status", "200"),
    ];
    assert_eq!(
        value("helpdesk_portal_http_requests_total", &detail),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        value("helpdesk_portal_http_request_duration_seconds", &detail),
        Some(3.0),
        "{text}"
    );
    assert!(
        value("helpdesk_portal_db_wait_seconds", &[("access", "read")]).is_some_and(|n| n >= 3.0),
        "{text}"
    );
    assert!(
        value(
            "helpdesk_portal_db_transaction_seconds",
            &[("access", "read")]
        )
        .is_some(),
        "{text}"
    );
    assert_eq!(
        value("helpdesk_portal_event_streams_open", &[]),
        Some(0.0),
        "{text}"
    );
    // An event stream open while scraping is counted.
    let stream = http
        .get(portal.url("/api/v1/events"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let during = http
        .get(&portal.metrics)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        support::metric(&during, "helpdesk_portal_event_streams_open", &[]),
        Some(1.0),
        "{during}"
    );
    drop(stream);
    // The route label is always a template: no raw id anywhere in a label.
    let exposition =
        openmetrics_parser::prometheus::parse_prometheus(&text).expect("Prometheus text");
    for family in exposition.families.values() {
        for s in family.iter_samples() {
            let set = s.get_labelset().expect("labels");
            if let Some(route) = set.get_label_value("route") {
                assert!(!route.contains(&format!("/{user}")), "raw path in {route}");
            }
        }
    }
    drop(portal);
}

/// Writes acknowledged before the backup began are all in it; the copy is sound and private.
#[tokio::test]
async fn a_backup_under_write_load_holds_every_write_acknowledged_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, token, _) = prepared(dir.path());
    let portal = Served::start(dir.path(), &db);
    let (http, url) = (reqwest::Client::new(), portal.url("/api/v1/pqr"));
    let create = move |n: usize| {
        let (http, url, token) = (http.clone(), url.clone(), token.clone());
        async move {
            let r = http
                .post(url)
                .bearer_auth(token)
                .json(&json!({
                    "type": "peticion",
                    "subject": format!("carga {n}"),
                    "body": "escrita durante la copia",
                    "channel": "telefono",
                    "requester": {"name": "Carga", "email": "carga@correo.co"}
                }))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::CREATED);
            r.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
        }
    };
    let mut before = Vec::new();
    for n in 0..40 {
        before.push(create(n).await);
    }
    // Writers keep going while the backup runs.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let load = {
        let stop = stop.clone();
        let create = create.clone();
        tokio::spawn(async move {
            let mut n = 1000;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                create(n).await;
                n += 1;
            }
            n - 1000
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    let to = dir.path().join("copy.db");
    let out = tokio::task::spawn_blocking({
        let db = db.clone();
        let to = to.clone();
        move || {
            Command::new(env!("CARGO_BIN_EXE_helpdesk"))
                .args(["portal", "backup", "--db"])
                .arg(&db)
                .arg("--to")
                .arg(&to)
                .output()
                .expect("run the backup")
        }
    })
    .await
    .unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let during = load.await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(during > 0, "no write ran beside the backup");
    drop(portal);

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&to).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the backup is {mode:o}");
    }
    assert!(!dir.path().join("copy.db-wal").exists(), "one file, no WAL");
    let copy = rusqlite::Connection::open(&to).unwrap();
    let verdict: String = copy
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(verdict, "ok");
    for id in &before {
        let found: i64 = copy
            .query_row("SELECT COUNT(*) FROM pqr WHERE id = ?1", [id], |r| r.get(0))
            .unwrap();
        assert_eq!(
            found, 1,
            "PQR {id}, acknowledged before the backup, is missing"
        );
    }
    // A second backup to the same file is refused without --force.
    let again = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["portal", "backup", "--db"])
        .arg(&db)
        .arg("--to")
        .arg(&to)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
}
