//! The v1 HTTP contract, shared by the console's client and the reference portal.
//! `assets/openapi.yaml` documents it; a test keeps that document and the router in step.

pub mod conversations;
pub mod endpoint;
pub mod ingress;
pub mod pqr;
pub mod stats;
pub mod types;
pub mod users;

pub use conversations::{
    ConversationDetail, ConversationMessage, ConversationPatch, ConversationStatus,
    ConversationSummary, ConversationTemplate, ConversationTemplates, DeliveryStatus, Direction,
    MessageKind, NewConversationMessage, NewPqrFromConversation, RadicatedConversation,
};
pub use endpoint::{Endpoint, Method};
pub use ingress::Ingress;
pub use pqr::{
    Channel, FilePqr, NewPqr, NewPqrMessage, PqrAssignee, PqrAssignees, PqrDetail, PqrMessage,
    PqrPatch, PqrStatus, PqrSummary, PqrType, ReplyChannel, Requester, Visibility,
};
pub use stats::{
    AnsweredInTerm, CallCounts, CallStats, ClockByAssignee, ClockByType, ClockCounts, DailyFlow,
    GetCallStats, GetPqrStats, GetResetStats, PqrReportRow, PqrStats, ResetFunnel, ResetStats,
    RuleCount, StatsScope,
};
pub use types::{
    Accepted, Actor, ActorKind, AuditOutcome, AuditRecord, CallOutcome, DocumentType, ErrorBody,
    ErrorCode, ErrorDetail, Event, EventData, EventKind, FieldProblem, FieldRule, Health,
    LastResetMail, LoginRequest, LoginResult, MailNote, MailPurpose, MailState, NewCallOutcome,
    Operator, Page, PasswordPolicy, PasswordResetConfirm, PasswordResetRequest, PolicyRule,
    PolicyViolation, ResetFailure, ResetLinkSent, Role, UnlockResult, UserDetail, UserKind,
    UserStatus, UserSummary, VerificationRequest, VerificationResult,
};
pub use users::{
    GetUser, Me, RecordCallOutcome, ResetLinksRevoked, RevokeResetLinks, SendResetLink, UnlockUser,
    UserTimeline, VerifyUser,
};

/// Header that makes a POST safe to retry: the same key within 24 h returns the first answer.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Header that carries the portal's request id, echoed in errors and the audit.
pub const REQUEST_ID: &str = "x-request-id";

/// Largest JSON body the portal accepts.
pub const MAX_JSON_BODY: usize = 64 * 1024;
/// Largest page a list endpoint returns.
pub const MAX_PAGE_LIMIT: u32 = 200;
