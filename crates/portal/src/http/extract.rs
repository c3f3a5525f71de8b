//! Extractors that turn every malformed request into the contract's JSON error instead of axum's
//! plain-text rejections.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::http::error::ApiError;
use contract::api::ErrorCode;

/// JSON body, at most [`contract::api::MAX_JSON_BODY`] bytes (enforced by the router's body limit).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Self(v)),
            Err(rejection) => Err(json_rejection(rejection).malformed()),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    let text = rejection.body_text();
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "expected Content-Type: application/json",
        ),
        JsonRejection::JsonDataError(_) => ApiError::validation(text),
        JsonRejection::BytesRejection(_) if rejection_is_too_large(&text) => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ErrorCode::PayloadTooLarge,
            format!("the body exceeds {} bytes", contract::api::MAX_JSON_BODY),
        ),
        _ => ApiError::bad_request(text),
    }
}

fn rejection_is_too_large(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("length limit") || lower.contains("too large")
}

/// Query string, with the contract's error on bad values.
pub(crate) struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if !query_is_utf8(parts.uri.query().unwrap_or("")) {
            return Err(ApiError::bad_request("the query string is not valid UTF-8").malformed());
        }
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|q| Self(q.0))
            .map_err(|r: QueryRejection| ApiError::bad_request(r.body_text()).malformed())
    }
}

/// Whether the percent-decoded query string is UTF-8. serde_urlencoded would silently replace
/// invalid bytes, turning a broken request into a search for U+FFFD.
fn query_is_utf8(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                {
                    Some(b) => {
                        decoded.push(b);
                        i += 3;
                        continue;
                    }
                    None => decoded.push(b'%'),
                }
            }
            b => decoded.push(b),
        }
        i += 1;
    }
    std::str::from_utf8(&decoded).is_ok()
}

/// Path parameters; an id that is not a number is a 404 (no such resource), not a 400.
pub(crate) struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|p| Self(p.0))
            .map_err(|_: PathRejection| ApiError::not_found("resource").malformed())
    }
}

/// The request id given to this request by the router (also sent back as `x-request-id`).
#[derive(Debug, Clone)]
pub(crate) struct RequestId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId(uuid::Uuid::new_v4().to_string())))
    }
}

/// Where the authenticating extractor leaves the operator for the layers around the handler
/// (the access log's operator id, the audit of refusals), which never see the token.
#[derive(Debug, Clone, Default)]
pub(crate) struct OperatorSlot(std::sync::Arc<std::sync::OnceLock<contract::api::Operator>>);

impl OperatorSlot {
    pub(crate) fn set(&self, operator: &contract::api::Operator) {
        let _ = self.0.set(operator.clone());
    }

    pub(crate) fn get(&self) -> Option<i64> {
        self.0.get().map(|o| o.id)
    }

    pub(crate) fn operator(&self) -> Option<contract::api::Operator> {
        self.0.get().cloned()
    }
}

/// The ETag of a resource at `version` (PQRs, conversations): `"v3"`.
pub(crate) fn etag(version: i64) -> String {
    format!("\"v{version}\"")
}

/// The `If-Match` a change must carry: 428 when it is missing or `*` (which would skip the
/// version check: a change must say which version it was made on). `what` names the resource in
/// the error ("the PQR", "the conversation").
pub(crate) fn if_match(headers: &axum::http::HeaderMap, what: &str) -> Result<String, ApiError> {
    headers
        .get(axum::http::header::IF_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty() && v != "*")
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                ErrorCode::PreconditionRequired,
                format!("send If-Match with the ETag of {what} you are changing"),
            )
        })
}
