//! The contract between the console and the portal: the v1 API's types, the business rules both
//! apply, the formatting of times and events, the catalogs, the reset walkthrough's script.
//! It depends on no server and no terminal crate: both sides build on it.

pub mod api;
pub mod domain;
pub mod format;
pub mod i18n;
pub mod walkthrough;
