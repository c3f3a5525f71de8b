//! A real reference portal for integration tests: 127.0.0.1, port 0, a fresh database in a
//! temporary folder, a manual clock, and one operator of each role. No mocks.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use helpdesk::api::Role;
use helpdesk::domain::clock::ManualClock;
use helpdesk::portal::{self, PortalConfig, RunningPortal};
use jiff::{SignedDuration, Timestamp};
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
    pub fn agent(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.agent_token)
    }

    /// A request as the supervisor.
    pub fn supervisor(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&self.supervisor_token)
    }

    /// A request without credentials.
    pub fn anonymous(&self, method: Method, path: &str) -> RequestBuilder {
        self.http.request(method, self.url(path))
    }

    pub fn advance(&self, by: SignedDuration) {
        self.clock.advance(by);
    }

    pub fn outbox(&self) -> PathBuf {
        self.dir.path().join("outbox")
    }

    /// The `.eml` files in the outbox, oldest first, as text.
    pub fn emails(&self) -> Vec<String> {
        let mut paths: Vec<_> = std::fs::read_dir(self.outbox())
            .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.retain(|p| p.extension().is_some_and(|e| e == "eml"));
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("readable email"))
            .collect()
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

/// The JSON body of a response, whatever its status.
pub async fn json(resp: Response) -> serde_json::Value {
    resp.json().await.expect("a JSON body")
}

/// The reset link's token in an email.
pub fn token_in(email: &str) -> String {
    let marker = "/cv/recordar/contrasena/";
    let start = email.find(marker).expect("a reset link") + marker.len();
    email[start..start + 32].to_string()
}
