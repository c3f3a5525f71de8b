//! The conversations' endpoints: the queue, one conversation read and changed, and its
//! radicación as a PQR (the rows live in `crate::storage::conversations`).

pub(crate) mod api;
pub(crate) mod list;
pub(crate) mod radicate;
