//! The modal on top of a screen, and the keymap section each one reads.

use super::{
    Confirm, CreateForm, EditorState, ExtensionForm, OutcomeForm, PaletteState, RadicateForm,
    SecretInput, TemplatePicker, VerifyForm,
};
use crate::app::keymap::Context;
use crate::drafts::Draft;
use contract::api::PqrStatus;

#[derive(Debug, Clone)]
pub enum Modal {
    Help {
        scroll: u16,
        /// The dialog or form it was opened over (F1): back to it, as it was, on Esc.
        under: Option<Box<Modal>>,
    },
    Palette(Box<PaletteState>),
    Verify(Box<VerifyForm>),
    Confirm(Confirm),
    Editor(Box<EditorState>),
    /// A public reply is about to be sent: the operator confirms.
    ConfirmSend(Box<Draft>),
    StatusPicker {
        pqr_id: i64,
        options: Vec<PqrStatus>,
        selected: usize,
        /// A status that cannot be undone (resolved, closed) was chosen: Enter again confirms.
        confirming: bool,
    },
    Extension(Box<ExtensionForm>),
    /// Drafts found at start: offered back one by one.
    Drafts {
        selected: usize,
    },
    CreatePqr(Box<CreateForm>),
    Explainer(Box<SecretInput>),
    Outcome(Box<OutcomeForm>),
    /// Assigning a ticket to a colleague: the operators the portal allows (`None` while loading).
    Assign {
        pqr_id: i64,
        options: Option<Vec<contract::api::PqrAssignee>>,
        selected: usize,
    },
    /// The PQR just filed: its radicado and legal due date, to read to the caller.
    Radicado(Box<contract::api::PqrSummary>),
    /// The approved templates, for a conversation whose WhatsApp window is closed.
    TemplatePicker(Box<TemplatePicker>),
    /// Filing a conversation as a PQR.
    Radicate(Box<RadicateForm>),
}

/// The context of a modal: its section of the keymap.
pub(super) fn modal_context(modal: &Modal) -> Context {
    match modal {
        Modal::Help { .. } => Context::Help,
        Modal::Palette(_) => Context::Palette,
        Modal::Verify(_) => Context::Verify,
        Modal::Confirm(_) => Context::Confirm,
        Modal::ConfirmSend(_) => Context::ConfirmSend,
        Modal::Editor(e) if e.canned.is_some() => Context::Canned,
        Modal::Editor(_) => Context::Editor,
        Modal::StatusPicker { .. } => Context::StatusPicker,
        Modal::Drafts { .. } => Context::Drafts,
        Modal::Extension(_) => Context::Extension,
        Modal::CreatePqr(_) => Context::Create,
        Modal::Explainer(_) => Context::Explainer,
        Modal::Outcome(_) => Context::Outcome,
        Modal::Radicado(_) => Context::Radicado,
        Modal::Assign { .. } => Context::Assign,
        Modal::TemplatePicker(_) => Context::TemplatePicker,
        Modal::Radicate(_) => Context::Radicate,
    }
}
