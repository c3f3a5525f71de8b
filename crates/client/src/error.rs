//! What can go wrong talking to the portal, in the terms the operator needs: each variant maps to
//! one message in the catalogs (see `ui::messages`).

use contract::api::ErrorCode;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
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
    },
    /// The answer did not decode: a portal speaking another version of the contract. The text
    /// is sanitised (it may quote the portal's bytes).
    #[error("unexpected answer from the portal: {0}")]
    Decode(String),
    /// The answer (or one live event) was larger than the console reads.
    #[error("the portal's answer is larger than {limit} bytes; it was not read")]
    TooLarge { limit: usize },
    /// A change was asked without the version (ETag) the portal gave with the ticket: refused
    /// here, since sending `If-Match: *` would overwrite whatever changed meanwhile.
    #[error("the portal gave no version (ETag) of this ticket; reload it before changing it")]
    NoVersion,
}

impl ClientError {
    /// Worth retrying the same request (GETs automatically, actions when the operator asks).
    /// An unreadable answer counts: the action may have happened, and only a retry with the same
    /// Idempotency-Key tells, without doing it twice.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ClientError::Offline(_)
                | ClientError::Server {
                    status: 500..=504,
                    ..
                }
                | ClientError::Decode(_)
        )
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api { code, .. } | ClientError::RateLimited { code, .. } => Some(*code),
            _ => None,
        }
    }
}
