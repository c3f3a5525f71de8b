//! The WhatsApp Cloud API channel (issue 26): the webhook Meta delivers to, and the sends.

pub mod config;
pub(crate) mod payload;

pub use config::WhatsappConfig;

/// Wakes the sender (`jobs::whatsapp_send`) after an answer was queued.
pub(crate) fn wake(state: &crate::AppState) {
    state.whatsapp_queued.notify_one();
}
