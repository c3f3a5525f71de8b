//! End to end, in a pseudo-terminal: the built `helpdesk demo` as an operator uses it.

use crate::pty;

use std::time::Duration;

use pty::Pty;

const WAIT: Duration = Duration::from_secs(60);

fn outbox_path(screen: &str) -> std::path::PathBuf {
    let line = screen
        .lines()
        .find(|l| l.contains("DEMO · los correos quedan en "))
        .expect("the outbox is shown");
    let path = line.split("quedan en ").nth(1).expect("path").trim();
    std::path::PathBuf::from(path)
}

#[test]
fn demo_search_by_cedula_resend_and_find_the_email() {
    let home = tempfile::tempdir().expect("home");
    let mut t = Pty::spawn(
        &["demo", "--users", "30", "--pqrs", "10"],
        home.path(),
        &[],
        24,
        80,
    );
    t.wait_for("en línea", WAIT);
    t.wait_for("DEMO", WAIT);
    let outbox = outbox_path(&t.screen());
    assert!(outbox.starts_with(home.path()), "{outbox:?}");

    t.send("52987123");
    t.wait_for("Sandra Milena", WAIT);
    t.send("\r"); // to the list
    t.send("r");
    t.wait_for("Reenviar enlace", WAIT);
    assert!(t.screen().contains("s**********a@gmail.com") || t.screen().contains("@gmail.com"));
    t.send("\r");
    t.wait_for("Enlace enviado", WAIT);
    let emails: Vec<String> = std::fs::read_dir(&outbox)
        .expect("outbox")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("eml"))
        .collect();
    assert_eq!(emails.len(), 1, "exactly one email");
    assert!(
        emails[0].contains("sandra.avila@gmail.com"),
        "{}",
        emails[0]
    );

    // A user named with terminal escapes: shown, neutralised.
    t.send("/");
    t.send("\x15"); // Ctrl-U clears the field
    t.send("5550001");
    t.wait_for("PPT **0001", WAIT);
    t.send("\r\r"); // to the list, open the detail: the whole name is in its title
    t.wait_for("Hostil", WAIT);
    let raw = t.raw();
    let contains = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    assert!(
        !contains(b"\x1b]0;pwned"),
        "an OSC title sequence reached the terminal"
    );
    assert!(
        !contains(b"\x1b[31mRojo"),
        "a colour sequence from the portal reached the terminal"
    );
    assert!(
        !contains("\u{9b}".as_bytes()),
        "a C1 CSI reached the terminal"
    );
    assert!(
        !contains("\u{202e}".as_bytes()),
        "a bidi override reached the terminal"
    );
    assert!(!contains(b"\x07"), "a BEL reached the terminal");

    // Quit: the terminal is restored and the demo's folder removed.
    t.send("q");
    assert_eq!(t.wait_exit(WAIT), 0);
    std::thread::sleep(Duration::from_millis(100));
    let out = t.output.lock().unwrap();
    assert!(
        !out.1.screen().alternate_screen(),
        "left the alternate screen"
    );
    assert!(!out.1.screen().hide_cursor(), "cursor shown again");
    let demo_dir = outbox.parent().expect("demo dir");
    assert!(!demo_dir.exists(), "{demo_dir:?} was not cleaned up");
}

fn a_signal_restores_the_terminal(signal: i32, exit_code: u32) {
    let home = tempfile::tempdir().expect("home");
    let args = ["demo", "--users", "10", "--pqrs", "0", "--lang", "en"];
    let mut t = Pty::spawn(&args, home.path(), &[], 24, 80);
    t.wait_for("online", WAIT);
    let pid = t.child.process_id().expect("pid");
    // SAFETY: sending a signal to our own child.
    unsafe {
        libc::kill(pid as i32, signal);
    }
    assert_eq!(t.wait_exit(WAIT), exit_code);
    std::thread::sleep(Duration::from_millis(100));
    let out = t.output.lock().unwrap();
    assert!(
        !out.1.screen().alternate_screen(),
        "still in the alternate screen"
    );
    assert!(!out.1.screen().hide_cursor(), "cursor still hidden");
}

#[test]
fn sigterm_restores_the_terminal() {
    a_signal_restores_the_terminal(libc::SIGTERM, 143);
}

#[test]
fn sighup_restores_the_terminal() {
    a_signal_restores_the_terminal(libc::SIGHUP, 129);
}

#[test]
fn sigint_restores_the_terminal() {
    // In raw mode Ctrl-C is a key; a SIGINT comes from `kill -INT` (or a supervisor).
    a_signal_restores_the_terminal(libc::SIGINT, 130);
}

/// The console against a portal nobody answers: the first frame does not wait for it.
const NO_PORTAL: [&str; 4] = [
    "--portal-url",
    "http://127.0.0.1:9",
    "--token",
    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
];

/// The first frame is drawn before the runtime listens for signals (it is built beside the
/// frame): a signal sent as soon as the frame shows is held until then, and still ends the
/// console through the handler that restores the terminal.
#[test]
fn a_signal_sent_at_the_first_frame_restores_the_terminal() {
    for (signal, exit_code) in [(libc::SIGTERM, 143), (libc::SIGHUP, 129)] {
        let home = tempfile::tempdir().expect("home");
        let mut t = Pty::spawn(&NO_PORTAL, home.path(), &[], 24, 80);
        t.wait_for("salir", WAIT);
        let pid = t.child.process_id().expect("pid");
        // SAFETY: sending a signal to our own child.
        unsafe {
            libc::kill(pid as i32, signal);
        }
        assert_eq!(t.wait_exit(WAIT), exit_code, "signal {signal}");
        std::thread::sleep(Duration::from_millis(100));
        let out = t.output.lock().unwrap();
        assert!(!out.1.screen().alternate_screen(), "signal {signal}");
        assert!(!out.1.screen().hide_cursor(), "signal {signal}");
    }
}

/// Drafts are read beside the first frame, and still offered back at the start.
#[test]
fn drafts_left_on_disk_are_offered_at_the_start() {
    let home = tempfile::tempdir().expect("home");
    let store = helpdesk::drafts::DraftStore::new(home.path().join("data/helpdesk/drafts"));
    store
        .save(&helpdesk::drafts::Draft {
            key: "s1-1".into(),
            pqr_id: 7,
            radicado: "PQR-2026-000007".into(),
            visibility: helpdesk::api::Visibility::Public,
            body: "Respuesta a medio escribir".into(),
            saved_at: jiff::Timestamp::now(),
            new_pqr: None,
            conversation_id: None,
        })
        .expect("draft saved");
    let mut t = Pty::spawn(&NO_PORTAL, home.path(), &[], 24, 80);
    t.wait_for("Borradores sin enviar", WAIT);
    t.wait_for("PQR-2026-000007", WAIT);
    let _ = t.child.kill();
}

#[test]
fn nothing_configured_says_so_and_suggests_the_demo() {
    let home = tempfile::tempdir().expect("home");
    let mut t = Pty::spawn(&[], home.path(), &[], 24, 80);
    assert_eq!(t.wait_exit(WAIT), 2);
    t.wait_for("helpdesk demo", WAIT);
}

#[test]
fn a_token_file_readable_by_others_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("home");
    let dir = home.path().join("config").join("helpdesk");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("token"), "secret\n").unwrap();
    std::fs::set_permissions(dir.join("token"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut t = Pty::spawn(
        &["--portal-url", "http://127.0.0.1:9"],
        home.path(),
        &[("HELPDESK_CONFIG_DIR", dir.to_str().unwrap())],
        24,
        80,
    );
    assert_eq!(t.wait_exit(WAIT), 2);
    t.wait_for("chmod 600", WAIT);
}

/// Shift-Tab as the terminal sends it (`ESC [ Z`) moves back in a form; F1 (`ESC O P`) opens
/// help over it and Esc comes back to it as it was.
#[test]
fn shift_tab_moves_back_in_the_verification_form() {
    let home = tempfile::tempdir().expect("home");
    let mut t = Pty::spawn(
        &["demo", "--users", "30", "--pqrs", "10"],
        home.path(),
        &[],
        24,
        80,
    );
    t.wait_for("en línea", WAIT);
    pty::shift_tab_in_the_verification(&mut t, WAIT);
    t.send("\x1bOP");
    t.wait_for("Formulario de verificación", WAIT);
    t.send("\x1b");
    t.wait_for("1990", WAIT);
    pty::esc_and_quit(&mut t, WAIT);
}
