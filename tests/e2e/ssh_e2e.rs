//! The console served over SSH, end to end: the built `helpdesk ssh serve` on 127.0.0.1, the
//! real OpenSSH client (`ssh -tt`) in a pseudo-terminal read through vt100, and the reference
//! portal behind it. Client keys are made here (ssh-key, via russh) and written 0600.

use crate::pty;
use crate::support;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use pty::Pty;
use russh::keys::ssh_key::LineEnding;
use russh::keys::{Algorithm, HashAlg, PrivateKey};
use support::{TestPortal, start_time};

const WAIT: Duration = Duration::from_secs(60);
const NOTE: &str = "Nota escrita antes de perder la red 77";

fn write_0600(path: &Path, text: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// An operator's key pair: the private key written for `ssh -i`, the public line for the file.
struct ClientKey {
    path: PathBuf,
    public: String,
    fingerprint: String,
}

fn client_key(dir: &Path, name: &str) -> ClientKey {
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519).unwrap();
    let path = dir.join(name);
    write_0600(&path, &key.to_openssh(LineEnding::LF).unwrap());
    ClientKey {
        path,
        public: key.public_key().to_openssh().unwrap(),
        fingerprint: key.public_key().fingerprint(HashAlg::Sha256).to_string(),
    }
}

/// The portal, the keys, the operators file and the server process; killed on drop.
struct World {
    portal: TestPortal,
    home: tempfile::TempDir,
    ana: ClientKey,
    sofia: ClientKey,
    server: Child,
    addr: SocketAddr,
    // Last: the portal stops inside its runtime.
    _rt: tokio::runtime::Runtime,
}

impl Drop for World {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
    }
}

impl World {
    fn start() -> World {
        Self::start_with(&[])
    }

    /// As [`start`], with more flags for `helpdesk ssh serve`.
    fn start_with(serve_flags: &[&str]) -> World {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let portal = rt.block_on(TestPortal::start_with(|db| {
            helpdesk::portal::seed::seed_demo_if_empty(db, 30, start_time()).expect("users");
            let legal = helpdesk::portal::pqr::legal::Legal::colombia().expect("legal");
            helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 10, start_time()).expect("pqrs");
        }));
        let home = tempfile::tempdir().unwrap();
        let ana = client_key(home.path(), "ana_ed25519");
        let sofia = client_key(home.path(), "sofia_ed25519");
        let operators = home.path().join("operators.toml");
        write_0600(
            &operators,
            &format!(
                "[[operator]]\nname = \"Ana Agente\"\nkeys = [\"{}\"]\ntoken = \"{}\"\n\n\
                 [[operator]]\nname = \"Sofía Supervisora\"\nkeys = [\"{}\"]\ntoken = \"{}\"\n",
                ana.public, portal.agent_token, sofia.public, portal.supervisor_token
            ),
        );
        let state = home.path().join("state");
        let mut server = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
            .args(["--portal-url", &portal.url("")])
            .args(["ssh", "serve", "--addr", "127.0.0.1:0"])
            .arg("--host-key")
            .arg(state.join("host_ed25519"))
            .arg("--operators")
            .arg(&operators)
            .arg("--log")
            .arg(state.join("helpdesk-ssh.log"))
            .args(serve_flags)
            .env_clear()
            .env("HOME", home.path())
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start helpdesk ssh serve");
        let stdout = server.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let mut addr = None;
        for line in lines.by_ref() {
            let line = line.unwrap();
            if let Some(rest) = line.split("listening on ").nth(1) {
                addr = Some(rest.split(';').next().unwrap().trim().parse().unwrap());
                break;
            }
        }
        // Keep reading, so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        World {
            _rt: rt,
            portal,
            home,
            ana,
            sofia,
            server,
            addr: addr.expect("the server says where it listens"),
        }
    }

    fn ssh(&self, key: &Path, extra: &[&str], rows: u16, cols: u16) -> Pty {
        self.ssh_command(key, extra, &[], rows, cols)
    }

    fn ssh_command(
        &self,
        key: &Path,
        extra: &[&str],
        command: &[&str],
        rows: u16,
        cols: u16,
    ) -> Pty {
        let port = self.addr.port().to_string();
        let key = key.to_str().unwrap();
        let mut args = vec![
            "-tt",
            "-F",
            "/dev/null",
            "-p",
            &port,
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "LogLevel=ERROR",
            "-i",
            key,
        ];
        args.extend_from_slice(extra);
        args.push("operator@127.0.0.1");
        args.extend_from_slice(command);
        Pty::spawn_program("ssh", &args, self.home.path(), &[], rows, cols)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.home.path().join("state").join("helpdesk-ssh.log"))
            .unwrap_or_default()
    }

    fn wait_log(&self, what: &str) -> String {
        let start = Instant::now();
        loop {
            let log = self.log();
            if log.contains(what) {
                return log;
            }
            assert!(start.elapsed() < WAIT, "never logged {what:?}:\n{log}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn restored(t: &Pty) {
    std::thread::sleep(Duration::from_millis(100));
    let out = t.output.lock().unwrap();
    assert!(
        !out.1.screen().alternate_screen(),
        "left the alternate screen"
    );
    assert!(!out.1.screen().hide_cursor(), "cursor shown again");
}

#[test]
fn login_by_key_and_a_search_that_finds_a_user() {
    let w = World::start();
    let mut t = w.ssh(&w.ana.path, &[], 24, 80);
    t.wait_for("Ana Agente", WAIT);
    t.wait_for("en línea", WAIT);
    t.send("52987123");
    t.wait_for("Sandra Milena", WAIT);
    t.send("\r");
    // `y` copies through OSC 52, written on the channel to the operator's own terminal.
    t.send("y");
    let start = Instant::now();
    while !String::from_utf8_lossy(&t.raw()).contains("\x1b]52;c;") {
        assert!(start.elapsed() < WAIT, "no OSC 52 copy:\n{}", t.screen());
        std::thread::sleep(Duration::from_millis(20));
    }
    t.send("q");
    assert_eq!(t.wait_exit(WAIT), 0);
    restored(&t);
    let log = w.wait_log("logout");
    assert!(log.contains("login"), "{log}");
    assert!(
        log.contains("Ana Agente") && log.contains(&w.ana.fingerprint),
        "{log}"
    );
    assert!(log.contains("127.0.0.1"), "{log}");
    assert!(
        !log.contains(&w.portal.agent_token),
        "a token reached the log"
    );
}

#[test]
fn an_unknown_key_is_refused() {
    let w = World::start();
    let stranger = client_key(w.home.path(), "stranger_ed25519");
    let mut t = w.ssh(&stranger.path, &[], 24, 80);
    assert_eq!(t.wait_exit(WAIT), 255);
    t.wait_for("Permission denied", WAIT);
    let log = w.wait_log("unknown key");
    assert!(log.contains(&stranger.fingerprint), "{log}");
}

#[test]
fn a_command_runs_nothing() {
    let w = World::start();
    let marker = w.home.path().join("marker");
    let marker_arg = marker.to_str().unwrap().to_string();
    let mut t = w.ssh_command(&w.ana.path, &[], &["touch", &marker_arg], 24, 80);
    let code = t.wait_exit(WAIT);
    assert_ne!(code, 0);
    assert!(!marker.exists(), "the command ran");
    assert!(!t.screen().contains("Ana Agente"), "{}", t.screen());
    w.wait_log("exec");
}

#[test]
fn a_window_change_redraws_at_the_new_size() {
    let w = World::start();
    let mut t = w.ssh(&w.ana.path, &[], 24, 80);
    t.wait_for("en línea", WAIT);
    t.resize(30, 110);
    let start = Instant::now();
    loop {
        let screen = t.screen();
        let widest = screen
            .lines()
            .map(|l| l.trim_end().chars().count())
            .max()
            .unwrap_or(0);
        let rows = screen.lines().count();
        if widest > 80 && rows > 24 {
            break;
        }
        assert!(
            start.elapsed() < WAIT,
            "not redrawn at 110×30 ({widest} wide, {rows} rows):\n{screen}\n{:?}\n{}",
            String::from_utf8_lossy(&t.raw()[t.raw().len().saturating_sub(600)..]),
            w.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    t.send("\x03"); // Ctrl-C: the search field has the focus
    assert_eq!(t.wait_exit(WAIT), 0);
}

fn drafts_of(state: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for dir in std::fs::read_dir(state.join("drafts"))
        .into_iter()
        .flatten()
        .flatten()
    {
        for file in std::fs::read_dir(dir.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            if let Ok(text) = std::fs::read_to_string(file.path()) {
                found.push(text);
            }
        }
    }
    found
}

#[test]
fn a_client_killed_mid_note_and_the_next_session_offers_the_draft() {
    let w = World::start();
    let mut t = w.ssh(&w.ana.path, &[], 24, 80);
    t.wait_for("en línea", WAIT);
    t.send("\x1bOR"); // F3: the PQR screen
    t.wait_for("PQR-2026-", WAIT);
    t.send("\r");
    t.wait_for("Hilo", WAIT);
    t.send("n");
    t.wait_for("INTERNA", WAIT);
    t.send(NOTE);
    t.wait_for(NOTE, WAIT);
    // The client dies (no goodbye): the server keeps the note.
    t.child.kill().unwrap();
    let _ = t.wait_exit(WAIT);
    w.wait_log("console_end");
    let saved = drafts_of(&w.home.path().join("state"));
    assert_eq!(saved.len(), 1, "one draft on the server");
    assert!(saved[0].contains(NOTE), "{}", saved[0]);

    let mut t = w.ssh(&w.ana.path, &[], 24, 80);
    t.wait_for("Borradores sin enviar", WAIT);
    t.send("\r");
    t.wait_for(NOTE, WAIT);
    t.send("\x13"); // Ctrl-S
    t.wait_for("Nota interna agregada", WAIT);
    t.send("q");
    assert_eq!(t.wait_exit(WAIT), 0);
    assert!(drafts_of(&w.home.path().join("state")).is_empty());
}

#[test]
fn two_operators_at_once_each_seeing_only_their_own_identity() {
    let w = World::start();
    // Ana's client sends NO_COLOR: her console has no colour at all.
    let mut ana = w.ssh(&w.ana.path, &["-o", "SetEnv=NO_COLOR=1"], 24, 80);
    // Sofía's client sends LANG: her console is in English.
    let mut sofia = w.ssh(&w.sofia.path, &["-o", "SetEnv=LANG=en_US.UTF-8"], 24, 80);
    ana.wait_for("Ana Agente", WAIT);
    sofia.wait_for("Sofía Supervisora", WAIT);
    sofia.wait_for("online", WAIT);
    ana.wait_for("en línea", WAIT);
    assert!(!ana.screen().contains("Sofía"), "{}", ana.screen());
    assert!(!sofia.screen().contains("Ana Agente"), "{}", sofia.screen());
    let colours = |raw: &[u8]| {
        let raw = String::from_utf8_lossy(raw).into_owned();
        raw.contains("\x1b[38;") || raw.contains("\x1b[48;") || raw.contains(";38;5;")
    };
    assert!(
        !colours(&ana.raw()),
        "NO_COLOR: no colour reached Ana's terminal\n{:?}\n{}",
        String::from_utf8_lossy(&ana.raw()),
        w.log()
    );
    assert!(colours(&sofia.raw()), "Sofía's terminal has colours");
    ana.send("\x03"); // Ctrl-C: the search field has the focus
    sofia.send("\x03");
    assert_eq!(ana.wait_exit(WAIT), 0);
    assert_eq!(sofia.wait_exit(WAIT), 0);
}

#[test]
fn sigterm_restores_every_clients_terminal() {
    let w = World::start();
    let mut ana = w.ssh(&w.ana.path, &[], 24, 80);
    let mut sofia = w.ssh(&w.sofia.path, &[], 24, 80);
    ana.wait_for("en línea", WAIT);
    sofia.wait_for("en línea", WAIT);
    // SAFETY: a signal to our own child.
    unsafe {
        libc::kill(w.server.id() as i32, libc::SIGTERM);
    }
    for t in [&mut ana, &mut sofia] {
        assert_ne!(t.wait_exit(WAIT), 0);
        t.wait_for("se está apagando", WAIT);
        restored(t);
    }
}

#[test]
fn sighup_rereads_the_operators_file_and_closes_only_the_revoked_session() {
    let w = World::start();
    let mut ana = w.ssh(&w.ana.path, &[], 24, 80);
    let mut sofia = w.ssh(&w.sofia.path, &[], 24, 80);
    ana.wait_for("en línea", WAIT);
    sofia.wait_for("en línea", WAIT);
    // Ana leaves the file; Sofía stays.
    write_0600(
        &w.home.path().join("operators.toml"),
        &format!(
            "[[operator]]\nname = \"Sofía Supervisora\"\nkeys = [\"{}\"]\ntoken = \"{}\"\n",
            w.sofia.public, w.portal.supervisor_token
        ),
    );
    // SAFETY: a signal to our own child.
    unsafe {
        libc::kill(w.server.id() as i32, libc::SIGHUP);
    }
    assert_ne!(ana.wait_exit(WAIT), 0);
    ana.wait_for("su acceso cambió", WAIT);
    restored(&ana);
    // Sofía's console goes on.
    sofia.send("52987123");
    sofia.wait_for("Sandra Milena", WAIT);
    sofia.send("\x03");
    assert_eq!(sofia.wait_exit(WAIT), 0);
    // And Ana's key is refused from now on.
    let mut again = w.ssh(&w.ana.path, &[], 24, 80);
    assert_eq!(again.wait_exit(WAIT), 255);
    w.wait_log("operators file reloaded");
}

// Issue 22, severe case 2: a window-change to 65535×65535 made the console allocate a screen of
// that size; the allocation failed and the process aborted, closing every operator's session.
#[test]
fn a_huge_window_is_clamped_and_the_other_operators_session_goes_on() {
    let mut w = World::start();
    let mut sofia = w.ssh(&w.sofia.path, &[], 24, 80);
    sofia.wait_for("en línea", WAIT);
    let mut ana = w.ssh(&w.ana.path, &[], 24, 80);
    ana.wait_for("en línea", WAIT);
    let before = ana.bytes();
    // The real client's pty becomes 65535×65535: ssh sends that window-change on SIGWINCH.
    ana.resize_pty_only(65535, 65535);
    // The server draws at its largest window (500×200), no larger.
    let start = Instant::now();
    loop {
        let raw = ana.raw();
        let after = String::from_utf8_lossy(&raw[before..]).into_owned();
        if after.contains("\x1b[200;") {
            assert!(!after.contains("\x1b[201;"), "drawn past row 200");
            assert!(!after.contains(";501H"), "drawn past column 500");
            break;
        }
        assert!(
            start.elapsed() < WAIT,
            "never redrawn at the clamped size; server alive: {:?}\n{}",
            w.server.try_wait(),
            w.log()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(w.server.try_wait().unwrap().is_none(), "the server lives");
    // Sofía's console goes on.
    sofia.send("52987123");
    sofia.wait_for("Sandra Milena", WAIT);
    sofia.send("\x03");
    assert_eq!(sofia.wait_exit(WAIT), 0);
    // And Ana's, back at a usual size.
    ana.resize(24, 80);
    ana.send("\x03");
    assert_eq!(ana.wait_exit(WAIT), 0);
}

// Issue 22, severe case 3: connections that never send their version line were held with no
// deadline until the connection cap was full, and then every operator was refused.
#[test]
fn silent_sockets_never_lock_an_operator_out() {
    use std::io::Read;
    let w = World::start();
    let silent: Vec<std::net::TcpStream> = (0..150)
        .map(|_| std::net::TcpStream::connect(w.addr).expect("connect"))
        .collect();
    // Every silent socket is accepted (the server sends its version line first).
    for s in &silent {
        s.set_read_timeout(Some(WAIT)).unwrap();
        let mut first = [0u8; 4];
        let _ = (&*s).read(&mut first);
    }
    // Held, silent, while an operator logs in by key with the real client.
    let mut ana = w.ssh(&w.ana.path, &[], 24, 80);
    ana.wait_for("en línea", WAIT);
    ana.send("52987123");
    ana.wait_for("Sandra Milena", WAIT);
    // None of them outlives the login deadline (30 s by default); the console goes on.
    for mut s in silent {
        let mut rest = Vec::new();
        let end = s.read_to_end(&mut rest);
        assert!(
            end.is_ok()
                || end
                    .as_ref()
                    .is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset),
            "a silent socket was still open after {WAIT:?}: {end:?}"
        );
    }
    ana.send("\x03");
    assert_eq!(ana.wait_exit(WAIT), 0);
    let log = w.log();
    assert!(log.contains("no authentication in time"), "{log}");
}

#[test]
fn an_operator_holds_at_most_the_sessions_allowed() {
    let w = World::start_with(&["--sessions-per-operator", "1"]);
    let mut first = w.ssh(&w.ana.path, &[], 24, 80);
    first.wait_for("en línea", WAIT);
    let mut second = w.ssh(&w.ana.path, &[], 24, 80);
    second.wait_for("demasiadas sesiones", WAIT);
    assert_ne!(second.wait_exit(WAIT), 0);
    // Another operator is not affected, and the first session goes on.
    let mut sofia = w.ssh(&w.sofia.path, &[], 24, 80);
    sofia.wait_for("en línea", WAIT);
    first.send("52987123");
    first.wait_for("Sandra Milena", WAIT);
    for t in [&mut first, &mut sofia] {
        t.send("\x03");
        assert_eq!(t.wait_exit(WAIT), 0);
    }
}

/// Shift-Tab over SSH: the client sends `ESC [ Z`, the server's decoder makes it BackTab, and the
/// verification form moves back from the document to the birth date.
#[test]
fn shift_tab_moves_back_over_ssh() {
    let w = World::start();
    let mut t = w.ssh(&w.ana.path, &[], 24, 80);
    t.wait_for("en línea", WAIT);
    pty::shift_tab_in_the_verification(&mut t, WAIT);
    pty::esc_and_quit(&mut t, WAIT);
}
