//! Reading and writing the pages' cookies: always HttpOnly, SameSite=Strict, Path=/cv, and Secure
//! when the portal is served over https.

use axum::http::{HeaderMap, HeaderValue, header};

/// The value of cookie `name` in the request, if any.
pub(crate) fn get(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value; `max_age` in seconds (`None`: until the browser closes, `Some(0)`: now).
pub(crate) fn set(
    name: &str,
    value: &str,
    max_age: Option<i64>,
    secure: bool,
) -> Option<HeaderValue> {
    let mut cookie = format!("{name}={value}; Path=/cv; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age {
        cookie.push_str(&format!("; Max-Age={age}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).ok()
}
