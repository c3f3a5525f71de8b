//! The PQR endpoints: create, list, read, change with `If-Match`, the message thread and the
//! assignees (the rules, the legal clock and the rows live in `crate::pqr`).

pub(crate) mod assignees;
pub(crate) mod list;
pub(crate) mod write;

pub(crate) use assignees::assignees;
pub(crate) use list::list;
pub(crate) use write::{add_message, create, get, patch};
