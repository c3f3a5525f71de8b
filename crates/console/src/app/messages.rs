//! Portal errors in the operator's words (both catalogs), and what each does to the connection state.

use contract::api::ErrorCode;
use contract::i18n::{Lang, tr, trf};
use contract::remote::PortalError;

/// A refusal with the contract's error code, in the operator's words: every code has its own
/// message in both catalogs. The portal's own `message` is English: an English-speaking operator
/// reads it as the detail of a refused form; a Spanish-speaking one never sees it.
fn api_error_text(lang: Lang, code: ErrorCode, message: &str, request_id: &str) -> String {
    let key = match code {
        ErrorCode::VerificationRequired => "error.verification_required",
        ErrorCode::VerificationLocked => "error.verification_locked",
        ErrorCode::AccountDisabled => "error.account_disabled",
        ErrorCode::AddressBounced => "error.address_bounced",
        ErrorCode::Unauthorized => "error.unauthorized",
        ErrorCode::Forbidden => "error.forbidden",
        ErrorCode::NotFound | ErrorCode::Gone => "error.not_found",
        ErrorCode::BadRequest | ErrorCode::ValidationFailed => "error.code_invalid",
        ErrorCode::Conflict => "error.code_conflict",
        ErrorCode::AccountLocked => "error.code_account_locked",
        ErrorCode::RateLimited | ErrorCode::ServiceBusy => "error.code_busy",
        ErrorCode::InvalidCredentials => "error.code_invalid_credentials",
        ErrorCode::PreconditionFailed | ErrorCode::PreconditionRequired => {
            "error.code_precondition"
        }
        ErrorCode::PayloadTooLarge => "error.code_too_large",
        ErrorCode::WindowClosed => "error.code_window_closed",
        ErrorCode::ChannelUnavailable => "error.code_channel_unavailable",
        ErrorCode::UnsupportedMediaType | ErrorCode::Internal | ErrorCode::Unknown => {
            "error.code_other"
        }
    };
    let text = trf(lang, key, &[("id", request_id)]);
    match (lang, code) {
        (Lang::En, ErrorCode::BadRequest | ErrorCode::ValidationFailed) if !message.is_empty() => {
            format!("{text} {message}")
        }
        _ => text,
    }
}

pub fn error_text(lang: Lang, err: &PortalError) -> String {
    match err {
        PortalError::Unauthorized => tr(lang, "error.unauthorized").into(),
        PortalError::Forbidden { .. } => tr(lang, "error.forbidden").into(),
        PortalError::NotFound => tr(lang, "error.not_found").into(),
        PortalError::RateLimited { retry_after, .. } => trf(
            lang,
            "error.rate_limited",
            &[("s", &retry_after.to_string())],
        ),
        PortalError::Offline(_) => tr(lang, "error.offline").into(),
        PortalError::Server { status, request_id } => trf(
            lang,
            "error.server",
            &[("status", &status.to_string()), ("id", request_id)],
        ),
        PortalError::Api {
            code,
            message,
            request_id,
            ..
        } => api_error_text(lang, *code, message, request_id),
        PortalError::Decode(detail) => trf(lang, "error.decode", &[("detail", detail)]),
        PortalError::TooLarge { limit } => trf(
            lang,
            "error.too_large",
            &[("limit", &format!("{} MiB", limit / (1024 * 1024)))],
        ),
        PortalError::NoVersion => tr(lang, "error.no_version").into(),
    }
}

/// A refusal as a form shows it: which of the form's fields it names, if the form has that field,
/// and the words to show beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct FormRefusal {
    /// The index in the form's `fields` of the field the portal refused.
    pub field: Option<usize>,
    pub text: String,
}

/// `err` for a form whose fields the portal calls `fields` (in the form's order). A refusal that
/// names one of them reads as that field's problem: the portal's own words for an English
/// operator, the rule broken in words for a Spanish one (never the portal's English); any other
/// error reads as [`error_text`] and names no field.
pub fn form_refusal(lang: Lang, err: &PortalError, fields: &[&str]) -> FormRefusal {
    if let PortalError::Api {
        message,
        field: Some(problem),
        ..
    } = err
        && let Some(i) = fields.iter().position(|f| *f == problem.field)
    {
        let text = match lang {
            Lang::En if !message.is_empty() => message.clone(),
            _ => tr(lang, &format!("field_rule.{}", problem.rule.as_str())).to_string(),
        };
        return FormRefusal {
            field: Some(i),
            text,
        };
    }
    FormRefusal {
        field: None,
        text: error_text(lang, err),
    }
}
