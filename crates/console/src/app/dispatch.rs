//! `update(state, msg) → effects`: every decision of the console, without a terminal or a network.
//! This file only routes: a key becomes an action in the keymap of the current context, and the
//! table made from the registry (`keymap/registry.rs`) sends each context to exactly one handler;
//! each reply goes, by its group, to the feature that asked for it.

use crossterm::event::{KeyEvent, KeyEventKind};

use super::features::{
    self, board, conversations, global, help, pqr, reconnect, users, verify, walk,
};
use super::keymap::{Action, Context, with_registry};
use super::model::App;
use super::msg::{Effect, Msg, Reply};

/// A context's handler: what each action means there.
pub(crate) type Handler = fn(&mut App, Action) -> Vec<Effect>;

/// The dispatch table and the paste routing, made from the registry of contexts
/// (`keymap/registry.rs`): each context to the module of its name, pasted text to the field of
/// the contexts that have one.
macro_rules! define_dispatch {
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
        /// Each context (a section of `assets/keymap.toml`) to the module of its name.
        pub(crate) fn handler(ctx: Context) -> Handler {
            match ctx {
                $(Context::$s => features::$smod::on_action,)*
                $(Context::$m => features::$mmod::on_action,)*
                $(Context::$o => features::$omod::on_action,)*
            }
        }

        /// Pasted text goes to the field that has the keyboard, if any.
        fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
            match app.context() {
                $($(Context::$s => features::$smod::$sp(app, text),)?)*
                $($(Context::$m => features::$mmod::$mp(app, text),)?)*
                $($(Context::$o => features::$omod::$op(app, text),)?)*
                _ => vec![],
            }
        }
    };
}

with_registry!(define_dispatch);

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let before = app.screen;
    let mut effects = route(app, msg);
    board::after_update(app, before, &mut effects);
    super::toolbox::notice_follows_subject(app);
    reconnect::after_update(app, &mut effects);
    effects
}

fn route(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) => on_key(app, key),
        Msg::Paste(text) => on_paste(app, &text),
        Msg::Resize { width, height } => {
            app.width = width;
            app.height = height;
            vec![]
        }
        Msg::Tick => global::on_tick(app),
        Msg::Portal(reply) => on_reply(app, reply),
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return vec![];
    }
    let ctx = app.context();
    let action = app.keymap.action(ctx, &key);
    // F1 in a dialog or a form: help over it, the same way in every one of them.
    if action == Action::Help && app.modal.is_some() {
        return help::open(app);
    }
    handler(ctx)(app, action)
}

/// A reply goes to its feature by its group alone: the feature's `on_reply` reads the rest.
fn on_reply(app: &mut App, reply: Reply) -> Vec<Effect> {
    match reply {
        Reply::Session(reply) => global::on_reply(app, reply),
        Reply::Users(reply) => users::on_reply(app, reply),
        Reply::Verify(reply) => verify::on_reply(app, reply),
        Reply::Walk(reply) => walk::on_reply(app, reply),
        Reply::Pqr(reply) => pqr::on_reply(app, reply),
        Reply::Board(reply) => board::on_reply(app, reply),
        Reply::Conversations(reply) => conversations::on_reply(app, reply),
    }
}
