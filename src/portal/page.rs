//! The server-rendered pages of the reset link: a plain form, in the guide's words.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::api::PolicyRule;

pub enum FormError {
    Mismatch,
    Email,
    Rules(Vec<PolicyRule>),
}

const RULES_HTML: &str = "<ul>\
<li>Tu contraseña debe tener mínimo 8 caracteres y máximo 40.</li>\
<li>Tu contraseña debe tener al menos un carácter en minúscula, uno en Mayúscula y uno numérico.</li>\
<li>Tu contraseña debe tener al menos 1 carácter especial: <code>) &amp; . - : } = + * $ ; ' # % ( {</code></li>\
</ul>";

fn layout(title: &str, body: &str) -> String {
    format!(
        "<!doctype html><html lang=\"es\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title} · Mi Portal AccionPlus</title></head>\
<body><main><h1>Mi Portal AccionPlus</h1><h2>{title}</h2>{body}</main></body></html>"
    )
}

/// The rule a refused password broke, in the user's words.
pub fn rule_text_es(rule: PolicyRule) -> &'static str {
    match rule {
        PolicyRule::TooShort => "Tu contraseña debe tener mínimo 8 caracteres.",
        PolicyRule::TooLong => "Tu contraseña debe tener máximo 40 caracteres.",
        PolicyRule::MissingLowercase => {
            "Tu contraseña debe tener al menos un carácter en minúscula."
        }
        PolicyRule::MissingUppercase => {
            "Tu contraseña debe tener al menos un carácter en Mayúscula."
        }
        PolicyRule::MissingDigit => "Tu contraseña debe tener al menos un carácter numérico.",
        PolicyRule::MissingSpecial => {
            "Tu contraseña debe tener al menos 1 carácter especial de la lista (@, ! y _ no cuentan)."
        }
        PolicyRule::Unknown => "Tu contraseña no cumple las condiciones.",
    }
}

pub fn form(error: Option<FormError>) -> Html<String> {
    let error = match error {
        None => String::new(),
        Some(FormError::Mismatch) => "<p role=\"alert\">Las contraseñas no coinciden.</p>".into(),
        Some(FormError::Email) => {
            "<p role=\"alert\">El correo no corresponde al usuario de este enlace.</p>".into()
        }
        Some(FormError::Rules(rules)) => {
            let items: String = rules
                .iter()
                .map(|r| format!("<li>{}</li>", rule_text_es(*r)))
                .collect();
            format!("<div role=\"alert\"><p>La contraseña no cumple:</p><ul>{items}</ul></div>")
        }
    };
    Html(layout(
        "Asignar nueva contraseña",
        &format!(
            "{error}<p>Confirma tu correo electrónico y asigna una nueva contraseña para ingresar a tu usuario de Mi Portal AccionPlus.</p>\
<form method=\"post\">\
<p><label>Correo electrónico <input type=\"email\" name=\"email\" required autocomplete=\"email\"></label></p>\
<p><label>Nueva contraseña <input type=\"password\" name=\"password\" required maxlength=\"40\" autocomplete=\"new-password\"></label></p>\
<p><label>Confirmar contraseña <input type=\"password\" name=\"password_confirm\" required maxlength=\"40\" autocomplete=\"new-password\"></label></p>\
<p>Recuerda cumplir las siguientes condiciones para tu contraseña:</p>{RULES_HTML}\
<p><button type=\"submit\">Cambiar contraseña</button></p></form>"
        ),
    ))
}

pub fn gone() -> Response {
    (
        StatusCode::GONE,
        Html(layout(
            "Enlace no válido",
            "<p>Este enlace ya fue usado o venció. Solicita uno nuevo con la opción «¿Olvidaste la contraseña?» del inicio de sesión.</p>",
        )),
    )
        .into_response()
}

pub fn done() -> Response {
    Html(layout(
        "Contraseña actualizada",
        "<p>Tu contraseña fue reestablecida. Ya puedes acceder a Mi Portal AccionPlus.</p>",
    ))
    .into_response()
}

/// The hashing pool is full: the person retries in a moment (the form keeps nothing, on purpose).
pub fn busy() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(axum::http::header::RETRY_AFTER, "1")],
        Html(layout(
            "Intenta de nuevo",
            "<p>Mi Portal AccionPlus está muy ocupado en este momento. Vuelve atrás e intenta de nuevo en unos segundos.</p>",
        )),
    )
        .into_response()
}
