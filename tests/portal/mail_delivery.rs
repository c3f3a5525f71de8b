//! Mail that really leaves (issue 25): the portal's delivery worker against a real SMTP relay
//! on 127.0.0.1 (tests/support/smtp_relay.rs: mailin, STARTTLS on a certificate of a CA made
//! for the test, AUTH), not a mock of the mail library. The portal runs on the system clock
//! here: retries wait real (short) backoffs, given through the configuration.

use crate::smtp_relay;
use crate::support;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use helpdesk::api::Role;
use helpdesk::domain::clock::SystemClock;
use helpdesk::portal::db::Db;
use helpdesk::portal::{
    self, PortalConfig, RetryPolicy, RunningPortal, SmtpCredentials, SmtpSettings,
};
use reqwest::StatusCode;
use smtp_relay::{Mode, RelayOptions, TestRelay};

/// Long enough for a loaded 2-core machine; the tests wait for events, not for time.
const DEADLINE: Duration = Duration::from_secs(30);

/// An outbox row: `(state, attempts, message_id, return_path)`.
type Row = (String, i64, String, Option<String>);

/// A site: its folder, database, operator token and users, and the relay's CA and credentials.
struct Site {
    dir: tempfile::TempDir,
    token: String,
    users: Vec<i64>,
}

impl Site {
    fn new(users: usize) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = Db::open(&dir.path().join("portal.db")).expect("db");
        let (_, token) = db
            .with_writer(|c| {
                portal::auth::add_operator(c, "Ana Agente", Role::Agent, jiff::Timestamp::now())
            })
            .expect("operator");
        let users = (0..users)
            .map(|i| {
                support::insert_user(
                    &db,
                    &format!("10203040{i:02}"),
                    &format!("Usuaria Prueba {i}"),
                    &format!("usuaria.{i}@correo.co"),
                    "3001234567",
                    "1990-05-17",
                    "active",
                )
            })
            .collect();
        Site { dir, token, users }
    }

    fn db_path(&self) -> PathBuf {
        self.dir.path().join("portal.db")
    }

    /// The relay's CA and credentials files, as a site would keep them.
    fn smtp(&self, relay: &TestRelay) -> SmtpSettings {
        relay.settings(self.dir.path())
    }

    /// The portal's configuration on this site's database and outbox, without a relay.
    fn config(&self) -> PortalConfig {
        PortalConfig::new(self.db_path(), self.dir.path().join("outbox"))
    }

    async fn portal(&self, relay: &TestRelay) -> RunningPortal {
        let mut config = self.config();
        config.smtp = Some(self.smtp(relay));
        config.mail_domain = Some("miportal.accionplus.com".into());
        config.mail_retry = RetryPolicy {
            first: Duration::from_millis(200),
            max: Duration::from_millis(800),
            horizon: Duration::from_secs(3600),
        };
        spawn(config).await
    }

    /// A request as the agent, its answer checked against assets/openapi.yaml.
    fn agent(&self, request: reqwest::RequestBuilder) -> support::Req {
        support::Req(request.bearer_auth(&self.token))
    }

    async fn send_reset(&self, portal: &RunningPortal, user: i64) -> reqwest::Response {
        helpdesk::client::use_ring_for_tls();
        self.agent(reqwest::Client::new().post(format!(
            "{}/api/v1/users/{user}/reset-links",
            portal.base_url
        )))
        .send()
        .await
        .expect("reset link request")
    }

    /// The kinds of a user's `mail_*` events read over HTTP (answers checked against the
    /// contract, `data.mail` included), oldest first.
    async fn timeline_mail_kinds(&self, portal: &RunningPortal, user: i64) -> Vec<String> {
        let page: serde_json::Value = self
            .agent(reqwest::Client::new().get(format!(
                "{}/api/v1/users/{user}/timeline?limit=200",
                portal.base_url
            )))
            .send()
            .await
            .expect("timeline")
            .json()
            .await
            .expect("timeline JSON");
        let mut kinds: Vec<String> = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|e| {
                e["kind"]
                    .as_str()
                    .filter(|k| k.starts_with("mail_"))
                    .map(str::to_string)
            })
            .collect();
        kinds.reverse();
        kinds
    }

    /// `(state, attempts, message_id, return_path)` of every outbox row, by id.
    fn rows(&self) -> Vec<Row> {
        let c = rusqlite::Connection::open(self.db_path()).expect("db");
        let mut stmt = c
            .prepare("SELECT state, attempts, message_id, return_path FROM mail_outbox ORDER BY id")
            .expect("rows");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows")
    }

    /// The `mail_*` events of a user, oldest first: `(kind, data)`.
    fn mail_events(&self, user: i64) -> Vec<(String, serde_json::Value)> {
        let c = rusqlite::Connection::open(self.db_path()).expect("db");
        let mut stmt = c
            .prepare("SELECT kind, data FROM events WHERE user_id = ?1 AND kind LIKE 'mail_%' ORDER BY id")
            .expect("events");
        stmt.query_map([user], |r| {
            let data: String = r.get(1)?;
            Ok((r.get(0)?, serde_json::from_str(&data).unwrap_or_default()))
        })
        .expect("events")
        .collect::<rusqlite::Result<_>>()
        .expect("events")
    }

    /// Waits until every outbox row is in one of `states`.
    async fn until_rows(&self, what: &str, done: impl Fn(&[Row]) -> bool) {
        let until = tokio::time::Instant::now() + DEADLINE;
        loop {
            let rows = self.rows();
            if done(&rows) {
                return;
            }
            assert!(tokio::time::Instant::now() < until, "{what}: {rows:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// A portal on 127.0.0.1, any port, on the system clock.
async fn spawn(config: PortalConfig) -> RunningPortal {
    spawn_on(config, Arc::new(SystemClock)).await
}

/// A portal on 127.0.0.1, any port, on `clock`.
async fn spawn_on(
    config: PortalConfig,
    clock: helpdesk::domain::clock::SharedClock,
) -> RunningPortal {
    portal::spawn(config, "127.0.0.1:0".parse().expect("addr"), clock)
        .await
        .expect("portal starts")
}

fn all_in(state: &'static str) -> impl Fn(&[Row]) -> bool {
    move |rows| !rows.is_empty() && rows.iter().all(|r| r.0 == state)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_reaches_the_relay_once_over_starttls_with_auth() {
    let relay = TestRelay::start(RelayOptions::default()).await;
    let site = Site::new(2);
    let portal = site.portal(&relay).await;
    assert_eq!(
        site.send_reset(&portal, site.users[0]).await.status(),
        StatusCode::ACCEPTED
    );
    let got = relay.wait_for(1, DEADLINE).await;
    let mail = &got[0];
    assert!(
        mail.tls && mail.authenticated,
        "STARTTLS and AUTH: {mail:?}"
    );
    assert_eq!(mail.to, vec!["usuaria.0@correo.co".to_string()]);
    assert!(
        mail.from.starts_with("rebote+") && mail.from.ends_with("@miportal.accionplus.com"),
        "the envelope sender is the message's own return path: {}",
        mail.from
    );
    assert!(
        mail.text().contains("/cv/recordar/contrasena/"),
        "{}",
        mail.text()
    );
    site.until_rows("relayed", all_in("relayed")).await;
    let rows = site.rows();
    assert_eq!(rows[0].1, 1, "one attempt");
    assert_eq!(mail.message_id.as_deref(), Some(rows[0].2.as_str()));
    assert_eq!(rows[0].3, None, "the return path is cleared once relayed");
    let events = site.mail_events(site.users[0]);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0, "mail_relayed");
    let note = &events[0].1["mail"];
    assert_eq!(note["state"], "relayed");
    assert_eq!(note["purpose"], "reset_link");
    assert_eq!(
        note["queue_id"], "Q00000001",
        "the relay's queue id, from its answer"
    );
    assert_eq!(events[0].1["email_masked"], "u****0@correo.co");
    // A second message arrives alone: the first one is never sent again.
    site.send_reset(&portal, site.users[1]).await;
    let got = relay.wait_for(2, DEADLINE).await;
    assert_eq!(got[1].to, vec!["usuaria.1@correo.co".to_string()]);
    site.until_rows("both relayed", all_in("relayed")).await;
    assert_eq!(relay.count(), 2);
    // The metrics count them.
    let text = portal.state.metrics.encode();
    assert!(
        support::metric(
            &text,
            "helpdesk_portal_mail_delivery_attempts_total",
            &[("outcome", "relayed")]
        ) == Some(2.0),
        "{text}"
    );
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_queued_while_the_relay_is_down_arrive_once_each_when_it_is_back() {
    let mut relay = TestRelay::start(RelayOptions::default()).await;
    let site = Site::new(5);
    let portal = site.portal(&relay).await;
    // A first message opens the pooled connection that the outage then breaks.
    site.send_reset(&portal, site.users[0]).await;
    relay.wait_for(1, DEADLINE).await;
    site.until_rows("first relayed", all_in("relayed")).await;
    relay.stop();
    for &user in &site.users[1..] {
        assert_eq!(
            site.send_reset(&portal, user).await.status(),
            StatusCode::ACCEPTED
        );
    }
    // Every new message is deferred (and retried) while the relay is down.
    site.until_rows("deferred while down", |rows| {
        rows.len() == 5 && rows[1..].iter().all(|r| r.0 == "deferred" && r.1 >= 2)
    })
    .await;
    relay.restart().await;
    site.until_rows("all relayed", all_in("relayed")).await;
    let got = relay.received();
    assert_eq!(got.len(), 5, "each message exactly once: {got:?}");
    let ids: HashSet<_> = got.iter().filter_map(|m| m.message_id.clone()).collect();
    let rows: HashSet<_> = site.rows().into_iter().map(|r| r.2).collect();
    assert_eq!(ids, rows, "the relay got the outbox's messages, each once");
    for &user in &site.users[1..] {
        let kinds = site.timeline_mail_kinds(&portal, user).await;
        assert!(kinds.len() >= 2, "{kinds:?}");
        assert!(
            kinds[..kinds.len() - 1]
                .iter()
                .all(|k| k == "mail_deferred"),
            "{kinds:?}"
        );
        assert_eq!(
            kinds.last().map(String::as_str),
            Some("mail_relayed"),
            "{kinds:?}"
        );
        let (_, first) = &site.mail_events(user)[0];
        assert!(
            first["until"].is_string(),
            "a deferral says when it retries: {first}"
        );
    }
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_permanent_refusal_fails_the_message_and_a_temporary_one_defers_it() {
    let relay = TestRelay::start(RelayOptions::default()).await;
    relay.refuse("usuaria.0@correo.co");
    let site = Site::new(2);
    let portal = site.portal(&relay).await;
    site.send_reset(&portal, site.users[0]).await;
    site.until_rows("failed", all_in("failed")).await;
    let events = site.mail_events(site.users[0]);
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].0, "mail_failed");
    assert_eq!(events[0].1["mail"]["status_code"], "5.1.1");
    assert_eq!(
        site.rows()[0].3,
        None,
        "no return path kept for a failed message"
    );
    let answer: String = rusqlite::Connection::open(site.db_path())
        .expect("db")
        .query_row("SELECT relay_answer FROM mail_outbox", [], |r| r.get(0))
        .expect("answer");
    assert!(answer.starts_with("permanent error (550)"), "{answer}");
    assert!(
        !answer.contains("usuaria.0@"),
        "the recipient is masked in the answer: {answer}"
    );
    // 451 to everything: deferred, not failed.
    relay.set_mode(Mode::Defer);
    site.send_reset(&portal, site.users[1]).await;
    site.until_rows("deferred", |rows| {
        rows.len() == 2 && rows[1].0 == "deferred"
    })
    .await;
    let events = site.mail_events(site.users[1]);
    assert_eq!(events[0].0, "mail_deferred");
    assert_eq!(events[0].1["mail"]["status_code"], "4.3.0");
    relay.set_mode(Mode::Accept);
    site.until_rows("relayed after the deferral", |rows| {
        rows.len() == 2 && rows[1].0 == "relayed"
    })
    .await;
    assert_eq!(relay.count(), 1, "only the deferred message arrived");
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_that_rolls_back_after_queueing_its_mail_sends_nothing() {
    let relay = TestRelay::start(RelayOptions::default()).await;
    let site = Site::new(2);
    // The reset's change queues its mail, then fails on its event: the whole change rolls back.
    rusqlite::Connection::open(site.db_path())
        .expect("db")
        .execute_batch(&format!(
            "CREATE TRIGGER fail_after_mail BEFORE INSERT ON events
             WHEN NEW.kind = 'reset_link_sent' AND NEW.user_id = {}
             BEGIN SELECT RAISE(ABORT, 'the change fails after its mail was queued'); END;",
            site.users[0]
        ))
        .expect("trigger");
    let portal = site.portal(&relay).await;
    assert_eq!(
        site.send_reset(&portal, site.users[0]).await.status(),
        StatusCode::INTERNAL_SERVER_ERROR
    );
    assert!(
        site.rows().is_empty(),
        "the outbox row went with the change"
    );
    // The next change's mail leaves; the rolled-back one never does.
    assert_eq!(
        site.send_reset(&portal, site.users[1]).await.status(),
        StatusCode::ACCEPTED
    );
    site.until_rows("relayed", all_in("relayed")).await;
    let got = relay.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec!["usuaria.1@correo.co".to_string()]);
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_queued_when_the_portal_stopped_leave_when_it_starts_again() {
    let mut relay = TestRelay::start(RelayOptions::default()).await;
    relay.stop();
    let site = Site::new(3);
    let first = site.portal(&relay).await;
    for &user in &site.users {
        assert_eq!(
            site.send_reset(&first, user).await.status(),
            StatusCode::ACCEPTED
        );
    }
    site.until_rows("deferred", all_in("deferred")).await;
    first.stop().await;
    relay.restart().await;
    let second = site.portal(&relay).await;
    site.until_rows("relayed after the restart", all_in("relayed"))
        .await;
    let got = relay.received();
    assert_eq!(got.len(), 3, "{got:?}");
    let ids: HashSet<_> = got.iter().filter_map(|m| m.message_id.clone()).collect();
    assert_eq!(ids.len(), 3, "three different messages, once each");
    second.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loopback_relay_may_be_plain_text_without_auth() {
    let relay = TestRelay::start(RelayOptions { starttls: false }).await;
    let site = Site::new(1);
    let mut config = site.config();
    config.smtp = Some(SmtpSettings::new(relay.url().parse().expect("url")));
    let portal = spawn(config).await;
    site.send_reset(&portal, site.users[0]).await;
    let got = relay.wait_for(1, DEADLINE).await;
    assert!(!got[0].tls && !got[0].authenticated);
    site.until_rows("relayed", all_in("relayed")).await;
    portal.stop().await;
}

/// `helpdesk portal serve` with `args`, expected to refuse its command line: its stderr.
fn refused(args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["portal", "serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(dir.path().join("portal.db"))
        .args(args)
        .output()
        .expect("run helpdesk");
    assert_eq!(out.status.code(), Some(2), "a usage error: {out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn clear_text_to_a_remote_relay_and_credentials_others_can_read_are_refused() {
    let err = refused(&["--smtp-url", "smtp://relay.accionplus.com:25?tls=none"]);
    assert!(err.contains("only for a relay on this host"), "{err}");
    let dir = tempfile::tempdir().expect("dir");
    let creds = smtp_relay::write_credentials(dir.path());
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&creds, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let path = creds.to_str().expect("utf-8 path");
    let err = refused(&[
        "--smtp-url",
        "smtp://127.0.0.1:2525",
        "--smtp-credentials",
        path,
    ]);
    assert!(
        err.contains("mode 0644") && err.contains("chmod 600"),
        "{err}"
    );
    assert!(!err.contains(smtp_relay::PASSWORD), "{err}");
    let err = refused(&["--smtp-url", "smtp://user:pass@relay.accionplus.com"]);
    assert!(err.contains("--smtp-credentials"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_tells_each_attempt_and_never_a_link_a_password_or_an_address() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let relay = TestRelay::start(RelayOptions::default()).await;
    let site = Site::new(1);
    let smtp = site.smtp(&relay);
    let log = site.dir.path().join("portal.log");
    let mut child = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["portal", "serve", "--addr", "127.0.0.1:0", "--threads", "2"])
        .arg("--db")
        .arg(site.db_path())
        .arg("--outbox")
        .arg(site.dir.path().join("outbox"))
        .args(["--smtp-url", &relay.url()])
        .arg("--smtp-credentials")
        .arg(site.dir.path().join("smtp-credentials"))
        .arg("--smtp-ca")
        .arg(smtp.extra_ca.as_ref().expect("ca"))
        .args(["--mail-domain", "miportal.accionplus.com"])
        .arg("--log")
        .arg(&log)
        .args(["--log-format", "json"])
        .env("RUST_LOG", "off")
        .env("HELPDESK_LOG", "trace,hyper=info,h2=info,reqwest=info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start helpdesk portal serve");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let base = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|l| {
            l.strip_prefix("portal listening on ")
                .map(|u| u.trim().to_string())
        })
        .expect("the portal's address");
    std::thread::spawn(move || for _ in lines {});
    helpdesk::client::use_ring_for_tls();
    let answer = reqwest::Client::new()
        .post(format!("{base}/api/v1/users/{}/reset-links", site.users[0]))
        .bearer_auth(&site.token)
        .send()
        .await
        .expect("reset link");
    assert_eq!(answer.status(), StatusCode::ACCEPTED);
    let got = relay.wait_for(1, DEADLINE).await;
    let token = support::token_in(&got[0].text());
    site.until_rows("relayed", all_in("relayed")).await;
    let message_id = site.rows()[0].2.clone();
    // SIGTERM, as systemd stops it: the log is complete once it exited.
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: a plain signal to the child this test started.
    unsafe { libc::kill(pid, libc::SIGTERM) };
    assert!(child.wait().expect("wait").success());
    let text = std::fs::read_to_string(&log).expect("log");
    let attempt: serde_json::Value = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|l| l["message"] == "mail relayed")
        .unwrap_or_else(|| panic!("no attempt line in the log:\n{text}"));
    assert_eq!(attempt["message_id"], message_id.as_str());
    assert_eq!(attempt["state"], "relayed");
    assert_eq!(attempt["to"], "u****0@correo.co");
    assert!(
        attempt["answer"]
            .as_str()
            .is_some_and(|a| a.starts_with("250 2.0.0 Ok: queued as Q")),
        "{attempt}"
    );
    for secret in [
        token.as_str(),
        smtp_relay::PASSWORD,
        "usuaria.0@correo.co",
        "/cv/recordar/contrasena/",
    ] {
        assert!(!text.contains(secret), "{secret:?} is in the log:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_older_than_the_horizon_is_not_sent_late() {
    let relay = TestRelay::start(RelayOptions::default()).await;
    let site = Site::new(1);
    // A portal without a relay: the message stays queued.
    let config = site.config();
    let alone = spawn(config).await;
    assert_eq!(
        site.send_reset(&alone, site.users[0]).await.status(),
        StatusCode::ACCEPTED
    );
    alone.stop().await;
    assert_eq!(site.rows()[0].0, "queued");
    let horizon = Duration::from_millis(300);
    tokio::time::sleep(horizon * 2).await;
    let mut config = site.config();
    config.smtp = Some(site.smtp(&relay));
    config.mail_retry.horizon = horizon;
    let late = spawn(config).await;
    site.until_rows("failed without sending", all_in("failed"))
        .await;
    assert_eq!(relay.count(), 0, "a message past its horizon is not sent");
    let events = site.mail_events(site.users[0]);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, "mail_failed");
    late.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_the_database_could_not_record_is_not_a_reason_to_send_again() {
    let relay = TestRelay::start(RelayOptions::default()).await;
    let site = Site::new(1);
    let portal = site.portal(&relay).await;
    let db = rusqlite::Connection::open(site.db_path()).expect("db");
    db.execute_batch(
        "CREATE TRIGGER no_relayed BEFORE UPDATE ON mail_outbox WHEN NEW.state = 'relayed'
         BEGIN SELECT RAISE(ABORT, 'the database fails to record the 250'); END;",
    )
    .expect("trigger");
    site.send_reset(&portal, site.users[0]).await;
    relay.wait_for(1, DEADLINE).await;
    // The 250 came and could not be written; the row is still queued. Give a worker that would
    // take it again the time to do so, then let the database work.
    let until = tokio::time::Instant::now() + DEADLINE;
    while support::metric(
        &portal.state.metrics.encode(),
        "helpdesk_portal_mail_delivery_attempts_total",
        &[("outcome", "relayed")],
    ) != Some(1.0)
    {
        assert!(tokio::time::Instant::now() < until, "no attempt counted");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(site.rows()[0].0, "queued");
    db.execute_batch("DROP TRIGGER no_relayed;")
        .expect("drop trigger");
    site.until_rows("relayed once recorded", all_in("relayed"))
        .await;
    assert_eq!(
        relay.count(),
        1,
        "the message the relay took was not sent again"
    );
    portal.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_leaves_without_the_tls_the_url_asks_for() {
    // STARTTLS required, and a relay that does not offer it.
    let plain = TestRelay::start(RelayOptions { starttls: false }).await;
    let site = Site::new(2);
    let mut config = site.config();
    let url = format!("smtp://127.0.0.1:{}", plain.addr.port());
    config.smtp = Some(SmtpSettings::new(url.parse().expect("url")));
    let portal = spawn(config).await;
    site.send_reset(&portal, site.users[0]).await;
    site.until_rows("deferred", all_in("deferred")).await;
    portal.stop().await;
    assert_eq!(plain.count(), 0, "no STARTTLS, no mail");
    // A relay whose certificate no trusted CA signed (no --smtp-ca).
    let untrusted = TestRelay::start(RelayOptions::default()).await;
    let mut config = site.config();
    let mut smtp = site.smtp(&untrusted);
    smtp.extra_ca = None;
    config.smtp = Some(smtp);
    let portal = spawn(config).await;
    site.send_reset(&portal, site.users[1]).await;
    site.until_rows("both deferred, the second tried", |rows| {
        rows.len() == 2 && rows.iter().all(|r| r.0 == "deferred") && rows[1].1 >= 1
    })
    .await;
    portal.stop().await;
    assert_eq!(
        untrusted.count(),
        0,
        "an untrusted certificate gets nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credentials_the_relay_refuses_defer_the_message_instead_of_failing_it() {
    use std::os::unix::fs::PermissionsExt;
    let relay = TestRelay::start(RelayOptions::default()).await;
    let site = Site::new(1);
    let wrong = site.dir.path().join("wrong-credentials");
    std::fs::write(&wrong, format!("{}\nnot-the-password\n", smtp_relay::USER)).expect("file");
    std::fs::set_permissions(&wrong, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let mut config = site.config();
    let mut smtp = site.smtp(&relay);
    smtp.credentials = Some(SmtpCredentials::from_file(&wrong).expect("credentials"));
    config.smtp = Some(smtp);
    let portal = spawn(config).await;
    site.send_reset(&portal, site.users[0]).await;
    site.until_rows("deferred by the refused AUTH", all_in("deferred"))
        .await;
    let events = site.mail_events(site.users[0]);
    assert_eq!(events[0].0, "mail_deferred", "{events:?}");
    assert_eq!(events[0].1["mail"]["status_code"], "535");
    assert_eq!(relay.count(), 0);
    portal.stop().await;
}

/// `GET /api/v1/ready`, its answer checked against the contract: `(status, body)`.
async fn readiness(portal: &RunningPortal) -> (StatusCode, serde_json::Value) {
    helpdesk::client::use_ring_for_tls();
    let r = support::Req(reqwest::Client::new().get(format!("{}/api/v1/ready", portal.base_url)))
        .send()
        .await
        .expect("ready");
    let status = r.status();
    (status, r.json().await.expect("ready JSON"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_follows_the_mail_queue_through_a_relay_outage() {
    use helpdesk::domain::clock::ManualClock;
    let mut relay = TestRelay::start(RelayOptions::default()).await;
    relay.stop(); // down from the start: the first try finds the port closed
    let site = Site::new(1);
    let clock = ManualClock::new(jiff::Timestamp::now());
    let mut config = site.config();
    config.smtp = Some(site.smtp(&relay));
    config.mail_domain = Some("miportal.accionplus.com".into());
    config.mail_retry = RetryPolicy {
        first: Duration::from_millis(200),
        max: Duration::from_millis(800),
        horizon: Duration::from_secs(24 * 3600),
    };
    config.mail_ready_max_age = Duration::from_secs(30 * 60);
    let portal = spawn_on(config, Arc::new(clock.clone())).await;
    let (status, body) = readiness(&portal).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["mail_queue"],
        serde_json::json!({"state": "draining", "queued": 0, "oldest_age_s": null, "max_age_s": 1800})
    );

    // A message the relay cannot take waits, deferred; young, it does not stop readiness.
    assert_eq!(
        site.send_reset(&portal, site.users[0]).await.status(),
        StatusCode::ACCEPTED
    );
    site.until_rows("deferred while down", all_in("deferred"))
        .await;
    let (status, body) = readiness(&portal).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["mail_queue"]["state"], "draining", "{body}");
    assert_eq!(body["mail_queue"]["queued"], 1, "{body}");
    assert_eq!(body["mail_queue"]["oldest_age_s"], 0, "{body}");

    // Past the threshold on the portal's clock: not ready, and it says why.
    clock.advance(jiff::SignedDuration::from_mins(31));
    let (status, body) = readiness(&portal).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["status"], "not_ready", "{body}");
    assert_eq!(body["database"], "ok", "{body}");
    assert_eq!(body["mail_queue"]["state"], "stuck", "{body}");
    assert_eq!(body["mail_queue"]["queued"], 1, "{body}");
    assert_eq!(body["mail_queue"]["oldest_age_s"], 31 * 60, "{body}");

    // The relay is back and the retry is due (the backoff is at most 0.96 s of the clock): the
    // message leaves and the portal is ready again.
    relay.restart().await;
    clock.advance(jiff::SignedDuration::from_secs(2));
    relay.wait_for(1, DEADLINE).await;
    site.until_rows("relayed", all_in("relayed")).await;
    let (status, body) = readiness(&portal).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "ready", "{body}");
    assert_eq!(
        body["mail_queue"],
        serde_json::json!({"state": "draining", "queued": 0, "oldest_age_s": null, "max_age_s": 1800})
    );
    portal.stop().await;
}
