//! A public reply is about to go to the requester: the operator confirms, or goes back to the
//! editor with the text as it was.

use crate::app::keymap::Action;
use crate::app::model::{App, EditorState, Level, Modal};
use crate::app::msg::{Effect, PqrEffect};
use crate::app::toolbox::notice;
use contract::i18n::tr;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Confirm => answer(app, true),
        Action::Back => answer(app, false),
        _ => vec![],
    }
}

fn answer(app: &mut App, confirmed: bool) -> Vec<Effect> {
    let Some(Modal::ConfirmSend(draft)) = app.modal.take() else {
        return vec![];
    };
    if confirmed {
        notice(app, Level::Info, tr(app.lang, "editor.sending"));
        vec![Effect::Pqr(PqrEffect::SendMessage(*draft))]
    } else {
        app.modal = Some(EditorState::modal(*draft));
        vec![]
    }
}
