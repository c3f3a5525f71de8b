//! The Elm architecture of the console: [`model::App`] (plain data), [`msg::Msg`] in,
//! [`dispatch::update`] routes each key (through [`keymap`]) and each reply to one module of
//! [`features`], which decides; [`msg::Effect`] out to the runner (`console`). Nothing here does
//! I/O or names the HTTP client, the terminal or the ui (see ARCHITECTURE.md and tests/contract/layers.rs).

mod dispatch;
pub mod features;
pub mod keymap;
pub mod messages;
pub mod model;
pub(crate) mod msg;
mod portal_types;
pub mod toolbox;

pub use contract::remote::{LiveUpdate, PortalError, PqrQuery};
pub use dispatch::update;
pub use model::App;
pub use msg::{
    BoardEffect, BoardReply, ConversationsEffect, ConversationsReply, Effect, Msg, PortalCall,
    PqrEffect, PqrReply, Reply, SessionEffect, SessionReply, UsersEffect, UsersReply, VerifyReply,
    WalkEffect, WalkReply, load_me,
};
pub use portal_types::BoardFigures;
