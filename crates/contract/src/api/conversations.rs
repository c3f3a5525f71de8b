//! Conversations of the guide's channels (issue 26): WhatsApp and correo, answered from the desk.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::endpoint::{Endpoint, Method};
use super::ingress::{Ingress, line, line_opt, text};
use super::types::Page;

use super::pqr::{Channel, PqrType};

/// How long after the requester's last message WhatsApp lets a business answer in free text.
pub const WHATSAPP_WINDOW: jiff::SignedDuration = jiff::SignedDuration::from_hours(24);

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ConversationStatus {
    Open,
    Closed,
    #[serde(other)]
    Unknown,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Unknown => "unknown",
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// From the requester.
    Inbound,
    /// From an operator.
    Outbound,
    #[serde(other)]
    Unknown,
}

/// What a message carries. Media are recorded with their type and caption; the media itself
/// stays at Meta (the portal keeps its id, never downloads it).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Text,
    Image,
    Audio,
    Video,
    Document,
    Sticker,
    Location,
    Contacts,
    Template,
    Email,
    /// A type this portal does not handle («no soportado»): kept, never dropped.
    Unsupported,
    #[serde(other)]
    Unknown,
}

impl MessageKind {
    pub const ALL: [MessageKind; 11] = [
        Self::Text,
        Self::Image,
        Self::Audio,
        Self::Video,
        Self::Document,
        Self::Sticker,
        Self::Location,
        Self::Contacts,
        Self::Template,
        Self::Email,
        Self::Unsupported,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::Image => "image",
            Self::Audio => "audio",
            Self::Video => "video",
            Self::Document => "document",
            Self::Sticker => "sticker",
            Self::Location => "location",
            Self::Contacts => "contacts",
            Self::Template => "template",
            Self::Email => "email",
            Self::Unsupported => "unsupported",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .unwrap_or(Self::Unsupported)
    }
}

/// Where an outgoing message stands; WhatsApp's status callbacks move it (the ticks).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Queued,
    Sent,
    Delivered,
    Read,
    Failed,
    #[serde(other)]
    Unknown,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Read => "read",
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Self {
        match s {
            "queued" => Self::Queued,
            "sent" => Self::Sent,
            "delivered" => Self::Delivered,
            "read" => Self::Read,
            "failed" => Self::Failed,
            _ => Self::Unknown,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConversationMessage {
    pub id: i64,
    pub direction: Direction,
    pub kind: MessageKind,
    /// The text, the caption of a medium, or empty.
    pub body: String,
    /// The MIME type of a medium, when the channel says it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The operator's name (outbound) or the requester's (inbound).
    pub author: String,
    pub at: Timestamp,
    /// Outbound only: where it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryStatus>,
    /// Outbound and failed: the channel's error code (WhatsApp's, e.g. 131047).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<i64>,
}

/// The requester's words, a caption, a file's type: all theirs, all cleaned.
impl Ingress for ConversationMessage {
    fn sanitized(mut self) -> Self {
        text(&mut self.body);
        line_opt(&mut self.media_type);
        line(&mut self.author);
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConversationSummary {
    pub id: i64,
    pub channel: Channel,
    pub status: ConversationStatus,
    pub requester_name: String,
    /// E.164 (`+573001234567`), whole as a PQR's requester contact; the console masks it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    pub user_id: Option<i64>,
    pub assignee_id: Option<i64>,
    pub pqr_id: Option<i64>,
    /// The radicado of that PQR (`PQR-2026-000018`), so a list shows it without reading the PQR.
    #[serde(default)]
    pub radicado: Option<String>,
    /// The first message's arrival (a radicated PQR's `received_at`).
    pub first_message_at: Timestamp,
    pub last_message_at: Timestamp,
    /// The requester's last message; WhatsApp's 24-hour window runs from it.
    pub last_inbound_at: Option<Timestamp>,
    /// When free text stops being allowed (WhatsApp only; null when the window is closed or for
    /// other channels).
    pub window_closes_at: Option<Timestamp>,
    /// Inbound messages after the last answer.
    pub unanswered: u32,
    /// Bumped on every change; the ETag.
    pub version: i64,
}

impl Ingress for ConversationSummary {
    fn sanitized(mut self) -> Self {
        line(&mut self.requester_name);
        line_opt(&mut self.phone);
        line_opt(&mut self.email);
        line_opt(&mut self.radicado);
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConversationDetail {
    #[serde(flatten)]
    pub summary: ConversationSummary,
    pub messages: Vec<ConversationMessage>,
}

impl Ingress for ConversationDetail {
    fn sanitized(mut self) -> Self {
        self.summary = self.summary.sanitized();
        self.messages = self.messages.sanitized();
        self
    }
}

/// `POST /api/v1/conversations/{id}/messages`: free text, or a template outside the window.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(untagged)]
pub enum NewConversationMessage {
    Text {
        body: String,
    },
    Template {
        template: String,
        params: Vec<String>,
    },
}

/// `PATCH /api/v1/conversations/{id}` (with `If-Match`). Absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ConversationPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConversationStatus>,
    /// `null` unassigns.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::pqr::double_option"
    )]
    pub assignee_id: Option<Option<i64>>,
    /// `null` unlinks.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "super::pqr::double_option"
    )]
    pub user_id: Option<Option<i64>>,
}

/// `POST /api/v1/conversations/{id}/pqr`: the thread is the body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NewPqrFromConversation {
    #[serde(rename = "type")]
    pub pqr_type: PqrType,
    pub subject: String,
}

/// `GET /api/v1/conversations/templates`: an approved template, for answers outside WhatsApp's
/// window. The console fills `placeholders` parameters (`{{1}}`…) from the conversation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConversationTemplate {
    pub name: String,
    pub language: String,
    pub body: String,
    pub placeholders: u32,
}

impl Ingress for ConversationTemplate {
    fn sanitized(mut self) -> Self {
        line(&mut self.name);
        line(&mut self.language);
        text(&mut self.body);
        self
    }
}

/// `POST /api/v1/conversations/{id}/pqr`'s answer: the PQR filed from the conversation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RadicatedConversation {
    pub pqr_id: i64,
    pub radicado: String,
}

impl Ingress for RadicatedConversation {
    fn sanitized(mut self) -> Self {
        line(&mut self.radicado);
        self
    }
}

/// `GET /api/v1/conversations/templates`: the approved templates, the only answers once a
/// WhatsApp window is closed.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationTemplates;

impl Endpoint for ConversationTemplates {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v1/conversations/templates";
    type Answer = Page<ConversationTemplate>;
}
