//! Portal errors in the operator's words (both catalogs), and what each does to the connection state.

use super::portal_types::PortalError;
use crate::api::ErrorCode;
use crate::i18n::{Lang, tr, trf};

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
        } => match code {
            ErrorCode::VerificationRequired => tr(lang, "error.verification_required").into(),
            ErrorCode::VerificationLocked => tr(lang, "error.verification_locked").into(),
            ErrorCode::AccountDisabled => tr(lang, "error.account_disabled").into(),
            ErrorCode::AddressBounced => tr(lang, "error.address_bounced").into(),
            ErrorCode::ValidationFailed | ErrorCode::BadRequest => {
                trf(lang, "error.invalid", &[("message", message)])
            }
            _ => trf(
                lang,
                "error.refused",
                &[("message", message), ("id", request_id)],
            ),
        },
        PortalError::Decode(detail) => trf(lang, "error.decode", &[("detail", detail)]),
        PortalError::TooLarge { limit } => trf(
            lang,
            "error.too_large",
            &[("limit", &format!("{} MiB", limit / (1024 * 1024)))],
        ),
        PortalError::NoVersion => tr(lang, "error.no_version").into(),
    }
}
