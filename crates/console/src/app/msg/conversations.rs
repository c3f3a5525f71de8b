//! The conversations of WhatsApp and correo: the queue, one thread, its changes, answers,
//! templates, and filing one as a PQR.

use super::Effect;
use contract::api::{
    ConversationDetail, ConversationPatch, ConversationSummary, ConversationTemplate,
    NewConversationMessage, NewPqrFromConversation, Page, RadicatedConversation,
};
use contract::remote::{ConversationQuery, PortalError};

#[derive(Debug, Clone, PartialEq)]
pub enum ConversationsEffect {
    /// The conversation queue (`GET /conversations`); a newer read cancels an older one.
    LoadConversations {
        generation: u64,
        query: ConversationQuery,
    },
    LoadConversation {
        id: i64,
    },
    /// Assign, close, reopen or link under If-Match (`etag`).
    PatchConversation {
        id: i64,
        etag: String,
        patch: ConversationPatch,
    },
    /// A template's answer (a draft's answer goes as `PqrEffect::SendMessage`).
    AnswerConversation {
        id: i64,
        idempotency_key: String,
        message: NewConversationMessage,
    },
    RadicateConversation {
        id: i64,
        etag: String,
        new: NewPqrFromConversation,
    },
}

// Moved once each: boxing the big replies would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum ConversationsReply {
    Conversations {
        generation: u64,
        result: Result<Page<ConversationSummary>, PortalError>,
    },
    Conversation {
        id: i64,
        result: Result<(ConversationDetail, String), PortalError>,
    },
    Templates(Result<Vec<ConversationTemplate>, PortalError>),
    ConversationPatched {
        id: i64,
        result: Result<(ConversationDetail, String), PortalError>,
    },
    /// An answer posted: `sent` is the effect that posted it (a draft's send, or a template's),
    /// to run again with the same key when it failed.
    Answered {
        id: i64,
        sent: Effect,
        result: Result<ConversationDetail, PortalError>,
    },
    Radicated {
        id: i64,
        result: Result<RadicatedConversation, PortalError>,
    },
}
