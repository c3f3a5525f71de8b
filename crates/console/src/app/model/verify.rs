//! State of the identity verification form (`v`).

use super::TextBuffer;

use contract::api::VerificationResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyField {
    Document,
    BirthDate,
}

/// The caller's answers are secrets: its Debug (see below) leaves them out.
#[derive(Clone)]
pub struct VerifyForm {
    pub user_id: i64,
    pub name: String,
    pub document: TextBuffer,
    pub birth_date: TextBuffer,
    pub field: VerifyField,
    pub pending: bool,
    pub result: Option<VerificationResult>,
    /// A validation or portal error, in words.
    pub error: Option<String>,
    /// The field the portal refused (an index in [`VerifyForm::FIELDS`]), marked beside `error`.
    pub refused: Option<usize>,
    /// One key per submitted form content: a retry of the same answer is the same action.
    pub idempotency_key: Option<(String, String)>,
}

impl VerifyForm {
    /// The portal's names of the form's fields, in the form's order.
    pub const FIELDS: [&'static str; 2] = ["document_number", "birth_date"];
}

impl std::fmt::Debug for VerifyForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifyForm")
            .field("user_id", &self.user_id)
            .field("answers", &"<redacted>")
            .field("pending", &self.pending)
            .field("result", &self.result)
            .finish_non_exhaustive()
    }
}
