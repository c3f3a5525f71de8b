//! The operator's `[keys.<context>]` overrides: a key that would do two things is refused before
//! the console starts, with the line of `config.toml` to fix.

use crate::pty;

use std::time::Duration;

use pty::Pty;

#[test]
fn a_conflicting_key_is_refused_at_start_with_its_line() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("home");
    let dir = home.path().join("config").join("helpdesk");
    std::fs::create_dir_all(&dir).expect("dir");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        "portal_url = \"http://127.0.0.1:9\"\ntoken = \"t\"\n\n[keys.users_list]\nresend = \"v\"\n",
    )
    .expect("config");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).expect("0600");
    let mut t = Pty::spawn(
        &[],
        home.path(),
        &[("HELPDESK_CONFIG_DIR", dir.to_str().expect("utf-8"))],
        24,
        80,
    );
    assert_eq!(t.wait_exit(Duration::from_secs(60)), 1);
    t.wait_for("line 5", Duration::from_secs(10));
    t.wait_for("`verify`", Duration::from_secs(10));
}
