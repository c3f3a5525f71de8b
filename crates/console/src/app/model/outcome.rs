//! State of the call's outcome form.

use ratatui_textarea::TextArea;

#[derive(Debug, Clone)]
pub struct OutcomeForm {
    pub user_id: i64,
    pub selected: usize,
    pub note: TextArea<'static>,
    pub on_note: bool,
    pub pending: bool,
    pub error: Option<String>,
    pub idempotency_key: String,
}
