//! The portal as the console sees it across the wire: the failure of a request, the PQR list's
//! query and a followed stream's news. Defined once, here, so the HTTP client returns them and
//! the console's app decides on them without a mirror of its own or a mapping between the two.

use std::future::Future;
use std::pin::Pin;

use crate::api::{Endpoint, ErrorCode, Event, FieldProblem, Ingress, Method, PqrStatus, PqrType};
use crate::sanitize::untrusted;

/// What can go wrong talking to the portal, in the terms the operator needs: each variant maps to
/// one message in the catalogs (see the console's `app::messages`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PortalError {
    /// 401: the token is wrong, revoked or expired.
    #[error("the operator token was refused (expired or revoked)")]
    Unauthorized,
    /// 403: the role is not enough.
    #[error("not allowed for this role: {message}")]
    Forbidden { message: String },
    #[error("not found")]
    NotFound,
    /// 429, with the seconds of `Retry-After`.
    #[error("too many requests; retry in {retry_after} s")]
    RateLimited { retry_after: u64, code: ErrorCode },
    /// No answer: refused, reset, DNS, TLS or timed out.
    #[error("no connection to the portal: {0}")]
    Offline(String),
    /// 5xx: the portal failed; the request id lets support find it in the portal's logs.
    #[error("the portal failed ({status}), request {request_id}")]
    Server { status: u16, request_id: String },
    /// Any other refusal with a contract error code (409 verification_required, 422…).
    #[error("{message} ({code:?})")]
    Api {
        status: u16,
        code: ErrorCode,
        message: String,
        request_id: String,
        /// The field of the request the portal refused (`details.field`/`details.rule`), for the
        /// form to show the refusal beside it.
        field: Option<FieldProblem>,
    },
    /// The answer did not decode: a portal speaking another version of the contract. The text
    /// is sanitised (it may quote the portal's bytes).
    #[error("unexpected answer from the portal: {0}")]
    Decode(String),
    /// The answer (or one live event) was larger than the console reads.
    #[error("the portal's answer is larger than {limit} bytes; it was not read")]
    TooLarge { limit: usize },
    /// A change was asked without the version (ETag) the portal gave with the ticket: refused
    /// before sending, since `If-Match: *` would overwrite whatever changed meanwhile.
    #[error("the portal gave no version (ETag) of this ticket; reload it before changing it")]
    NoVersion,
}

impl PortalError {
    /// Worth retrying the same request (GETs automatically, actions when the operator asks).
    /// An unreadable answer counts: the action may have happened, and only a retry with the same
    /// Idempotency-Key tells, without doing it twice.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            PortalError::Offline(_)
                | PortalError::Server {
                    status: 500..=504,
                    ..
                }
                | PortalError::Decode(_)
        )
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            PortalError::Api { code, .. } | PortalError::RateLimited { code, .. } => Some(*code),
            _ => None,
        }
    }
}

/// The filters of the PQR list, as the screen holds them and the portal's query parameters say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PqrQuery {
    pub status: Option<PqrStatus>,
    pub pqr_type: Option<PqrType>,
    /// `me`, `none`, `me_or_none` (the contract's words), or everyone's.
    pub assignee: Option<&'static str>,
    /// One operator's tickets (`assignee=<id>`), instead of `assignee` (the dashboard's drill-down).
    pub assignee_id: Option<i64>,
    /// One user's tickets (`user_id=<id>`, `p` on a user).
    pub user_id: Option<i64>,
    /// Every open status (`status=open`: not resuelta or cerrada) when `status` is not set.
    pub open_only: bool,
    pub overdue: bool,
    pub due_today: bool,
    pub text: String,
    pub descending: bool,
    pub limit: u32,
}

impl PqrQuery {
    /// The query parameters of `GET /api/v1/pqrs` for these filters.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut q = vec![
            ("limit", self.limit.max(1).to_string()),
            (
                "sort",
                // The working order: running clocks first, those waiting on the requester after.
                if self.descending {
                    "-due_date"
                } else {
                    "urgency"
                }
                .to_string(),
            ),
        ];
        if let Some(s) = self.status {
            q.push(("status", s.as_str().to_string()));
        } else if self.open_only {
            q.push(("status", "open".into()));
        }
        if let Some(t) = self.pqr_type {
            q.push(("type", t.as_str().to_string()));
        }
        if let Some(id) = self.assignee_id {
            q.push(("assignee", id.to_string()));
        } else if let Some(a) = self.assignee {
            q.push(("assignee", a.to_string()));
        }
        if let Some(id) = self.user_id {
            q.push(("user_id", id.to_string()));
        }
        if self.overdue {
            q.push(("overdue", "true".into()));
        }
        if self.due_today {
            q.push(("due_within", "0".into()));
        }
        if !self.text.trim().is_empty() {
            q.push(("q", self.text.trim().to_string()));
        }
        q
    }
}

/// News from a followed live event stream.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveUpdate {
    Connected,
    Disconnected,
    Event(Box<Event>),
}

/// The filters of the conversation queue (`GET /api/v1/conversations`), as the screen holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationQuery {
    /// `open`, `closed` or `all`.
    pub status: &'static str,
    /// `whatsapp`, `correo`, or both.
    pub channel: Option<&'static str>,
    /// `me`, `none`, `me_or_none`, or everyone's the caller may see.
    pub assignee: Option<&'static str>,
    pub limit: u32,
}

impl Default for ConversationQuery {
    fn default() -> Self {
        Self {
            status: "open",
            channel: None,
            assignee: None,
            limit: 100,
        }
    }
}

impl ConversationQuery {
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut q = vec![
            ("status", self.status.to_string()),
            ("limit", self.limit.clamp(1, 100).to_string()),
        ];
        if let Some(c) = self.channel {
            q.push(("channel", c.to_string()));
        }
        if let Some(a) = self.assignee {
            q.push(("assignee", a.to_string()));
        }
        q
    }
}

/// One request of an [`Endpoint`], ready for the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRequest {
    pub method: Method,
    /// The concrete path (`/api/v1/users/42/unlock`), below the portal's base address.
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    /// A JSON body.
    pub body: Option<Vec<u8>>,
    pub idempotency_key: Option<String>,
}

impl RawRequest {
    /// `endpoint` as a request; a body that does not serialise is refused before anything leaves.
    pub fn of<E: Endpoint>(endpoint: &E) -> Result<Self, PortalError> {
        let body = endpoint
            .body()
            .map_err(|e| PortalError::Decode(format!("the request did not encode: {e}")))?;
        Ok(Self {
            method: E::METHOD,
            path: endpoint.path(),
            query: endpoint.query(),
            body,
            idempotency_key: endpoint.idempotency_key().map(str::to_string),
        })
    }
}

/// What reads a successful answer's body; its failure counts as the request's (a read whose
/// answer does not decode is retried like one that failed on the way).
pub type Accept<'a> = &'a mut (dyn FnMut(&[u8]) -> Result<(), PortalError> + Send);

/// The future of [`Transport::send`].
pub type Sent<'a> = Pin<Box<dyn Future<Output = Result<(), PortalError>> + Send + 'a>>;

/// The wire to the portal (the HTTP client implements it): sends a request and hands a
/// successful answer's body to `accept`; a refusal or a failure is a [`PortalError`]. The
/// transport owns the policy: a read retried with backoff while the failure is transient, an
/// action sent once with its `Idempotency-Key`, a limit on the answer's size.
pub trait Transport: Send + Sync {
    fn send<'a>(&'a self, request: RawRequest, accept: Accept<'a>) -> Sent<'a>;
}

/// Calls `endpoint` over `transport`: its answer decoded and through its [`Ingress`].
pub async fn call<E: Endpoint>(
    transport: &dyn Transport,
    endpoint: &E,
) -> Result<E::Answer, PortalError> {
    let request = RawRequest::of(endpoint)?;
    let mut answer = None;
    let mut accept = |body: &[u8]| {
        answer = Some(decode::<E::Answer>(body)?);
        Ok(())
    };
    transport.send(request, &mut accept).await?;
    answer
        .map(Ingress::sanitized)
        .ok_or_else(|| PortalError::Decode("the answer was never read".into()))
}

/// A JSON answer's body as `T`.
pub fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, PortalError> {
    serde_json::from_slice(body).map_err(|e| decode_error(&e))
}

/// A decode error quotes the portal's text (serde's «unknown variant `…`»): clean it first.
pub fn decode_error(e: &serde_json::Error) -> PortalError {
    PortalError::Decode(untrusted(&e.to_string(), 200))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{UnlockUser, UserTimeline};

    #[test]
    fn a_request_is_its_endpoints_method_path_query_body_and_key() {
        let unlock = UnlockUser {
            user_id: 42,
            idempotency_key: "k-1".into(),
        };
        assert_eq!(
            RawRequest::of(&unlock),
            Ok(RawRequest {
                method: Method::Post,
                path: "/api/v1/users/42/unlock".into(),
                query: vec![],
                body: Some(b"{}".to_vec()),
                idempotency_key: Some("k-1".into()),
            })
        );
        let read = UserTimeline {
            user_id: 7,
            limit: 5,
        };
        assert_eq!(
            RawRequest::of(&read),
            Ok(RawRequest {
                method: Method::Get,
                path: "/api/v1/users/7/timeline".into(),
                query: vec![("limit", "5".into())],
                body: None,
                idempotency_key: None,
            })
        );
    }
}
