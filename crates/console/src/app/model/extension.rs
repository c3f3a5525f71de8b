//! State of the prórroga form.

use super::{Modal, TextBuffer, line_input};

#[derive(Debug, Clone)]
pub struct ExtensionForm {
    pub pqr_id: i64,
    pub reason: TextBuffer,
    pub new_date: TextBuffer,
    pub on_date: bool,
    pub error: Option<String>,
    /// The field the portal refused (an index in [`ExtensionForm::FIELDS`]), marked beside `error`.
    pub refused: Option<usize>,
}

impl ExtensionForm {
    /// The portal's names of the form's fields, in the form's order.
    pub const FIELDS: [&'static str; 2] = ["extension_reason", "new_due_date"];

    /// The extension form, prefilled (a change refused with 412 is offered again as it was).
    pub fn modal(pqr_id: i64, reason: &str, date: &str) -> Modal {
        let mut r = line_input("");
        r.insert_str(reason);
        let mut d = line_input("AAAA-MM-DD");
        d.insert_str(date);
        Modal::Extension(Box::new(ExtensionForm {
            pqr_id,
            reason: r,
            new_date: d,
            on_date: false,
            error: None,
            refused: None,
        }))
    }
}
