//! The PQR screen: the list, one ticket, its changes, its messages, a new ticket, the assignees.

use crate::drafts::Draft;
use contract::api::{Page, PqrAssignee, PqrDetail, PqrMessage, PqrPatch, PqrSummary};
use contract::remote::{PortalError, PqrQuery};

#[derive(Debug, Clone, PartialEq)]
pub enum PqrEffect {
    LoadPqrs {
        generation: u64,
        query: PqrQuery,
        cursor: Option<String>,
    },
    LoadPqr {
        id: i64,
    },
    /// A change under If-Match (`etag`).
    PatchPqr {
        id: i64,
        etag: String,
        patch: PqrPatch,
    },
    /// Posts the draft's text with the draft's key as Idempotency-Key: on its ticket, or as the
    /// answer of its conversation (the reply is then `ConversationsReply::Answered`).
    SendMessage(Draft),
}

// Moved once each: boxing the big replies would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum PqrReply {
    Pqrs {
        generation: u64,
        append: bool,
        result: Result<Page<PqrSummary>, PortalError>,
    },
    Pqr {
        id: i64,
        result: Result<(PqrDetail, String), PortalError>,
    },
    Patched {
        id: i64,
        patch: PqrPatch,
        result: Result<(PqrDetail, String), PortalError>,
    },
    MessageSent {
        draft: Draft,
        result: Result<PqrMessage, PortalError>,
    },
    Created {
        idempotency_key: String,
        result: Result<PqrDetail, PortalError>,
    },
    /// Whom this operator may assign tickets to (`A` on a PQR).
    Assignees {
        pqr_id: i64,
        result: Result<Vec<PqrAssignee>, PortalError>,
    },
}
