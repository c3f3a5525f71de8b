//! `x` in the walkthrough: the caller reads out a password and the operator sees which rules it
//! breaks. The text is never kept, logged or sent: it goes with the modal.

use crate::app::keymap::Action;
use crate::app::model::{App, Modal};
use crate::app::msg::Effect;
use crate::app::toolbox::edit_line;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(Modal::Explainer(input)) = &mut app.modal else {
        return vec![];
    };
    if action == Action::Back {
        // The typed text goes with the modal.
        app.modal = None;
        return vec![];
    }
    if let Action::Typed(key) = action {
        edit_line(&mut input.0, key);
    }
    vec![]
}
