//! State of the confirmation of a reset link or an unlock.

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
