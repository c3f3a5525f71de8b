//! The portal's background work, each a loop that lives as long as the server: the sweep of
//! expired rows, the delivery of the mail outbox to the site's relay, and the WhatsApp sender.
//! No job calls the HTTP side.

pub(crate) mod mail_delivery;
pub mod sweep;
pub(crate) mod whatsapp_send;
