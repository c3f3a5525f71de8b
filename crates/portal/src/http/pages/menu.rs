//! Mi Portal after «Ingresar»: the guide's options (placeholders beyond their titles) and «Salir».

use askama::Template;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::session::{self, WebUser};
use super::{Chrome, Lang, ReqLang, START, see_other, with_form};
use crate::AppState;
use crate::http::error::ApiResult;
use crate::http::extract::ApiPath;

/// The options' paths, in the order of `Words::options` (the guide's order).
pub(crate) const SLUGS: [&str; 10] = [
    "hoja-de-vida",
    "perfil",
    "cargar-documentos",
    "buscar-ofertas-laborales",
    "certificaciones-laborales",
    "comprobantes-de-pago",
    "certificados-de-ingresos-y-retenciones",
    "comprobantes-de-liquidacion",
    "contratacion-electronica",
    "solicitud-de-cesantias",
];

pub(crate) struct Item {
    pub href: String,
    pub title: &'static str,
}

#[derive(Template)]
#[template(path = "pages/menu.html")]
struct MenuPage {
    c: Chrome,
    csrf: String,
    name: String,
    first: Vec<Item>,
    employees: Vec<Item>,
    last: Vec<Item>,
}

#[derive(Template)]
#[template(path = "pages/placeholder.html")]
struct Placeholder {
    c: Chrome,
    csrf: String,
}

/// The session's user, or the answer that sends the caller to the login.
async fn user_or_login(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
) -> ApiResult<Result<WebUser, Response>> {
    Ok(match session::current(state, headers).await? {
        Some(u) => Ok(u),
        None => Err(see_other(&format!("{START}{}", lang.query()), [])),
    })
}

/// `GET /cv/mi-portal`
pub(crate) async fn page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let user = match user_or_login(&state, &headers, lang).await? {
        Ok(u) => u,
        Err(to_login) => return Ok(to_login),
    };
    let w = lang.words();
    let items: Vec<Item> = SLUGS
        .iter()
        .zip(w.options)
        .map(|(slug, title)| Item {
            href: format!("/cv/mi-portal/{slug}{}", lang.query()),
            title,
        })
        .collect();
    let mut items = items.into_iter();
    let first = items.by_ref().take(4).collect();
    let employees = items.by_ref().take(4).collect();
    let last = items.collect();
    let name = contract::domain::sanitize::sanitize_line(&user.full_name).into_owned();
    Ok(with_form(&state, &headers, StatusCode::OK, |csrf| {
        MenuPage {
            c: Chrome::new(lang, |w| w.brand, "/cv/mi-portal"),
            csrf,
            name,
            first,
            employees,
            last,
        }
    }))
}

/// `GET /cv/mi-portal/{opcion}`: an option's title, nothing behind it.
pub(crate) async fn option(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
    ApiPath(opcion): ApiPath<String>,
) -> ApiResult<Response> {
    if let Err(to_login) = user_or_login(&state, &headers, lang).await? {
        return Ok(to_login);
    }
    let Some(i) = SLUGS.iter().position(|s| *s == opcion) else {
        return Ok(super::not_found(lang));
    };
    let title = lang.words().options[i];
    let here = format!("/cv/mi-portal/{}", SLUGS[i]);
    Ok(with_form(&state, &headers, StatusCode::OK, |csrf| {
        Placeholder {
            c: Chrome::new(lang, |_| title, &here),
            csrf,
        }
    }))
}

#[derive(Deserialize)]
pub(crate) struct LogoutForm {
    csrf: String,
}

/// `POST /cv/salir`: ends the session, back to the login.
pub(crate) async fn logout(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
    Form(form): Form<LogoutForm>,
) -> ApiResult<Response> {
    if let Some(refused) = super::csrf_refusal(&headers, &form.csrf, lang) {
        return Ok(refused);
    }
    let cleared = session::end(&state, &headers).await?;
    Ok(see_other(&format!("{START}{}", lang.query()), [cleared]))
}
