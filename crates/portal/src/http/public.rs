//! The portal's public JSON side: «Enviar Correo», the reset confirmation and login (the pages a
//! person uses, `pages`, call these same functions). None of it reveals whether an email belongs
//! to an account.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use jiff::{SignedDuration, Timestamp};
use serde_json::json;

use crate::AppState;
use crate::db::ms;
use crate::events::{NewEvent, insert, insert_anonymous, system_actor, user_actor};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath};
use crate::http::routes::{Routes, post};
use crate::storage::users::{self, LoginRow};
use crate::storage::{self, StorageResult, reset_tokens};
use crate::tokens::{is_reset_token_shape, sha256_hex};
use contract::api::{
    Accepted, ErrorCode, Event, EventData, EventKind, LoginRequest, LoginResult,
    PasswordResetConfirm, PasswordResetRequest, PolicyRule, ResetFailure,
};
use contract::domain::masking::mask_email;
use contract::domain::policy;

pub(crate) const MAX_LOGIN_FAILURES: i64 = 5;
pub(crate) const LOGIN_LOCK: SignedDuration = SignedDuration::from_mins(15);

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
pub(crate) async fn request_reset(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<PasswordResetRequest>,
) -> ApiResult<(StatusCode, Json<Accepted>)> {
    if !plausible_email(&req.email) {
        return Err(ApiError::validation("email is not a valid address"));
    }
    let email = req.email.trim().to_lowercase();
    tokio::spawn(async move {
        if let Err(e) = process_reset_request(&state, email).await {
            // An internal failure was logged with its cause where it became a 500.
            tracing::error!(code = ?e.code, error = %e.message, "public reset request failed");
        }
    });
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            status: "accepted".into(),
        }),
    ))
}

async fn process_reset_request(state: &AppState, email: String) -> ApiResult<()> {
    let now = state.clock.now();
    let st = state.clone();
    let events = state
        .db
        .write_api(move |tx| {
            let id = users::id_by_email(tx, &email)?;
            let Some(id) = id else { return Ok(Vec::new()) };
            let requested = insert_anonymous(
                tx,
                NewEvent::user(now, EventKind::ResetRequested, id, user_actor()),
            )?;
            let outcome = crate::http::reset::send_link(tx, &st, id, None, now)?;
            if let Err(e) = &outcome.result {
                tracing::info!(user_id = id, code = ?e.code, "public reset request refused");
            }
            let mut events: Vec<Event> = requested.into_iter().collect();
            events.extend(outcome.events);
            Ok(events)
        })
        .await?;
    state.bus.publish(events);
    Ok(())
}

/// A stored reset token, found by the SHA-256 of the token in the link.
pub(crate) use crate::storage::reset_tokens::TokenRow;

pub(crate) fn load_token(
    conn: &rusqlite::Connection,
    token: &str,
) -> StorageResult<Option<TokenRow>> {
    reset_tokens::by_hash(conn, &sha256_hex(token))
}

/// Why a confirmation was refused, recorded on the timeline and answered to the user.
pub(crate) enum Refusal {
    Gone(ResetFailure),
    Invalid(ResetFailure, Vec<PolicyRule>),
}

/// Email mismatches a link survives; the fifth kills it (410 from then on).
pub(crate) const MAX_EMAIL_MISMATCHES: i64 = 5;

/// What the checks before hashing decided.
enum Checked {
    Refused(Refusal),
    Proceed,
}

/// The checks and the change behind both the JSON endpoint and the HTML form. The token is looked
/// up and every cheap check made before argon2 runs, and argon2 runs on the bounded pool.
pub(crate) async fn confirm(
    state: &AppState,
    token: String,
    email: String,
    new_password: String,
) -> ApiResult<Result<(), Refusal>> {
    if !is_reset_token_shape(&token) {
        return Ok(Err(Refusal::Gone(ResetFailure::Expired)));
    }
    let rules = policy::check(&new_password);
    let not_special = policy::not_special_symbols(&new_password);
    let now = state.clock.now();
    let lookup = token.clone();
    let (checked, events) = state
        .db
        .write_api(move |tx| {
            let Some(TokenRow {
                id: token_id,
                user_id,
                expires_at,
                used_at,
                voided_at,
                created_at,
                ..
            }) = load_token(tx, &lookup)?
            else {
                return Ok((
                    Checked::Refused(Refusal::Gone(ResetFailure::Expired)),
                    Vec::new(),
                ));
            };
            let event =
                |reason: ResetFailure, rules: Vec<PolicyRule>, not_special: Option<String>| {
                    NewEvent::user(now, EventKind::ResetAttemptFailed, user_id, user_actor())
                        .with_data(EventData {
                            reason: Some(reason),
                            rules,
                            not_special_used: not_special,
                            ..Default::default()
                        })
                };
            // Within the user's hourly budget of anonymous events (see `insert_anonymous`).
            let fail =
                |reason: ResetFailure, rules: Vec<PolicyRule>, not_special: Option<String>| {
                    insert_anonymous(tx, event(reason, rules, not_special))
                        .map(|e| e.into_iter().collect::<Vec<_>>())
                };
            if used_at.is_some() {
                let e = fail(ResetFailure::AlreadyUsed, vec![], None)?;
                return Ok((
                    Checked::Refused(Refusal::Gone(ResetFailure::AlreadyUsed)),
                    e,
                ));
            }
            if voided_at.is_some() || expires_at <= ms(now) {
                let e = fail(ResetFailure::Expired, vec![], None)?;
                return Ok((Checked::Refused(Refusal::Gone(ResetFailure::Expired)), e));
            }
            let user_email = users::email_lower(tx, user_id)?;
            if user_email != email.trim().to_lowercase() {
                // Always written: the link dies after 5 of them, counted from these events.
                let e = insert(tx, event(ResetFailure::EmailMismatch, vec![], None))?;
                // Someone holding the link is guessing whose it is: a few tries, then it dies.
                let mismatches = storage::events::email_mismatches_since(tx, user_id, created_at)?;
                if mismatches >= MAX_EMAIL_MISMATCHES {
                    reset_tokens::void(tx, token_id, ms(now))?;
                }
                return Ok((
                    Checked::Refused(Refusal::Invalid(ResetFailure::EmailMismatch, vec![])),
                    vec![e],
                ));
            }
            if !rules.is_empty() {
                let symbols = (!not_special.is_empty()).then_some(not_special);
                let e = fail(ResetFailure::Policy, rules.clone(), symbols)?;
                return Ok((
                    Checked::Refused(Refusal::Invalid(ResetFailure::Policy, rules)),
                    e,
                ));
            }
            Ok((Checked::Proceed, Vec::new()))
        })
        .await?;
    state.bus.publish(events);
    if let Checked::Refused(refusal) = checked {
        return Ok(Err(refusal));
    }
    let admission = state.guards.hashing.admit()?;
    let hash = admission
        .run(move || hash_password(&new_password))
        .await??;
    let now = state.clock.now();
    let st = state.clone();
    let (result, events) = state
        .db
        .write_api(move |tx| {
            // Checked again: another confirmation may have used the link while argon2 ran.
            let Some(TokenRow {
                id: token_id,
                user_id,
                expires_at,
                used_at,
                voided_at,
                ..
            }) = load_token(tx, &token)?
            else {
                return Ok((Err(Refusal::Gone(ResetFailure::Expired)), Vec::new()));
            };
            if used_at.is_some() || voided_at.is_some() || expires_at <= ms(now) {
                return Ok((Err(Refusal::Gone(ResetFailure::AlreadyUsed)), Vec::new()));
            }
            let user_email = users::email_lower(tx, user_id)?;
            users::set_password(tx, user_id, &hash, ms(now))?;
            reset_tokens::use_up(tx, token_id, user_id, ms(now))?;
            let notice = crate::mail::changed_body(&st.settings.public_base_url);
            st.mailer.send(
                tx,
                crate::mail::Outgoing {
                    purpose: contract::api::MailPurpose::PasswordChanged,
                    to: &user_email,
                    subject: crate::mail::CHANGED_SUBJECT,
                    body: &notice,
                    user_id: Some(user_id),
                    pqr_id: None,
                },
                now,
            )?;
            let changed = insert(
                tx,
                NewEvent::user(now, EventKind::PasswordChanged, user_id, user_actor()).with_data(
                    EventData {
                        email_masked: Some(mask_email(&user_email)),
                        ..Default::default()
                    },
                ),
            )?;
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

/// A real hash (same parameters as every stored one) of a random password, made once and verified
/// against when an account has no usable hash, so every refusal costs the same argon2 work.
pub(crate) fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        hash_password(&crate::tokens::random_alphanumeric(24)).unwrap_or_else(|e| {
            tracing::error!(error = %format!("{e:#}"), "cannot make the dummy hash");
            String::new()
        })
    })
}

/// `POST /api/v1/public/password-resets/{token}`: 204, 422 with the broken rules, or 410.
pub(crate) async fn confirm_reset(
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

/// What the reservation of a login attempt decided, before any hash is checked.
enum Attempt {
    /// One of the window's 5 guesses: check it against the account's hash.
    Evaluate {
        id: i64,
        full_name: String,
        hash: String,
    },
    /// Unknown, locked, disabled, password-less, or the window is full: the dummy hash is checked
    /// (same work) and the answer is the same 401.
    Refuse(Vec<Event>),
}

/// Reserves an attempt in the caller's write transaction: the failure counter is raised *before*
/// argon2 runs, and only while it is under 5, so parallel guesses can never be more than 5.
fn reserve_login(
    tx: &rusqlite::Connection,
    email: &str,
    now: Timestamp,
) -> anyhow::Result<Attempt> {
    let row = users::login_row(tx, email)?;
    let Some(LoginRow {
        id,
        full_name,
        status,
        hash,
        locked_until,
    }) = row
    else {
        return Ok(Attempt::Refuse(Vec::new()));
    };
    let locked_now =
        locked_until.is_some_and(|u| u > ms(now)) || (status == "locked" && locked_until.is_none());
    if locked_now {
        return Ok(Attempt::Refuse(Vec::new()));
    }
    let Some(hash) = hash.filter(|_| status != "disabled") else {
        // Nothing to guess, but the help desk sees the attempt (an imported user trying to log
        // in), within the user's hourly budget of anonymous events.
        let e = insert_anonymous(
            tx,
            NewEvent::user(now, EventKind::LoginFailed, id, user_actor()),
        )?;
        return Ok(Attempt::Refuse(e.into_iter().collect()));
    };
    let reserved = users::reserve_login_failure(tx, id, MAX_LOGIN_FAILURES)?;
    Ok(match reserved {
        Some(_) => Attempt::Evaluate {
            id,
            full_name,
            hash,
        },
        None => Attempt::Refuse(Vec::new()),
    })
}

/// Records the outcome of an evaluated attempt: a success clears the counter; the failure that
/// completes the window locks the account for 15 minutes.
fn finish_login(
    tx: &rusqlite::Connection,
    id: i64,
    ok: bool,
    now: Timestamp,
) -> anyhow::Result<Vec<Event>> {
    let mut events = Vec::new();
    if ok {
        users::login_succeeded(tx, id, ms(now))?;
        events.push(insert(
            tx,
            NewEvent::user(now, EventKind::LoginSucceeded, id, user_actor()),
        )?);
        return Ok(events);
    }
    events.push(insert(
        tx,
        NewEvent::user(now, EventKind::LoginFailed, id, user_actor()),
    )?);
    let (failures, locked_until) = users::login_failures(tx, id)?;
    if failures >= MAX_LOGIN_FAILURES && locked_until.is_none_or(|u| u <= ms(now)) {
        let until: Timestamp = now.saturating_add(LOGIN_LOCK)?;
        users::lock_login(tx, id, ms(until))?;
        events.push(insert(
            tx,
            NewEvent::user(now, EventKind::AccountLocked, id, system_actor()).with_data(
                EventData {
                    until: Some(until),
                    ..Default::default()
                },
            ),
        )?);
    }
    Ok(events)
}

/// The one answer to every refused login.
fn invalid_credentials() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        ErrorCode::InvalidCredentials,
        "invalid email or password",
    )
}

/// `POST /api/v1/public/login`: 5 failures lock the account for 15 minutes. Unknown, wrong,
/// locked, disabled and password-less accounts all get the same 401 after the same argon2 work;
/// the operator sees the lock on the user's detail.
pub async fn login(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<LoginRequest>,
) -> ApiResult<Json<LoginResult>> {
    // A place in the hashing pool first: when it is full, nothing is reserved or written.
    let admission = state.guards.hashing.admit()?;
    let email = req.email.trim().to_lowercase();
    let now = state.clock.now();
    let attempt = state
        .db
        .write(move |tx| reserve_login(tx, &email, now))
        .await?;
    let hash = match &attempt {
        Attempt::Evaluate { hash, .. } => Some(hash.clone()),
        Attempt::Refuse(_) => None,
    };
    let password = req.password;
    let matched = admission
        .run(move || match hash {
            Some(h) => verify_password(&password, &h),
            None => {
                let _ = verify_password(&password, dummy_hash());
                false
            }
        })
        .await?;
    match attempt {
        Attempt::Refuse(events) => {
            state.bus.publish(events);
            Err(invalid_credentials())
        }
        Attempt::Evaluate { id, full_name, .. } => {
            let now = state.clock.now();
            let events = state
                .db
                .write(move |tx| finish_login(tx, id, matched, now))
                .await?;
            state.bus.publish(events);
            if matched {
                Ok(Json(LoginResult {
                    user_id: id,
                    full_name,
                }))
            } else {
                Err(invalid_credentials())
            }
        }
    }
}

/// Each public endpoint has its own per-address budget (see `guard`).
pub(crate) fn routes() -> Routes {
    Routes::new()
        .route(
            "/api/v1/public/password-reset-requests",
            post(request_reset).public(),
        )
        .route(
            "/api/v1/public/password-resets/{token}",
            post(confirm_reset).public(),
        )
        .route("/api/v1/public/login", post(login).public())
}
