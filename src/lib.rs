//! helpdesk: the help-desk console for Mi Portal AccionPlus, and the reference portal it talks to.

pub mod api;
pub mod cli;
pub mod domain;
pub mod portal;
