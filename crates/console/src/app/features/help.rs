//! `?` on a screen, F1 anywhere: the help modal, every key of the screen or the dialog underneath
//! (drawn from the keymap by `ui`). Over a dialog or a form it keeps it, as it was, for Esc.

use crate::app::keymap::Action;
use crate::app::model::{App, AssignPicker, HelpState, Modal};
use crate::app::msg::Effect;

/// Opens help over whatever is on screen (a form keeps what was typed in it). Not over a form
/// whose request is in flight: its answer goes to the form on screen, and would find none.
pub fn open(app: &mut App) -> Vec<Effect> {
    let waiting = match &app.modal {
        Some(Modal::Verify(f)) => f.pending,
        Some(Modal::CreatePqr(f)) => f.pending,
        Some(Modal::Outcome(f)) => f.pending,
        Some(Modal::Assign(AssignPicker { options, .. })) => options.is_none(),
        _ => false,
    };
    if waiting {
        return vec![];
    }
    let under = app
        .modal
        .take()
        .filter(|m| !matches!(m, Modal::Help(HelpState { .. })))
        .map(Box::new);
    app.modal = Some(Modal::Help(HelpState { scroll: 0, under }));
    vec![]
}

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    let below = app.drawn.help_below;
    if let Some(Modal::Help(HelpState { scroll, under })) = &mut app.modal {
        match action {
            // No further than the view drew rows below the frame.
            Action::Down => *scroll = scroll.saturating_add(1).min(below),
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Back => app.modal = under.take().map(|m| *m),
            _ => {}
        }
    }
    vec![]
}
