//! The conversations' endpoints: the queue, one conversation read and changed, and its
//! radicación as a PQR (the rows live in `crate::storage::conversations`).

pub(crate) mod api;
pub(crate) mod list;
pub(crate) mod radicate;

use crate::http::audited::AuditTarget;
use crate::http::routes::{Routes, get, patch, post};

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/api/v1/conversations", get(list::list))
        .route("/api/v1/conversations/{id}", get(api::get))
        .route(
            "/api/v1/conversations/{id}",
            patch(api::patch).audited("conversation.update", AuditTarget::Id("conversation")),
        )
        .route(
            "/api/v1/conversations/{id}/pqr",
            post(radicate::radicate)
                .audited("conversation.radicate", AuditTarget::Id("conversation")),
        )
}
