//! The SSH server's protocol edges, with russh's own client in-process against the server on
//! 127.0.0.1 and the reference portal behind it: what is refused (no pty, exec, sftp, port and
//! agent forwarding), the per-address authentication limit, the idle timeout, the session cap,
//! a reload that revokes a key, and the shutdown that restores the client's terminal.

use crate::support;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use helpdesk::ssh::operators::Operators;
use helpdesk::ssh::{Options, Server};
use russh::client::{self, Msg};
use russh::keys::{Algorithm, PrivateKey, PrivateKeyWithHashAlg};
use russh::{Channel, ChannelMsg};
use support::{TestPortal, start_time};

const WAIT: Duration = Duration::from_secs(30);

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

fn key() -> PrivateKey {
    PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap()
}

fn write_operators(path: &Path, portal: &TestPortal, ops: &[(&str, &PrivateKey, bool)]) {
    use std::os::unix::fs::PermissionsExt;
    let mut text = String::new();
    for (name, key, supervisor) in ops {
        let token = if *supervisor {
            &portal.supervisor_token
        } else {
            &portal.agent_token
        };
        text.push_str(&format!(
            "[[operator]]\nname = \"{name}\"\nkeys = [\"{}\"]\ntoken = \"{token}\"\n\n",
            key.public_key().to_openssh().unwrap()
        ));
    }
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

struct Setup {
    portal: TestPortal,
    server: Server,
    ana: PrivateKey,
    sofia: PrivateKey,
    dir: tempfile::TempDir,
}

impl Setup {
    fn addr(&self) -> SocketAddr {
        self.server.local_addr()
    }
    fn operators(&self) -> std::path::PathBuf {
        self.dir.path().join("operators.toml")
    }
}

async fn setup(tweak: impl FnOnce(&mut Options)) -> Setup {
    let portal = TestPortal::start_with(|db| {
        helpdesk::portal::seed::seed_demo_if_empty(db, 10, start_time()).expect("users");
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (ana, sofia) = (key(), key());
    let file = dir.path().join("operators.toml");
    write_operators(
        &file,
        &portal,
        &[
            ("Ana Agente", &ana, false),
            ("Sofía Supervisora", &sofia, true),
        ],
    );
    let mut opts = Options::new(
        "127.0.0.1:0".parse().unwrap(),
        &portal.url(""),
        file.clone(),
        dir.path().join("state"),
    );
    tweak(&mut opts);
    let server = Server::start(opts, key(), Operators::load(&file).unwrap())
        .await
        .expect("server starts");
    Setup {
        portal,
        server,
        ana,
        sofia,
        dir,
    }
}

/// A connection authenticated with `key`, or why not.
async fn connect(addr: SocketAddr, key: &PrivateKey) -> Result<client::Handle<Client>, String> {
    let config = Arc::new(client::Config::default());
    let mut handle = client::connect(config, addr, Client)
        .await
        .map_err(|e| format!("connect: {e}"))?;
    let auth = handle
        .authenticate_publickey(
            "operator",
            PrivateKeyWithHashAlg::new(Arc::new(key.clone()), None),
        )
        .await
        .map_err(|e| format!("auth: {e}"))?;
    if auth.success() {
        Ok(handle)
    } else {
        Err("refused".into())
    }
}

#[derive(Debug, Default)]
struct Seen {
    data: Vec<u8>,
    exit: Option<u32>,
    failure: bool,
    closed: bool,
}

impl Seen {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

/// Reads the channel until `done` says so, it closes, or the deadline.
async fn read_until(ch: &mut Channel<Msg>, seen: &mut Seen, done: impl Fn(&Seen) -> bool) {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !done(seen) && !seen.closed {
        let msg = match tokio::time::timeout_at(deadline, ch.wait()).await {
            Ok(msg) => msg,
            Err(_) => panic!("timed out; seen so far: {seen:?}\n{}", seen.text()),
        };
        match msg {
            Some(ChannelMsg::Data { data }) => seen.data.extend_from_slice(&data),
            Some(ChannelMsg::ExitStatus { exit_status }) => seen.exit = Some(exit_status),
            Some(ChannelMsg::Failure) => seen.failure = true,
            Some(ChannelMsg::Close) | None => seen.closed = true,
            Some(_) => {}
        }
    }
}

async fn console(handle: &client::Handle<Client>) -> Channel<Msg> {
    let ch = handle.channel_open_session().await.unwrap();
    ch.request_pty(true, "xterm-256color", 80, 24, 0, 0, &[])
        .await
        .unwrap();
    ch.request_shell(true).await.unwrap();
    ch
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_without_a_pty_gets_one_line_and_is_closed() {
    let s = setup(|_| {}).await;
    let handle = connect(s.addr(), &s.ana).await.unwrap();
    let mut ch = handle.channel_open_session().await.unwrap();
    ch.request_shell(true).await.unwrap();
    let mut seen = Seen::default();
    read_until(&mut ch, &mut seen, |_| false).await;
    assert!(seen.text().contains("ssh -t"), "{}", seen.text());
    assert_eq!(seen.text().lines().count(), 1, "{}", seen.text());
    assert_eq!(seen.exit, Some(1));
    assert!(seen.closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exec_and_the_sftp_subsystem_are_refused() {
    let s = setup(|_| {}).await;
    let handle = connect(s.addr(), &s.ana).await.unwrap();
    let mut ch = handle.channel_open_session().await.unwrap();
    ch.request_pty(true, "xterm", 80, 24, 0, 0, &[])
        .await
        .unwrap();
    ch.exec(true, "cat /etc/passwd").await.unwrap();
    let mut seen = Seen::default();
    read_until(&mut ch, &mut seen, |_| false).await;
    assert!(seen.failure, "exec answered with a failure");
    assert!(
        seen.text().contains("no ejecuta comandos"),
        "{}",
        seen.text()
    );
    assert!(!seen.text().contains("root:"), "{}", seen.text());
    assert_eq!(seen.exit, Some(1));

    // One session channel per connection: sftp on a connection of its own.
    let handle = connect(s.addr(), &s.ana).await.unwrap();
    let mut ch = handle.channel_open_session().await.unwrap();
    ch.request_subsystem(true, "sftp").await.unwrap();
    let mut seen = Seen::default();
    read_until(&mut ch, &mut seen, |_| false).await;
    assert!(seen.failure, "sftp answered with a failure");
    assert!(seen.closed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn port_and_agent_forwarding_are_refused() {
    let s = setup(|_| {}).await;
    let handle = connect(s.addr(), &s.ana).await.unwrap();
    // Local forwarding to the portal itself: refused, nothing reaches it.
    let portal_port = u32::from(
        s.portal
            .url("")
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .unwrap()
            .parse::<u16>()
            .unwrap(),
    );
    assert!(
        handle
            .channel_open_direct_tcpip("127.0.0.1", portal_port, "127.0.0.1", 40000)
            .await
            .is_err()
    );
    assert!(handle.tcpip_forward("127.0.0.1", 0).await.is_err());
    let mut ch = handle.channel_open_session().await.unwrap();
    ch.agent_forward(true).await.unwrap();
    let mut seen = Seen::default();
    read_until(&mut ch, &mut seen, |s| s.failure).await;
    assert!(seen.failure);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_authentications_are_limited_per_address() {
    let s = setup(|o| o.max_auth_failures = 3).await;
    // An agent offering a stranger's key before the right one costs nothing, however often.
    for _ in 0..5 {
        let config = Arc::new(client::Config::default());
        let mut handle = client::connect(config, s.addr(), Client).await.unwrap();
        let with = |k: &PrivateKey| PrivateKeyWithHashAlg::new(Arc::new(k.clone()), None);
        let first = handle.authenticate_publickey("op", with(&key())).await;
        assert!(!first.unwrap().success());
        let second = handle.authenticate_publickey("op", with(&s.ana)).await;
        assert!(second.unwrap().success());
    }
    for _ in 0..3 {
        assert_eq!(
            connect(s.addr(), &key()).await.err().as_deref(),
            Some("refused")
        );
    }
    // Now even a known key is refused from this address.
    assert!(connect(s.addr(), &s.ana).await.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_console_is_closed() {
    let s = setup(|o| o.idle_timeout = Duration::from_millis(800)).await;
    let handle = connect(s.addr(), &s.ana).await.unwrap();
    let mut ch = console(&handle).await;
    let mut seen = Seen::default();
    read_until(&mut ch, &mut seen, |s| s.text().contains("Ana Agente")).await;
    read_until(&mut ch, &mut seen, |_| false).await;
    assert!(
        seen.text().contains("inactiva demasiado tiempo"),
        "{}",
        seen.text()
    );
    assert!(
        seen.text().contains("\x1b[?1049l"),
        "left the alternate screen"
    );
    assert_eq!(seen.exit, Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_cap_refuses_one_more_console() {
    let s = setup(|o| o.max_sessions = 1).await;
    let first = connect(s.addr(), &s.ana).await.unwrap();
    let mut a = console(&first).await;
    let mut seen_a = Seen::default();
    read_until(&mut a, &mut seen_a, |s| s.text().contains("Ana Agente")).await;
    let second = connect(s.addr(), &s.sofia).await.unwrap();
    let mut b = console(&second).await;
    let mut seen_b = Seen::default();
    read_until(&mut b, &mut seen_b, |_| false).await;
    assert!(
        seen_b.text().contains("demasiadas sesiones"),
        "{}",
        seen_b.text()
    );
    assert_eq!(s.server.consoles(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_closes_only_the_revoked_operators_session() {
    let s = setup(|_| {}).await;
    let ana = connect(s.addr(), &s.ana).await.unwrap();
    let sofia = connect(s.addr(), &s.sofia).await.unwrap();
    let (mut a, mut b) = (console(&ana).await, console(&sofia).await);
    let (mut seen_a, mut seen_b) = (Seen::default(), Seen::default());
    read_until(&mut a, &mut seen_a, |s| s.text().contains("Ana Agente")).await;
    read_until(&mut b, &mut seen_b, |s| s.text().contains("Sofía")).await;

    // Ana's key leaves the file; Sofía stays.
    write_operators(
        &s.operators(),
        &s.portal,
        &[("Sofía Supervisora", &s.sofia, true)],
    );
    assert_eq!(s.server.reload().unwrap(), 1);
    read_until(&mut a, &mut seen_a, |_| false).await;
    assert!(
        seen_a.text().contains("su acceso cambió"),
        "{}",
        seen_a.text()
    );
    assert!(
        connect(s.addr(), &s.ana).await.is_err(),
        "the key is refused now"
    );

    // Sofía's console still answers her keys.
    let before = seen_b.data.len();
    b.data(&b"52987123"[..]).await.unwrap();
    read_until(&mut b, &mut seen_b, |s| s.data.len() > before).await;
    assert!(!seen_b.closed);

    // A broken file is refused and the operators in force stay.
    std::fs::write(s.operators(), "[[operator]]\nname = ").unwrap();
    assert!(s.server.reload().is_err());
    assert!(connect(s.addr(), &s.sofia).await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_restores_the_clients_terminal_then_closes() {
    let s = setup(|_| {}).await;
    let handle = connect(s.addr(), &s.ana).await.unwrap();
    let mut ch = console(&handle).await;
    let mut seen = Seen::default();
    read_until(&mut ch, &mut seen, |s| s.text().contains("Ana Agente")).await;
    assert!(
        seen.text().contains("\x1b[?1049h"),
        "entered the alternate screen"
    );
    let shown_so_far = seen.data.len();
    let Setup { server, .. } = s;
    let (_, ()) = tokio::join!(server.shutdown(), async {
        read_until(&mut ch, &mut seen, |_| false).await;
    });
    let tail = String::from_utf8_lossy(&seen.data[shown_so_far..]).into_owned();
    for (what, seq) in [
        ("leaves the alternate screen", "\x1b[?1049l"),
        ("shows the cursor", "\x1b[?25h"),
        ("ends bracketed paste", "\x1b[?2004l"),
        ("resets the attributes", "\x1b[0m"),
    ] {
        assert!(tail.contains(seq), "{what}: {tail:?}");
    }
    assert!(tail.contains("se está apagando"), "{tail:?}");
    assert_eq!(seen.exit, Some(1));
    assert!(seen.closed);
}

/// The SSH server's metrics, read back with an independent Prometheus text parser: a console
/// open, authentications by outcome, and a keystroke's time to the frame it caused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_consoles_authentications_and_keystroke_to_frame() {
    let s = setup(|_| {}).await;
    assert_eq!(
        connect(s.addr(), &key()).await.err().as_deref(),
        Some("refused")
    );
    let handle = connect(s.addr(), &s.ana).await.unwrap();
    let mut ch = console(&handle).await;
    let mut seen = Seen::default();
    read_until(&mut ch, &mut seen, |s| s.text().contains("Ana Agente")).await;
    // Typed into the search field: the frame that echoes it has been flushed once it is seen.
    let before = seen.data.len();
    ch.data(&b"zqx"[..]).await.unwrap();
    read_until(&mut ch, &mut seen, |s| {
        String::from_utf8_lossy(&s.data[before..]).contains("zqx")
    })
    .await;
    let text = s.server.metrics().encode();
    let value = |family: &str, label: Option<(&str, &str)>| -> f64 {
        let labels: Vec<(&str, &str)> = label.into_iter().collect();
        support::metric(&text, family, &labels)
            .unwrap_or_else(|| panic!("no {family} {label:?} in\n{text}"))
    };
    assert_eq!(value("helpdesk_ssh_sessions_open", None), 1.0, "{text}");
    assert_eq!(
        value(
            "helpdesk_ssh_authentications_total",
            Some(("outcome", "accepted"))
        ),
        1.0,
        "{text}"
    );
    assert!(
        value(
            "helpdesk_ssh_authentications_total",
            Some(("outcome", "unknown_key"))
        ) >= 1.0,
        "{text}"
    );
    assert!(
        value("helpdesk_ssh_keystroke_to_frame_seconds", None) >= 1.0,
        "{text}"
    );
    drop(ch);
    drop(handle);
}
