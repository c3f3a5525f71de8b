//! Issue 11, hole 4: reset links were readable by every local user of the jump host (.eml files
//! 0644 in a 0755 outbox, the database 0644). With the most permissive umask, everything the
//! portal writes is still private. Alone in its binary: the umask is process-wide.
#![cfg(unix)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use reqwest::{Method, StatusCode};
use support::{TestPortal, insert_jose};

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

#[tokio::test]
async fn outbox_messages_and_database_are_private_whatever_the_umask() {
    // SAFETY: umask only changes this process's creation mask.
    unsafe { libc::umask(0) };
    let p = TestPortal::start_with(|db| {
        insert_jose(db);
    })
    .await;
    let r = p
        .agent(Method::POST, "/api/v1/users/1/reset-links")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    assert_eq!(mode(&p.outbox()), 0o700, "outbox");
    let mut emails = 0;
    for entry in std::fs::read_dir(p.outbox()).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(mode(&path), 0o600, "{}", path.display());
        emails += 1;
    }
    assert_eq!(emails, 1, "one message, no temporary left behind");
    let db = p.dir.path().join("portal.db");
    for path in [
        db.clone(),
        db.with_extension("db-wal"),
        db.with_extension("db-shm"),
    ] {
        assert_eq!(mode(&path), 0o600, "{}", path.display());
    }
}
