//! `helpdesk portal backup` and `restore`: SQLite's online backup API, while the portal serves.
//!
//! The backup holds one read transaction on the source from its first page to its last, so it
//! copies one snapshot — every write committed before it began, none after — and, the
//! database being in WAL mode, the portal's writers never wait for it. The copy is written to a
//! private temporary file beside the target, checked (`PRAGMA integrity_check`), switched out
//! of WAL (one self-contained file), synced, and only then renamed into place.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

/// Pages copied per step: small enough for a progress bar that moves.
const PAGES_PER_STEP: i32 = 256;

pub fn backup(db: &Path, to: &Path, force: bool) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        force || !to.exists(),
        "{} exists; choose another file or pass --force",
        to.display()
    );
    let source = open_existing(db)?;
    source.pragma_update(None, "query_only", "ON")?;
    // The snapshot: a read transaction opened now and held until the last page is copied.
    source.execute_batch("BEGIN")?;
    source
        .query_row("SELECT COUNT(*) FROM sqlite_schema", [], |_| Ok(()))
        .context("cannot read the database")?;
    let (temp, pages) = copy_into_temp(&source, to)?;
    source.execute_batch("COMMIT")?;
    drop(source);
    check_and_seal(temp.path(), "DELETE")?;
    let bytes = std::fs::metadata(temp.path()).map(|m| m.len()).unwrap_or(0);
    temp.persist(to)
        .with_context(|| format!("cannot write {}", to.display()))?;
    sync_parent(to);
    println!(
        "backup of {} written to {} ({pages} pages, {bytes} bytes; integrity ok)",
        db.display(),
        to.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn restore(from: &Path, db: &Path, force: bool) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        force || !db.exists(),
        "{} exists; stop the portal and pass --force to replace it",
        db.display()
    );
    let source = open_existing(from)?;
    source.pragma_update(None, "query_only", "ON")?;
    let (temp, _) = copy_into_temp(&source, db)?;
    drop(source);
    // The portal runs its database in WAL mode.
    check_and_seal(temp.path(), "WAL")?;
    // A -wal left by the old database would be replayed onto the restored one.
    for suffix in ["-wal", "-shm"] {
        let companion = with_suffix(db, suffix);
        match std::fs::remove_file(&companion) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(e).with_context(|| format!("cannot remove {}", companion.display()));
            }
        }
    }
    temp.persist(db)
        .with_context(|| format!("cannot write {}", db.display()))?;
    sync_parent(db);
    println!("{} restored from {}", db.display(), from.display());
    Ok(ExitCode::SUCCESS)
}

/// Opens a database that must exist (never creates an empty one by a typo).
fn open_existing(path: &Path) -> anyhow::Result<Connection> {
    anyhow::ensure!(path.is_file(), "no database at {}", path.display());
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .with_context(|| format!("cannot open {}", path.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(conn)
}

/// Copies `source` page by page into a private temporary file in `target`'s folder.
fn copy_into_temp(
    source: &Connection,
    target: &Path,
) -> anyhow::Result<(tempfile::NamedTempFile, i32)> {
    let folder = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // tempfile creates it 0600.
    let temp = tempfile::Builder::new()
        .prefix(".helpdesk-backup-")
        .tempfile_in(folder)
        .with_context(|| format!("cannot create a file in {}", folder.display()))?;
    let mut dest = Connection::open(temp.path())?;
    let pages = {
        let backup = Backup::new(source, &mut dest).context("cannot start the backup")?;
        let mut bar = Progress::new();
        loop {
            let step = backup.step(PAGES_PER_STEP).context("the backup failed")?;
            let p = backup.progress();
            bar.show(p.pagecount - p.remaining, p.pagecount);
            match step {
                StepResult::Done => break p.pagecount,
                StepResult::More => {}
                // Another connection holds a lock we need for a moment: wait and go on.
                StepResult::Busy | StepResult::Locked => {
                    std::thread::sleep(std::time::Duration::from_millis(50))
                }
                _ => std::thread::sleep(std::time::Duration::from_millis(50)),
            }
        }
    };
    drop(dest);
    Ok((temp, pages))
}

/// The copy must pass `integrity_check`; then it gets its journal mode and is synced.
fn check_and_seal(path: &Path, journal_mode: &str) -> anyhow::Result<()> {
    let conn = Connection::open(path)?;
    let verdict: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    anyhow::ensure!(
        verdict == "ok",
        "the copy failed its integrity check: {verdict}"
    );
    conn.pragma_update_and_check(None, "journal_mode", journal_mode, |_| Ok(()))?;
    drop(conn);
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot sync {}", path.display()))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The rename survives a crash only once the folder is synced (best effort).
fn sync_parent(path: &Path) {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
}

/// A one-line bar on standard error, only when it is a terminal.
struct Progress {
    on: bool,
    last: i32,
}

impl Progress {
    fn new() -> Self {
        Progress {
            on: std::io::stderr().is_terminal(),
            last: -1,
        }
    }

    fn show(&mut self, done: i32, total: i32) {
        if !self.on || total <= 0 {
            return;
        }
        let percent = (i64::from(done) * 100 / i64::from(total)) as i32;
        if percent == self.last {
            return;
        }
        self.last = percent;
        let filled = usize::try_from(percent / 5).unwrap_or(0);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r[{}{}] {percent:>3} % ({done}/{total} pages)",
            "#".repeat(filled),
            ".".repeat(20 - filled.min(20))
        );
        if done >= total {
            let _ = writeln!(err);
        }
        let _ = err.flush();
    }
}
