//! Keys → actions, per context, as data: the defaults are `assets/keymap.toml` (one section per
//! context, named like the module that handles it), an operator's `config.toml` overrides them
//! per context. Help (`?`) and the footer are generated from these tables, so what the operator
//! reads is what the keys do.

mod combo;
mod load;

use crossterm::event::{KeyCode, KeyEvent};
use serde::{Deserialize, Serialize};

pub use combo::KeyCombo;
pub use load::DEFAULT_SOURCE;

/// Declares [`Context`] and [`Context::ALL`] from one list, so a new context is one line here
/// (the count of `ALL` is the list's, never kept by hand).
macro_rules! contexts {
    ($($(#[$meta:meta])* $name:ident,)*) => {
        /// Where the keyboard is: a screen's pane or the modal on top of it. Each has its section
        /// in `assets/keymap.toml` and its handler in `app/features/<name>.rs`, under the same name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Context {
            $($(#[$meta])* $name,)*
        }

        impl Context {
            /// Every context, in the order of the list.
            pub const ALL: [Context; [$(stringify!($name)),*].len()] = [$(Context::$name),*];
        }
    };
}

contexts! {
    UsersSearch,
    UsersList,
    UserDetail,
    PqrSearch,
    PqrList,
    PqrDetail,
    Walk,
    Help,
    Palette,
    Verify,
    Confirm,
    ConfirmSend,
    StatusPicker,
    Extension,
    Drafts,
    Editor,
    Canned,
    Create,
    Explainer,
    Outcome,
    Radicado,
    Board,
    /// Assigning a ticket to a colleague (`A` on a PQR).
    Assign,
    /// «Conversaciones»: the queue of WhatsApp and correo conversations.
    ConversationList,
    /// One conversation's thread.
    ConversationThread,
    /// The approved templates, when a WhatsApp window is closed.
    TemplatePicker,
    /// Filing a conversation as a PQR.
    Radicate,
}

impl Context {
    /// The name of the section in `keymap.toml` and `config.toml` (`users_list`).
    pub fn name(self) -> String {
        serde_name(&self)
    }
}

/// What a key means. Bound by name (snake_case) in `keymap.toml`; the handler of a context matches
/// on it. Keys no binding claims arrive as [`Action::Typed`], so handlers see actions only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    Help,
    Palette,
    #[serde(rename = "search")]
    FocusSearch,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    Back,
    NextPane,
    Verify,
    Resend,
    Unlock,
    Copy,
    Retry,
    Confirm,
    NextField,
    PrevField,
    Suspend,
    Redraw,
    GoUsers,
    GoPqr,
    /// F4 or `:tablero`: the dashboard.
    GoBoard,
    /// F6 or `:conversaciones`: WhatsApp and correo.
    GoConversations,
    /// `t` on a conversation: the approved templates.
    Templates,
    /// `c` on a conversation: close it (or reopen a closed one).
    CloseConversation,
    /// `p` on a conversation: file it as a PQR.
    Radicate,
    /// `L` on a user, while a conversation waits to be linked: link it to this user.
    LinkConversation,
    PrevPane,
    Left,
    Right,
    /// Read the figures again now.
    Refresh,
    FilterStatus,
    FilterType,
    FilterScope,
    FilterOverdue,
    FilterToday,
    SortOrder,
    AssignMe,
    /// `A` on a ticket: to a colleague (whom the portal's policy allows).
    Assign,
    ChangeStatus,
    Note,
    Reply,
    GoUser,
    /// `p` on a user: that user's PQRs, every status.
    UserPqrs,
    /// `B`/`F` on the users screen: the previous and the next caller of this session.
    CallerBack,
    CallerForward,
    Send,
    Discard,
    CreatePqr,
    Walk,
    NextStep,
    PrevStep,
    /// Bound to the digits of the walkthrough; arrives as [`Action::Choice`] with the digit.
    Branch,
    Explain,
    Finish,
    /// A numbered choice: which of the keys bound to `branch` was pressed.
    #[serde(skip)]
    Choice(char),
    /// A key no binding of the context claims: text for a field, or a key a form reads itself.
    #[serde(skip)]
    Typed(KeyEvent),
}

impl Action {
    /// The name used in `keymap.toml`, `config.toml` and the footer's catalog (`action.<name>`).
    pub fn name(self) -> String {
        serde_name(&self)
    }
}

/// The snake_case name serde gives a unit variant (empty for the variants it skips).
fn serde_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<KeyCombo>,
    /// Catalog id of the help line.
    pub desc: String,
    /// Catalog id of the footer's word (`action.<name>`).
    pub label: String,
    /// Shown in the footer (the rest only in help).
    pub footer: bool,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    tables: Vec<(Context, Vec<Binding>)>,
}

pub use crate::config::KeyOverride as Override;

impl Keymap {
    pub fn bindings(&self, ctx: Context) -> &[Binding] {
        self.tables
            .iter()
            .find(|(c, _)| *c == ctx)
            .map(|(_, t)| t.as_slice())
            .unwrap_or(&[])
    }

    /// The first key bound to `action` in `ctx`, as the help shows it: what a hint may name.
    pub fn key_for(&self, ctx: Context, action: Action) -> Option<String> {
        self.bindings(ctx)
            .iter()
            .find(|b| b.action == action)
            .and_then(|b| b.keys.last())
            .map(|k| k.to_string())
    }

    /// What `key` means in `ctx`: its binding's action, else the key itself as [`Action::Typed`].
    pub fn action(&self, ctx: Context, key: &KeyEvent) -> Action {
        match self
            .bindings(ctx)
            .iter()
            .find(|b| b.keys.iter().any(|k| k.matches(key)))
            .map(|b| b.action)
        {
            Some(Action::Branch) => match key.code {
                KeyCode::Char(c) => Action::Choice(c),
                _ => Action::Typed(*key),
            },
            Some(action) => action,
            None => Action::Typed(*key),
        }
    }
}
