//! What reaches the update function (messages) and what it asks the edge to do (effects).
//! The portal's effects and their replies are grouped by feature, one file each
//! (`msg/pqr.rs` holds `PqrEffect` and `PqrReply`): the dispatch routes a reply by its group
//! alone, to the feature's `on_reply`. A plain call of an endpoint is [`Effect::Call`] (one
//! variant for every endpoint, run by one arm of the runner): a new one adds a variant to its
//! feature's `Reply` only; the feature's own effects are the calls with more to them.

mod board;
mod call;
mod conversations;
mod pqr;
mod session;
mod users;
mod verify;
mod walk;

use crossterm::event::KeyEvent;

use crate::drafts::Draft;

pub use board::{BoardEffect, BoardReply};
pub use call::PortalCall;
pub use conversations::{ConversationsEffect, ConversationsReply};
pub use pqr::{PqrEffect, PqrReply};
pub use session::{SessionEffect, SessionReply, load_me};
pub use users::{UsersEffect, UsersReply};
pub use verify::VerifyReply;
pub use walk::{WalkEffect, WalkReply};

/// How many rows a search asks for: a page of results is all an operator reads.
pub(crate) const SEARCH_LIMIT: u32 = 50;
/// How many timeline events the detail pane loads.
pub(crate) const TIMELINE_LIMIT: u32 = 50;

// Messages are moved once each, a few per keystroke: boxing the big replies would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// Time passed (the clock itself is `App::now`, set by the loop before each message).
    Tick,
    Portal(Reply),
}

/// I/O the update function asks for; the runner performs it (`console/effects/<feature>.rs`
/// for the portal's) and answers with a [`Reply`] of the same feature.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// A call of one of the contract's endpoints, with the reply its answer becomes.
    Call(PortalCall),
    Session(SessionEffect),
    Users(UsersEffect),
    Walk(WalkEffect),
    Pqr(PqrEffect),
    Board(BoardEffect),
    Conversations(ConversationsEffect),
    /// Written to disk (debounced by the runner; flushed on exit and on signals).
    SaveDraft(Draft),
    RemoveDraft(String),
    /// OSC 52: the terminal (even over SSH) puts the text in the operator's clipboard.
    Copy(String),
    Suspend,
    /// Ctrl-L: repaint the whole screen (after line noise over SSH, say).
    Redraw,
    Quit,
}

/// The portal's answer to an [`Effect`], in the group of the feature that asked.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Reply {
    Session(SessionReply),
    Users(UsersReply),
    Verify(VerifyReply),
    Walk(WalkReply),
    Pqr(PqrReply),
    Board(BoardReply),
    Conversations(ConversationsReply),
}

impl Effect {
    /// The request of `E` this effect sends, if it is a call of `E`
    /// (`effect.request::<UnlockUser>() == Some(&UnlockUser { .. })`).
    pub fn request<E: contract::api::Endpoint>(&self) -> Option<&E> {
        match self {
            Effect::Call(call) => call.request(),
            _ => None,
        }
    }
}

impl From<PortalCall> for Effect {
    fn from(call: PortalCall) -> Self {
        Effect::Call(call)
    }
}

impl From<VerifyReply> for Reply {
    fn from(reply: VerifyReply) -> Self {
        Reply::Verify(reply)
    }
}

/// `UsersEffect::LoadDetail { .. }.into()`: a feature's effect or reply as the top-level one.
macro_rules! groups {
    ($($group:ident($effect:ident, $reply:ident),)*) => {
        $(
            impl From<$effect> for Effect {
                fn from(effect: $effect) -> Self {
                    Effect::$group(effect)
                }
            }

            impl From<$reply> for Reply {
                fn from(reply: $reply) -> Self {
                    Reply::$group(reply)
                }
            }
        )*
    };
}

groups! {
    Session(SessionEffect, SessionReply),
    Users(UsersEffect, UsersReply),
    Walk(WalkEffect, WalkReply),
    Pqr(PqrEffect, PqrReply),
    Board(BoardEffect, BoardReply),
    Conversations(ConversationsEffect, ConversationsReply),
}
