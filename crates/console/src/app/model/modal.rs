//! The modal on top of a screen, and the keymap section each one reads: both made from the
//! registry of contexts (`app/keymap/registry.rs`), so a new modal is one entry there.

use super::{
    Confirm, CreateForm, EditorState, ExtensionForm, OutcomeForm, PaletteState, RadicateForm,
    SecretInput, TemplatePicker, VerifyForm,
};
use crate::app::keymap::{Context, with_registry};
use crate::drafts::Draft;
use contract::api::{PqrAssignee, PqrStatus, PqrSummary};

/// Makes [`Modal`] (a variant per entry of the `modals` list, holding its state) and
/// [`modal_context`] (the `modes` first: a mode is its modal in a state of its own).
macro_rules! define_modals {
    (
        screens {
            $($(#[$sm:meta])* $s:ident => $smod:ident $([$sp:ident])?,)*
        }
        modals {
            $($(#[$mm:meta])* $m:ident => $mmod:ident: $mv:ident($mt:ty) $([$mp:ident])?,)*
        }
        modes {
            $($(#[$om:meta])* $o:ident => $omod:ident: $ov:ident if $opred:path $([$op:ident])?,)*
        }
    ) => {
        /// The dialog or form on top of the screen, holding its state.
        #[derive(Debug, Clone)]
        pub enum Modal {
            $($(#[$mm])* $mv($mt),)*
        }

        /// The context of a modal: its section of the keymap.
        pub(super) fn modal_context(modal: &Modal) -> Context {
            match modal {
                $(Modal::$ov(state) if $opred(state) => Context::$o,)*
                $(Modal::$mv(_) => Context::$m,)*
            }
        }
    };
}

with_registry!(define_modals);

// The states of the small pickers, here beside `Modal` (the forms' are in their features' files).

/// Help over the screen (`?`), or over the dialog or form it was opened from (F1).
#[derive(Debug, Clone)]
pub struct HelpState {
    pub scroll: u16,
    /// The dialog or form it was opened over (F1): back to it, as it was, on Esc.
    pub under: Option<Box<Modal>>,
}

/// The statuses a ticket may move to.
#[derive(Debug, Clone)]
pub struct StatusPicker {
    pub pqr_id: i64,
    pub options: Vec<PqrStatus>,
    pub selected: usize,
    /// A status that cannot be undone (resolved, closed) was chosen: Enter again confirms.
    pub confirming: bool,
}

/// The drafts found at start, offered back one by one.
#[derive(Debug, Clone)]
pub struct DraftsOffer {
    pub selected: usize,
}

/// The operators the portal allows as a ticket's assignee (`None` while loading).
#[derive(Debug, Clone)]
pub struct AssignPicker {
    pub pqr_id: i64,
    pub options: Option<Vec<PqrAssignee>>,
    pub selected: usize,
}

/// The editor's canned mode: `::` was typed, the canned responses picker is open.
fn holds_canned(editor: &EditorState) -> bool {
    editor.canned.is_some()
}
