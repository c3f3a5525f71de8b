//! `helpdesk walkthrough check`, and the console refusing a broken script.

use std::process::Command;

fn helpdesk(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let home = tempfile::tempdir().expect("home");
    let out = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(args)
        .env_clear()
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .envs(env.iter().copied())
        .output()
        .expect("run helpdesk");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/walkthrough/reset.toml");

#[test]
fn the_shipped_script_passes() {
    let (code, out, _) = helpdesk(&["walkthrough", "check", SHIPPED], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("ok, 8 steps"), "{out}");
}

fn broken(from: &str, to: &str) -> (tempfile::TempDir, String, usize) {
    let source = std::fs::read_to_string(SHIPPED).expect("script");
    let at = source.find(from).expect("text to break");
    let line = source[..at].matches('\n').count() + 1;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("broken.toml");
    std::fs::write(&path, source.replacen(from, to, 1)).expect("write");
    let path = path.to_str().expect("utf-8").to_string();
    (dir, path, line)
}

#[test]
fn broken_scripts_fail_with_the_right_line() {
    let (_d, path, line) = broken("goto = \"bandeja\"", "goto = \"bandej\"");
    let (code, _, err) = helpdesk(&["walkthrough", "check", &path], &[]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("{path}:{line}: unknown step «bandej»")),
        "{err}"
    );

    let (_d, path, line) = broken("en = \"Resolved\"", "en = \"\"");
    let (code, _, err) = helpdesk(&["walkthrough", "check", &path], &[]);
    assert_eq!(code, 1);
    // The problem is reported at the start of its branch table, a few lines above the label.
    let reported: usize = err
        .split(':')
        .nth(1)
        .and_then(|n| n.trim().parse().ok())
        .expect("a line number");
    assert!(reported <= line && line - reported <= 3, "{err}");
    assert!(err.contains("has no «en» label"), "{err}");
}

#[test]
fn the_console_refuses_a_broken_script_and_says_why() {
    let (_d, path, _) = broken("next = \"correo\"", "next = \"corre\"");
    let (code, _, err) = helpdesk(
        &["--portal-url", "http://127.0.0.1:9", "--token", "t"],
        &[("HELPDESK_WALKTHROUGH", &path)],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("is broken") && err.contains("unknown step «corre»"),
        "{err}"
    );
}
