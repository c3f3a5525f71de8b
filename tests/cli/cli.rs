//! The command line through the real binary: each command's `--help` lists only its own flags,
//! and `--version` names the API contract it speaks.

use std::process::Command;

fn helpdesk(args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(args)
        .env_remove("HELPDESK_PORTAL_URL")
        .env_remove("HELPDESK_TOKEN")
        .output()
        .expect("run helpdesk");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn contract_version() -> String {
    let yaml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/openapi.yaml"))
        .expect("read the contract");
    let doc: serde_yaml_ng::Value = serde_yaml_ng::from_str(&yaml).expect("parse the contract");
    doc["info"]["version"]
        .as_str()
        .expect("info.version")
        .to_owned()
}

#[test]
fn portal_commands_do_not_list_the_consoles_flags() {
    for cmd in [
        &["portal", "serve", "--help"][..],
        &["portal", "operator", "add", "--help"],
        &["portal", "import", "--help"],
        &["walkthrough", "check", "--help"],
    ] {
        let (ok, help) = helpdesk(cmd);
        assert!(ok, "{cmd:?}: {help}");
        assert!(!help.contains("--lang"), "{cmd:?} lists --lang:\n{help}");
        assert!(!help.contains("--theme"), "{cmd:?} lists --theme:\n{help}");
    }
    let (_, serve) = helpdesk(&["portal", "serve", "--help"]);
    assert!(
        serve.contains("--addr") && serve.contains("--db"),
        "{serve}"
    );
}

#[test]
fn console_commands_keep_their_look_flags() {
    for cmd in [&["--help"][..], &["demo", "--help"], &["login", "--help"]] {
        let (ok, help) = helpdesk(cmd);
        assert!(ok, "{cmd:?}: {help}");
        assert!(
            help.contains("--lang") && help.contains("--theme"),
            "{cmd:?}:\n{help}"
        );
    }
}

#[test]
fn portal_commands_refuse_the_consoles_flags() {
    let (ok, text) = helpdesk(&["portal", "serve", "--db", "x.db", "--lang", "en", "--help"]);
    assert!(!ok, "portal serve accepted --lang: {text}");
}

#[test]
fn version_names_the_crate_and_the_contract() {
    let (ok, text) = helpdesk(&["--version"]);
    assert!(ok, "{text}");
    let line = text.trim();
    assert!(line.starts_with("helpdesk "), "{line}");
    assert!(line.contains(env!("CARGO_PKG_VERSION")), "{line}");
    let contract = contract_version();
    assert!(
        line.contains(&format!("API contract {contract}")),
        "{line} does not name contract {contract}"
    );
}

/// The `--help` text of a server command, flag by flag: (flag, its whole entry).
fn flag_entries(help: &str) -> Vec<(String, String)> {
    let mut entries: Vec<(String, String)> = Vec::new();
    for line in help.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("--") || trimmed.starts_with("-h, --help") {
            let flag = trimmed
                .split([' ', ','])
                .find(|w| w.starts_with("--"))
                .unwrap_or(trimmed)
                .to_string();
            entries.push((flag, line.to_string()));
        } else if let Some((_, text)) = entries.last_mut() {
            text.push('\n');
            text.push_str(line);
        }
    }
    entries
}

#[test]
fn every_server_flag_also_comes_from_a_helpdesk_variable_shown_in_help() {
    for cmd in [
        &["portal", "serve", "--help"][..],
        &["ssh", "serve", "--help"],
    ] {
        let (ok, help) = helpdesk(cmd);
        assert!(ok, "{help}");
        let entries = flag_entries(&help);
        assert!(entries.len() >= 8, "{cmd:?}: {entries:?}");
        for (flag, text) in entries {
            if flag == "--help" {
                continue;
            }
            assert!(
                text.contains("[env: HELPDESK_"),
                "{cmd:?}: {flag} names no variable:\n{text}"
            );
        }
        for shared in ["--log", "--log-format", "--metrics-addr", "--threads"] {
            assert!(help.contains(shared), "{cmd:?} lacks {shared}:\n{help}");
        }
    }
}

#[test]
fn a_server_flag_is_read_from_its_variable() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nowhere.db");
    let out = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["portal", "backup", "--to"])
        .arg(dir.path().join("copy.db"))
        .env("HELPDESK_PORTAL_DB", &missing)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("no database at {}", missing.display())),
        "{err}"
    );
    assert!(
        !missing.exists(),
        "a typo must not create an empty database"
    );
}

#[test]
fn completions_for_each_shell_and_a_manual_page_come_from_the_definitions() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef helpdesk"),
        ("fish", "complete -c helpdesk"),
    ] {
        let (ok, text) = helpdesk(&["completions", shell]);
        assert!(ok, "{shell}: {text}");
        assert!(text.contains(marker), "{shell}:\n{text}");
        assert!(
            text.contains("metrics-addr"),
            "{shell} misses the serve flags"
        );
    }
    let (ok, _) = helpdesk(&["completions", "tcsh-of-the-future"]);
    assert!(!ok);
    let (ok, man) = helpdesk(&["man"]);
    assert!(ok, "{man}");
    assert!(
        man.starts_with(".ie") || man.contains(".TH helpdesk"),
        "{man}"
    );
    assert!(
        man.contains("portal") && man.contains("completions"),
        "{man}"
    );
}

#[test]
fn a_backup_restores_into_a_new_database_and_never_over_one_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portal.db");
    let (ok, text) = helpdesk(&[
        "portal",
        "operator",
        "add",
        "--db",
        db.to_str().unwrap(),
        "--name",
        "Ana Agente",
        "--role",
        "agent",
    ]);
    assert!(ok, "{text}");
    let copy = dir.path().join("copy.db");
    let (ok, text) = helpdesk(&[
        "portal",
        "backup",
        "--db",
        db.to_str().unwrap(),
        "--to",
        copy.to_str().unwrap(),
    ]);
    assert!(ok, "{text}");
    assert!(text.contains("integrity ok"), "{text}");
    let restored = dir.path().join("restored").join("portal.db");
    std::fs::create_dir(restored.parent().unwrap()).unwrap();
    let args = |force: bool| {
        let mut a = vec![
            "portal",
            "restore",
            "--from",
            copy.to_str().unwrap(),
            "--db",
            restored.to_str().unwrap(),
        ];
        if force {
            a.push("--force");
        }
        a.into_iter().map(String::from).collect::<Vec<_>>()
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        helpdesk(&a)
    };
    let (ok, text) = run(args(false));
    assert!(ok, "{text}");
    let conn = rusqlite::Connection::open(&restored).unwrap();
    let name: String = conn
        .query_row("SELECT name FROM operators", [], |r| r.get(0))
        .unwrap();
    assert_eq!(name, "Ana Agente");
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal", "the portal runs in WAL mode");
    drop(conn);
    let (ok, text) = run(args(false));
    assert!(!ok, "restored over an existing database: {text}");
    assert!(text.contains("--force"), "{text}");
    let (ok, text) = run(args(true));
    assert!(ok, "{text}");
    // Not a backup at all: refused, the database untouched.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let (ok, _) = helpdesk(&[
        "portal",
        "restore",
        "--from",
        junk.to_str().unwrap(),
        "--db",
        restored.to_str().unwrap(),
        "--force",
    ]);
    assert!(!ok);
    let conn = rusqlite::Connection::open(&restored).unwrap();
    let n: i64 = conn
        .query_row("SELECT COUNT(*) FROM operators", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 1);
}

/// A plain http:// portal needs no certificate, so the client must not read the system's
/// store: with SSL_CERT_FILE a FIFO that nobody writes, reading it would block for ever (as it
/// did, before the console's first frame, when every client loaded the whole store).
#[cfg(unix)]
#[test]
fn a_plain_http_portal_never_reads_the_certificate_store() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("ca.pem");
    let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a plain mkfifo on a path in our own temporary folder.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let mut child = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["--portal-url", "http://127.0.0.1:9", "--token", "t"])
        .args([
            "report",
            "pqr",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
        ])
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .env("SSL_CERT_FILE", &fifo)
        .env("SSL_CERT_DIR", dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the client is stuck reading the certificate store for an http:// portal");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(!status.success());
    assert!(err.contains("no connection to the portal"), "{err}");
}

#[test]
fn a_server_refuses_zero_threads_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("portal.db");
    let (ok, text) = helpdesk(&[
        "portal",
        "serve",
        "--db",
        db.to_str().unwrap(),
        "--threads",
        "0",
    ]);
    assert!(!ok);
    assert!(text.contains("--threads"), "{text}");
    assert!(!db.exists(), "nothing is opened on a refused command line");
}
