//! The PQR screen's filter field: typing filters the list (reloaded, debounced by the runner).

use crate::app::keymap::Action;
use crate::app::model::{App, PqrFocus};
use crate::app::msg::Effect;
use crate::app::toolbox::{clean_paste, edit_line};

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::global::on_action(app, action) {
        return effects;
    }
    match action {
        Action::Open | Action::Back => {
            app.pqr.focus = PqrFocus::List;
            vec![]
        }
        Action::Typed(key) if edit_line(&mut app.pqr.search, key) => app.pqr.reload(),
        _ => vec![],
    }
}

pub(crate) fn on_paste(app: &mut App, text: &str) -> Vec<Effect> {
    app.pqr.search.insert_str(clean_paste(text));
    app.pqr.reload()
}
