//! Limits and opaque cursors shared by every list endpoint.

use crate::http::error::ApiError;
use contract::api::{MAX_PAGE_LIMIT, Page};

pub(crate) const DEFAULT_LIMIT: u32 = 50;

/// The requested page size: default 50, at most [`MAX_PAGE_LIMIT`], 0 refused.
pub(crate) fn limit(requested: Option<u32>) -> Result<u32, ApiError> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(0) => Err(ApiError::bad_request("limit must be at least 1")),
        Some(n) if n > MAX_PAGE_LIMIT => Err(ApiError::bad_request(format!(
            "limit must be at most {MAX_PAGE_LIMIT}"
        ))),
        Some(n) => Ok(n),
    }
}

/// A cursor that carries a row id: `id:` and 1 to 18 digits without a leading zero, exactly the
/// contract's pattern `^(id:[1-9][0-9]{0,17})?$`; anything else is refused with 400.
pub(crate) fn id_cursor(cursor: Option<&str>) -> Result<Option<i64>, ApiError> {
    match cursor {
        None | Some("") => Ok(None),
        Some(c) => c
            .strip_prefix("id:")
            .and_then(row_id)
            .map(Some)
            .ok_or_else(|| ApiError::bad_request("invalid cursor")),
    }
}

/// A positive row id written as the contract's cursors write it: `[1-9][0-9]{0,17}` (always fits
/// an i64, and `+5`, `05` or ` 5` are not ids).
pub(crate) fn row_id(digits: &str) -> Option<i64> {
    let b = digits.as_bytes();
    let shaped = (1..=18).contains(&b.len()) && b[0] != b'0' && b.iter().all(u8::is_ascii_digit);
    shaped.then(|| digits.parse().ok()).flatten()
}

pub(crate) fn encode_id_cursor(id: i64) -> String {
    format!("id:{id}")
}

/// Builds a page from up to `limit + 1` rows: the extra row only says that there is a next page.
pub(crate) fn page<T>(mut rows: Vec<T>, limit: u32, id_of: impl Fn(&T) -> i64) -> Page<T> {
    let limit = limit as usize;
    let next_cursor = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|r| encode_id_cursor(id_of(r)))
    } else {
        None
    };
    Page {
        items: rows,
        next_cursor,
    }
}
