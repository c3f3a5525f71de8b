//! The PQR endpoints: create, list, read, change with `If-Match`, the message thread and the
//! assignees (the rules, the legal clock and the rows live in `crate::pqr`).

pub(crate) mod assignees;
pub(crate) mod list;
pub(crate) mod write;

use crate::http::audited::AuditTarget;
use crate::http::routes::{Routes, get, patch, post};
use contract::api::{FilePqr, MAX_JSON_BODY, PqrAssignees};

/// A 64 KiB body or message plus the rest of the PQR or the message's JSON envelope.
const PQR_BODY_LIMIT: usize = MAX_JSON_BODY + 4096;

pub(crate) fn routes() -> Routes {
    Routes::new()
        .route("/api/v1/pqr", get(list::list).body_limit(PQR_BODY_LIMIT))
        .serve::<FilePqr>(
            post(write::create)
                .body_limit(PQR_BODY_LIMIT)
                .audited("pqr.create", AuditTarget::None),
        )
        .serve::<PqrAssignees>(get(assignees::assignees))
        .route("/api/v1/pqr/{id}", get(write::get))
        .route(
            "/api/v1/pqr/{id}",
            patch(write::patch).audited("pqr.update", AuditTarget::Id("pqr")),
        )
        .route(
            "/api/v1/pqr/{id}/messages",
            post(write::add_message)
                .body_limit(PQR_BODY_LIMIT)
                .audited("pqr.message", AuditTarget::Id("pqr")),
        )
}
