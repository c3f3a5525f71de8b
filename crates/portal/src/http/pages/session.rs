//! The caller's session after «Ingresar»: a random id in a cookie, only its SHA-256 stored, a
//! short absolute expiry, and void as soon as the password changes (the user's `session_epoch`).

use axum::http::{HeaderMap, HeaderValue};
use jiff::SignedDuration;

use super::{cookies, secure};
use crate::AppState;
use crate::db::ms;
use crate::storage::web_sessions;
use crate::tokens::{random_alphanumeric, sha256_hex};

pub(crate) const COOKIE: &str = "mp_sesion";
/// How long a session lasts from the login, whatever the caller does.
pub(crate) const TTL: SignedDuration = SignedDuration::from_mins(30);
const ID_LEN: usize = 43;

/// Who is logged in on this request.
#[derive(Debug, Clone)]
pub(crate) struct WebUser {
    pub id: i64,
    pub full_name: String,
    pub email: String,
}

/// A new session for `user_id`, replacing the one this browser had (a fresh id at every login:
/// no fixation); the `Set-Cookie` that hands it to the browser.
pub(crate) async fn start(
    state: &AppState,
    headers: &HeaderMap,
    user_id: i64,
) -> anyhow::Result<Option<HeaderValue>> {
    let id = random_alphanumeric(ID_LEN);
    let hashed = sha256_hex(&id);
    let previous = cookies::get(headers, COOKIE).map(|old| sha256_hex(&old));
    let now = state.clock.now();
    let expires = now.saturating_add(TTL)?;
    state
        .db
        .write(move |tx| {
            web_sessions::open(
                tx,
                &hashed,
                previous.as_deref(),
                user_id,
                ms(now),
                ms(expires),
            )?;
            Ok(())
        })
        .await?;
    Ok(cookies::set(
        COOKIE,
        &id,
        Some(TTL.as_secs()),
        secure(state),
    ))
}

/// The logged-in user of this request, if its session is alive.
pub(crate) async fn current(
    state: &AppState,
    headers: &HeaderMap,
) -> anyhow::Result<Option<WebUser>> {
    let Some(id) = cookies::get(headers, COOKIE)
        .filter(|v| v.len() == ID_LEN && v.bytes().all(|b| b.is_ascii_alphanumeric()))
    else {
        return Ok(None);
    };
    let hashed = sha256_hex(&id);
    let now = ms(state.clock.now());
    state
        .db
        .read(move |c| {
            Ok(
                web_sessions::user(c, &hashed, now)?.map(|(id, full_name, email)| WebUser {
                    id,
                    full_name,
                    email,
                }),
            )
        })
        .await
}

/// Ends this request's session (if any); the `Set-Cookie` that clears it.
pub(crate) async fn end(
    state: &AppState,
    headers: &HeaderMap,
) -> anyhow::Result<Option<HeaderValue>> {
    if let Some(id) = cookies::get(headers, COOKIE) {
        let hashed = sha256_hex(&id);
        state
            .db
            .write(move |tx| {
                web_sessions::close(tx, &hashed)?;
                Ok(())
            })
            .await?;
    }
    Ok(cookies::set(COOKIE, "", Some(0), secure(state)))
}
