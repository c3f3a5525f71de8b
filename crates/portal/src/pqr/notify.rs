//! What the requester of a PQR is told, and how (issue 25): the contact a ticket is filed with
//! (the linked user's registered email and phone when the request gives none), the channel the
//! answers go to, and the messages that go by email inside the change's transaction — the receipt
//! with the radicado and the legal due date in words, the prórroga notice with its reason and new
//! date (Ley 1755 de 2015, art. 14, parágrafo: before the term ends), every public reply, and the
//! resolution. By WhatsApp (issue 26) the same messages go through the conversations' durable
//! sender, in the requester's WhatsApp conversation (see [`whatsapp`]).

use jiff::civil::Date;
use rusqlite::Connection;

use super::rules::mail_to;
use crate::AppState;
use crate::http::error::ApiError;
use crate::mail::Outgoing;
use crate::storage::conversations::{
    NoticeChat as Chat, Outbound, enqueue_outbound as enqueue, notice_chat,
};
use crate::storage::pqr_requester::add_desk_message;
use crate::whatsapp_out::{template_request, text_request};
use contract::api::conversations::WHATSAPP_WINDOW;
use contract::api::{MailPurpose, NewPqr, PqrStatus, PqrType, ReplyChannel};
use contract::format::mail::purpose_name;
use contract::i18n::{Lang, tr, trf};

/// Completes a new PQR's contact and channel inside its transaction: the linked user's registered
/// email and phone fill what the request left out, the channel defaults to the contact there is,
/// and a ticket nobody could be answered on is refused unless it says `ninguno` (the requester
/// declined to give a contact). A channel without its contact is refused.
/// `registered` is the linked user's email and phone (`storage::users::contact`), `None` when the
/// ticket names no user.
pub(crate) fn complete_contact(
    new: &mut NewPqr,
    registered: Option<(String, String)>,
) -> Result<(), ApiError> {
    if let Some((email, phone)) = registered {
        let r = &mut new.requester;
        if r.email.is_none() && email.parse::<lettre::Address>().is_ok() {
            r.email = Some(email);
        }
        if r.phone.is_none() && !phone.trim().is_empty() {
            r.phone = Some(phone);
        }
    }
    let has = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
    let (email, phone) = (has(&new.requester.email), has(&new.requester.phone));
    let channel = match new.reply_channel {
        Some(c) => c,
        None if email => ReplyChannel::Correo,
        None if phone => ReplyChannel::Whatsapp,
        None => {
            return Err(ApiError::validation(
                "the requester must be reachable (Ley 1755 de 2015): give requester.email or requester.phone, \
                 or reply_channel ninguno when the requester declines to give a contact",
            ));
        }
    };
    match channel {
        ReplyChannel::Correo if !email => Err(ApiError::validation(
            "reply_channel correo needs requester.email",
        )),
        ReplyChannel::Whatsapp if !phone => Err(ApiError::validation(
            "reply_channel whatsapp needs requester.phone",
        )),
        ReplyChannel::Unknown => Err(ApiError::validation("unknown reply_channel")),
        _ => {
            new.reply_channel = Some(channel);
            Ok(())
        }
    }
}

/// What every message to a requester shares.
pub(crate) struct Ticket<'a> {
    pub id: i64,
    pub user_id: Option<i64>,
    pub radicado: &'a str,
    pub subject: &'a str,
    pub name: &'a str,
    pub channel: ReplyChannel,
    pub email: Option<&'a str>,
}

impl Ticket<'_> {
    fn send(
        &self,
        state: &AppState,
        tx: &Connection,
        purpose: MailPurpose,
        subject: &str,
        body: &str,
        now: jiff::Timestamp,
    ) -> anyhow::Result<()> {
        if self.channel == ReplyChannel::Whatsapp {
            let templates = state
                .whatsapp
                .as_deref()
                .map(|wa| wa as &dyn NoticeTemplates);
            return whatsapp(templates, tx, self, purpose, body, now);
        }
        if let Some(to) = mail_to(self.channel, self.email) {
            state.mailer.send(
                tx,
                Outgoing {
                    purpose,
                    to,
                    subject,
                    body,
                    user_id: self.user_id,
                    pqr_id: Some(self.id),
                },
                now,
            )?;
        }
        Ok(())
    }

    /// How the requester adds something, on the channel the message goes by.
    fn answer_here(&self) -> &'static str {
        if self.channel == ReplyChannel::Whatsapp {
            "responde este mensaje"
        } else {
            "responde a este correo"
        }
    }

    fn signature(&self) -> String {
        format!(
            "\n— Mi Portal AccionPlus, radicado {} («{}»)\n",
            self.radicado, self.subject
        )
    }
}

/// «viernes 20 de marzo de 2026»: the requester's messages are in Spanish, in the words of the
/// console's catalog.
fn day(d: Date) -> String {
    let weekday = tr(
        Lang::Es,
        &format!("weekday.{}", d.weekday().to_monday_one_offset()),
    );
    let month = tr(Lang::Es, &format!("month.{}", d.month()));
    format!("{weekday} {} de {month} de {}", d.day(), d.year())
}

/// «a más tardar el viernes 20 de marzo de 2026».
fn by(date: Date) -> String {
    format!("a más tardar el {}", day(date))
}

/// The receipt: the radicado, what was received and when, and the legal due date in words.
pub(crate) fn receipt(
    state: &AppState,
    tx: &Connection,
    t: &Ticket<'_>,
    pqr_type: PqrType,
    received: Date,
    due: Date,
    now: jiff::Timestamp,
) -> anyhow::Result<()> {
    let body = format!(
        "Hola, {name}:\n\n\
         Recibimos tu PQR ({kind}) el {received} y quedó radicada con el número {radicado}.\n\
         Asunto: {subject}\n\n\
         Te responderemos {by} ({days} días hábiles, Ley 1755 de 2015, art. 14).\n\
         Si quieres agregar algo, {answer}.\n{sig}",
        name = t.name,
        kind = tr(Lang::Es, &format!("pqr_type.{}", pqr_type.as_str())).to_lowercase(),
        received = day(received),
        radicado = t.radicado,
        subject = t.subject,
        by = by(due),
        days = pqr_type.term_business_days(),
        answer = t.answer_here(),
        sig = t.signature(),
    );
    let subject = format!("Tu PQR quedó radicada: {}", t.radicado);
    t.send(state, tx, MailPurpose::PqrReceipt, &subject, &body, now)
}

/// The prórroga notice: its reason and the new date, sent with the extension itself (which the
/// portal only grants before the term ends).
pub(crate) fn extension(
    state: &AppState,
    tx: &Connection,
    t: &Ticket<'_>,
    reason: &str,
    was_due: Date,
    new_due: Date,
    now: jiff::Timestamp,
) -> anyhow::Result<()> {
    let body = format!(
        "Hola, {name}:\n\n\
         Necesitamos más tiempo para responder tu PQR {radicado}.\n\
         Motivo: {reason}\n\n\
         Te responderemos {by} (el plazo vencía el {was}). Te lo informamos antes de que venza, \
         como dice el parágrafo del artículo 14 de la Ley 1755 de 2015.\n{sig}",
        name = t.name,
        radicado = t.radicado,
        by = by(new_due),
        was = day(was_due),
        sig = t.signature(),
    );
    let subject = format!("Prórroga de tu PQR {}", t.radicado);
    t.send(state, tx, MailPurpose::PqrExtension, &subject, &body, now)
}

/// A public reply, as the operator wrote it.
pub(crate) fn reply(
    state: &AppState,
    tx: &Connection,
    t: &Ticket<'_>,
    text: &str,
    now: jiff::Timestamp,
) -> anyhow::Result<()> {
    let body = format!("{text}\n{}", t.signature());
    let subject = format!("Respuesta a tu PQR {}", t.radicado);
    t.send(state, tx, MailPurpose::PqrReply, &subject, &body, now)
}

/// The resolution: the ticket resolved (or closed without having been resolved).
pub(crate) fn resolution(
    state: &AppState,
    tx: &Connection,
    t: &Ticket<'_>,
    status: PqrStatus,
    today: Date,
    now: jiff::Timestamp,
) -> anyhow::Result<()> {
    let done = if status == PqrStatus::Cerrada {
        "cerrada"
    } else {
        "resuelta"
    };
    let body = format!(
        "Hola, {name}:\n\n\
         Tu PQR {radicado} quedó {done} el {today}. Las respuestas que te enviamos están en \
         {thread}.\n\
         Si la respuesta no resuelve tu solicitud, {answer} y la revisaremos.\n{sig}",
        name = t.name,
        radicado = t.radicado,
        today = day(today),
        thread = if t.channel == ReplyChannel::Whatsapp {
            "esta misma conversación"
        } else {
            "este mismo hilo de correo"
        },
        answer = t.answer_here(),
        sig = t.signature(),
    );
    let subject = format!("Tu PQR {} quedó {done}", t.radicado);
    t.send(state, tx, MailPurpose::PqrResolution, &subject, &body, now)
}

/// Whether a move to `to` from `from` is the resolution the requester is told of.
pub(crate) fn is_resolution(from: PqrStatus, to: PqrStatus) -> bool {
    to == PqrStatus::Resuelta || (to == PqrStatus::Cerrada && from != PqrStatus::Resuelta)
}

/// WhatsApp's limit for a text message.
const MAX_TEXT_CHARS: usize = 4096;
/// Who a notice is from, in a conversation's thread and a PQR's.
const DESK: &str = "Mi Portal AccionPlus";

/// The requester's WhatsApp chat a PQR's notices go in (`storage::conversations::notice_chat`).
fn chat(conn: &Connection, pqr_id: i64) -> anyhow::Result<Option<Chat>> {
    Ok(notice_chat(conn, pqr_id)?)
}

/// The approved WhatsApp templates as a notice needs them: the channel's settings implement it
/// (declared here, so that the PQRs name no channel module: the channel's webhook feeds the
/// conversations, which radicate PQRs).
pub(crate) trait NoticeTemplates {
    /// The first template (file order) whose placeholders `values` fill, `{{1}}` with the first
    /// value and so on: at most as many placeholders as values, none of them empty.
    fn fill(&self, values: &[&str]) -> Option<FilledTemplate>;
}

/// A template chosen for a notice.
pub(crate) struct FilledTemplate {
    pub name: String,
    pub language: String,
    pub params: Vec<String>,
    /// The body with its placeholders filled, as the requester will read it.
    pub text: String,
}

/// A notice as it goes on WhatsApp.
struct WhatsappSend {
    kind: &'static str,
    /// What the requester reads (a template as rendered).
    text: String,
    request: serde_json::Value,
}

/// WhatsApp's 24-hour rule for a notice: inside the window, the notice's own words as free text;
/// outside it, the first configured template (file order) whose placeholders the notice fills —
/// `{{1}}` the requester's first name, `{{2}}` the radicado, as the console fills them — so a
/// template of at most two placeholders. Err is the catalog key of why it cannot go.
fn route(
    templates: Option<&dyn NoticeTemplates>,
    chat: &Chat,
    t: &Ticket<'_>,
    text: &str,
    now: jiff::Timestamp,
) -> Result<WhatsappSend, &'static str> {
    let templates = templates.ok_or("notice.whatsapp_off")?;
    let window_open = chat
        .last_inbound_at
        .and_then(|at| crate::db::ts(at).checked_add(WHATSAPP_WINDOW).ok())
        .is_some_and(|closes| closes > now);
    if window_open {
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err("notice.whatsapp_too_long");
        }
        return Ok(WhatsappSend {
            kind: "text",
            text: text.to_string(),
            request: text_request(&chat.address, text),
        });
    }
    let values = [
        t.name.split_whitespace().next().unwrap_or_default(),
        t.radicado,
    ];
    let t = templates
        .fill(&values)
        .ok_or("notice.whatsapp_no_template")?;
    Ok(WhatsappSend {
        kind: "template",
        request: template_request(&chat.address, &t.name, &t.language, &t.params),
        text: t.text,
    })
}

/// A notice by WhatsApp, inside the change's transaction: queued in the requester's conversation
/// for the durable sender (retried, never twice; the callbacks draw its ticks), or put in that
/// thread as not sent. Either way the PQR's thread shows it: the notice as the requester reads
/// it, or an internal note with why it did not go (the operator's own reply is there already).
fn whatsapp(
    templates: Option<&dyn NoticeTemplates>,
    tx: &Connection,
    t: &Ticket<'_>,
    purpose: MailPurpose,
    text: &str,
    now: jiff::Timestamp,
) -> anyhow::Result<()> {
    let answers = purpose == MailPurpose::PqrReply;
    let Some(chat) = chat(tx, t.id)? else {
        return not_sent(tx, t.id, purpose, "notice.whatsapp_no_chat", now);
    };
    let mut outbound = Outbound {
        conversation_id: chat.conversation_id,
        kind: "text",
        text,
        request: None,
        author_name: DESK,
        answers,
    };
    match route(templates, &chat, t, text, now) {
        Ok(send) => {
            outbound.kind = send.kind;
            outbound.text = &send.text;
            outbound.request = Some(send.request);
            enqueue(tx, &outbound, now)?;
            if !answers {
                pqr_message(tx, t.id, "public", &send.text, now)?;
            }
            Ok(())
        }
        Err(reason) => {
            // Not sent: the requester still waits for an answer.
            outbound.answers = false;
            enqueue(tx, &outbound, now)?;
            not_sent(tx, t.id, purpose, reason, now)
        }
    }
}

/// The PQR's internal note that a notice did not go by WhatsApp, and why (in Spanish, like the
/// notices: it is the ticket's record).
fn not_sent(
    tx: &Connection,
    pqr_id: i64,
    purpose: MailPurpose,
    reason: &str,
    now: jiff::Timestamp,
) -> anyhow::Result<()> {
    let note = trf(
        Lang::Es,
        "notice.whatsapp_unsent",
        &[
            ("what", purpose_name(Lang::Es, purpose)),
            ("reason", tr(Lang::Es, reason)),
        ],
    );
    pqr_message(tx, pqr_id, "internal", &note, now)
}

fn pqr_message(
    tx: &Connection,
    pqr_id: i64,
    visibility: &str,
    body: &str,
    now: jiff::Timestamp,
) -> anyhow::Result<()> {
    Ok(add_desk_message(
        tx,
        pqr_id,
        visibility,
        body,
        DESK,
        crate::storage::db::ms(now),
    )?)
}
