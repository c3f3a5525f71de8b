//! The modals' forms: palette, verification, confirmations, the editor, the extension and the new
//! PQR. Plain data, with the constructors that open each one.

use ratatui_textarea::TextArea;

use super::{Modal, line_input};
use crate::api::{PqrType, VerificationResult};
use crate::drafts::Draft;

#[derive(Debug, Clone)]
pub struct PaletteState {
    pub input: TextArea<'static>,
    pub selected: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyField {
    Document,
    BirthDate,
}

#[derive(Debug, Clone)]
pub struct VerifyForm {
    pub user_id: i64,
    pub name: String,
    pub document: TextArea<'static>,
    pub birth_date: TextArea<'static>,
    pub field: VerifyField,
    pub pending: bool,
    pub result: Option<VerificationResult>,
    /// A validation or portal error, in words.
    pub error: Option<String>,
    /// One key per submitted form content: a retry of the same answer is the same action.
    pub idempotency_key: Option<(String, String)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmKind {
    Resend,
    Unlock,
}

#[derive(Debug, Clone)]
pub struct Confirm {
    pub kind: ConfirmKind,
    pub user_id: i64,
    pub name: String,
    pub email_masked: String,
}

/// The note or reply being written, with its draft.
#[derive(Debug, Clone)]
pub struct EditorState {
    pub draft: Draft,
    pub text: TextArea<'static>,
    /// `::` was typed: the canned responses picker is open at this row.
    pub canned: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct ExtensionForm {
    pub pqr_id: i64,
    pub reason: TextArea<'static>,
    pub new_date: TextArea<'static>,
    pub on_date: bool,
    pub error: Option<String>,
}

/// `c` on the users screen: a PQR prefilled with the user and the call.
#[derive(Debug, Clone)]
pub struct CreateForm {
    pub user_id: i64,
    pub user_name: String,
    pub pqr_type: PqrType,
    pub channel: crate::api::Channel,
    pub subject: TextArea<'static>,
    pub notes: TextArea<'static>,
    /// 0 type, 1 channel, 2 subject, 3 notes.
    pub field: usize,
    pub error: Option<String>,
    pub pending: bool,
    /// One key per form: a retried creation files one PQR, not two.
    pub idempotency_key: String,
}

impl EditorState {
    /// The editor open on `draft`, the cursor at its end.
    pub fn modal(draft: Draft) -> Modal {
        let mut text = TextArea::new(draft.body.lines().map(String::from).collect());
        text.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        text.set_cursor_line_style(ratatui::style::Style::new());
        text.move_cursor(ratatui_textarea::CursorMove::Bottom);
        text.move_cursor(ratatui_textarea::CursorMove::End);
        Modal::Editor(Box::new(EditorState {
            draft,
            text,
            canned: None,
        }))
    }
}

impl ExtensionForm {
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
        }))
    }
}
