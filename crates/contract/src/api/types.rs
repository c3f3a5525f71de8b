//! Serde types of the v1 contract (`assets/openapi.yaml`), shared by the client and the portal so
//! that the two cannot drift apart. Enums carry an `Unknown` variant where a newer portal may send
//! values this build does not know yet: the console shows them instead of failing to decode.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::ingress::{Ingress, line, line_opt, no_text, text};

/// `{"error":{"code","message","details"}}`
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub details: serde_json::Value,
}

/// `details.field` and `details.rule` of a 422 that refuses one field of the request body, so a
/// form can show the refusal beside the field it names.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field as the request spells it (`new_due_date`, `requester.email` when nested).
    pub field: String,
    pub rule: FieldRule,
}

/// Which rule a refused field broke.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum FieldRule {
    /// Missing or blank.
    Required,
    TooLong,
    /// Not in the field's format (a date, a document number, an address).
    Format,
    /// A value outside the range allowed (a date before or after what the law allows).
    OutOfRange,
    /// A value the portal does not know (an enum word, an id that does not exist).
    UnknownValue,
    #[serde(other)]
    Unknown,
}

impl FieldRule {
    pub fn as_str(self) -> &'static str {
        match self {
            FieldRule::Required => "required",
            FieldRule::TooLong => "too_long",
            FieldRule::Format => "format",
            FieldRule::OutOfRange => "out_of_range",
            FieldRule::UnknownValue => "unknown_value",
            FieldRule::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    BadRequest,
    ValidationFailed,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    AccountDisabled,
    AccountLocked,
    AddressBounced,
    VerificationRequired,
    VerificationLocked,
    RateLimited,
    /// The public login's one answer for every refusal (unknown, wrong, locked, disabled, no password).
    InvalidCredentials,
    /// The password-hashing pool is full: retry after `Retry-After`.
    ServiceBusy,
    PreconditionFailed,
    PreconditionRequired,
    Gone,
    PayloadTooLarge,
    UnsupportedMediaType,
    /// WhatsApp's 24-hour window is closed: only an approved template may be sent.
    WindowClosed,
    /// The conversation's channel is not connected on this portal (WhatsApp without `--whatsapp`).
    ChannelUnavailable,
    Internal,
    #[serde(other)]
    Unknown,
}

/// `{"items":[…],"next_cursor":…}`
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T: Ingress> Ingress for Page<T> {
    fn sanitized(mut self) -> Self {
        self.items = self.items.sanitized();
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Health {
    pub status: String,
    pub version: String,
}

/// Ordered by what the role may do: `Unknown` (a role this build does not know) least of all.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    Supervisor,
    #[serde(other)]
    Unknown,
}

impl Role {
    fn rank(self) -> u8 {
        match self {
            Role::Unknown => 0,
            Role::Agent => 1,
            Role::Supervisor => 2,
        }
    }
}

impl PartialOrd for Role {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Role {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Unknown => "unknown",
            Role::Agent => "agent",
            Role::Supervisor => "supervisor",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Operator {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

impl Ingress for Operator {
    fn sanitized(mut self) -> Self {
        line(&mut self.name);
        self
    }
}

/// The seed's rules, as the portal enforces them.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub max_length: usize,
    pub require_lowercase: bool,
    pub require_uppercase: bool,
    pub require_digit: bool,
    /// Every character that counts as special, in the seed's order.
    pub special_characters: String,
}

/// One rule of the password policy that a candidate password broke.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum PolicyRule {
    TooShort,
    TooLong,
    MissingLowercase,
    MissingUppercase,
    MissingDigit,
    MissingSpecial,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
pub enum DocumentType {
    CC,
    CE,
    TI,
    PPT,
    PA,
    /// A type this build does not know (never produced by this portal).
    #[serde(other)]
    Unknown,
}

impl DocumentType {
    pub const ALL: [DocumentType; 5] = [Self::CC, Self::CE, Self::TI, Self::PPT, Self::PA];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CC => "CC",
            Self::CE => "CE",
            Self::TI => "TI",
            Self::PPT => "PPT",
            Self::PA => "PA",
            Self::Unknown => "?",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum UserKind {
    Candidate,
    Employee,
    #[serde(other)]
    Unknown,
}

impl UserKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Candidate => "candidate",
            Self::Employee => "employee",
            Self::Unknown => "unknown",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "candidate" => Some(Self::Candidate),
            "employee" => Some(Self::Employee),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum UserStatus {
    Active,
    Locked,
    Disabled,
    PendingActivation,
    #[serde(other)]
    Unknown,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Locked => "locked",
            Self::Disabled => "disabled",
            Self::PendingActivation => "pending_activation",
            Self::Unknown => "unknown",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "active" => Some(Self::Active),
            "locked" => Some(Self::Locked),
            "disabled" => Some(Self::Disabled),
            "pending_activation" => Some(Self::PendingActivation),
            _ => None,
        }
    }
}

/// A row of the users search. Email, phone and document are always masked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UserSummary {
    pub id: i64,
    pub document_type: DocumentType,
    pub document_masked: String,
    pub full_name: String,
    pub email_masked: String,
    pub phone_masked: String,
    pub kind: UserKind,
    pub status: UserStatus,
    pub last_login_at: Option<Timestamp>,
}

impl Ingress for UserSummary {
    fn sanitized(mut self) -> Self {
        line(&mut self.full_name);
        line(&mut self.document_masked);
        line(&mut self.email_masked);
        line(&mut self.phone_masked);
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UserDetail {
    #[serde(flatten)]
    pub summary: UserSummary,
    pub created_at: Timestamp,
    /// Set while the login lock (5 failed logins) is in force.
    pub locked_until: Option<Timestamp>,
    /// Set while identity verification is locked (3 misses).
    pub verification_locked_until: Option<Timestamp>,
    /// The last successful identity verification by any operator, if still valid for unlock.
    pub verified_until: Option<Timestamp>,
    pub email_bounced: bool,
    pub last_reset_link_at: Option<Timestamp>,
    pub password_changed_at: Option<Timestamp>,
    /// Where the newest reset-link email stands (issue 25): an operator about to send another
    /// sees that the last one is still queued.
    #[serde(default)]
    pub last_reset_mail: Option<LastResetMail>,
}

impl Ingress for UserDetail {
    fn sanitized(mut self) -> Self {
        self.summary = self.summary.sanitized();
        if let Some(mail) = &mut self.last_reset_mail {
            line_opt(&mut mail.status_code);
        }
        self
    }
}

/// The newest reset-link email of a user, from the outbox.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LastResetMail {
    pub state: MailState,
    /// When it reached that state.
    pub at: Timestamp,
    /// The next attempt, while queued or deferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_at: Option<Timestamp>,
    /// The relay's or the bounce's code (`421`, `5.1.1`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<String>,
}

/// What the caller answered: a secret, so its Debug says nothing (it may end up in a log line).
#[derive(Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VerificationRequest {
    pub document_number: String,
    pub birth_date: String,
}

impl std::fmt::Debug for VerificationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("VerificationRequest(<redacted>)")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct VerificationResult {
    pub matched: bool,
    pub attempts_left: u32,
    /// Set when this miss locked verification.
    pub locked_until: Option<Timestamp>,
    /// Until when this match allows an unlock.
    pub valid_until: Option<Timestamp>,
}

no_text!(VerificationResult);

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ResetLinkSent {
    pub email_masked: String,
    pub sent_at: Timestamp,
    pub expires_at: Timestamp,
}

impl Ingress for ResetLinkSent {
    fn sanitized(mut self) -> Self {
        line(&mut self.email_masked);
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UnlockResult {
    pub status: UserStatus,
}

no_text!(UnlockResult);

/// Who caused an event.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    Operator,
    User,
    System,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Actor {
    pub kind: ActorKind,
    /// The operator's name, when an operator acted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The user pressed «Enviar Correo» on the portal.
    ResetRequested,
    ResetLinkSent,
    ResetEmailBounced,
    ResetLinkOpened,
    /// An operator voided the user's pending reset links (`data.count`: how many).
    ResetLinksVoided,
    /// A new password was refused: `data.rules` or `data.reason` says why.
    ResetAttemptFailed,
    PasswordChanged,
    LoginSucceeded,
    LoginFailed,
    AccountLocked,
    AccountUnlocked,
    VerificationSucceeded,
    VerificationFailed,
    VerificationLocked,
    PqrCreated,
    PqrUpdated,
    PqrMessageAdded,
    CallOutcomeRecorded,
    /// An outgoing message was accepted by the relay (`data.mail`: its id, purpose, queue id).
    MailRelayed,
    /// The relay answered 4xx or could not be reached: retried at `data.until`.
    MailDeferred,
    /// The relay refused the message for good (5xx) or the retry horizon passed.
    MailFailed,
    /// A delivery status notification came back for the message (`data.mail.status_code`).
    MailBounced,
    /// A requester wrote on a channel (`data.conversation_id`; `data.note` the kind).
    ConversationMessageReceived,
    /// An operator answered in a conversation (queued for sending).
    ConversationMessageSent,
    /// The channel said where an answer stands (`data.status`: sent, delivered, read, failed).
    ConversationDelivery,
    /// Assigned, closed, reopened, linked to a user or radicated as a PQR (`data.status`).
    ConversationUpdated,
    #[serde(other)]
    Unknown,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ResetRequested => "reset_requested",
            Self::ResetLinkSent => "reset_link_sent",
            Self::ResetEmailBounced => "reset_email_bounced",
            Self::ResetLinkOpened => "reset_link_opened",
            Self::ResetLinksVoided => "reset_links_voided",
            Self::ResetAttemptFailed => "reset_attempt_failed",
            Self::PasswordChanged => "password_changed",
            Self::LoginSucceeded => "login_succeeded",
            Self::LoginFailed => "login_failed",
            Self::AccountLocked => "account_locked",
            Self::AccountUnlocked => "account_unlocked",
            Self::VerificationSucceeded => "verification_succeeded",
            Self::VerificationFailed => "verification_failed",
            Self::VerificationLocked => "verification_locked",
            Self::PqrCreated => "pqr_created",
            Self::PqrUpdated => "pqr_updated",
            Self::PqrMessageAdded => "pqr_message_added",
            Self::CallOutcomeRecorded => "call_outcome_recorded",
            Self::MailRelayed => "mail_relayed",
            Self::MailDeferred => "mail_deferred",
            Self::MailFailed => "mail_failed",
            Self::MailBounced => "mail_bounced",
            Self::ConversationMessageReceived => "conversation_message_received",
            Self::ConversationMessageSent => "conversation_message_sent",
            Self::ConversationDelivery => "conversation_delivery",
            Self::ConversationUpdated => "conversation_updated",
            Self::Unknown => "unknown",
        }
    }
}

/// Why a reset attempt failed, besides broken policy rules.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ResetFailure {
    /// The password broke rules of the policy (see `rules`).
    Policy,
    /// The two new passwords typed on the reset page differ.
    Mismatch,
    /// The email typed on the reset page is not the account's.
    EmailMismatch,
    Expired,
    AlreadyUsed,
    #[serde(other)]
    Unknown,
}

/// Free-form details of an event; each kind fills the fields that concern it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct EventData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<ResetFailure>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<PolicyRule>,
    /// Symbols the user typed that do not count as special ('@', '!', '_'…): the usual confusion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_special_used: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_masked: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub radicado: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    /// The outgoing message a `mail_*` event is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mail: Option<MailNote>,
    /// The conversation a `conversation_*` event is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversation_id: Option<i64>,
    /// How many things the event concerns (`reset_links_voided`: the links voided).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// Where an outgoing message stands (issue 25): queued → relayed, or deferred (retried) →
/// relayed | failed; relayed → bounced when a delivery status notification comes back.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum MailState {
    Queued,
    Deferred,
    Relayed,
    Failed,
    Bounced,
    #[serde(other)]
    Unknown,
}

impl MailState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Deferred => "deferred",
            Self::Relayed => "relayed",
            Self::Failed => "failed",
            Self::Bounced => "bounced",
            Self::Unknown => "unknown",
        }
    }
}

/// Why a message was sent: the console names it in the timeline.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum MailPurpose {
    ResetLink,
    PasswordChanged,
    PqrReceipt,
    PqrExtension,
    PqrReply,
    PqrResolution,
    /// An operator's answer in a conversation of the correo channel.
    ConversationReply,
    #[serde(other)]
    Unknown,
}

impl MailPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ResetLink => "reset_link",
            Self::PasswordChanged => "password_changed",
            Self::PqrReceipt => "pqr_receipt",
            Self::PqrExtension => "pqr_extension",
            Self::PqrReply => "pqr_reply",
            Self::PqrResolution => "pqr_resolution",
            Self::ConversationReply => "conversation_reply",
            Self::Unknown => "unknown",
        }
    }
}

/// One outgoing message as a `mail_*` event names it: never its body, link or recipient in clear.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MailNote {
    /// The outbox row's id.
    pub id: i64,
    pub purpose: MailPurpose,
    pub state: MailState,
    /// The relay's queue id (from its 250 answer), once relayed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_id: Option<String>,
    /// The SMTP reply code (`421`, `550`) or the enhanced status (`5.1.1`) of a refusal or bounce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_code: Option<String>,
    /// The attempt this event reports (1 for the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u32>,
}

/// One entry of a user's timeline and of the live event stream (same shape in both).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Event {
    pub id: i64,
    pub at: Timestamp,
    pub kind: EventKind,
    pub user_id: Option<i64>,
    pub pqr_id: Option<i64>,
    pub actor: Actor,
    #[serde(default)]
    pub data: EventData,
}

impl Ingress for Event {
    fn sanitized(mut self) -> Self {
        line_opt(&mut self.actor.name);
        line_opt(&mut self.data.not_special_used);
        line_opt(&mut self.data.email_masked);
        line_opt(&mut self.data.radicado);
        line_opt(&mut self.data.status);
        if let Some(mail) = &mut self.data.mail {
            line_opt(&mut mail.queue_id);
            line_opt(&mut mail.status_code);
        }
        if let Some(note) = &mut self.data.note {
            text(note);
        }
        self
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    Ok,
    Denied,
    Failed,
    #[serde(other)]
    Unknown,
}

impl AuditOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Denied => "denied",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }
}

/// An append-only record of one operator action.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuditRecord {
    pub id: i64,
    pub at: Timestamp,
    pub operator_id: i64,
    pub operator_name: String,
    /// e.g. `user.search`, `user.verify`, `user.reset_link`, `pqr.update`.
    pub action: String,
    /// e.g. `user:42`, `pqr:7`.
    pub target: Option<String>,
    pub outcome: AuditOutcome,
    pub request_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

// --- the portal's public side ---

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
}

#[derive(Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    pub email: String,
    pub new_password: String,
}

impl std::fmt::Debug for PasswordResetConfirm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordResetConfirm(<redacted>)")
    }
}

/// 422 details of a refused new password.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PolicyViolation {
    pub rules: Vec<PolicyRule>,
}

#[derive(Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LoginRequest(<redacted>)")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LoginResult {
    pub user_id: i64,
    pub full_name: String,
}

/// Generic acknowledgement of a public request that must not reveal whether the account exists.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Accepted {
    pub status: String,
}

/// How a help-desk call ended, recorded at the end of a walkthrough.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum CallOutcome {
    Resuelto,
    EscaladoPqr,
    IdentidadNoVerificada,
    LlamadaCortada,
    #[serde(other)]
    Unknown,
}

impl CallOutcome {
    pub const ALL: [CallOutcome; 4] = [
        Self::Resuelto,
        Self::EscaladoPqr,
        Self::IdentidadNoVerificada,
        Self::LlamadaCortada,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resuelto => "resuelto",
            Self::EscaladoPqr => "escalado_pqr",
            Self::IdentidadNoVerificada => "identidad_no_verificada",
            Self::LlamadaCortada => "llamada_cortada",
            Self::Unknown => "unknown",
        }
    }
}

/// `POST /api/v1/users/{id}/call-outcomes`
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NewCallOutcome {
    pub outcome: CallOutcome,
    #[serde(default)]
    pub note: String,
}
