//! The caller's side of the guide as web pages: the login with «¿Olvidaste la contraseña?», the
//! email page and its «Enviar Correo», the page the email links to, Mi Portal's menu, and
//! «¿Necesitas ayuda?» with its PQR form. Spanish as the guide words it, English with `?lang=en`.
//!
//! Every page is an askama template (`templates/pages/`, checked at compile time, HTML escaped);
//! the stylesheet and the small script are embedded (`assets/pages/`). Each form calls the same
//! code as the JSON endpoint it stands for (`public::request_reset`, `public::login`,
//! `public::confirm`), so answers, timing, events and limits are the API's.

mod cookies;
mod csrf;
mod forgot;
mod help;
mod login;
mod menu;
pub(crate) mod reset;
mod session;
mod statics;
mod words;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use askama::Template;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};

use super::guard::address_key;
use crate::AppState;
use crate::http::routes::{Routes, get, post};
pub(crate) use words::{Lang, Words};

/// Where a caller starts: the login page.
pub(crate) const START: &str = "/cv/ingresar";

/// The pages; the one the email links to is public (a per-address budget, like the API's).
pub(crate) fn routes() -> Routes {
    Routes::new()
        .route(
            "/",
            get(|ReqLang(lang): ReqLang| async move {
                Redirect::to(&format!("{START}{}", lang.query()))
            }),
        )
        .route(START, get(login::page))
        .route(START, post(login::submit))
        .route("/cv/recordar/contrasena", get(forgot::page))
        .route("/cv/recordar/contrasena", post(forgot::submit))
        .route("/cv/mi-portal", get(menu::page))
        .route("/cv/mi-portal/{opcion}", get(menu::option))
        .route("/cv/salir", post(menu::logout))
        .route("/cv/ayuda", get(help::page))
        .route("/cv/ayuda/pqr", get(help::form))
        .route("/cv/ayuda/pqr", post(help::submit))
        .route("/cv/static/{file}", get(statics::file))
        .route("/cv/recordar/contrasena/{token}", get(reset::page).public())
        .route(
            "/cv/recordar/contrasena/{token}",
            post(reset::submit).public(),
        )
}

/// What every page's frame shows: its words, its title, how links keep the language, and the
/// path the language switch points at.
pub(crate) struct Chrome {
    pub w: &'static Words,
    pub q: &'static str,
    pub title: &'static str,
    pub here: String,
}

impl Chrome {
    pub(crate) fn new(
        lang: Lang,
        title: impl Fn(&'static Words) -> &'static str,
        here: &str,
    ) -> Self {
        let w = lang.words();
        Self {
            w,
            q: lang.query(),
            title: title(w),
            here: here.to_string(),
        }
    }
}

/// The language a request asked for (`?lang=en`), never a rejection.
pub(crate) struct ReqLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for ReqLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(Lang::from_query(parts.uri.query())))
    }
}

/// The client address that keys the rate limits (the TCP peer, as for the API).
pub(crate) struct Peer(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip()),
        ))
    }
}

/// Spends a token of the API's own bucket for `endpoint` (`login`, `reset-request`…): a form and
/// its JSON twin share one budget per address. The page to answer when it is spent.
pub(crate) fn limited(
    state: &AppState,
    peer: &Peer,
    endpoint: &'static str,
    lang: Lang,
) -> Option<Response> {
    let wait = state
        .guards
        .public
        .take(&(endpoint, address_key(peer.0)))
        .err()?;
    Some(too_many(lang, wait))
}

/// A rendered template as a response; a template that fails to render is logged and answered 500.
pub(crate) fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(body) => (status, Html(body)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "a page failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!doctype html><title>Error</title><p>Error</p>".to_string()),
            )
                .into_response()
        }
    }
}

/// Adds a `Set-Cookie` to a response when there is one to set.
pub(crate) fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(c) = cookie {
        response.headers_mut().append(header::SET_COOKIE, c);
    }
    response
}

/// A 303 to `to` (after a form), with cookies to set.
pub(crate) fn see_other(
    to: &str,
    cookies: impl IntoIterator<Item = Option<HeaderValue>>,
) -> Response {
    let mut response = Redirect::to(to).into_response();
    for c in cookies {
        response = with_cookie(response, c);
    }
    response
}

/// A page of a title, one paragraph and a link on.
#[derive(Template)]
#[template(path = "pages/message.html")]
pub(crate) struct Message {
    pub c: Chrome,
    pub text: &'static str,
    pub detail: Option<String>,
    pub link: Option<(String, &'static str)>,
}

pub(crate) fn message(
    status: StatusCode,
    lang: Lang,
    title: impl Fn(&'static Words) -> &'static str,
    text: impl Fn(&'static Words) -> &'static str,
    link: Option<(String, &'static str)>,
) -> Response {
    let c = Chrome::new(lang, title, "");
    let text = text(c.w);
    render(
        status,
        &Message {
            c,
            text,
            detail: None,
            link,
        },
    )
}

pub(crate) fn login_link(lang: Lang) -> Option<(String, &'static str)> {
    Some((
        format!("{START}{}", lang.query()),
        lang.words().back_to_login,
    ))
}

/// 429 as a page, with the same `Retry-After` as the API's.
pub(crate) fn too_many(lang: Lang, wait: u64) -> Response {
    let c = Chrome::new(lang, |w| w.limited_title, "");
    let detail = Some(format!("{} {wait} {}.", c.w.limited_text, c.w.seconds));
    let text = "";
    let mut response = render(
        StatusCode::TOO_MANY_REQUESTS,
        &Message {
            c,
            text,
            detail,
            link: None,
        },
    );
    if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, v);
    }
    response
}

/// 503 as a page: the hashing pool is full; the person retries in a moment.
pub(crate) fn busy(lang: Lang) -> Response {
    let mut response = message(
        StatusCode::SERVICE_UNAVAILABLE,
        lang,
        |w| w.busy_title,
        |w| w.busy_text,
        None,
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// 403 as a page: the form's CSRF token is missing or not this browser's.
pub(crate) fn csrf_refused(lang: Lang) -> Response {
    message(
        StatusCode::FORBIDDEN,
        lang,
        |w| w.csrf_title,
        |w| w.csrf_text,
        login_link(lang),
    )
}

pub(crate) fn not_found(lang: Lang) -> Response {
    message(
        StatusCode::NOT_FOUND,
        lang,
        |w| w.not_found_title,
        |w| w.not_found_text,
        login_link(lang),
    )
}

/// Whether links in emails and cookies should be https-only.
pub(crate) fn secure(state: &AppState) -> bool {
    state.settings.public_base_url.starts_with("https://")
}

/// A page with a form: `page` gets this browser's CSRF token, and the CSRF cookie is set with
/// the answer when the browser had none.
pub(crate) fn with_form<T: Template>(
    state: &AppState,
    headers: &HeaderMap,
    status: StatusCode,
    page: impl FnOnce(String) -> T,
) -> Response {
    let issued = csrf::issue(headers, secure(state));
    let page = page(issued.token);
    with_cookie(render(status, &page), issued.set_cookie)
}

/// The refusal of a form whose CSRF token is not this browser's, if it is not.
pub(crate) fn csrf_refusal(headers: &HeaderMap, field: &str, lang: Lang) -> Option<Response> {
    (!csrf::valid(headers, field)).then(|| csrf_refused(lang))
}

/// What stops a form before it is looked at: the address's budget for `endpoint` (the API's own
/// bucket), then the CSRF token.
pub(crate) fn gate(
    state: &AppState,
    peer: &Peer,
    endpoint: &'static str,
    lang: Lang,
    headers: &HeaderMap,
    csrf: &str,
) -> Option<Response> {
    limited(state, peer, endpoint, lang).or_else(|| csrf_refusal(headers, csrf, lang))
}
