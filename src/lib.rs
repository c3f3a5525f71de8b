//! helpdesk: the help-desk console for Mi Portal AccionPlus, and the reference portal it talks to.
//! The layers live in their own crates (`crates/`); this package is the binary on top — the
//! commands and the fuzzing entry points — and re-exports the layers under their old paths.

pub use ::console::console;
pub use ::console::{app, config, drafts, ssh, terminal, ui};
pub use client;
pub use contract::{api, domain, format, i18n, walkthrough};
pub use portal;

pub mod cli;
pub mod fuzzing;
