//! The canned responses picker, opened by typing `::` in the editor: the chosen text replaces the
//! `::`, and the draft is saved.

use crate::app::keymap::Action;
use crate::app::model::{App, Modal, canned_responses, text_of};
use crate::app::msg::Effect;
use crate::app::toolbox::upsert_draft;

/// Text pasted while the picker is open goes to the editor under it, as when it is closed.
pub(crate) use super::editor::on_paste;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let canned_len = canned_responses().len();
    let Some(Modal::Editor(e)) = &mut app.modal else {
        return vec![];
    };
    let Some(sel) = &mut e.canned else {
        return vec![];
    };
    match action {
        Action::Down => *sel = (*sel + 1).min(canned_len.saturating_sub(1)),
        Action::Up => *sel = sel.saturating_sub(1),
        Action::Back => e.canned = None,
        Action::Confirm => {
            let chosen = canned_responses().get(*sel);
            e.canned = None;
            if let Some(c) = chosen {
                e.text.delete_char();
                e.text.delete_char();
                e.text.insert_str(&c.body);
                e.draft.body = text_of(&e.text);
                let draft = e.draft.clone();
                upsert_draft(app, &draft);
                return vec![Effect::SaveDraft(draft)];
            }
        }
        _ => {}
    }
    vec![]
}
