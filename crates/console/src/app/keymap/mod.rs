//! Keys → actions, per context, as data: the defaults are `assets/keymap.toml` (one section per
//! context, named like the module that handles it), an operator's `config.toml` overrides them
//! per context. Help (`?`) and the footer are generated from these tables, so what the operator
//! reads is what the keys do.

mod combo;
mod load;
mod registry;

use std::borrow::Cow;

use crossterm::event::{KeyCode, KeyEvent};
use serde::{Deserialize, Serialize};

pub use combo::KeyCombo;
pub use load::DEFAULT_SOURCE;
pub(crate) use registry::with_registry;

/// Declares [`Context`] and [`Context::ALL`] from the registry (`registry.rs`), so a new context
/// is one entry there (the count of `ALL` is the list's, never kept by hand).
macro_rules! define_contexts {
    (
        screens {
            $($(#[$sm:meta])* $s:ident => $smod:ident $([$sp:ident])?,)*
        }
        modals {
            $($(#[$mm:meta])* $m:ident => $mmod:ident: $mv:ident($mt:ty) $([$mp:ident])?,)*
        }
        modes {
            $($(#[$om:meta])* $o:ident => $omod:ident: $ov:ident if $opred:path $([$op:ident])?,)*
        }
    ) => {
        /// Where the keyboard is: a screen's pane or the modal on top of it. Each has its
        /// section in `assets/keymap.toml` and its handler in `app/features/<name>.rs`, under
        /// the same name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Context {
            $($(#[$sm])* $s,)*
            $($(#[$mm])* $m,)*
            $($(#[$om])* $o,)*
        }

        impl Context {
            /// Every context: the screens' panes, the modals, the modals' modes.
            pub const ALL: [Context; ALL_COUNT] =
                [$(Context::$s,)* $(Context::$m,)* $(Context::$o,)*];
        }

        /// How many contexts the registry lists.
        const ALL_COUNT: usize =
            [$(stringify!($s),)* $(stringify!($m),)* $(stringify!($o),)*].len();
    };
}

with_registry!(define_contexts);

impl Context {
    /// The name of the section in `keymap.toml` and `config.toml` (`users_list`).
    pub fn name(self) -> String {
        serde_name(&self)
    }
}

include!(concat!(env!("OUT_DIR"), "/action.rs"));

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
    /// Catalog id of the help line (borrowed from the built-in table, owned from a file).
    pub desc: Cow<'static, str>,
    /// Catalog id of the footer's word (`action.<name>`).
    pub label: Cow<'static, str>,
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
