//! The help-desk console: its decisions (`app`), its drawing (`ui`), the runner of its effects
//! (`console`), the local terminal, and the console served over SSH. It never depends on the
//! portal's server crates (axum, SQLite): it talks to the portal through `client`.

pub mod app;
pub mod config;
pub mod console;
pub mod drafts;
pub mod ssh;
pub mod terminal;
pub mod ui;
