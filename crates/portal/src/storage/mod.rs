//! Storage: the SQL of every table, behind functions that take a connection or the caller's
//! transaction and return [`StorageResult`]. Handlers and jobs name no table and write no SQL
//! (`tests/layers.rs` holds that); a storage function never opens a transaction of its own, so a
//! handler's change and its audit and event rows still commit or roll back together.

pub(crate) mod audit;
pub(crate) mod conversation_list;
pub(crate) mod conversations;
pub mod db;
mod error;
pub(crate) mod events;
pub(crate) mod idempotency;
pub(crate) mod mail_outbox;
pub(crate) mod operators;
pub mod pqr;
pub mod pqr_clock;
pub(crate) mod pqr_list;
pub(crate) mod pqr_requester;
pub(crate) mod reset_tokens;
pub(crate) mod rollups;
pub(crate) mod seed;
pub(crate) mod stats;
pub(crate) mod user_rows;
pub mod user_search;
pub(crate) mod users;
pub(crate) mod web_sessions;

pub use error::{Doing, StorageError, StorageResult};
