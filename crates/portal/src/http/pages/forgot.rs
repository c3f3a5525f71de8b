//! «¿Olvidaste la contraseña?» → the email page → «Enviar Correo». The API's own request runs
//! (it answers before any lookup), so a known and an unknown address get the same page as fast.

use askama::Template;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::{Chrome, Lang, Peer, ReqLang, render, with_form};
use crate::AppState;
use crate::http::error::ApiResult;
use crate::http::extract::ApiJson;
use crate::http::public;
use contract::api::{ErrorCode, PasswordResetRequest};

const PATH: &str = "/cv/recordar/contrasena";

#[derive(Template)]
#[template(path = "pages/forgot.html")]
struct ForgotPage {
    c: Chrome,
    csrf: String,
    email: String,
    error: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "pages/sent.html")]
struct SentPage {
    c: Chrome,
}

fn forgot_page(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    status: StatusCode,
    email: String,
    error: Option<&'static str>,
) -> Response {
    with_form(state, headers, status, |csrf| ForgotPage {
        c: Chrome::new(lang, |w| w.forgot_title, PATH),
        csrf,
        email,
        error,
    })
}

/// `GET /cv/recordar/contrasena`
pub(crate) async fn page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
) -> Response {
    forgot_page(&state, &headers, lang, StatusCode::OK, String::new(), None)
}

#[derive(Deserialize)]
pub(crate) struct ForgotForm {
    email: String,
    csrf: String,
}

/// `POST /cv/recordar/contrasena`: «Enviar Correo».
pub(crate) async fn submit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    peer: Peer,
    headers: HeaderMap,
    Form(form): Form<ForgotForm>,
) -> ApiResult<Response> {
    let csrf = &form.csrf;
    if let Some(refused) = super::gate(&state, &peer, "reset-request", lang, &headers, csrf) {
        return Ok(refused);
    }
    let request = PasswordResetRequest {
        email: form.email.clone(),
    };
    match public::request_reset(State(state.clone()), ApiJson(request)).await {
        Ok(_) => {
            let page = SentPage {
                c: Chrome::new(lang, |w| w.sent_title, PATH),
            };
            Ok(render(StatusCode::OK, &page))
        }
        Err(e) if e.code == ErrorCode::ValidationFailed => Ok(forgot_page(
            &state,
            &headers,
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            form.email,
            Some(lang.words().email_invalid),
        )),
        Err(e) => Err(e),
    }
}
