//! «¿Necesitas ayuda?»: the guide's three channels (WhatsApp, Correo Electrónico, PQR), and the
//! PQR form, which files a PQR of channel `web` and shows its radicado and legal due date.

use askama::Template;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;

use super::{Chrome, Lang, Peer, ReqLang, render, session, with_form};
use crate::AppState;
use crate::events::user_actor;
use crate::http::error::ApiResult;
use crate::http::pqr::write::{Dates, MAX_BODY_BYTES, insert_new, validate_new};
use contract::api::{Channel, NewPqr, PqrType, Requester};
use contract::domain::sanitize::sanitize_line;

/// The reference portal's support contacts (the real portal's go here).
pub(crate) const WHATSAPP_NUMBER: &str = "+57 601 000 0000";
pub(crate) const WHATSAPP_LINK: &str = "https://wa.me/576010000000";
pub(crate) const SUPPORT_EMAIL: &str = "soporte@miportal.accionplus.com";

#[derive(Template)]
#[template(path = "pages/help.html")]
struct HelpPage {
    c: Chrome,
    whatsapp_number: &'static str,
    whatsapp_link: &'static str,
    support_email: &'static str,
    logged_in: bool,
}

/// `GET /cv/ayuda`
pub(crate) async fn page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let logged_in = session::current(&state, &headers).await?.is_some();
    let page = HelpPage {
        c: Chrome::new(lang, |w| w.help_title, "/cv/ayuda"),
        whatsapp_number: WHATSAPP_NUMBER,
        whatsapp_link: WHATSAPP_LINK,
        support_email: SUPPORT_EMAIL,
        logged_in,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
pub(crate) struct PqrForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    pqr_type: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
    csrf: String,
}

pub(crate) struct TypeOption {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// What was wrong with each field, shown beside it.
#[derive(Default)]
struct FieldErrors {
    name: Option<&'static str>,
    email: Option<&'static str>,
    phone: Option<&'static str>,
    subject: Option<&'static str>,
    body: Option<&'static str>,
}

impl FieldErrors {
    fn any(&self) -> bool {
        self.name.is_some()
            || self.email.is_some()
            || self.phone.is_some()
            || self.subject.is_some()
            || self.body.is_some()
    }
}

#[derive(Template)]
#[template(path = "pages/pqr.html")]
struct PqrPage {
    c: Chrome,
    csrf: String,
    f: PqrForm,
    types: Vec<TypeOption>,
    e: FieldErrors,
}

#[derive(Template)]
#[template(path = "pages/pqr_done.html")]
struct PqrDone {
    c: Chrome,
    radicado: String,
    due: String,
    term: u32,
    logged_in: bool,
}

fn pqr_page(
    state: &AppState,
    headers: &HeaderMap,
    lang: Lang,
    status: StatusCode,
    f: PqrForm,
    e: FieldErrors,
) -> Response {
    let w = lang.words();
    let chosen = PqrType::parse(&f.pqr_type).unwrap_or(PqrType::Peticion);
    let types = PqrType::ALL
        .iter()
        .map(|t| TypeOption {
            value: t.as_str(),
            label: w.pqr_type(*t),
            selected: *t == chosen,
        })
        .collect();
    with_form(state, headers, status, |csrf| PqrPage {
        c: Chrome::new(lang, |w| w.pqr_title, "/cv/ayuda/pqr"),
        csrf,
        f,
        types,
        e,
    })
}

/// `GET /cv/ayuda/pqr`: the form, with the logged-in caller's name and email filled in.
pub(crate) async fn form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let mut f = PqrForm::default();
    if let Some(user) = session::current(&state, &headers).await? {
        f.name = sanitize_line(&user.full_name).into_owned();
        f.email = user.email;
    }
    Ok(pqr_page(
        &state,
        &headers,
        lang,
        StatusCode::OK,
        f,
        FieldErrors::default(),
    ))
}

fn check(f: &PqrForm, lang: Lang) -> FieldErrors {
    let w = lang.words();
    let text = |v: &str, max: usize| {
        if v.trim().is_empty() {
            Some(w.field_required)
        } else if v.chars().count() > max {
            Some(w.field_too_long)
        } else {
            None
        }
    };
    FieldErrors {
        name: text(&f.name, 120),
        email: if f.email.trim().is_empty() {
            Some(w.field_required)
        } else if f.email.chars().count() > 254
            || f.email.trim().parse::<lettre::Address>().is_err()
        {
            Some(w.email_invalid)
        } else {
            None
        },
        phone: (f.phone.chars().count() > 30).then_some(w.field_too_long),
        subject: text(&f.subject, 200),
        body: if f.body.trim().is_empty() {
            Some(w.field_required)
        } else if f.body.len() > MAX_BODY_BYTES {
            Some(w.field_too_long)
        } else {
            None
        },
    }
}

/// `POST /cv/ayuda/pqr`: files the PQR (channel `web`), linked to the caller's account when they
/// are logged in or typed its email (the answer is the same either way).
pub(crate) async fn submit(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    peer: Peer,
    headers: HeaderMap,
    Form(f): Form<PqrForm>,
) -> ApiResult<Response> {
    if let Some(refused) = super::gate(&state, &peer, "pqr-web", lang, &headers, &f.csrf) {
        return Ok(refused);
    }
    let errors = check(&f, lang);
    if errors.any() {
        return Ok(pqr_page(
            &state,
            &headers,
            lang,
            StatusCode::UNPROCESSABLE_ENTITY,
            f,
            errors,
        ));
    }
    let session_user = session::current(&state, &headers).await?.map(|u| u.id);
    let phone = f.phone.trim();
    let mut new = NewPqr {
        pqr_type: PqrType::parse(&f.pqr_type).unwrap_or(PqrType::Peticion),
        subject: f.subject.trim().to_string(),
        body: f.body.clone(),
        channel: Channel::Web,
        user_id: session_user,
        requester: Requester {
            name: f.name.trim().to_string(),
            email: Some(f.email.trim().to_string()),
            phone: (!phone.is_empty()).then(|| phone.to_string()),
        },
        received_at: None,
        // The form asks for an email: the receipt and the answers go there.
        reply_channel: Some(contract::api::ReplyChannel::Correo),
    };
    validate_new(&new)?;
    let now = state.clock.now();
    let legal = state.legal.clone();
    let today = legal.day_of(now);
    let term = new.pqr_type.term_business_days();
    let due = legal.due_date(today, term);
    let email_lower = f.email.trim().to_lowercase();
    let st = state.clone();
    let (radicado, event) = state
        .db
        .write(move |tx| {
            if new.user_id.is_none() {
                new.user_id = crate::storage::users::id_by_email(tx, &email_lower)?;
            }
            let dates = Dates {
                received: now,
                received_day: today,
                now,
                today,
                due,
            };
            let (_, radicado, event) = insert_new(tx, &st, &new, dates, user_actor())?;
            Ok((radicado, event))
        })
        .await?;
    state.bus.publish([event]);
    let c = Chrome::new(lang, |w| w.pqr_done_title, "/cv/ayuda/pqr");
    let due = c.w.date(due);
    Ok(render(
        StatusCode::OK,
        &PqrDone {
            c,
            radicado,
            due,
            term,
            logged_in: session_user.is_some(),
        },
    ))
}
