//! The login (`/cv/ingresar`): the API's login behind a form, then a session and Mi Portal.

use askama::Template;
use axum::Json;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::{Chrome, Peer, ReqLang, START, with_form};
use crate::AppState;
use crate::http::error::ApiResult;
use crate::http::extract::ApiJson;
use crate::http::public;
use contract::api::{ErrorCode, LoginRequest};

#[derive(Template)]
#[template(path = "pages/login.html")]
struct LoginPage {
    c: Chrome,
    csrf: String,
    email: String,
    error: Option<&'static str>,
}

fn login_page(
    state: &AppState,
    headers: &HeaderMap,
    lang: super::Lang,
    status: StatusCode,
    email: String,
    error: Option<&'static str>,
) -> Response {
    with_form(state, headers, status, |csrf| LoginPage {
        c: Chrome::new(lang, |w| w.login_title, START),
        csrf,
        email,
        error,
    })
}

/// `GET /cv/ingresar`
pub(crate) async fn page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
) -> Response {
    login_page(&state, &headers, lang, StatusCode::OK, String::new(), None)
}

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    email: String,
    password: String,
    csrf: String,
}

/// `POST /cv/ingresar`: the API's login (same budget, same answer for every refusal), then a
/// session cookie and Mi Portal's menu.
pub(crate) async fn submit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    peer: Peer,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> ApiResult<Response> {
    if let Some(refused) = super::gate(&state, &peer, "login", lang, &headers, &form.csrf) {
        return Ok(refused);
    }
    let request = LoginRequest {
        email: form.email.clone(),
        password: form.password,
    };
    match public::login(State(state.clone()), ApiJson(request)).await {
        Ok(Json(result)) => {
            let cookie = super::session::start(&state, &headers, result.user_id).await?;
            Ok(super::see_other(
                &format!("/cv/mi-portal{}", lang.query()),
                [cookie],
            ))
        }
        Err(e) if e.code == ErrorCode::InvalidCredentials => Ok(login_page(
            &state,
            &headers,
            lang,
            StatusCode::UNAUTHORIZED,
            form.email,
            Some(lang.words().login_refused),
        )),
        Err(e) if e.code == ErrorCode::ServiceBusy => Ok(super::busy(lang)),
        Err(e) if e.code == ErrorCode::RateLimited => {
            Ok(super::too_many(lang, e.retry_after.unwrap_or(60)))
        }
        Err(e) => Err(e),
    }
}
