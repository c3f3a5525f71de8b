//! The Elm architecture of the console: [`state::App`] (plain data), [`msg::Msg`] in,
//! [`update::update`] decides, [`msg::Effect`] out to the runner (`console`).

pub mod create;
pub mod keymap;
pub mod messages;
pub mod msg;
pub mod palette;
pub mod portal_types;
pub mod pqr;
pub mod pqr_state;
pub mod state;
pub mod update;
pub mod walk;

pub use msg::{Effect, Msg, Reply};
pub use portal_types::{LiveUpdate, PortalError, PqrQuery};
pub use state::App;
pub use update::update;
