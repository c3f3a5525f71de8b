//! CSRF protection of every form: a signed double submit. A random nonce lives in an HttpOnly,
//! SameSite=Strict cookie; the form carries HMAC-SHA256(key, nonce). A POST passes only when the
//! field is the signature of the cookie it came with, so another site can neither read the field
//! nor forge one for a cookie it planted. The key is drawn once per process: a restart only makes
//! open forms ask for a reload.

use std::sync::OnceLock;

use axum::http::{HeaderMap, HeaderValue};
use hmac::{KeyInit, Mac};

use super::cookies;
use crate::tokens;

pub(crate) const COOKIE: &str = "mp_csrf";
const NONCE_LEN: usize = 32;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

fn key() -> &'static [u8; 32] {
    static KEY: OnceLock<[u8; 32]> = OnceLock::new();
    KEY.get_or_init(tokens::random_bytes::<32>)
}

fn mac(nonce: &str) -> Option<HmacSha256> {
    let mut m = HmacSha256::new_from_slice(key()).ok()?;
    m.update(b"mi-portal csrf:");
    m.update(nonce.as_bytes());
    Some(m)
}

fn nonce_of(headers: &HeaderMap) -> Option<String> {
    cookies::get(headers, COOKIE)
        .filter(|n| n.len() == NONCE_LEN && n.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The token a form carries, and the cookie to set when the caller had none.
pub(crate) struct Issued {
    pub token: String,
    pub set_cookie: Option<HeaderValue>,
}

pub(crate) fn issue(headers: &HeaderMap, secure: bool) -> Issued {
    let (nonce, set_cookie) = match nonce_of(headers) {
        Some(n) => (n, None),
        None => {
            let n = tokens::random_alphanumeric(NONCE_LEN);
            let cookie = cookies::set(COOKIE, &n, None, secure);
            (n, cookie)
        }
    };
    let token = mac(&nonce)
        .map(|m| hex::encode(m.finalize().into_bytes()))
        .unwrap_or_default();
    Issued { token, set_cookie }
}

/// Whether `field` is the signature of the request's own CSRF cookie (compared in constant time).
pub(crate) fn valid(headers: &HeaderMap, field: &str) -> bool {
    let (Some(nonce), Ok(sig)) = (nonce_of(headers), hex::decode(field)) else {
        return false;
    };
    mac(&nonce).is_some_and(|m| m.verify_slice(&sig).is_ok())
}
