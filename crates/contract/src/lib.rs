//! The contract between the console and the portal: the v1 API's types, the business rules both
//! apply, the formatting of times and events, the catalogs, the reset walkthrough's script, and
//! the portal as the console meets it (`remote`: the failure of a request, the list query, live news).
//! It depends on no server and no terminal crate: both sides build on it.

pub mod api;
pub mod domain;
pub mod format;
pub mod i18n;
pub mod remote;
pub mod sanitize;
pub mod walkthrough;
