//! State of the confirmation of a reset link or an unlock.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmKind {
    Resend,
    Unlock,
    /// Leaving the console with a call or unsent text open: `person` says which.
    Quit,
}

#[derive(Debug, Clone)]
pub struct Confirm {
    pub kind: ConfirmKind,
    pub user_id: i64,
    pub name: String,
    /// «Name · CC **4050»: the person the action touches, said in the dialog.
    pub person: String,
    pub email_masked: String,
    /// A reset link's confirmation: the last link's email when it has not left yet (queued or
    /// deferred), so the operator knows the caller may still receive it (issue 25).
    pub pending_mail: Option<contract::api::LastResetMail>,
}
