//! The prórroga form (a status change to `prorrogada`): the reason and the new due date, checked
//! before the change is sent under If-Match.

use crate::app::keymap::Action;
use crate::app::model::{App, Modal, text_of};
use crate::app::msg::Effect;
use crate::app::toolbox::{edit_line, patch_pqr};
use contract::api::{PqrPatch, PqrStatus};
use contract::i18n::tr;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let Some(Modal::Extension(f)) = &mut app.modal else {
        return vec![];
    };
    match action {
        Action::Back => app.modal = None,
        Action::NextField => f.on_date = !f.on_date,
        Action::Confirm => {
            let reason = text_of(&f.reason).trim().to_string();
            let date_text = text_of(&f.new_date);
            let Some(date) = contract::domain::identity::parse_date(date_text.trim()) else {
                f.error = Some(tr(lang, "extension.bad_date").into());
                f.on_date = true;
                return vec![];
            };
            if reason.chars().count() < 10 {
                f.error = Some(tr(lang, "extension.short_reason").into());
                f.on_date = false;
                return vec![];
            }
            let id = f.pqr_id;
            app.modal = None;
            return patch_pqr(
                app,
                id,
                PqrPatch {
                    status: Some(PqrStatus::Prorrogada),
                    extension_reason: Some(reason),
                    new_due_date: Some(date),
                    ..Default::default()
                },
            );
        }
        Action::Typed(key) => {
            let field = if f.on_date {
                &mut f.new_date
            } else {
                &mut f.reason
            };
            if edit_line(field, key) {
                f.error = None;
            }
        }
        _ => {}
    }
    vec![]
}
