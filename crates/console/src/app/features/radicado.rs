//! The radicado of a PQR just filed, shown to be read to the caller: Enter or Esc closes it.

use crate::app::keymap::Action;
use crate::app::model::App;
use crate::app::msg::Effect;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if matches!(action, Action::Back | Action::Confirm) {
        app.modal = None;
    }
    vec![]
}
