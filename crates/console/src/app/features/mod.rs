//! One module per screen pane and per modal, named like its context in `assets/keymap.toml`:
//! each holds its key handling (`on_action`) and the portal replies it waits for. Their state is
//! in `app::model`, under the same name. `users` holds the actions on a user that the list, the
//! detail and the walkthrough share; `global` the keys of every screen.

pub mod assign;
pub mod board;
pub mod canned;
pub mod confirm;
pub mod confirm_send;
pub mod conversation_list;
pub mod conversation_thread;
pub mod conversations;
pub mod create;
pub mod drafts;
pub mod editor;
pub mod explainer;
pub mod extension;
pub mod global;
pub mod help;
pub mod outcome;
pub mod palette;
pub mod pqr;
pub mod pqr_detail;
pub mod pqr_list;
pub mod pqr_search;
pub mod radicado;
pub mod radicate;
pub mod reconnect;
pub mod status_picker;
pub mod template_picker;
pub mod user_detail;
pub mod users;
pub mod users_list;
pub mod users_search;
pub mod verify;
pub mod walk;
