//! A real reference portal for integration tests: 127.0.0.1, port 0, a fresh database in a
//! temporary folder, a manual clock, and one operator of each role. No mocks.
#![allow(dead_code)]

pub mod contract;
pub mod mail;

use std::path::PathBuf;
use std::sync::Arc;

use helpdesk::api::Role;
use helpdesk::domain::clock::ManualClock;
use helpdesk::portal::{self, PortalConfig, RunningPortal};
use jiff::{SignedDuration, Timestamp};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, RequestBuilder, Response};

pub struct TestPortal {
    pub running: RunningPortal,
    pub clock: ManualClock,
    pub http: reqwest::Client,
    pub agent_token: String,
    pub supervisor_token: String,
    pub dir: tempfile::TempDir,
}

/// 2026-03-02T14:00:00Z, a Monday, 09:00 in Bogotá.
pub fn start_time() -> Timestamp {
    "2026-03-02T14:00:00Z".parse().expect("valid timestamp")
}

impl TestPortal {
    /// An empty portal (no users) with two operators.
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    /// As [`start`], after `prepare` ran on the database (insert users, seed…).
    pub async fn start_with(prepare: impl FnOnce(&helpdesk::portal::db::Db)) -> Self {
        Self::start_configured(|_| {}, prepare).await
    }

    /// As [`start_with`], with the portal's configuration adjusted first.
    pub async fn start_configured(
        configure: impl FnOnce(&mut PortalConfig),
        prepare: impl FnOnce(&helpdesk::portal::db::Db),
    ) -> Self {
        // Portal errors (500s) show in the failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("warn")
            .try_init();
        let dir = tempfile::tempdir().expect("temp dir");
        let db_path = dir.path().join("portal.db");
        let clock = ManualClock::new(start_time());
        let db = portal::db::Db::open(&db_path).expect("open db");
        let agent_token = db
            .with_writer(|c| portal::auth::add_operator(c, "Ana Agente", Role::Agent, start_time()))
            .expect("agent")
            .1;
        let supervisor_token = db
            .with_writer(|c| {
                portal::auth::add_operator(c, "Sofía Supervisora", Role::Supervisor, start_time())
            })
            .expect("supervisor")
            .1;
        prepare(&db);
        drop(db);
        let mut config = PortalConfig::new(&db_path, dir.path().join("outbox"));
        // Mail comes back on a port of its own (bounces, replies: `support::mail`).
        config.inbound_smtp = Some("127.0.0.1:0".parse().expect("addr"));
        configure(&mut config);
        let running = portal::spawn(
            config,
            "127.0.0.1:0".parse().expect("addr"),
            Arc::new(clock.clone()),
        )
        .await
        .expect("portal starts");
        Self {
            running,
            clock,
            http: {
                helpdesk::client::use_ring_for_tls();
                reqwest::Client::new()
            },
            agent_token,
            supervisor_token,
            dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.running.base_url, path)
    }

    /// A request as the agent.
    pub fn agent(&self, method: Method, path: &str) -> Req {
        Req(self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.agent_token))
    }

    /// A request as the supervisor.
    pub fn supervisor(&self, method: Method, path: &str) -> Req {
        Req(self
            .http
            .request(method, self.url(path))
            .bearer_auth(&self.supervisor_token))
    }

    /// A request without credentials.
    pub fn anonymous(&self, method: Method, path: &str) -> Req {
        Req(self.http.request(method, self.url(path)))
    }

    pub fn advance(&self, by: SignedDuration) {
        self.clock.advance(by);
    }

    pub fn outbox(&self) -> PathBuf {
        self.dir.path().join("outbox")
    }

    /// The `.eml` files in the outbox, oldest first, as text.
    pub fn emails(&self) -> Vec<String> {
        emails_in(&self.outbox())
    }
}

/// Inserts a user directly (tests that do not depend on the importer).
#[allow(clippy::too_many_arguments)]
pub fn insert_user(
    db: &helpdesk::portal::db::Db,
    document: &str,
    full_name: &str,
    email: &str,
    phone: &str,
    birth_date: &str,
    status: &str,
) -> i64 {
    db.with_writer(|c| {
        c.execute(
            "INSERT INTO users (document_type, document_number, full_name, email, email_lower, phone_digits,
                                birth_date, kind, status, created_at)
             VALUES ('CC', ?1, ?2, ?3, lower(?3), ?4, ?5, 'candidate', ?6, ?7)",
            rusqlite::params![document, full_name, email, phone, birth_date, status, start_time().as_millisecond()],
        )?;
        Ok(c.last_insert_rowid())
    })
    .expect("insert user")
}

/// An open conversation waiting for an answer since a minute before the tests' start, as a
/// channel (or the demo's seed) leaves it: `channel` whatsapp or correo, `address` E.164 or an
/// email. Returns its id.
pub fn insert_conversation(
    db: &helpdesk::portal::db::Db,
    channel: &str,
    address: &str,
    name: &str,
) -> i64 {
    let at = start_time().as_millisecond() - 60_000;
    db.with_writer(|c| {
        c.execute(
            "INSERT INTO conversations (channel, status, address, requester_name, first_message_at,
                 last_message_at, last_inbound_at, waiting_since, unanswered, created_at, updated_at)
             VALUES (?1, 'open', ?2, ?3, ?4, ?4, ?4, ?4, 1, ?4, ?4)",
            rusqlite::params![channel, address, name, at],
        )?;
        Ok(c.last_insert_rowid())
    })
    .expect("insert conversation")
}

/// José Núñez Peña, the active user most tests look up (document 1020304050, born 1990-05-17,
/// jose.nunez@gmail.com, 3001234567).
pub fn insert_jose(db: &helpdesk::portal::db::Db) -> i64 {
    insert_user(
        db,
        "1020304050",
        "José Núñez Peña",
        "jose.nunez@gmail.com",
        "3001234567",
        "1990-05-17",
        "active",
    )
}

/// The JSON body of a response, whatever its status.
pub async fn json(resp: Response) -> serde_json::Value {
    resp.json().await.expect("a JSON body")
}

/// The kinds of a user's newest 200 timeline events, newest first (read as the agent).
pub async fn timeline_kinds(p: &TestPortal, user: i64) -> Vec<String> {
    let page = json(
        p.agent(
            Method::GET,
            &format!("/api/v1/users/{user}/timeline?limit=200"),
        )
        .send()
        .await
        .expect("timeline"),
    )
    .await;
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or("").to_string())
        .collect()
}

/// The newest 200 audit records, newest first (read as the supervisor).
pub async fn audit_items(p: &TestPortal) -> Vec<serde_json::Value> {
    let page = json(
        p.supervisor(Method::GET, "/api/v1/audit?limit=200")
            .send()
            .await
            .expect("audit"),
    )
    .await;
    page["items"].as_array().cloned().unwrap_or_default()
}

/// The reset link's token in an email.
pub fn token_in(email: &str) -> String {
    let marker = "/cv/recordar/contrasena/";
    let start = email.find(marker).expect("a reset link") + marker.len();
    email[start..start + 32].to_string()
}

/// The CSRF field of the first form in a page.
pub fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF field") + marker.len();
    html[start..].chars().take_while(|c| *c != '"').collect()
}

/// What a browser holds after opening the page at `path`: its CSRF cookie (`name=value`, to send
/// back as `Cookie`) and its form's CSRF token. Every form of the caller's pages needs both.
pub async fn form_csrf(p: &TestPortal, path: &str) -> (String, String) {
    let r = p
        .anonymous(Method::GET, path)
        .send()
        .await
        .expect("the page");
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("mp_csrf="))
        .and_then(|c| c.split(';').next())
        .expect("a CSRF cookie")
        .to_string();
    let html = r.text().await.expect("the page's HTML");
    (cookie, csrf_in(&html))
}

/// A request to the test portal whose answer is checked against `assets/openapi.yaml` before
/// the test sees it (see `contract.rs`): an undocumented status, content type or field fails the
/// test that received it. The methods are reqwest's.
pub struct Req(pub RequestBuilder);

impl Req {
    pub fn json<T: serde::Serialize + ?Sized>(self, body: &T) -> Self {
        Self(self.0.json(body))
    }

    pub fn form<T: serde::Serialize + ?Sized>(self, body: &T) -> Self {
        Self(self.0.form(body))
    }

    pub fn body(self, body: impl Into<reqwest::Body>) -> Self {
        Self(self.0.body(body))
    }

    pub fn header<K, V>(self, key: K, value: V) -> Self
    where
        HeaderName: TryFrom<K>,
        <HeaderName as TryFrom<K>>::Error: Into<axum::http::Error>,
        HeaderValue: TryFrom<V>,
        <HeaderValue as TryFrom<V>>::Error: Into<axum::http::Error>,
    {
        Self(self.0.header(key, value))
    }

    pub fn headers(self, headers: HeaderMap) -> Self {
        Self(self.0.headers(headers))
    }

    pub fn query<T: serde::Serialize + ?Sized>(self, query: &T) -> Self {
        Self(self.0.query(query))
    }

    pub fn bearer_auth(self, token: impl std::fmt::Display) -> Self {
        Self(self.0.bearer_auth(token))
    }

    pub fn timeout(self, timeout: std::time::Duration) -> Self {
        Self(self.0.timeout(timeout))
    }

    /// Sends the request and checks the answer against the contract. A `text/event-stream`
    /// answer is checked by status and type only and handed over unread.
    pub async fn send(self) -> reqwest::Result<Response> {
        let (client, request) = self.0.build_split();
        let request = request?;
        let method = request.method().clone();
        let path = request.url().path().to_string();
        let response = client.execute(request).await?;
        let status = response.status();
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        if content_type
            .as_deref()
            .is_some_and(|c| c.starts_with("text/event-stream"))
        {
            if let Err(e) = contract::check_answer(
                &method,
                &path,
                status.as_u16(),
                content_type.as_deref(),
                None,
            ) {
                panic!("{e}");
            }
            return Ok(response);
        }
        if let Err(e) = contract::check_headers(&method, &path, status.as_u16(), response.headers())
        {
            panic!("{e}");
        }
        let version = response.version();
        let headers = response.headers().clone();
        let body = response.bytes().await?;
        if let Err(e) = contract::check_answer(
            &method,
            &path,
            status.as_u16(),
            content_type.as_deref(),
            Some(&body),
        ) {
            panic!("{e}");
        }
        let mut rebuilt = axum::http::Response::new(body);
        *rebuilt.status_mut() = status;
        *rebuilt.version_mut() = version;
        *rebuilt.headers_mut() = headers;
        Ok(Response::from(rebuilt))
    }
}

/// A proxy in front of `target` that checks every answer against the contract, for tests whose
/// requests come from the console's own client. An answer that breaks the contract is replaced by
/// a 500 that says why (and printed), so the client, and the test, fail on it.
pub async fn contract_proxy(target: &str) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("proxy binds");
    let addr = listener.local_addr().expect("proxy address");
    let http = reqwest::Client::new();
    let target = target.trim_end_matches('/').to_string();
    let app = axum::Router::new().fallback(move |req: axum::extract::Request| {
        let http = http.clone();
        let target = target.clone();
        async move { forward(&http, &target, req).await }
    });
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

async fn forward(
    http: &reqwest::Client,
    target: &str,
    req: axum::extract::Request,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 16 << 20)
        .await
        .expect("request body");
    let path_and_query = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let mut headers = parts.headers.clone();
    headers.remove(reqwest::header::HOST);
    let resp = http
        .request(parts.method.clone(), format!("{target}{path_and_query}"))
        .headers(headers)
        .body(bytes)
        .send()
        .await
        .expect("the portal answers");
    let status = resp.status();
    let headers = resp.headers().clone();
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let path = parts.uri.path();
    let is_stream = content_type
        .as_deref()
        .is_some_and(|c| c.starts_with("text/event-stream"));
    let (verdict, body) = if is_stream {
        // Checked by status and type; the stream itself goes through as it comes.
        let verdict = contract::check_answer(
            &parts.method,
            path,
            status.as_u16(),
            content_type.as_deref(),
            None,
        );
        (verdict, axum::body::Body::from_stream(resp.bytes_stream()))
    } else {
        let bytes = resp.bytes().await.expect("the portal's body");
        let verdict = contract::check_answer(
            &parts.method,
            path,
            status.as_u16(),
            content_type.as_deref(),
            Some(&bytes),
        );
        (verdict, axum::body::Body::from(bytes))
    };
    let verdict = verdict
        .and_then(|()| contract::check_headers(&parts.method, path, status.as_u16(), &headers));
    if let Err(e) = verdict {
        eprintln!("CONTRACT VIOLATION: {e}");
        return (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            format!("contract violation: {e}"),
        )
            .into_response();
    }
    let mut out = axum::response::Response::new(body);
    *out.status_mut() = status;
    *out.headers_mut() = headers;
    out
}

/// The `.eml` files of an outbox, oldest first.
pub fn emails_in(outbox: &std::path::Path) -> Vec<String> {
    let mut paths: Vec<_> = std::fs::read_dir(outbox)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "eml"));
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable email"))
        .collect()
}

/// One sample's value in Prometheus' text format, read by an independent parser
/// (openmetrics-parser): the first sample of `family` with all of `labels`; a histogram's
/// value is its count.
pub fn metric(text: &str, family: &str, labels: &[(&str, &str)]) -> Option<f64> {
    use openmetrics_parser::PrometheusValue;
    let exposition =
        openmetrics_parser::prometheus::parse_prometheus(text).expect("Prometheus text");
    let samples = exposition.families.get(family)?;
    samples
        .iter_samples()
        .find(|s| {
            s.get_labelset().is_ok_and(|set| {
                labels
                    .iter()
                    .all(|(k, v)| set.get_label_value(k) == Some(*v))
            })
        })
        .map(|s| match &s.value {
            PrometheusValue::Counter(c) => c.value.as_f64(),
            PrometheusValue::Gauge(n) | PrometheusValue::Unknown(n) => n.as_f64(),
            PrometheusValue::Histogram(h) => h.count.map_or(f64::NAN, |c| c as f64),
            PrometheusValue::Summary(_) => f64::NAN,
        })
}
