//! `Idempotency-Key`: the first answer to a key is stored and replayed for 24 hours, so a client
//! that retries after a timeout never causes a second email or a second message.
//! Lookup, action and storage run in one write transaction (see `db`), so concurrent duplicates
//! cannot both act.

use axum::http::{HeaderMap, StatusCode};
use rusqlite::Connection;

use crate::db::ms;
use crate::http::error::ApiError;
use crate::storage::StorageResult;
use crate::storage::idempotency as storage;
use contract::api::{ErrorCode, IDEMPOTENCY_KEY};

pub(crate) const TTL_MS: i64 = 24 * 60 * 60 * 1000;

/// The key of a request, if any: 1–200 visible ASCII characters.
pub(crate) fn key_from(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 200 && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            ApiError::bad_request("Idempotency-Key must be 1 to 200 visible ASCII characters")
        })?;
    Ok(Some(key.to_string()))
}

/// A stored answer.
pub(crate) struct Stored {
    pub status: StatusCode,
    pub body: String,
}

/// The stored answer for this key, if the same request was already answered within 24 h.
/// The same key with a different request is a client bug: 422.
pub(crate) fn lookup(
    conn: &Connection,
    operator_id: i64,
    key: &str,
    request_hash: &str,
    now: jiff::Timestamp,
) -> Result<Option<Stored>, ApiError> {
    let Some((hash, status, body, created_at)) = storage::find(conn, operator_id, key)? else {
        return Ok(None);
    };
    if ms(now) - created_at > TTL_MS {
        storage::forget(conn, operator_id, key)?;
        return Ok(None);
    }
    if hash != request_hash {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::Conflict,
            "this Idempotency-Key was already used for a different request",
        ));
    }
    Ok(Some(Stored {
        status: StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK),
        body,
    }))
}

pub(crate) fn store(
    conn: &Connection,
    operator_id: i64,
    key: &str,
    request_hash: &str,
    status: StatusCode,
    body: &str,
    now: jiff::Timestamp,
) -> StorageResult<()> {
    storage::keep(
        conn,
        operator_id,
        key,
        request_hash,
        status.as_u16(),
        body,
        ms(now),
    )
}

/// A replayed answer as an HTTP response.
pub(crate) fn replay(stored: Stored) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        stored.status,
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        [(
            axum::http::HeaderName::from_static("idempotent-replayed"),
            "true",
        )],
        stored.body,
    )
        .into_response()
}
