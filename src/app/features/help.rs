//! `?`: the help modal, every key of the screen underneath (drawn from the keymap by `ui`).

use crate::app::keymap::Action;
use crate::app::model::{App, Modal};
use crate::app::msg::Effect;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(Modal::Help { scroll }) = &mut app.modal {
        match action {
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Back => app.modal = None,
            _ => {}
        }
    }
    vec![]
}
