//! Conversations of the guide's channels (issue 26): WhatsApp and correo in one queue, answered
//! from the console.

/// The conversations' rows live in storage; the old path stays for the modules that name it.
pub(crate) use crate::storage::conversations as store;
