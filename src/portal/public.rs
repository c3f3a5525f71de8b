//! The portal's public side: «Enviar Correo», the page the email links to, the JSON reset
//! confirmation and login. None of it reveals whether an email belongs to an account.

use axum::Json;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jiff::{SignedDuration, Timestamp};
use rusqlite::{OptionalExtension, params};
use serde::Deserialize;
use serde_json::json;

use super::AppState;
use super::db::ms;
use super::error::{ApiError, ApiResult};
use super::events::{NewEvent, insert, system_actor, user_actor};
use super::extract::{ApiJson, ApiPath};
use super::page;
use super::tokens::{is_reset_token_shape, sha256_hex};
use crate::api::{
    Accepted, ErrorCode, Event, EventData, EventKind, LoginRequest, LoginResult,
    PasswordResetConfirm, PasswordResetRequest, PolicyRule, ResetFailure,
};
use crate::domain::masking::mask_email;
use crate::domain::policy;

pub const MAX_LOGIN_FAILURES: i64 = 5;
pub const LOGIN_LOCK: SignedDuration = SignedDuration::from_mins(15);

/// The contract's `PasswordResetRequest.email` pattern, exactly: no spaces or control characters,
/// a non-empty local part, a domain with a dot that does not start with one, 254 characters at most.
fn plausible_email(email: &str) -> bool {
    email.chars().count() <= 254
        && email
            .split_once('@')
            .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.starts_with('.'))
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `POST /api/v1/public/password-reset-requests`: always 202 with the same body, answered before
/// any lookup, so neither the answer nor its timing says whether the email exists.
pub async fn request_reset(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<PasswordResetRequest>,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    if !plausible_email(&req.email) {
        return Err(ApiError::validation("email is not a valid address"));
    }
    let email = req.email.trim().to_lowercase();
    tokio::spawn(async move {
        if let Err(e) = process_reset_request(&state, email).await {
            tracing::error!(error = %format!("{e:#}"), "public reset request failed");
        }
    });
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            status: "accepted".into(),
        }),
    ))
}

async fn process_reset_request(state: &AppState, email: String) -> anyhow::Result<()> {
    let now = state.clock.now();
    let st = state.clone();
    let events = state
        .db
        .write(move |tx| {
            let id: Option<i64> = tx
                .query_row(
                    "SELECT id FROM users WHERE email_lower = ?1",
                    [&email],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(id) = id else { return Ok(Vec::new()) };
            let requested = insert(
                tx,
                NewEvent::user(now, EventKind::ResetRequested, id, user_actor()),
            )?;
            let outcome = super::reset::send_link(tx, &st, id, None, now)?;
            if let Err(e) = &outcome.result {
                tracing::info!(user_id = id, code = ?e.code, "public reset request refused");
            }
            let mut events = vec![requested];
            events.extend(outcome.events);
            Ok(events)
        })
        .await?;
    state.bus.publish(events);
    Ok(())
}

/// A stored reset token, found by the SHA-256 of the token in the link.
struct TokenRow {
    id: i64,
    user_id: i64,
    expires_at: i64,
    used_at: Option<i64>,
    voided_at: Option<i64>,
    opened_at: Option<i64>,
}

fn load_token(conn: &rusqlite::Connection, token: &str) -> anyhow::Result<Option<TokenRow>> {
    Ok(conn
        .query_row(
            "SELECT id, user_id, expires_at, used_at, voided_at, opened_at FROM reset_tokens
             WHERE token_sha256 = ?1",
            [sha256_hex(token)],
            |r| {
                Ok(TokenRow {
                    id: r.get(0)?,
                    user_id: r.get(1)?,
                    expires_at: r.get(2)?,
                    used_at: r.get(3)?,
                    voided_at: r.get(4)?,
                    opened_at: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// Why a confirmation was refused, recorded on the timeline and answered to the user.
enum Refusal {
    Gone(ResetFailure),
    Invalid(ResetFailure, Vec<PolicyRule>),
}

/// The checks and the change behind both the JSON endpoint and the HTML form.
async fn confirm(
    state: &AppState,
    token: String,
    email: String,
    new_password: String,
) -> anyhow::Result<Result<(), Refusal>> {
    if !is_reset_token_shape(&token) {
        return Ok(Err(Refusal::Gone(ResetFailure::Expired)));
    }
    let rules = policy::check(&new_password);
    // Hashing is slow on purpose: do it before taking the write lock, and only for a valid password.
    let hash = if rules.is_empty() {
        Some(hash_password(&new_password)?)
    } else {
        None
    };
    let not_special = policy::not_special_symbols(&new_password);
    let now = state.clock.now();
    let st = state.clone();
    let (result, events) = state
        .db
        .write(move |tx| {
            let Some(TokenRow { id: token_id, user_id, expires_at, used_at, voided_at, .. }) =
                load_token(tx, &token)?
            else {
                return Ok((Err(Refusal::Gone(ResetFailure::Expired)), Vec::new()));
            };
            let fail = |reason: ResetFailure, rules: Vec<PolicyRule>, not_special: Option<String>| {
                insert(tx, NewEvent::user(now, EventKind::ResetAttemptFailed, user_id, user_actor())
                    .with_data(EventData { reason: Some(reason), rules, not_special_used: not_special, ..Default::default() }))
            };
            if used_at.is_some() {
                let e = fail(ResetFailure::AlreadyUsed, vec![], None)?;
                return Ok((Err(Refusal::Gone(ResetFailure::AlreadyUsed)), vec![e]));
            }
            if voided_at.is_some() || expires_at <= ms(now) {
                let e = fail(ResetFailure::Expired, vec![], None)?;
                return Ok((Err(Refusal::Gone(ResetFailure::Expired)), vec![e]));
            }
            let user_email: String = tx.query_row("SELECT email_lower FROM users WHERE id = ?1", [user_id], |r| r.get(0))?;
            if user_email != email.trim().to_lowercase() {
                let e = fail(ResetFailure::EmailMismatch, vec![], None)?;
                return Ok((Err(Refusal::Invalid(ResetFailure::EmailMismatch, vec![])), vec![e]));
            }
            let Some(hash) = hash else {
                let symbols = (!not_special.is_empty()).then_some(not_special);
                let e = fail(ResetFailure::Policy, rules.clone(), symbols)?;
                return Ok((Err(Refusal::Invalid(ResetFailure::Policy, rules)), vec![e]));
            };
            tx.execute(
                "UPDATE users SET password_hash = ?2, password_changed_at = ?3, session_epoch = session_epoch + 1,
                        failed_logins = 0, locked_until = NULL,
                        status = CASE status WHEN 'disabled' THEN 'disabled' ELSE 'active' END
                 WHERE id = ?1",
                params![user_id, hash, ms(now)],
            )?;
            tx.execute("UPDATE reset_tokens SET used_at = ?2 WHERE id = ?1", params![token_id, ms(now)])?;
            tx.execute(
                "UPDATE reset_tokens SET voided_at = ?2 WHERE user_id = ?1 AND used_at IS NULL AND voided_at IS NULL",
                params![user_id, ms(now)],
            )?;
            st.mailer.deliver(&user_email, super::mail::CHANGED_SUBJECT, &super::mail::changed_body(&st.settings.public_base_url), now)?;
            let changed = insert(tx, NewEvent::user(now, EventKind::PasswordChanged, user_id, user_actor())
                .with_data(EventData { email_masked: Some(mask_email(&user_email)), ..Default::default() }))?;
            Ok((Ok(()), vec![changed]))
        })
        .await?;
    state.bus.publish(events);
    Ok(result)
}

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    use argon2::PasswordHasher;
    // The salt comes from the operating system's CSPRNG (argon2's `getrandom` feature).
    argon2::Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::PasswordVerifier;
    argon2::Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// `POST /api/v1/public/password-resets/{token}`: 204, 422 with the broken rules, or 410.
pub async fn confirm_reset(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
    ApiJson(req): ApiJson<PasswordResetConfirm>,
) -> ApiResult<StatusCode> {
    match confirm(&state, token, req.email, req.new_password).await? {
        Ok(()) => Ok(StatusCode::NO_CONTENT),
        Err(refusal) => Err(refusal_error(refusal)),
    }
}

fn refusal_error(refusal: Refusal) -> ApiError {
    match refusal {
        Refusal::Gone(reason) => ApiError::new(
            StatusCode::GONE,
            ErrorCode::Gone,
            "this reset link was already used or has expired; request a new one",
        )
        .with_details(json!({ "reason": reason })),
        Refusal::Invalid(ResetFailure::EmailMismatch, _) => {
            ApiError::validation("the email does not match the account of this link")
                .with_details(json!({ "reason": ResetFailure::EmailMismatch }))
        }
        Refusal::Invalid(reason, rules) => {
            ApiError::validation("the new password breaks the password policy")
                .with_details(json!({ "reason": reason, "rules": rules }))
        }
    }
}

/// `GET /cv/recordar/contrasena/{token}`: the form; the first visit marks the link as opened.
pub async fn reset_page(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Response> {
    if !is_reset_token_shape(&token) {
        return Ok(page::gone());
    }
    let now = state.clock.now();
    let opened = state
        .db
        .write(move |tx| {
            let Some(TokenRow {
                id,
                user_id,
                expires_at,
                used_at,
                voided_at,
                opened_at,
            }) = load_token(tx, &token)?
            else {
                return Ok(None);
            };
            if used_at.is_some() || voided_at.is_some() || expires_at <= ms(now) {
                return Ok(None);
            }
            let mut events: Vec<Event> = Vec::new();
            if opened_at.is_none() {
                tx.execute(
                    "UPDATE reset_tokens SET opened_at = ?2 WHERE id = ?1",
                    params![id, ms(now)],
                )?;
                events.push(insert(
                    tx,
                    NewEvent::user(now, EventKind::ResetLinkOpened, user_id, user_actor()),
                )?);
            }
            Ok(Some(events))
        })
        .await?;
    match opened {
        None => Ok(page::gone()),
        Some(events) => {
            state.bus.publish(events);
            Ok(page::form(None).into_response())
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    pub email: String,
    pub password: String,
    pub password_confirm: String,
}

/// `POST /cv/recordar/contrasena/{token}`: the form's submission, answered as a page.
pub async fn reset_page_submit(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
    Form(form): Form<ResetForm>,
) -> ApiResult<Response> {
    if form.password != form.password_confirm {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            page::form(Some(page::FormError::Mismatch)),
        )
            .into_response());
    }
    Ok(
        match confirm(&state, token, form.email, form.password).await? {
            Ok(()) => page::done(),
            Err(Refusal::Gone(_)) => page::gone(),
            Err(Refusal::Invalid(ResetFailure::EmailMismatch, _)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                page::form(Some(page::FormError::Email)),
            )
                .into_response(),
            Err(Refusal::Invalid(_, rules)) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                page::form(Some(page::FormError::Rules(rules))),
            )
                .into_response(),
        },
    )
}

/// `POST /api/v1/public/login`: 5 failures lock the account for 15 minutes.
pub async fn login(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Json<LoginResult>> {
    let email = req.email.trim().to_lowercase();
    let now = state.clock.now();
    let lookup = email.clone();
    let user = state
        .db
        .read(move |c| {
            Ok(c.query_row(
                "SELECT id, full_name, status, password_hash, locked_until FROM users WHERE email_lower = ?1",
                [&lookup],
                |r| Ok(LoginRow { id: r.get(0)?, full_name: r.get(1)?, status: r.get(2)?, hash: r.get(3)?, locked_until: r.get(4)? }),
            )
            .optional()?)
        })
        .await?;
    let invalid = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidCredentials,
            "invalid email or password",
        )
    };
    let Some(LoginRow {
        id,
        full_name,
        status,
        hash,
        locked_until,
    }) = user
    else {
        // Same work as for a real account, so timing does not reveal which emails exist.
        let _ = verify_password(&req.password, DUMMY_HASH);
        return Err(invalid());
    };
    let locked_now =
        locked_until.is_some_and(|u| u > ms(now)) || (status == "locked" && locked_until.is_none());
    if locked_now {
        // The same answer as a wrong password: the operator sees the lock on the user's detail.
        return Err(invalid());
    }
    let ok = hash
        .as_deref()
        .is_some_and(|h| verify_password(&req.password, h))
        && status != "disabled";
    let events = state
        .db
        .write(move |tx| {
            let mut events = Vec::new();
            if ok {
                tx.execute(
                    "UPDATE users SET failed_logins = 0, last_login_at = ?2, locked_until = NULL,
                            status = CASE status WHEN 'locked' THEN 'active' ELSE status END WHERE id = ?1",
                    params![id, ms(now)],
                )?;
                events.push(insert(tx, NewEvent::user(now, EventKind::LoginSucceeded, id, user_actor()))?);
            } else {
                let failures: i64 = tx.query_row(
                    "UPDATE users SET failed_logins = failed_logins + 1 WHERE id = ?1 RETURNING failed_logins",
                    [id],
                    |r| r.get(0),
                )?;
                events.push(insert(tx, NewEvent::user(now, EventKind::LoginFailed, id, user_actor()))?);
                if failures >= MAX_LOGIN_FAILURES {
                    let until: Timestamp = now.saturating_add(LOGIN_LOCK)?;
                    tx.execute(
                        "UPDATE users SET failed_logins = 0, status = 'locked', locked_until = ?2 WHERE id = ?1",
                        params![id, ms(until)],
                    )?;
                    events.push(insert(tx, NewEvent::user(now, EventKind::AccountLocked, id, system_actor())
                        .with_data(EventData { until: Some(until), ..Default::default() }))?);
                }
            }
            Ok(events)
        })
        .await?;
    state.bus.publish(events);
    if ok {
        Ok(Json(LoginResult {
            user_id: id,
            full_name,
        }))
    } else {
        Err(invalid())
    }
}

struct LoginRow {
    id: i64,
    full_name: String,
    status: String,
    hash: Option<String>,
    locked_until: Option<i64>,
}

/// An Argon2 hash of a random string, verified against for unknown emails.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0mWzvV9H1Wg3m4VGTjY0zq4mQQ7W4dG3n1K9yJgm2cU";
