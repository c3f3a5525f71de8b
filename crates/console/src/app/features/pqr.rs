//! The PQR feature's replies, each to the pane or modal that asked: the list, the ticket and its
//! changes, a message sent from the editor, a ticket filed, the colleagues to assign to.

use crate::app::model::App;
use crate::app::msg::{Effect, PqrReply};

pub(crate) fn on_reply(app: &mut App, reply: PqrReply) -> Vec<Effect> {
    match reply {
        PqrReply::Pqrs {
            generation,
            append,
            result,
        } => super::pqr_list::on_reply(app, generation, append, result),
        PqrReply::Pqr { id, result } => super::pqr_detail::on_loaded(app, id, result),
        PqrReply::Patched { id, patch, result } => {
            super::pqr_detail::on_patched(app, id, patch, result)
        }
        PqrReply::MessageSent { draft, result } => super::editor::on_sent(app, draft, result),
        PqrReply::Created {
            idempotency_key,
            result,
        } => super::create::on_reply(app, idempotency_key, result),
        PqrReply::Assignees { pqr_id, result } => super::assign::on_reply(app, pqr_id, result),
    }
}
