//! helpdesk: the help-desk console for Mi Portal AccionPlus, and the reference portal it talks to.

pub mod api;
pub mod app;
pub mod cli;
pub mod client;
pub mod config;
pub mod console;
pub mod domain;
pub mod drafts;
pub mod format;
pub mod fuzzing;
pub mod i18n;
pub mod portal;
pub mod ssh;
pub mod terminal;
pub mod ui;
pub mod walkthrough;
