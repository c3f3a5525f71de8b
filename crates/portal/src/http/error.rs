//! The portal's error answers: always `{"error":{"code","message","details"}}` with a 4xx or 5xx,
//! never a bare text body. Internal failures are logged with the request id and answered with
//! nothing but that id, so no internals leak to the caller.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::storage::StorageError;
use crate::storage::db::Db;
use contract::api::{ErrorBody, ErrorCode, ErrorDetail, FieldRule};

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub message: String,
    pub details: Value,
    pub retry_after: Option<u64>,
    /// What the audit of refusals (`http::audited`) does with this error.
    pub(crate) audit: AuditMark,
}

/// Whether a refusal still needs its audit record when it leaves an audited route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum AuditMark {
    /// Recorded by the route's layer.
    #[default]
    Record,
    /// Already recorded by the handler, in the transaction that decided it.
    Recorded,
    /// The request was malformed before any handler ran: no action to record.
    Malformed,
}

/// What an error answer carries in its extensions for the layers around the handler.
#[derive(Debug, Clone)]
pub(crate) struct Refused {
    /// `"<status> <code>: <message>"`, the detail of its audit record.
    pub detail: String,
    pub mark: AuditMark,
}

pub(crate) type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: Value::Null,
            retry_after: None,
            audit: AuditMark::Record,
        }
    }

    /// A refusal the handler already recorded in its own transaction.
    pub(crate) fn recorded(mut self) -> Self {
        self.audit = AuditMark::Recorded;
        self
    }

    /// A request refused by an extractor, before the handler ran.
    pub(crate) fn malformed(mut self) -> Self {
        self.audit = AuditMark::Malformed;
        self
    }

    /// Adds `details`; an object's keys join those already there (a refused field's name and
    /// rule keep company with the bound it broke).
    pub fn with_details(mut self, details: Value) -> Self {
        match (&mut self.details, details) {
            (Value::Object(have), Value::Object(more)) => have.extend(more),
            (have, details) => *have = details,
        }
        self
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ErrorCode::BadRequest, message)
    }

    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
            message,
        )
    }

    /// 422 for one field of the request body: `details.field` names it as the request spells it
    /// and `details.rule` says which rule it broke, so a form can mark the field and say why.
    pub fn invalid_field(field: &str, rule: FieldRule, message: impl Into<String>) -> Self {
        Self::validation(message).with_details(json!({ "field": field, "rule": rule }))
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("{what} not found"),
        )
    }

    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "a valid operator token is required",
        )
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
    }

    pub fn rate_limited(retry_after_seconds: u64, message: impl Into<String>) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            message,
        )
        .with_details(json!({ "retry_after_seconds": retry_after_seconds }));
        e.retry_after = Some(retry_after_seconds);
        e
    }

    pub fn internal(request_id: &str) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "internal error",
        )
        .with_details(json!({ "request_id": request_id }))
    }
}

/// Unexpected failures (database, filesystem) become a 500 whose details carry only the request id;
/// the cause goes to the log.
impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        let request_id = uuid::Uuid::new_v4().to_string();
        tracing::error!(request_id, error = %format!("{err:#}"), "internal error");
        Self::internal(&request_id)
    }
}

/// Date arithmetic out of range under a handler: a 500, the cause in the log.
impl From<jiff::Error> for ApiError {
    fn from(err: jiff::Error) -> Self {
        Self::from(anyhow::Error::new(err))
    }
}

/// Encoding our own answer failed: a 500, the cause in the log.
impl From<serde_json::Error> for ApiError {
    fn from(err: serde_json::Error) -> Self {
        Self::from(anyhow::Error::new(err))
    }
}

/// A handler's write transaction (see `storage::db`).
impl Db {
    /// The same, for a handler's transaction that may refuse with a precise API error (a missing
    /// user, a stale version, a reused Idempotency-Key): the refusal comes back as it was made,
    /// typed, and anything else (SQLite, the writer closed) is a 500 with its cause in the log.
    pub(crate) async fn write_api<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> Result<T, ApiError> + Send + 'static,
    {
        self.write_as(f).await
    }
}

/// The only way a database failure reaches an answer (a handler cannot `?` a SQLite error: it
/// calls storage). Under a handler: «not found» and «conflict» keep their meaning (404, 409); a database failure
/// or an unparsable stored value is a 500 with the cause in the log and only a request id in the
/// answer (see `error.rs`).
impl From<StorageError> for ApiError {
    fn from(err: StorageError) -> Self {
        match err {
            StorageError::NotFound(what) => ApiError::not_found(what),
            StorageError::Conflict(message) => ApiError::conflict(message),
            other => ApiError::from(anyhow::Error::new(other)),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let code = serde_json::to_value(self.code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let refused = Refused {
            detail: format!("{} {code}: {}", self.status.as_u16(), self.message),
            mark: self.audit,
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
                details: self.details,
            },
        };
        let mut response = (self.status, axum::Json(body)).into_response();
        if let Some(secs) = self.retry_after
            && let Ok(v) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
        response.extensions_mut().insert(refused);
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Doing;

    #[test]
    fn a_database_failure_is_a_500_without_its_cause() {
        let err = Err::<(), _>(rusqlite::Error::InvalidQuery)
            .doing("reading a secret table")
            .unwrap_err();
        assert!(err.to_string().contains("reading a secret table"));
        let api = ApiError::from(err);
        assert_eq!(api.status.as_u16(), 500);
        assert!(!api.message.contains("secret"));
        assert!(!api.details.to_string().contains("secret"));
    }

    #[test]
    fn not_found_and_conflict_keep_their_meaning() {
        assert_eq!(
            ApiError::from(StorageError::NotFound("user"))
                .status
                .as_u16(),
            404
        );
        assert_eq!(
            ApiError::from(StorageError::Conflict("stale".into()))
                .status
                .as_u16(),
            409
        );
        let parse = StorageError::Unparsable {
            what: "role",
            value: "boss".into(),
        };
        assert_eq!(ApiError::from(parse).status.as_u16(), 500);
    }
}
