//! SQLite access: an async pool of readers and one writer, WAL, and numbered migrations.
//!
//! All writes go through the single writer connection, which serialises them: an idempotency check
//! and the action it guards happen under the same lock, so two identical requests cannot both act.
//! Async callers never block a runtime worker: they wait for a reader or for their turn at the
//! writer asynchronously, and the SQLite work itself runs on tokio's blocking threads.

use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use deadpool_sqlite::{Hook, HookError, Pool, Runtime};
use rusqlite::Connection;
use tokio::sync::Semaphore;

use crate::metrics::{DbAccess, PortalMetrics};

/// Migrations in order; `PRAGMA user_version` records how many were applied.
const MIGRATIONS: &[(&str, &str)] = &[
    ("001_core", include_str!("migrations/001_core.sql")),
    ("002_pqr", include_str!("migrations/002_pqr.sql")),
    (
        "003_name_prefixes",
        include_str!("migrations/003_name_prefixes.sql"),
    ),
    (
        "004_pqr_clock",
        include_str!("migrations/004_pqr_clock.sql"),
    ),
    (
        "005_web_sessions",
        include_str!("migrations/005_web_sessions.sql"),
    ),
    ("006_mail", include_str!("migrations/006_mail.sql")),
    ("008_inbound", include_str!("migrations/008_inbound.sql")),
    (
        "009_reply_channel",
        include_str!("migrations/009_reply_channel.sql"),
    ),
    (
        "010_conversations",
        include_str!("migrations/010_conversations.sql"),
    ),
    (
        "011_conversation_notices",
        include_str!("migrations/011_conversation_notices.sql"),
    ),
];

/// Readers open at most at once (WAL lets them run beside the writer).
const READERS: usize = 8;

#[derive(Clone)]
pub struct Db {
    readers: Pool,
    writer: Arc<Mutex<Connection>>,
    /// The async queue for the writer: waiting here holds no thread, unlike waiting on the mutex.
    writer_turn: Arc<Semaphore>,
    /// Where waits and transactions are timed, once the portal has its metrics.
    metrics: Option<Arc<PortalMetrics>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Db")
    }
}

fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    Ok(())
}

/// A pooled reader: the same settings as the writer, and refusing writes.
fn configure_reader(conn: &mut Connection) -> rusqlite::Result<()> {
    configure(conn)?;
    conn.pragma_update(None, "query_only", "ON")
}

impl Db {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        // Personal data: the database and its WAL/SHM are 0600 whatever the umask.
        crate::files::private_file(path)?;
        let mut writer = Connection::open(path)
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        writer
            .pragma_update(None, "journal_mode", "WAL")
            .context("cannot switch the database to WAL")?;
        configure(&mut writer)?;
        migrate(&mut writer)?;
        private_companions(path)?;
        // Readers open lazily, on first use; a new one is configured before it is handed out.
        let readers = deadpool_sqlite::Config::new(path)
            .builder(Runtime::Tokio1)
            .context("cannot configure database readers")?
            .max_size(READERS)
            // As r2d2 did: a request gives up rather than waiting for ever on a stuck pool.
            .wait_timeout(Some(std::time::Duration::from_secs(30)))
            .post_create(Hook::sync_fn(|conn, _| {
                let mut conn = conn
                    .lock()
                    .map_err(|_| HookError::message("a database reader was poisoned"))?;
                configure_reader(&mut conn).map_err(HookError::Backend)
            }))
            .build()
            .context("cannot open database readers")?;
        Ok(Self {
            readers,
            writer: Arc::new(Mutex::new(writer)),
            writer_turn: Arc::new(Semaphore::new(1)),
            metrics: None,
        })
    }

    /// The same database, its waits and transactions timed in `metrics`.
    pub fn with_metrics(mut self, metrics: Arc<PortalMetrics>) -> Self {
        self.metrics = Some(metrics);
        self
    }

    fn timed(&self, f: impl FnOnce(&PortalMetrics)) {
        if let Some(m) = &self.metrics {
            f(m);
        }
    }

    /// Runs `f` on a reader connection, off the async runtime.
    pub async fn read<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> anyhow::Result<T> + Send + 'static,
    {
        let asked = std::time::Instant::now();
        let conn = self
            .readers
            .get()
            .await
            .context("no database reader available")?;
        let got = std::time::Instant::now();
        self.timed(|m| m.db_wait(DbAccess::Read, got - asked));
        let out = conn
            .interact(move |c| f(c))
            .await
            .map_err(|e| anyhow::anyhow!("database task failed: {e}"))?;
        self.timed(|m| m.db_work(DbAccess::Read, got.elapsed()));
        out
    }

    /// Runs `f` inside one transaction on the writer connection, off the async runtime.
    /// The transaction commits when `f` returns `Ok`.
    pub async fn write<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> anyhow::Result<T> + Send + 'static,
    {
        self.write_as(f).await
    }

    /// The same with the caller's error type (`http::error` gives handlers `write_api`, whose
    /// refusals come back typed).
    pub(crate) async fn write_as<T, E, F>(&self, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<anyhow::Error> + Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> Result<T, E> + Send + 'static,
    {
        let asked = std::time::Instant::now();
        let turn = self
            .writer_turn
            .clone()
            .acquire_owned()
            .await
            .context("the database writer is closed")?;
        self.timed(|m| m.db_wait(DbAccess::Write, asked.elapsed()));
        let writer = self.writer.clone();
        let metrics = self.metrics.clone();
        tokio::task::spawn_blocking(move || {
            let _turn = turn;
            let mut conn = writer.lock().unwrap_or_else(|p| p.into_inner());
            let began = std::time::Instant::now();
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .context("cannot begin a write transaction")?;
            let out = f(&tx)?;
            tx.commit().context("cannot commit")?;
            if let Some(m) = metrics {
                m.db_work(DbAccess::Write, began.elapsed());
            }
            Ok(out)
        })
        .await
        .context("database task failed")?
    }

    /// Synchronous access to the writer, for the command line (import, seed, operator add) and
    /// start-up; never from a request handler (it would hold a runtime worker while it waits).
    pub fn with_writer<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        let mut conn = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn)
    }
}

/// SQLite creates `-wal` and `-shm` itself; make them private too.
fn private_companions(path: &Path) -> anyhow::Result<()> {
    for suffix in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let companion = std::path::PathBuf::from(name);
        if companion.exists() {
            crate::files::private_file(&companion)?;
        }
    }
    Ok(())
}

fn migrate(conn: &mut Connection) -> anyhow::Result<()> {
    let applied: usize = conn
        .pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0))
        .context("cannot read the schema version")?
        .try_into()
        .unwrap_or(0);
    if applied > MIGRATIONS.len() {
        anyhow::bail!(
            "the database schema (version {applied}) is newer than this program knows ({}); upgrade helpdesk",
            MIGRATIONS.len()
        );
    }
    for (index, (name, sql)) in MIGRATIONS.iter().enumerate().skip(applied) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .with_context(|| format!("migration {name} failed"))?;
        tx.pragma_update(None, "user_version", (index + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Unix milliseconds of a timestamp, as stored in the database.
pub fn ms(t: jiff::Timestamp) -> i64 {
    t.as_millisecond()
}

/// The timestamp of stored Unix milliseconds (out-of-range values clamp rather than fail).
pub fn ts(ms: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn readers_see_committed_writes_and_refuse_to_write() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        db.write(|tx| {
            tx.execute(
                "INSERT INTO operators (name, role, token_sha256, created_at) VALUES ('a', 'agent', 'x', 0)",
                [],
            )?;
            Ok(())
        })
        .await
        .unwrap();
        let n: i64 = db
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM operators", [], |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(n, 1);
        let refused = db
            .read(|c| Ok(c.execute("DELETE FROM operators", [])?))
            .await;
        assert!(refused.is_err(), "a reader must not write");
    }

    #[tokio::test]
    async fn a_failed_write_rolls_back() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("t.db")).unwrap();
        let failed: anyhow::Result<()> = db
            .write(|tx| {
                tx.execute(
                    "INSERT INTO operators (name, role, token_sha256, created_at) VALUES ('a', 'agent', 'x', 0)",
                    [],
                )?;
                anyhow::bail!("the action failed")
            })
            .await;
        assert!(failed.is_err());
        let n: i64 = db
            .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM operators", [], |r| r.get(0))?))
            .await
            .unwrap();
        assert_eq!(n, 0);
    }
}
