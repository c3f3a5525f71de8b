//! Conversations of the guide's channels (issue 26): WhatsApp and correo in one queue, answered
//! from the console.

pub(crate) mod api;
pub(crate) mod list;
pub(crate) mod radicate;
/// The conversations' rows live in storage; the old path stays for the handlers beside it.
pub(crate) use crate::storage::conversations as store;
