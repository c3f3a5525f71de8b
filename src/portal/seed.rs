//! Demo data (placeholder until the seed is written): see `seed_demo_if_empty`.

use crate::portal::db::Db;

/// Fills an empty database with the demo's users; does nothing if users exist.
pub fn seed_demo_if_empty(_db: &Db, _users: u64, _now: jiff::Timestamp) -> anyhow::Result<()> {
    Ok(())
}
