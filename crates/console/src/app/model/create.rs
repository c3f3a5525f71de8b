//! State of the new PQR form (`c` on a user).

use super::TextBuffer;

use contract::api::{Channel, PqrType, ReplyChannel};

/// `c` on the users screen: a PQR prefilled with the user and the call.
#[derive(Debug, Clone)]
pub struct CreateForm {
    pub user_id: i64,
    pub user_name: String,
    pub pqr_type: PqrType,
    pub channel: Channel,
    pub subject: TextBuffer,
    pub notes: TextBuffer,
    /// Where the answers go; the portal takes the user's registered email and phone.
    pub reply_channel: ReplyChannel,
    /// The user's registered contact, masked as the screen shows it.
    pub email_masked: String,
    pub phone_masked: String,
    /// 0 type, 1 channel, 2 subject, 3 notes, 4 reply channel.
    pub field: usize,
    pub error: Option<String>,
    /// The field the portal refused (an index in [`CreateForm::FIELDS`]), marked beside `error`.
    pub refused: Option<usize>,
    pub pending: bool,
    /// One key per form: a retried creation files one PQR, not two.
    pub idempotency_key: String,
}

/// The fields of the form, in the order Tab walks them.
pub const CREATE_FIELDS: usize = 5;

impl CreateForm {
    /// The channel the answers go to when the operator has not chosen: the contact there is.
    pub fn default_reply(email_masked: &str, phone_masked: &str) -> ReplyChannel {
        if !email_masked.trim().is_empty() {
            ReplyChannel::Correo
        } else if !phone_masked.trim().is_empty() {
            ReplyChannel::Whatsapp
        } else {
            ReplyChannel::Ninguno
        }
    }

    /// The portal's names of the form's fields, in the form's order (`field`'s numbers).
    pub const FIELDS: [&'static str; CREATE_FIELDS] =
        ["type", "channel", "subject", "body", "reply_channel"];
}
