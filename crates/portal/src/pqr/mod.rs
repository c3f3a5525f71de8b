//! PQR tickets (Ley 1755 de 2015): create with the legal due date, list, read, change with
//! `If-Match`, and the message thread. Every change is an audit record and an event.

pub mod assignees;
pub mod clock;
pub mod legal;
pub mod list;
pub(crate) mod notify;
pub mod rules;
pub mod write;

/// The tickets' rows live in storage; the old path stays for the handlers beside it.
pub use crate::storage::pqr as store;
pub use assignees::assignees;
pub use list::list;
pub use write::{add_message, create, get, patch};
