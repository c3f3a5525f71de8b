//! `A` on a ticket: assign it to a colleague. The portal says whom this operator may choose
//! (`GET /pqr/assignees`: a supervisor, anyone active; an agent, only themselves); the change
//! goes under If-Match like every other.

use crate::app::keymap::Action;
use crate::app::model::{App, AssignPicker, Modal};
use crate::app::msg::{Effect, PortalCall, PqrReply};
use crate::app::toolbox::{failed, patch_pqr, reached};
use contract::api::{PqrAssignee, PqrAssignees, PqrPatch};
use contract::remote::PortalError;

pub fn open(app: &mut App, pqr_id: i64) -> Vec<Effect> {
    app.modal = Some(Modal::Assign(AssignPicker {
        pqr_id,
        options: None,
        selected: 0,
    }));
    let call = PortalCall::new(PqrAssignees, move |_, result| PqrReply::Assignees {
        pqr_id,
        result: result.map(|page| page.items),
    });
    vec![call.into()]
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(Modal::Assign(AssignPicker {
        pqr_id,
        options,
        selected,
    })) = &mut app.modal
    else {
        return vec![];
    };
    let n = options.as_ref().map_or(0, Vec::len);
    match action {
        Action::Down => *selected = (*selected + 1).min(n.saturating_sub(1)),
        Action::Up => *selected = selected.saturating_sub(1),
        Action::Back => app.modal = None,
        Action::Confirm => {
            let (id, chosen) = (*pqr_id, options.as_ref().and_then(|o| o.get(*selected)));
            let Some(chosen) = chosen.map(|a| a.id) else {
                return vec![];
            };
            app.modal = None;
            return patch_pqr(
                app,
                id,
                PqrPatch {
                    assignee_id: Some(Some(chosen)),
                    ..Default::default()
                },
            );
        }
        _ => {}
    }
    vec![]
}

/// The colleagues, the ticket's current assignee selected; if the picker is still open for it.
pub(crate) fn on_reply(
    app: &mut App,
    pqr_id: i64,
    result: Result<Vec<PqrAssignee>, PortalError>,
) -> Vec<Effect> {
    let current = app
        .pqr
        .detail
        .as_ref()
        .filter(|d| d.pqr.summary.id == pqr_id)
        .and_then(|d| d.pqr.summary.assignee.as_ref().map(|a| a.id));
    let Some(Modal::Assign(AssignPicker {
        pqr_id: open,
        options,
        selected,
    })) = &mut app.modal
    else {
        return vec![];
    };
    if *open != pqr_id {
        return vec![];
    }
    match result {
        Ok(list) => {
            *selected = list.iter().position(|a| Some(a.id) == current).unwrap_or(0);
            *options = Some(list);
            reached(app);
        }
        Err(e) => {
            app.modal = None;
            failed(app, &e, None);
        }
    }
    vec![]
}
