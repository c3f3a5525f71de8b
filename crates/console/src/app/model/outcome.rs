//! State of the call's outcome form.

use super::TextBuffer;

#[derive(Debug, Clone)]
pub struct OutcomeForm {
    pub user_id: i64,
    pub selected: usize,
    pub note: TextBuffer,
    pub on_note: bool,
    pub pending: bool,
    pub error: Option<String>,
    /// The field the portal refused (an index in [`OutcomeForm::FIELDS`]), marked beside `error`.
    pub refused: Option<usize>,
    pub idempotency_key: String,
}

impl OutcomeForm {
    /// The portal's names of the form's fields, in the form's order.
    pub const FIELDS: [&'static str; 2] = ["outcome", "note"];
}
