//! State of the new PQR form (`c` on a user).

use ratatui_textarea::TextArea;

use contract::api::{Channel, PqrType};

/// `c` on the users screen: a PQR prefilled with the user and the call.
#[derive(Debug, Clone)]
pub struct CreateForm {
    pub user_id: i64,
    pub user_name: String,
    pub pqr_type: PqrType,
    pub channel: Channel,
    pub subject: TextArea<'static>,
    pub notes: TextArea<'static>,
    /// 0 type, 1 channel, 2 subject, 3 notes.
    pub field: usize,
    pub error: Option<String>,
    /// The field the portal refused (an index in [`CreateForm::FIELDS`]), marked beside `error`.
    pub refused: Option<usize>,
    pub pending: bool,
    /// One key per form: a retried creation files one PQR, not two.
    pub idempotency_key: String,
}

impl CreateForm {
    /// The portal's names of the form's fields, in the form's order (`field`'s numbers).
    pub const FIELDS: [&'static str; 4] = ["type", "channel", "subject", "body"];
}
