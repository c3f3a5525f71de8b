//! Conversations of the guide's channels (issue 26): WhatsApp and correo in one queue, answered
//! from the console.

pub(crate) mod store;
