//! `s` on a ticket: its next status, among those the portal allows; a prórroga asks for its
//! reason and new date first (`extension`).

use crate::api::{PqrPatch, PqrStatus};
use crate::app::keymap::Action;
use crate::app::model::{App, ExtensionForm, Modal};
use crate::app::msg::Effect;
use crate::app::toolbox::patch_pqr;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(Modal::StatusPicker {
        pqr_id,
        options,
        selected,
    }) = &mut app.modal
    else {
        return vec![];
    };
    match action {
        Action::Down => *selected = (*selected + 1).min(options.len().saturating_sub(1)),
        Action::Up => *selected = selected.saturating_sub(1),
        Action::Back => app.modal = None,
        Action::Confirm => {
            let (id, status) = (*pqr_id, options.get(*selected).copied());
            app.modal = None;
            return match status {
                Some(PqrStatus::Prorrogada) => {
                    app.modal = Some(ExtensionForm::modal(id, "", ""));
                    vec![]
                }
                Some(status) => patch_pqr(
                    app,
                    id,
                    PqrPatch {
                        status: Some(status),
                        ..Default::default()
                    },
                ),
                None => vec![],
            };
        }
        _ => {}
    }
    vec![]
}
