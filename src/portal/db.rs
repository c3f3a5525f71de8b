//! SQLite access: a pool of readers and one writer, WAL, and numbered migrations.
//!
//! All writes go through the single writer connection, which serialises them: an idempotency check
//! and the action it guards happen under the same lock, so two identical requests cannot both act.

use std::path::Path;
use std::sync::{Arc, Mutex};

use anyhow::Context;
use r2d2::Pool;
use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::Connection;

/// Migrations in order; `PRAGMA user_version` records how many were applied.
const MIGRATIONS: &[(&str, &str)] = &[
    ("001_core", include_str!("migrations/001_core.sql")),
    ("002_pqr", include_str!("migrations/002_pqr.sql")),
];

#[derive(Clone)]
pub struct Db {
    readers: Pool<SqliteConnectionManager>,
    writer: Arc<Mutex<Connection>>,
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

impl Db {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        // Personal data: the database and its WAL/SHM are 0600 whatever the umask.
        super::files::private_file(path)?;
        let mut writer = Connection::open(path)
            .with_context(|| format!("cannot open the database {}", path.display()))?;
        writer
            .pragma_update(None, "journal_mode", "WAL")
            .context("cannot switch the database to WAL")?;
        configure(&mut writer)?;
        migrate(&mut writer)?;
        private_companions(path)?;
        let manager = SqliteConnectionManager::file(path)
            .with_flags(
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
            )
            .with_init(configure);
        let readers = Pool::builder()
            .max_size(8)
            .build(manager)
            .context("cannot open database readers")?;
        Ok(Self {
            readers,
            writer: Arc::new(Mutex::new(writer)),
        })
    }

    /// Runs `f` on a reader connection, off the async runtime.
    pub async fn read<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> anyhow::Result<T> + Send + 'static,
    {
        let pool = self.readers.clone();
        tokio::task::spawn_blocking(move || {
            let conn = pool.get().context("no database reader available")?;
            f(&conn)
        })
        .await
        .context("database task failed")?
    }

    /// Runs `f` inside one transaction on the writer connection, off the async runtime.
    /// The transaction commits when `f` returns `Ok`.
    pub async fn write<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> anyhow::Result<T> + Send + 'static,
    {
        let writer = self.writer.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = writer.lock().unwrap_or_else(|p| p.into_inner());
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .context("cannot begin a write transaction")?;
            let out = f(&tx)?;
            tx.commit().context("cannot commit")?;
            Ok(out)
        })
        .await
        .context("database task failed")?
    }

    /// Synchronous access to the writer, for the command line (import, seed, operator add).
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
            super::files::private_file(&companion)?;
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
