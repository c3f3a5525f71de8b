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
