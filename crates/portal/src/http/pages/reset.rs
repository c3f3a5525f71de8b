//! The page the email links to (`/cv/recordar/contrasena/{token}`): confirm the email, the new
//! password twice, the guide's three rules each ticked or not. It works without JavaScript (the
//! server ticks the rules after a refused try); the script only ticks them while the caller types.

use askama::Template;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::{Chrome, Lang, ReqLang, login_link, message, with_form};
use crate::AppState;
use crate::db::ms;
use crate::events::{NewEvent, insert, user_actor};
use crate::http::error::ApiResult;
use crate::http::extract::ApiPath;
use crate::http::public::{Refusal, TokenRow, confirm, load_token};
use crate::tokens::is_reset_token_shape;
use contract::api::{ErrorCode, Event, EventKind, PolicyRule, ResetFailure};
use contract::domain::policy;

/// One of the guide's three rules, as the page shows it.
pub(crate) struct Rule {
    pub key: &'static str,
    pub text: &'static str,
    /// `None` before anything was typed (no JavaScript, first visit).
    pub met: Option<bool>,
}

/// The guide's rules, ticked against the rules `broken` (when a password was tried).
fn rules(lang: Lang, broken: Option<&[PolicyRule]>) -> Vec<Rule> {
    use PolicyRule::{
        MissingDigit, MissingLowercase, MissingSpecial, MissingUppercase, TooLong, TooShort,
    };
    let w = lang.words();
    let met = |of: &[PolicyRule]| broken.map(|b| !b.iter().any(|r| of.contains(r)));
    vec![
        Rule {
            key: "length",
            text: w.rule_length,
            met: met(&[TooShort, TooLong]),
        },
        Rule {
            key: "classes",
            text: w.rule_classes,
            met: met(&[MissingLowercase, MissingUppercase, MissingDigit]),
        },
        Rule {
            key: "special",
            text: w.rule_special,
            met: met(&[MissingSpecial]),
        },
    ]
}

/// The special characters as the guide lists them, spaced.
fn specials_spaced() -> String {
    let mut out = String::new();
    for c in policy::SPECIAL_CHARACTERS.chars() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[derive(Template)]
#[template(path = "pages/reset.html")]
struct ResetPage {
    c: Chrome,
    csrf: String,
    email: String,
    rules: Vec<Rule>,
    specials: String,
    email_error: Option<&'static str>,
    password_error: Option<String>,
    confirm_error: Option<&'static str>,
}

/// What went wrong with the last try, shown beside its field.
enum FormError {
    Mismatch,
    Email,
    Rules(Vec<PolicyRule>, String),
}

fn form(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    token: &str,
    status: StatusCode,
    email: String,
    error: Option<FormError>,
) -> Response {
    let w = lang.words();
    let specials = specials_spaced();
    let mut checked = rules(lang, None);
    let (mut email_error, mut password_error, mut confirm_error) = (None, None, None);
    match error {
        None => {}
        Some(FormError::Mismatch) => confirm_error = Some(w.mismatch),
        Some(FormError::Email) => email_error = Some(w.email_mismatch),
        Some(FormError::Rules(broken, not_special)) => {
            checked = rules(lang, Some(&broken));
            let mut text = w.policy_refused.to_string();
            for rule in checked.iter().filter(|r| r.met == Some(false)) {
                text.push(' ');
                text.push_str(rule.text);
                if rule.key == "special" {
                    text.push(' ');
                    text.push_str(&specials);
                }
            }
            if !not_special.is_empty() && broken.contains(&PolicyRule::MissingSpecial) {
                text.push_str(&format!(" {} {not_special}", w.not_special));
            }
            password_error = Some(text);
        }
    }
    let here = format!("/cv/recordar/contrasena/{token}");
    with_form(state, headers, status, |csrf| ResetPage {
        c: Chrome::new(lang, |w| w.reset_title, &here),
        csrf,
        email,
        rules: checked,
        specials,
        email_error,
        password_error,
        confirm_error,
    })
}

fn gone(lang: Lang) -> Response {
    message(
        StatusCode::GONE,
        lang,
        |w| w.gone_title,
        |w| w.gone_text,
        Some((
            format!("/cv/recordar/contrasena{}", lang.query()),
            lang.words().forgot_link,
        )),
    )
}

/// `GET /cv/recordar/contrasena/{token}`: the form; the first visit marks the link as opened.
/// A `HEAD` (a mail scanner, a link preview) only reads: it opens nothing and changes nothing.
pub(crate) async fn page(
    State(state): State<AppState>,
    method: Method,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Response> {
    if !is_reset_token_shape(&token) {
        return Ok(gone(lang));
    }
    let now = state.clock.now();
    let usable =
        move |t: &TokenRow| t.used_at.is_none() && t.voided_at.is_none() && t.expires_at > ms(now);
    let show = |state: &AppState, token: &str| {
        form(
            state,
            &headers,
            lang,
            token,
            StatusCode::OK,
            String::new(),
            None,
        )
    };
    if method == Method::HEAD {
        let lookup = token.clone();
        let row = state.db.read(move |c| Ok(load_token(c, &lookup)?)).await?;
        return Ok(match row.filter(usable) {
            Some(_) => show(&state, &token),
            None => gone(lang),
        });
    }
    let lookup = token.clone();
    let opened = state
        .db
        .write(move |tx| {
            let Some(row) = load_token(tx, &lookup)?.filter(usable) else {
                return Ok(None);
            };
            let mut events: Vec<Event> = Vec::new();
            if row.opened_at.is_none() {
                crate::storage::reset_tokens::opened(tx, row.id, ms(now))?;
                events.push(insert(
                    tx,
                    NewEvent::user(now, EventKind::ResetLinkOpened, row.user_id, user_actor()),
                )?);
            }
            Ok(Some(events))
        })
        .await?;
    match opened {
        None => Ok(gone(lang)),
        Some(events) => {
            state.bus.publish(events);
            Ok(show(&state, &token))
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct ResetForm {
    pub email: String,
    pub password: String,
    pub password_confirm: String,
    pub csrf: String,
}

/// `POST /cv/recordar/contrasena/{token}`: the form's submission, answered as a page.
pub(crate) async fn submit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
    ApiPath(token): ApiPath<String>,
    Form(f): Form<ResetForm>,
) -> ApiResult<Response> {
    if let Some(refused) = super::csrf_refusal(&headers, &f.csrf, lang) {
        return Ok(refused);
    }
    let refused = |error: FormError, email: String| {
        form(
            &state,
            &headers,
            lang,
            &token,
            StatusCode::UNPROCESSABLE_ENTITY,
            email,
            Some(error),
        )
    };
    if f.password != f.password_confirm {
        return Ok(refused(FormError::Mismatch, f.email));
    }
    let not_special = policy::not_special_symbols(&f.password);
    let outcome = match confirm(&state, token.clone(), f.email.clone(), f.password).await {
        Err(e) if e.code == ErrorCode::ServiceBusy => return Ok(super::busy(lang)),
        other => other?,
    };
    Ok(match outcome {
        Ok(()) => message(
            StatusCode::OK,
            lang,
            |w| w.done_title,
            |w| w.done_text,
            login_link(lang).map(|(href, _)| (href, lang.words().login_button)),
        ),
        Err(Refusal::Gone(_)) => gone(lang),
        Err(Refusal::Invalid(ResetFailure::EmailMismatch, _)) => refused(FormError::Email, f.email),
        Err(Refusal::Invalid(_, rules)) => refused(FormError::Rules(rules, not_special), f.email),
    })
}
