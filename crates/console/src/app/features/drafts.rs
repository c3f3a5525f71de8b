//! Drafts found at start (a crash, a dropped connection), offered back one by one: Enter takes one
//! up where it was, `d` discards it, Esc leaves them for later.

use crate::app::keymap::Action;
use crate::app::model::{App, DraftsOffer, EditorState, Level, Modal, PqrFocus, Screen};
use crate::app::msg::{Effect, PqrEffect};
use crate::app::toolbox::notice;
use contract::i18n::tr;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let drafts_len = app.drafts.len();
    let Some(Modal::Drafts(DraftsOffer { selected })) = &mut app.modal else {
        return vec![];
    };
    match action {
        Action::Down => *selected = (*selected + 1).min(drafts_len.saturating_sub(1)),
        Action::Up => *selected = selected.saturating_sub(1),
        Action::Back => {
            app.modal = None;
            notice(app, Level::Info, tr(lang, "drafts.later"));
        }
        Action::Discard => {
            let i = *selected;
            if i < app.drafts.len() {
                let gone = app.drafts.remove(i);
                if app.drafts.is_empty() {
                    app.modal = None;
                } else if let Some(Modal::Drafts(DraftsOffer { selected })) = &mut app.modal {
                    *selected = i.min(app.drafts.len() - 1);
                }
                return vec![Effect::RemoveDraft(gone.key)];
            }
        }
        Action::Confirm => {
            let Some(draft) = app.drafts.get(*selected).cloned() else {
                return vec![];
            };
            if draft.new_pqr.is_some() {
                app.screen = Screen::Users;
                return super::create::reopen(app, draft);
            }
            if let Some(id) = draft.conversation_id {
                // The thread under the editor, as for a ticket.
                let mut effects = super::conversations::go(app);
                effects.extend(super::conversations::open(app, id));
                app.modal = Some(EditorState::modal(draft));
                return effects;
            }
            // Open the ticket under the editor, so the thread is there when it closes.
            app.screen = Screen::Pqr;
            app.pqr.focus = PqrFocus::Detail;
            app.pqr.loading_detail = Some(draft.pqr_id);
            let id = draft.pqr_id;
            app.modal = Some(EditorState::modal(draft));
            // The list too, as F3 would: once the reply is sent and the editor closed, the
            // screen is whole (not «Cargando…» for ever).
            let mut effects = if app.pqr.loaded || app.pqr.loading {
                vec![]
            } else {
                app.pqr.reload()
            };
            effects.push(Effect::Pqr(PqrEffect::LoadPqr { id }));
            return effects;
        }
        _ => {}
    }
    vec![]
}
