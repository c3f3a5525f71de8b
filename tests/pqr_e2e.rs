//! End to end in a pseudo-terminal: a note typed on a PQR survives the SSH connection dropping
//! (SIGHUP), is offered back on the next start, and is posted exactly once.

mod pty;

use std::time::Duration;

use pty::Pty;

const WAIT: Duration = Duration::from_secs(60);
const NOTE: &str = "Nota escrita antes de colgar 42";

fn drafts_in(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir.join("drafts"))
        .map(|entries| {
            entries
                .flatten()
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_note_survives_a_hangup_and_is_posted_once() {
    let home = tempfile::tempdir().expect("home");
    let dir = home.path().join("demo");
    let dir_arg = dir.to_str().expect("utf-8 path");
    let args = ["demo", "--dir", dir_arg, "--users", "20", "--pqrs", "30"];

    let mut t = Pty::spawn(&args, home.path(), &[], 24, 80);
    t.wait_for("en línea", WAIT);
    t.send("\x1bOR"); // F3: the PQR screen
    t.wait_for("PQR-2026-", WAIT);
    t.send("\r");
    t.wait_for("Hilo", WAIT);
    t.send("n");
    t.wait_for("INTERNA", WAIT);
    t.send(NOTE);
    t.wait_for(NOTE, WAIT);
    // The connection drops before the debounce has written anything: the hangup must flush it.
    let pid = t.child.process_id().expect("pid");
    // SAFETY: a signal to our own child.
    unsafe {
        libc::kill(pid as i32, libc::SIGHUP);
    }
    assert_eq!(t.wait_exit(WAIT), 129);
    let saved = drafts_in(&dir);
    assert_eq!(saved.len(), 1, "one draft on disk");
    assert!(saved[0].contains(NOTE), "{}", saved[0]);

    let mut t = Pty::spawn(&args, home.path(), &[], 24, 80);
    t.wait_for("Borradores sin enviar", WAIT);
    t.send("\r");
    t.wait_for(NOTE, WAIT);
    t.wait_for("INTERNA", WAIT);
    t.send("\x13"); // Ctrl-S
    t.wait_for("Nota interna agregada", WAIT);
    t.send("q");
    assert_eq!(t.wait_exit(WAIT), 0);

    assert!(
        drafts_in(&dir).is_empty(),
        "the draft is removed once the portal confirmed"
    );
    let db = rusqlite::Connection::open(dir.join("portal.db")).expect("db");
    let posted: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM pqr_messages WHERE body = ?1",
            [NOTE],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(posted, 1, "posted exactly once");
}
