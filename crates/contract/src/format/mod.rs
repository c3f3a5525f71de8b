//! Presentation-neutral formatting used by both `app` (notices, hand-off notes) and `ui` (screens):
//! times as Bogotá reads them, timeline events in words. Depends on `api` and `i18n` only.

pub mod events;
pub mod mail;
pub mod time;
