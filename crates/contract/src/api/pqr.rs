//! PQR types of the v1 contract (Ley 1755 de 2015).

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::endpoint::{Endpoint, Method, json};
use super::ingress::{Ingress, line, line_opt, text};
use super::types::Page;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum PqrType {
    Peticion,
    Queja,
    Reclamo,
    Sugerencia,
    SolicitudInformacion,
    Consulta,
    #[serde(other)]
    Unknown,
}

impl PqrType {
    pub const ALL: [PqrType; 6] = [
        Self::Peticion,
        Self::Queja,
        Self::Reclamo,
        Self::Sugerencia,
        Self::SolicitudInformacion,
        Self::Consulta,
    ];

    /// The legal term in business days (Ley 1755 de 2015, art. 14).
    pub fn term_business_days(self) -> u32 {
        match self {
            Self::SolicitudInformacion => 10,
            Self::Consulta => 30,
            _ => 15,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Peticion => "peticion",
            Self::Queja => "queja",
            Self::Reclamo => "reclamo",
            Self::Sugerencia => "sugerencia",
            Self::SolicitudInformacion => "solicitud_informacion",
            Self::Consulta => "consulta",
            Self::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Whatsapp,
    Correo,
    Web,
    Telefono,
    Presencial,
    #[serde(other)]
    Unknown,
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Self::Whatsapp,
        Self::Correo,
        Self::Web,
        Self::Telefono,
        Self::Presencial,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Whatsapp => "whatsapp",
            Self::Correo => "correo",
            Self::Web => "web",
            Self::Telefono => "telefono",
            Self::Presencial => "presencial",
            Self::Unknown => "unknown",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum PqrStatus {
    Radicada,
    EnTramite,
    EnEsperaUsuario,
    Prorrogada,
    Resuelta,
    Cerrada,
    #[serde(other)]
    Unknown,
}

impl PqrStatus {
    pub const ALL: [PqrStatus; 6] = [
        Self::Radicada,
        Self::EnTramite,
        Self::EnEsperaUsuario,
        Self::Prorrogada,
        Self::Resuelta,
        Self::Cerrada,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Radicada => "radicada",
            Self::EnTramite => "en_tramite",
            Self::EnEsperaUsuario => "en_espera_usuario",
            Self::Prorrogada => "prorrogada",
            Self::Resuelta => "resuelta",
            Self::Cerrada => "cerrada",
            Self::Unknown => "unknown",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Sent to the requester.
    Public,
    /// Only operators see it.
    Internal,
    #[serde(other)]
    Unknown,
}

/// Where the requester's answers go (issue 25): the receipt, a prórroga notice, every public
/// reply and the resolution. `ninguno`: the requester gave no way to be reached (the answer waits
/// for them to ask). WhatsApp is recorded, but nothing is sent by it until the conversations land.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum ReplyChannel {
    Correo,
    Whatsapp,
    #[default]
    Ninguno,
    #[serde(other)]
    Unknown,
}

impl ReplyChannel {
    pub const ALL: [ReplyChannel; 3] = [Self::Correo, Self::Whatsapp, Self::Ninguno];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Correo => "correo",
            Self::Whatsapp => "whatsapp",
            Self::Ninguno => "ninguno",
            Self::Unknown => "unknown",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Requester {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// `POST /api/v1/pqr`
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NewPqr {
    #[serde(rename = "type")]
    pub pqr_type: PqrType,
    pub subject: String,
    pub body: String,
    pub channel: Channel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<i64>,
    pub requester: Requester,
    /// When the PQR really arrived; defaults to now, never in the future.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_at: Option<Timestamp>,
    /// Where the answers go; by default `correo` when there is an email, `whatsapp` when only a
    /// phone. With a `user_id`, an absent email or phone is the user's registered one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_channel: Option<ReplyChannel>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PqrSummary {
    pub id: i64,
    pub radicado: String,
    #[serde(rename = "type")]
    pub pqr_type: PqrType,
    pub subject: String,
    pub channel: Channel,
    pub status: PqrStatus,
    pub requester: Requester,
    pub user_id: Option<i64>,
    pub assignee: Option<PqrAssignee>,
    pub received_at: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// The legal due date (Bogotá calendar day), moved by suspensions and extensions.
    pub due_date: Date,
    /// Business days left until the due date (0 = due today, negative = overdue), counted by the portal.
    pub business_days_left: i64,
}

impl Ingress for PqrSummary {
    fn sanitized(mut self) -> Self {
        line(&mut self.radicado);
        line(&mut self.subject);
        line(&mut self.requester.name);
        line_opt(&mut self.requester.email);
        line_opt(&mut self.requester.phone);
        if let Some(a) = &mut self.assignee {
            line(&mut a.name);
        }
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PqrAssignee {
    pub id: i64,
    pub name: String,
}

impl Ingress for PqrAssignee {
    fn sanitized(mut self) -> Self {
        line(&mut self.name);
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PqrMessage {
    pub id: i64,
    pub visibility: Visibility,
    pub body: String,
    /// The operator's name, or the requester's when `from_requester`.
    pub author: String,
    pub at: Timestamp,
    /// The requester wrote it (a reply by email, issue 25): the console shows it as inbound.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub from_requester: bool,
}

impl Ingress for PqrMessage {
    fn sanitized(mut self) -> Self {
        text(&mut self.body);
        line(&mut self.author);
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PqrDetail {
    #[serde(flatten)]
    pub summary: PqrSummary,
    pub body: String,
    /// The due date before any extension.
    pub original_due_date: Date,
    pub extension_reason: Option<String>,
    /// Transitions the portal accepts from the current status.
    pub allowed_transitions: Vec<PqrStatus>,
    /// The latest new due date an extension may set (twice the legal term from receipt), while
    /// `prorrogada` is among the allowed transitions; else null. The prórroga form shows it.
    #[serde(default)]
    pub latest_extension_date: Option<Date>,
    pub messages: Vec<PqrMessage>,
    /// Where the answers go (issue 25).
    #[serde(default)]
    pub reply_channel: ReplyChannel,
    /// Whether a public reply reaches the requester now: false without a contact, and for
    /// `whatsapp` while the requester has no WhatsApp conversation to send it in. The console
    /// says so before a public reply is written.
    #[serde(default)]
    pub requester_reachable: bool,
}

impl Ingress for PqrDetail {
    fn sanitized(mut self) -> Self {
        self.summary = self.summary.sanitized();
        text(&mut self.body);
        line_opt(&mut self.extension_reason);
        self.messages = self.messages.sanitized();
        self
    }
}

/// `PATCH /api/v1/pqr/{id}` (with `If-Match`). Absent fields are left as they are;
/// `assignee_id: null` unassigns.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PqrPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PqrStatus>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "double_option"
    )]
    pub assignee_id: Option<Option<i64>>,
    /// Required with `status: prorrogada`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension_reason: Option<String>,
    /// Required with `status: prorrogada`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_due_date: Option<Date>,
}

/// `POST /api/v1/pqr/{id}/messages` (with `Idempotency-Key`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NewPqrMessage {
    pub visibility: Visibility,
    pub body: String,
}

/// Distinguishes an absent field from an explicit `null`.
pub(crate) mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        v: &Option<Option<i64>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(inner) => inner.serialize(s),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<i64>>, D::Error> {
        Option::<i64>::deserialize(d).map(Some)
    }
}

/// `GET /api/v1/pqr/assignees`: whom this operator may assign a ticket to (by role).
#[derive(Debug, Clone, PartialEq)]
pub struct PqrAssignees;

impl Endpoint for PqrAssignees {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v1/pqr/assignees";
    type Answer = Page<PqrAssignee>;
}

/// `POST /api/v1/pqr`: a new ticket, radicated by the portal (its key makes a retry land once).
#[derive(Debug, Clone, PartialEq)]
pub struct FilePqr {
    pub idempotency_key: String,
    pub new: NewPqr,
}

impl Endpoint for FilePqr {
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/api/v1/pqr";
    type Answer = PqrDetail;

    fn body(&self) -> serde_json::Result<Option<Vec<u8>>> {
        json(&self.new)
    }

    fn idempotency_key(&self) -> Option<&str> {
        Some(&self.idempotency_key)
    }
}
