//! The console against a hostile or broken portal, and against a curious local user (issue 11):
//! a tiny HTTP server in each test answers hostile bytes (it is a hostile *portal*, not a mock of
//! ours), and the real client, the real `helpdesk login` and the real demo face it.

use crate::fixtures;
use crate::pty;
use crate::support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use helpdesk::api;
use helpdesk::api::{DocumentType, PqrPatch, PqrStatus, Role, UserKind, UserStatus};
use helpdesk::client::live::LiveUpdate;
use helpdesk::client::{ClientConfig, MAX_BODY, PortalClient, PortalError};
use helpdesk::domain::sanitize::is_dangerous;
use helpdesk::i18n::Lang;
use serde_json::json;

/// What a hostile portal puts in every string it can: an OSC title, a bell, a screen clear.
const HOSTILE: &str = "\u{1b}]0;pwned\u{7}\u{1b}[2J";

async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    format!("http://{addr}")
}

fn json_answer(body: impl Into<String>) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], body.into())
}

fn client(base: &str) -> PortalClient {
    let config = ClientConfig {
        get_attempts: 1,
        ..ClientConfig::default()
    };
    PortalClient::new(base, "t", config).expect("client")
}

fn assert_clean(text: &str) {
    assert!(
        !text.chars().any(|c| is_dangerous(c, false)),
        "a raw control character from the portal: {text:?}"
    );
}

fn hostile_user() -> serde_json::Value {
    json!({
        "id": 1, "document_type": HOSTILE, "document_masked": HOSTILE, "full_name": HOSTILE,
        "email_masked": HOSTILE, "phone_masked": HOSTILE, "kind": HOSTILE, "status": HOSTILE,
        "last_login_at": null,
    })
}

#[tokio::test]
async fn unknown_enum_values_from_the_portal_decode_to_unknown_and_text_is_clean() {
    let base = serve(
        Router::new()
            .route(
                "/api/v1/me",
                get(|| async {
                    json_answer(json!({"id": 1, "name": HOSTILE, "role": HOSTILE}).to_string())
                }),
            )
            .route(
                "/api/v1/users",
                get(|| async {
                    json_answer(json!({"items": [hostile_user()], "next_cursor": null}).to_string())
                }),
            ),
    )
    .await;
    let c = client(&base);
    let me = c.call(&api::Me).await.expect("an unknown role decodes");
    assert_eq!(me.role, Role::Unknown);
    assert!(me.role < Role::Agent, "an unknown role is worth least");
    assert_clean(&me.name);
    let page = c
        .search_users("x", 10)
        .await
        .expect("unknown values decode");
    let u = &page.items[0];
    assert_eq!(
        (u.document_type, u.kind, u.status),
        (
            DocumentType::Unknown,
            UserKind::Unknown,
            UserStatus::Unknown
        )
    );
    for text in [
        &u.full_name,
        &u.email_masked,
        &u.phone_masked,
        &u.document_masked,
    ] {
        assert_clean(text);
    }
    assert_eq!(
        helpdesk::i18n::tr(Lang::Es, &format!("role.{}", me.role.as_str())),
        "desconocido"
    );
    assert_eq!(helpdesk::i18n::tr(Lang::En, "kind.unknown"), "Unknown");
}

#[tokio::test]
async fn error_texts_from_a_hostile_portal_are_sanitised() {
    let refusal = |status: axum::http::StatusCode| {
        (
            status,
            [("x-request-id", "r".repeat(5000))],
            json_answer(json!({"error": {"code": HOSTILE, "message": HOSTILE}}).to_string()),
        )
    };
    let base = serve(
        Router::new()
            .route(
                "/api/v1/me",
                get(move || async move { refusal(axum::http::StatusCode::FORBIDDEN) }),
            )
            .route(
                "/api/v1/users/{id}",
                get(move || async move { refusal(axum::http::StatusCode::CONFLICT) }),
            )
            // Answers that do not decode, quoting hostile text.
            .route(
                "/api/v1/users",
                get(|| async { json_answer(format!("{HOSTILE}{HOSTILE}")) }),
            )
            .route(
                "/api/v1/users/{id}/timeline",
                get(|| async {
                    json_answer(json!({"items": [{"id": HOSTILE, "at": HOSTILE}]}).to_string())
                }),
            ),
    )
    .await;
    let c = client(&base);
    let errors = [
        c.call(&api::Me).await.unwrap_err(),
        c.call(&api::GetUser { user_id: 1 }).await.unwrap_err(),
        c.search_users("x", 5).await.unwrap_err(),
        c.call(&api::UserTimeline {
            user_id: 1,
            limit: 5,
        })
        .await
        .unwrap_err(),
    ];
    for err in errors {
        assert_clean(&err.to_string());
        assert_clean(&format!("{err:?}"));
        for lang in [Lang::Es, Lang::En] {
            assert_clean(&helpdesk::app::messages::error_text(lang, &err));
        }
        if let PortalError::Api { request_id, .. } = &err {
            assert!(request_id.chars().count() <= 65, "a request id is capped");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn helpdesk_login_against_a_hostile_portal_prints_no_escape() {
    let base = serve(Router::new().route(
        "/api/v1/me",
        get(|| async {
            json_answer(json!({"id": 1, "name": HOSTILE, "role": HOSTILE}).to_string())
        }),
    ))
    .await;
    let config = tempfile::tempdir().expect("config dir");
    let dir = config.path().to_path_buf();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk"))
            .args(["--portal-url", &base, "--token", "t0k3n", "login"])
            .env("HELPDESK_CONFIG_DIR", &dir)
            .env("HELPDESK_LANG", "es")
            .output()
            .expect("run helpdesk login")
    })
    .await
    .expect("join");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        !out.stderr.contains(&0x1b) && !out.stderr.contains(&0x07),
        "raw escapes on stderr: {stderr:?}"
    );
    assert!(
        !out.stdout.contains(&0x1b),
        "raw escapes on stdout: {stdout:?}"
    );
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("(desconocido)"), "{stderr}");
}

#[tokio::test]
async fn a_body_larger_than_the_cap_is_refused_with_a_clear_error() {
    let base = serve(Router::new().route(
        "/api/v1/me",
        get(|| async {
            let name = "x".repeat(MAX_BODY + 10);
            json_answer(json!({"id": 1, "name": name, "role": "agent"}).to_string())
        }),
    ))
    .await;
    let err = client(&base).call(&api::Me).await.unwrap_err();
    assert_eq!(err, PortalError::TooLarge { limit: MAX_BODY });
    assert!(!err.is_transient(), "not worth retrying");
    let text = helpdesk::app::messages::error_text(Lang::Es, &err);
    assert!(text.contains("4 MiB"), "{text}");
}

#[tokio::test]
async fn an_endless_live_event_is_cut_off_at_the_cap() {
    let sent = Arc::new(AtomicUsize::new(0));
    let counter = sent.clone();
    let base = serve(
        Router::new()
            .route(
                "/api/v1/users/{id}/timeline",
                get(|| async { json_answer(r#"{"items":[],"next_cursor":null}"#) }),
            )
            .route(
                "/api/v1/events",
                get(move || {
                    let counter = counter.clone();
                    async move {
                        // One event that never ends: `data: xxxx…` and no blank line, ever:
                        // a little past the cap at once, then a byte a second (never idle long
                        // enough for a read timeout, never enough to fill memory).
                        let stream = futures::stream::unfold(0u64, move |n| {
                            let counter = counter.clone();
                            async move {
                                let chunk = if n == 0 {
                                    "data: ".to_string()
                                } else if counter.load(Ordering::SeqCst) <= MAX_BODY + 1024 * 1024 {
                                    "x".repeat(256 * 1024)
                                } else {
                                    tokio::time::sleep(Duration::from_secs(1)).await;
                                    "x".to_string()
                                };
                                counter.fetch_add(chunk.len(), Ordering::SeqCst);
                                Some((Ok::<_, std::io::Error>(chunk), n + 1))
                            }
                        });
                        (
                            [(header::CONTENT_TYPE, "text/event-stream")],
                            axum::body::Body::from_stream(stream),
                        )
                    }
                }),
            ),
    )
    .await;
    let c = client(&base);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let follow = tokio::spawn(async move { c.follow_user(1, tx).await });
    let first = tokio::time::timeout(Duration::from_secs(30), rx.recv()).await;
    assert_eq!(
        first.expect("connects").expect("an update"),
        LiveUpdate::Connected
    );
    // An upper bound on a hang, not a timing assertion: without a cap this never comes.
    let next = tokio::time::timeout(Duration::from_secs(60), rx.recv()).await;
    assert_eq!(
        next.expect("the endless event is cut off")
            .expect("an update"),
        LiveUpdate::Disconnected
    );
    follow.abort();
    assert!(
        sent.load(Ordering::SeqCst) > MAX_BODY,
        "the server did send more than the cap"
    );
}

#[tokio::test]
async fn a_change_without_an_etag_is_refused_locally_and_never_sent_with_if_match_star() {
    let portal = support::TestPortal::start_with(|db| {
        helpdesk::portal::seed::seed_demo_if_empty(db, 5, support::start_time()).expect("users");
        let legal = helpdesk::portal::pqr::legal::Legal::colombia().expect("legal");
        helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 3, support::start_time()).expect("pqrs");
    })
    .await;
    let real = PortalClient::new(
        &portal.running.base_url,
        &portal.agent_token,
        ClientConfig::default(),
    )
    .expect("client");
    let id = real
        .list_pqrs(
            &helpdesk::client::PqrQuery {
                limit: 1,
                ..Default::default()
            },
            None,
        )
        .await
        .expect("list")
        .items[0]
        .id;
    let body = support::json(
        portal
            .agent(reqwest::Method::GET, &format!("/api/v1/pqr/{id}"))
            .send()
            .await
            .expect("read"),
    )
    .await
    .to_string();
    // The same ticket from a portal that gives no ETag, counting the changes it receives.
    let patches = Arc::new(AtomicUsize::new(0));
    let seen = patches.clone();
    let base = serve(
        Router::new().route(
            "/api/v1/pqr/{id}",
            get(move || {
                let body = body.clone();
                async move { json_answer(body) }
            })
            .patch(move || {
                seen.fetch_add(1, Ordering::SeqCst);
                async { axum::http::StatusCode::PRECONDITION_FAILED }
            }),
        ),
    )
    .await;
    let c = client(&base);
    let (_, etag) = c.pqr(id).await.expect("read without an ETag");
    assert_ne!(etag, "*", "no made-up precondition");
    let patch = PqrPatch {
        status: Some(PqrStatus::EnTramite),
        ..Default::default()
    };
    for etag in [etag.as_str(), "*", ""] {
        assert_eq!(
            c.patch_pqr(id, etag, &patch).await.unwrap_err(),
            PortalError::NoVersion
        );
    }
    assert_eq!(patches.load(Ordering::SeqCst), 0, "nothing was sent");
    let text = helpdesk::app::messages::error_text(Lang::Es, &PortalError::NoVersion);
    assert!(text.contains("ETag"), "{text}");
}

#[test]
fn the_importer_refuses_invisible_characters_and_mark_towers_with_the_line() {
    let dir = tempfile::tempdir().expect("dir");
    let db = helpdesk::portal::db::Db::open(&dir.path().join("p.db")).expect("db");
    let names = [
        "Ana\u{2028}María",
        "Ana\u{AD}María",
        "Ana\u{34F}María",
        "Ana\u{180E}María",
        "Ana\u{2062}María",
        "Ana\u{206B}María",
        "Ana\u{FE0F}María",
        "Ana\u{E0041}María",
        "Ana\u{3164}María",
        "Ana\u{FFF9}María",
        "Ana\u{E000}María",
        "Ana\u{0378}María",
        &format!("Ana{}", "\u{301}".repeat(12)),
    ];
    let mut csv =
        "document_type,document_number,full_name,email,phone,birth_date,kind,status\n".to_string();
    for (i, name) in names.iter().enumerate() {
        csv.push_str(&format!(
            "CC,{},{name},u{i}@example.com,3001234567,1990-01-01,candidate,active\n",
            1000 + i
        ));
    }
    let err = helpdesk::portal::import::import_csv_bytes(
        &db,
        csv.as_bytes(),
        "users.csv",
        support::start_time(),
    )
    .expect_err("refused")
    .to_string();
    for line in 2..2 + names.len() {
        assert!(
            err.contains(&format!("line {line}: full_name")),
            "line {line} not refused:\n{err}"
        );
    }
}

#[test]
fn secrets_have_a_redacted_debug() {
    let answer = helpdesk::api::VerificationRequest {
        document_number: "7319468250".into(),
        birth_date: "1987-06-05".into(),
    };
    let login = helpdesk::api::LoginRequest {
        email: "a@b.co".into(),
        password: "Secreto#77".into(),
    };
    let confirm = helpdesk::api::PasswordResetConfirm {
        email: "a@b.co".into(),
        new_password: "Secreto#77".into(),
    };
    let flags = helpdesk::config::Flags {
        token: Some("tok-en-123".into()),
        ..Default::default()
    };
    let file = helpdesk::config::FileConfig {
        token: Some("tok-en-123".into()),
        ..Default::default()
    };
    let lines = [
        format!("{answer:?}"),
        format!("{login:?}"),
        format!("{confirm:?}"),
        format!("{flags:?}"),
        format!("{file:?}"),
    ];
    for line in lines {
        for secret in ["7319468250", "1987-06-05", "Secreto#77", "tok-en-123"] {
            assert!(!line.contains(secret), "{line}");
        }
    }
}

#[cfg(unix)]
#[test]
fn private_files_never_follow_a_planted_link() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let victim = dir.path().join("victim");
    std::fs::write(&victim, "keep me").expect("victim");
    let conf = dir.path().join("conf");
    std::fs::create_dir(&conf).expect("conf");
    // Another local user guesses the temporary names of yesterday's code.
    for name in ["token.tmp", ".token.tmp"] {
        std::os::unix::fs::symlink(&victim, conf.join(name)).expect("link");
    }
    let token = conf.join("token");
    helpdesk::config::write_private(&token, "secret\n").expect("write");
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep me");
    assert_eq!(std::fs::read_to_string(&token).expect("token"), "secret\n");
    let mode = std::fs::metadata(&token)
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    // A link at the destination is replaced, not written through.
    let drafts = dir.path().join("drafts");
    std::fs::create_dir(&drafts).expect("drafts");
    std::os::unix::fs::symlink(&victim, drafts.join("k.json")).expect("link");
    helpdesk::config::write_private(&drafts.join("k.json"), "{}").expect("write");
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep me");
    // A log is never opened through a link, and is made private.
    let log = dir.path().join("helpdesk.log");
    std::os::unix::fs::symlink(&victim, &log).expect("link");
    assert!(helpdesk::config::open_private_append(&log).is_err());
    let open_log = dir.path().join("open.log");
    std::fs::write(&open_log, "").expect("log");
    std::fs::set_permissions(&open_log, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    helpdesk::config::open_private_append(&open_log).expect("open");
    let mode = std::fs::metadata(&open_log)
        .expect("meta")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

const WAIT: Duration = Duration::from_secs(60);

/// A lone Esc, then a pause longer than the escape timeout (else it joins the next key as Alt).
fn esc(t: &mut pty::Pty) {
    t.send("\x1b");
    std::thread::sleep(Duration::from_millis(300));
}

/// The characters of every key event in the log, in order: what a trace of keys would reveal.
fn keys_in_log(log: &str) -> String {
    let mut out = String::new();
    let mut rest = log;
    while let Some(at) = rest.find("Char('") {
        rest = &rest[at + 6..];
        if let Some(c) = rest.chars().next() {
            out.push(c);
        }
    }
    out
}

#[test]
fn keystrokes_and_secrets_never_reach_the_log_even_at_trace() {
    let home = tempfile::tempdir().expect("home");
    let dir = home.path().join("demo");
    let args = [
        "demo",
        "--dir",
        dir.to_str().expect("utf-8"),
        "--users",
        "20",
        "--pqrs",
        "0",
    ];
    let env = [("HELPDESK_LOG", "trace"), ("RUST_LOG", "trace")];
    let mut t = pty::Pty::spawn(&args, home.path(), &env, 24, 80);
    t.wait_for("en línea", WAIT);
    t.send("52987123");
    t.wait_for("Sandra Milena", WAIT);
    t.send("\r");
    // The caller's answers, typed in the verification form and sent.
    t.send("v");
    t.wait_for("Verificar", WAIT);
    t.send("7319468250");
    t.send("\t");
    t.send("1987-06-05");
    t.send("\r");
    t.wait_for("Intentos restantes", WAIT);
    esc(&mut t);
    // A practice password in the walkthrough's rule explainer.
    t.send("w");
    t.wait_for("en vivo", WAIT);
    t.send("x");
    t.send("Pr4ctica;Secreta");
    t.wait_for("••••••••••••••••", WAIT);
    esc(&mut t);
    t.send("\x03"); // Ctrl-C quits: in the middle of a call, after asking
    t.wait_for("Salir de la consola", WAIT);
    t.send("\r");
    t.wait_exit(WAIT);
    let log = std::fs::read_to_string(dir.join("helpdesk.log")).expect("the demo's log");
    assert!(
        log.lines().count() > 3,
        "the log was written at trace:\n{log}"
    );
    let keys = keys_in_log(&log);
    for secret in ["7319468250", "1987-06-05", "Pr4ctica;Secreta"] {
        assert!(!log.contains(secret), "«{secret}» is in the log");
    }
    for typed in ["7319468250", "1987-06-05", "Pr4ctica;Secreta", "52987123"] {
        assert!(
            !keys.contains(typed),
            "«{typed}» can be read from logged keys"
        );
    }
}

#[test]
fn a_hung_up_demo_with_a_live_walkthrough_and_a_search_in_flight_is_gone_quickly() {
    let home = tempfile::tempdir().expect("home");
    let args = ["demo", "--users", "20", "--pqrs", "0"];
    let mut t = pty::Pty::spawn(&args, home.path(), &[], 24, 80);
    t.wait_for("en línea", WAIT);
    t.send("52987123");
    t.wait_for("Sandra Milena", WAIT);
    t.send("\r");
    t.send("w");
    t.wait_for("en vivo", WAIT);
    // Back to the users (F2) with the walkthrough still following the caller, and a new search.
    t.send("\x1bOQ");
    t.wait_for("52987123", WAIT);
    t.send("/");
    t.send("\x15");
    t.send("Ramírez");
    let pid = t.child.process_id().expect("pid") as i32;
    // SAFETY: a signal to our own child.
    unsafe {
        libc::kill(pid, libc::SIGHUP);
    }
    // Polled, with a bound: the upper limit on a hang (the portal's grace is 2 s), not a timing.
    let start = std::time::Instant::now();
    let gone = loop {
        if t.child.try_wait().expect("try_wait").is_some() {
            break true;
        }
        if start.elapsed() > Duration::from_secs(3) {
            break false;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if !gone {
        // SAFETY: as above; do not leave it behind.
        unsafe {
            libc::kill(pid, libc::SIGKILL);
        }
    }
    assert!(gone, "the hung-up demo is still running after 3 s");
}

// Issue 22: numbers a hostile portal sends back. A Retry-After of 2^64-1 overflowed the resend
// cooldown's clock, and a thread of 20,000 messages overflowed the PQR detail's scroll bound:
// both panicked (and a panic ends an SSH-served console for its operator).
#[tokio::test]
async fn hostile_numbers_from_the_portal_never_overflow() {
    use crossterm::event::KeyCode;
    use helpdesk::app::{Msg, PortalError, PqrReply, Reply, UsersReply, update};
    let base = serve(Router::new().route(
        "/api/v1/users/{id}/reset-links",
        axum::routing::post(|| async {
            (
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", "18446744073709551615")],
                json_answer(json!({"error": {"code": "rate_limited", "message": "x"}}).to_string()),
            )
        }),
    ))
    .await;
    let err = client(&base)
        .call(&api::SendResetLink {
            user_id: 1,
            idempotency_key: "k".into(),
        })
        .await
        .unwrap_err();
    let PortalError::RateLimited { retry_after, .. } = err else {
        panic!("{err:?}");
    };
    assert_eq!(retry_after, helpdesk::client::MAX_RETRY_AFTER);
    // The console itself, handed the largest number any portal could send, stays up.
    let mut app = fixtures::with_results(Lang::Es);
    update(
        &mut app,
        Msg::Portal(Reply::Users(UsersReply::ResetSent {
            user_id: 1,
            idempotency_key: "k".into(),
            result: Err(PortalError::RateLimited {
                retry_after: u64::MAX,
                code: helpdesk::api::ErrorCode::RateLimited,
            }),
        })),
    );
    assert!(app.cooldown_left(1).is_some_and(|s| s > 0));
    let mut app = fixtures::pqr_open(Lang::Es);
    let mut detail = fixtures::pqr_detail(7, PqrStatus::EnTramite);
    detail.messages = std::iter::repeat_n(detail.messages[0].clone(), 20_000).collect();
    detail.body = "línea\n".repeat(70_000);
    update(
        &mut app,
        Msg::Portal(Reply::Pqr(PqrReply::Pqr {
            id: 7,
            result: Ok((detail, "\"v2\"".into())),
        })),
    );
    for _ in 0..3 {
        update(&mut app, fixtures::key(KeyCode::PageDown));
        update(&mut app, fixtures::key(KeyCode::End));
    }
}

// Issue 22: the dashboard's figures are counts a portal sends; sums and shares of u64::MAX
// overflowed (a panic in the view ends the console).
#[test]
fn the_dashboard_draws_absurd_figures_without_overflow() {
    use helpdesk::app::{BoardReply, Msg, Reply, update};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut figures = fixtures::board_figures();
    figures.resets.median_seconds_to_change = Some(i64::MAX);
    for rule in &mut figures.resets.refused_rules {
        rule.count = u64::MAX;
    }
    figures.pqr.answered.total = u64::MAX;
    figures.pqr.answered.within_term = u64::MAX;
    figures.calls.total = u64::MAX;
    figures.calls.by_outcome.resuelto = u64::MAX;
    figures.resets.funnel.sent = u64::MAX;
    figures.resets.funnel.logged_in = u64::MAX;
    let mut app = fixtures::board_screen(Lang::Es);
    let generation = app.board.generation;
    update(
        &mut app,
        Msg::Portal(Reply::Board(BoardReply::Board {
            generation,
            result: Ok(figures),
        })),
    );
    app.width = 160;
    app.height = 48;
    let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    terminal
        .draw(|f| helpdesk::ui::view(f, &app))
        .expect("draw");
    let text: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(text.contains("18446744073709551615"), "the figure is shown");
}

// Issue 22, safe defaults: the token never crosses a network in clear unless asked.
#[test]
fn plain_http_to_another_machine_is_refused_unless_allowed() {
    let home = tempfile::tempdir().unwrap();
    let run = |allow: bool| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk"));
        cmd.args(["--portal-url", "http://192.0.2.1:9", "--token", "t"])
            .args([
                "report",
                "pqr",
                "--from",
                "2026-01-01",
                "--to",
                "2026-01-31",
            ])
            .env_clear()
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("PATH", std::env::var("PATH").unwrap_or_default());
        if allow {
            cmd.env("HELPDESK_ALLOW_PLAIN_HTTP", "1");
        }
        let out = cmd.output().expect("run helpdesk");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, stderr) = run(false);
    assert!(!ok);
    assert!(stderr.contains("HELPDESK_ALLOW_PLAIN_HTTP"), "{stderr}");
    // Allowed, it tries (and fails to connect to a documentation address), saying something else.
    let (ok, stderr) = run(true);
    assert!(!ok);
    assert!(!stderr.contains("plain HTTP"), "{stderr}");
}
