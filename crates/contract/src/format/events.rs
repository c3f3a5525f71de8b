//! Timeline events in words, with the broken password rule spelled out as the portal's guide says it.

use crate::api::{ActorKind, Event, EventKind, PolicyRule, ResetFailure};
use crate::i18n::{Lang, tr, trf};

pub fn rule_text(lang: Lang, rule: PolicyRule) -> &'static str {
    let key = match rule {
        PolicyRule::TooShort => "rule.too_short",
        PolicyRule::TooLong => "rule.too_long",
        PolicyRule::MissingLowercase => "rule.missing_lowercase",
        PolicyRule::MissingUppercase => "rule.missing_uppercase",
        PolicyRule::MissingDigit => "rule.missing_digit",
        PolicyRule::MissingSpecial => "rule.missing_special",
        PolicyRule::Unknown => "rule.unknown",
    };
    tr(lang, key)
}

fn failure_text(lang: Lang, event: &Event) -> String {
    let d = &event.data;
    match d.reason {
        Some(ResetFailure::Mismatch) => tr(lang, "reason.mismatch").into(),
        Some(ResetFailure::EmailMismatch) => tr(lang, "reason.email_mismatch").into(),
        Some(ResetFailure::Expired) => tr(lang, "reason.expired").into(),
        Some(ResetFailure::AlreadyUsed) => tr(lang, "reason.already_used").into(),
        Some(ResetFailure::Unknown) | Some(ResetFailure::Policy) | None => {
            let mut parts: Vec<String> = d
                .rules
                .iter()
                .map(|r| rule_text(lang, *r).to_string())
                .collect();
            if let Some(chars) = d.not_special_used.as_deref().filter(|s| !s.is_empty()) {
                let quoted: Vec<String> = chars.chars().map(|c| format!("'{c}'")).collect();
                parts.push(trf(
                    lang,
                    "rule.not_special",
                    &[("chars", &quoted.join(", "))],
                ));
            }
            if parts.is_empty() {
                tr(lang, "reason.unknown").into()
            } else {
                parts.join("; ")
            }
        }
    }
}

/// One timeline line, without its time.
pub fn event_text(lang: Lang, event: &Event) -> String {
    let d = &event.data;
    // The short mask of the list and the detail (`c**z@gmail.com`), the same everywhere.
    let email = crate::domain::masking::compact_mask(d.email_masked.as_deref().unwrap_or("?"));
    let email = email.as_str();
    let radicado = d.radicado.as_deref().unwrap_or("?");
    let until = d
        .until
        .map(crate::format::time::date_time)
        .unwrap_or_default();
    let text = match event.kind {
        EventKind::ResetRequested => tr(lang, "event.reset_requested").into(),
        EventKind::ResetLinkSent => trf(lang, "event.reset_link_sent", &[("email", email)]),
        EventKind::ResetEmailBounced => trf(lang, "event.reset_email_bounced", &[("email", email)]),
        EventKind::ResetLinkOpened => tr(lang, "event.reset_link_opened").into(),
        EventKind::ResetAttemptFailed => trf(
            lang,
            "event.reset_attempt_failed",
            &[("why", &failure_text(lang, event))],
        ),
        EventKind::PasswordChanged => tr(lang, "event.password_changed").into(),
        EventKind::LoginSucceeded => tr(lang, "event.login_succeeded").into(),
        EventKind::LoginFailed => tr(lang, "event.login_failed").into(),
        EventKind::AccountLocked => trf(lang, "event.account_locked", &[("until", &until)]),
        EventKind::AccountUnlocked => tr(lang, "event.account_unlocked").into(),
        EventKind::ResetLinksVoided => {
            let n = event.data.count.unwrap_or(1).to_string();
            trf(lang, "event.reset_links_voided", &[("n", &n)])
        }
        EventKind::VerificationSucceeded => tr(lang, "event.verification_succeeded").into(),
        EventKind::VerificationFailed => tr(lang, "event.verification_failed").into(),
        EventKind::VerificationLocked => {
            trf(lang, "event.verification_locked", &[("until", &until)])
        }
        EventKind::PqrCreated => trf(lang, "event.pqr_created", &[("radicado", radicado)]),
        EventKind::PqrUpdated => trf(
            lang,
            "event.pqr_updated",
            &[
                ("radicado", radicado),
                ("status", d.status.as_deref().unwrap_or("-")),
            ],
        ),
        EventKind::PqrMessageAdded => {
            trf(lang, "event.pqr_message_added", &[("radicado", radicado)])
        }
        EventKind::CallOutcomeRecorded => {
            // Only known outcomes make catalog keys: portal text never names a key.
            let known = crate::api::CallOutcome::ALL
                .into_iter()
                .find(|o| Some(o.as_str()) == d.status.as_deref())
                .unwrap_or(crate::api::CallOutcome::Unknown);
            let outcome = tr(lang, &format!("outcome.{}", known.as_str()));
            let note = d.note.as_deref().unwrap_or("");
            trf(
                lang,
                "event.call_outcome_recorded",
                &[("outcome", outcome), ("note", note)],
            )
        }
        EventKind::MailRelayed
        | EventKind::MailDeferred
        | EventKind::MailFailed
        | EventKind::MailBounced => super::mail::event_text(lang, event),
        EventKind::ConversationMessageReceived => trf(
            lang,
            "event.conversation_message_received",
            &[("kind", d.note.as_deref().unwrap_or(""))],
        ),
        EventKind::ConversationMessageSent => tr(lang, "event.conversation_message_sent").into(),
        EventKind::ConversationDelivery => trf(
            lang,
            "event.conversation_delivery",
            &[("status", d.status.as_deref().unwrap_or(""))],
        ),
        EventKind::ConversationUpdated => trf(
            lang,
            "event.conversation_updated",
            &[("status", d.status.as_deref().unwrap_or(""))],
        ),
        EventKind::Unknown => tr(lang, "event.unknown").into(),
    };
    match (event.actor.kind, event.actor.name.as_deref()) {
        (ActorKind::Operator, Some(name)) => trf(
            lang,
            "event.by_operator",
            &[("text", &text), ("name", name)],
        ),
        _ => text,
    }
}
