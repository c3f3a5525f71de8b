//! The WhatsApp Cloud API channel (issue 26): the webhook Meta delivers to, and the sends.

pub mod config;
mod payload;
pub(crate) mod send;
pub(crate) mod webhook;

pub use config::WhatsappConfig;
