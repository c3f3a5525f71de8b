//! Outgoing mail in words (issue 25): what became of a message, named by its purpose, with the
//! relay's or the bounce's status code said as a person would («el buzón no existe (5.1.1)»).

use jiff::Timestamp;

use crate::api::{Event, EventKind, MailPurpose, MailState};
use crate::format::time::clock_time;
use crate::i18n::{Lang, tr, trf};

/// «Enlace de restablecimiento», «Respuesta a la PQR»…
pub fn purpose_name(lang: Lang, purpose: MailPurpose) -> &'static str {
    tr(lang, &format!("mail.purpose_{}", purpose.as_str()))
}

/// What a status code means, in words: the enhanced status codes the desk meets (RFC 3463),
/// then the plain SMTP reply codes; anything else by its class.
pub fn status_words(lang: Lang, code: &str) -> &'static str {
    let code = code.trim();
    let key = match code {
        "5.1.1" | "5.1.0" | "5.1.6" => "mailbox_unknown",
        "5.1.2" | "5.4.4" => "domain_unknown",
        "5.2.2" | "4.2.2" | "552" => "mailbox_full",
        "5.7.1" | "5.7.0" | "5.7.26" | "554" => "policy",
        "5.2.1" | "4.2.1" => "mailbox_disabled",
        "550" | "551" | "553" => "mailbox_unavailable",
        "421" | "450" | "451" | "452" => "try_later",
        c if c.starts_with("5.") || c.starts_with('5') => "permanent",
        c if c.starts_with("4.") || c.starts_with('4') => "temporary",
        _ => "unknown",
    };
    tr(lang, &format!("mail.status_{key}"))
}

/// A status code as shown: its first word, of a few characters (`5.7.26`), so a relay's prose
/// sent as a code never spills onto the timeline.
fn short_code(code: Option<&str>) -> String {
    let first = code.unwrap_or("").split_whitespace().next().unwrap_or("");
    first.chars().take(8).collect()
}

/// «a las 10:44», or «pronto» when the portal did not say when.
fn retry_words(lang: Lang, at: Option<Timestamp>) -> String {
    match at {
        Some(at) => trf(lang, "mail.retry_at", &[("time", &clock_time(at))]),
        None => tr(lang, "mail.retry_soon").into(),
    }
}

/// One `mail_*` timeline line: the purpose, then what happened, with its time or code.
pub(crate) fn event_text(lang: Lang, event: &Event) -> String {
    let note = event.data.mail.as_ref();
    let purpose = purpose_name(lang, note.map_or(MailPurpose::Unknown, |m| m.purpose));
    let code = short_code(note.and_then(|m| m.status_code.as_deref()));
    let code = code.as_str();
    let what = match (event.kind, code.is_empty()) {
        (EventKind::MailRelayed, _) => trf(
            lang,
            "event.mail_relayed",
            &[("time", &clock_time(event.at))],
        ),
        (EventKind::MailDeferred, true) => trf(
            lang,
            "event.mail_deferred",
            &[("retry", &retry_words(lang, event.data.until))],
        ),
        (EventKind::MailDeferred, false) => trf(
            lang,
            "event.mail_deferred_code",
            &[
                ("retry", &retry_words(lang, event.data.until)),
                ("code", code),
            ],
        ),
        (EventKind::MailFailed, true) => tr(lang, "event.mail_failed_gave_up").into(),
        (EventKind::MailFailed, false) => trf(lang, "event.mail_failed", &[("code", code)]),
        (EventKind::MailBounced, true) => tr(lang, "event.mail_bounced_no_code").into(),
        (_, _) => trf(
            lang,
            "event.mail_bounced",
            &[("why", status_words(lang, code)), ("code", code)],
        ),
    };
    trf(lang, "mail.line", &[("purpose", purpose), ("what", &what)])
}

/// The newest reset link's state in a sentence, for the detail and the resend confirmation:
/// «en cola (el servidor de correo no responde; reintento a las 10:44)».
pub fn state_words(
    lang: Lang,
    state: MailState,
    at: Timestamp,
    retry_at: Option<Timestamp>,
    code: Option<&str>,
) -> String {
    let code = short_code(code);
    let code = code.as_str();
    match state {
        MailState::Queued => tr(lang, "mail.state_queued").into(),
        MailState::Deferred => trf(
            lang,
            "mail.state_deferred",
            &[("why", &waiting_words(lang, state, retry_at))],
        ),
        MailState::Relayed => trf(lang, "mail.state_relayed", &[("time", &clock_time(at))]),
        MailState::Failed if code.is_empty() => tr(lang, "mail.state_failed_gave_up").into(),
        MailState::Failed => trf(lang, "mail.state_failed", &[("code", code)]),
        MailState::Bounced if code.is_empty() => tr(lang, "mail.state_bounced_no_code").into(),
        MailState::Bounced => trf(
            lang,
            "mail.state_bounced",
            &[("why", status_words(lang, code)), ("code", code)],
        ),
        MailState::Unknown => tr(lang, "mail.state_unknown").into(),
    }
}

/// Why a message has not left yet, for «el último enlace sigue en cola (…)»: not yet tried, or
/// the relay does not answer and when it is tried again.
pub fn waiting_words(lang: Lang, state: MailState, retry_at: Option<Timestamp>) -> String {
    match state {
        MailState::Deferred => trf(
            lang,
            "mail.waiting_deferred",
            &[("retry", &retry_words(lang, retry_at))],
        ),
        _ => tr(lang, "mail.waiting_queued").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Actor, ActorKind, EventData, MailNote};

    fn mail_event(kind: EventKind, purpose: MailPurpose, code: Option<&str>) -> Event {
        Event {
            id: 1,
            // 10:42 in Bogotá.
            at: "2026-03-02T15:42:00Z".parse().unwrap(),
            kind,
            user_id: Some(1),
            pqr_id: None,
            actor: Actor {
                kind: ActorKind::System,
                name: None,
            },
            data: EventData {
                until: Some("2026-03-02T15:44:00Z".parse().unwrap()),
                mail: Some(MailNote {
                    id: 7,
                    purpose,
                    state: MailState::Relayed,
                    queue_id: None,
                    status_code: code.map(Into::into),
                    attempt: Some(1),
                }),
                ..Default::default()
            },
        }
    }

    fn text(lang: Lang, kind: EventKind, purpose: MailPurpose, code: Option<&str>) -> String {
        crate::format::events::event_text(lang, &mail_event(kind, purpose, code))
    }

    #[test]
    fn each_transition_in_words_with_its_time_or_code() {
        use EventKind::{MailBounced, MailDeferred, MailFailed, MailRelayed};
        use MailPurpose::{PasswordChanged, PqrReceipt, PqrReply, PqrResolution, ResetLink};
        assert_eq!(
            text(Lang::Es, MailRelayed, ResetLink, None),
            "Enlace de restablecimiento: entregado al servidor de correo 10:42"
        );
        assert_eq!(
            text(Lang::En, MailRelayed, ResetLink, None),
            "Reset link: handed to the mail server 10:42"
        );
        assert_eq!(
            text(Lang::Es, MailDeferred, PqrReceipt, None),
            "Acuse de la PQR: en cola: el servidor de correo no responde, reintento a las 10:44"
        );
        assert_eq!(
            text(Lang::Es, MailDeferred, PqrReply, Some("421")),
            "Respuesta a la PQR: en cola: el servidor de correo pidió esperar (421), reintento a las 10:44"
        );
        assert_eq!(
            text(Lang::Es, MailBounced, ResetLink, Some("5.1.1")),
            "Enlace de restablecimiento: rebotó: el buzón no existe (5.1.1)"
        );
        assert_eq!(
            text(Lang::En, MailBounced, ResetLink, Some("5.1.1")),
            "Reset link: bounced: the mailbox does not exist (5.1.1)"
        );
        assert_eq!(
            text(Lang::Es, MailFailed, PasswordChanged, Some("550")),
            "Aviso de contraseña cambiada: el servidor de correo lo rechazó (550)"
        );
        assert_eq!(
            text(Lang::Es, MailFailed, PqrResolution, None),
            "Resolución de la PQR: no se pudo entregar en 24 h; se dejó de intentar"
        );
    }

    #[test]
    fn status_codes_in_words() {
        let es = |c| status_words(Lang::Es, c);
        assert_eq!(es("5.1.1"), "el buzón no existe");
        assert_eq!(es("5.1.2"), "el dominio no existe");
        assert_eq!(es("5.2.2"), "el buzón está lleno");
        assert_eq!(es("5.7.1"), "rechazado por política");
        assert_eq!(es("5.3.0"), "rechazo permanente");
        assert_eq!(es("550"), "el buzón no está disponible");
        assert_eq!(es("599"), "rechazo permanente");
        assert_eq!(es("4.4.1"), "falla temporal");
        assert_eq!(es("x"), "código desconocido");
        assert_eq!(status_words(Lang::En, "5.2.2"), "the mailbox is full");
        assert_eq!(
            text(
                Lang::Es,
                EventKind::MailFailed,
                MailPurpose::ResetLink,
                Some("550 5.1.1 <x@y> no such user")
            ),
            "Enlace de restablecimiento: el servidor de correo lo rechazó (550)"
        );
    }

    #[test]
    fn the_last_link_state_in_a_sentence() {
        let at: Timestamp = "2026-03-02T15:42:00Z".parse().unwrap();
        let retry: Timestamp = "2026-03-02T15:44:00Z".parse().unwrap();
        assert_eq!(
            state_words(Lang::Es, MailState::Deferred, at, Some(retry), None),
            "en cola (el servidor de correo no responde; reintento a las 10:44)"
        );
        assert_eq!(
            waiting_words(Lang::Es, MailState::Deferred, Some(retry)),
            "el servidor de correo no responde; reintento a las 10:44"
        );
        assert_eq!(
            state_words(Lang::Es, MailState::Relayed, at, None, None),
            "entregado al servidor de correo 10:42"
        );
        assert_eq!(
            state_words(Lang::En, MailState::Bounced, at, None, Some("5.1.1")),
            "bounced: the mailbox does not exist (5.1.1)"
        );
    }
}
