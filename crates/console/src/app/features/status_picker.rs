//! `s` on a ticket: its next status, among those the portal allows; a prórroga asks for its
//! reason and new date first (`extension`).

use crate::app::keymap::Action;
use crate::app::model::{App, ExtensionForm, Modal, StatusPicker};
use crate::app::msg::Effect;
use crate::app::toolbox::patch_pqr;
use contract::api::{PqrPatch, PqrStatus};

/// The statuses a ticket does not come back from.
pub(crate) fn is_final(status: PqrStatus) -> bool {
    matches!(status, PqrStatus::Resuelta | PqrStatus::Cerrada)
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(Modal::StatusPicker(StatusPicker {
        pqr_id,
        options,
        selected,
        confirming,
    })) = &mut app.modal
    else {
        return vec![];
    };
    match action {
        Action::Down => {
            *selected = (*selected + 1).min(options.len().saturating_sub(1));
            *confirming = false;
        }
        Action::Up => {
            *selected = selected.saturating_sub(1);
            *confirming = false;
        }
        // Esc from the question goes back to the list; from the list, away.
        Action::Back if *confirming => *confirming = false,
        Action::Back => app.modal = None,
        Action::Confirm => {
            let (id, status) = (*pqr_id, options.get(*selected).copied());
            // Resolving or closing cannot be undone (and the list's order follows the status):
            // one Enter asks, a second one does it.
            if status.is_some_and(is_final) && !*confirming {
                *confirming = true;
                return vec![];
            }
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
