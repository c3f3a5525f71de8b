//! What the requester of a PQR is told, and how (issue 25): the contact a ticket is filed with
//! (the linked user's registered email and phone when the request gives none), the channel the
//! answers go to, and the messages that go by email inside the change's transaction — the receipt
//! with the radicado and the legal due date in words, the prórroga notice with its reason and new
//! date (Ley 1755 de 2015, art. 14, parágrafo: before the term ends), every public reply, and the
//! resolution. WhatsApp is recorded as the channel but nothing is sent by it until the
//! conversations issue: the ticket says the requester is not reachable, and no mail pretends.

use jiff::civil::Date;
use rusqlite::Connection;

use super::rules::mail_to;
use crate::http::error::ApiError;
use crate::mail::{Mailer, Outgoing};
use contract::api::{MailPurpose, NewPqr, PqrStatus, PqrType, ReplyChannel};
use contract::i18n::{Lang, tr};

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
        mailer: &Mailer,
        tx: &Connection,
        purpose: MailPurpose,
        subject: &str,
        body: &str,
        now: jiff::Timestamp,
    ) -> anyhow::Result<()> {
        if let Some(to) = mail_to(self.channel, self.email) {
            mailer.send(
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
    mailer: &Mailer,
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
         Si quieres agregar algo, responde a este correo.\n{sig}",
        name = t.name,
        kind = tr(Lang::Es, &format!("pqr_type.{}", pqr_type.as_str())).to_lowercase(),
        received = day(received),
        radicado = t.radicado,
        subject = t.subject,
        by = by(due),
        days = pqr_type.term_business_days(),
        sig = t.signature(),
    );
    let subject = format!("Tu PQR quedó radicada: {}", t.radicado);
    t.send(mailer, tx, MailPurpose::PqrReceipt, &subject, &body, now)
}

/// The prórroga notice: its reason and the new date, sent with the extension itself (which the
/// portal only grants before the term ends).
pub(crate) fn extension(
    mailer: &Mailer,
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
    t.send(mailer, tx, MailPurpose::PqrExtension, &subject, &body, now)
}

/// A public reply, as the operator wrote it.
pub(crate) fn reply(
    mailer: &Mailer,
    tx: &Connection,
    t: &Ticket<'_>,
    text: &str,
    now: jiff::Timestamp,
) -> anyhow::Result<()> {
    let body = format!("{text}\n{}", t.signature());
    let subject = format!("Respuesta a tu PQR {}", t.radicado);
    t.send(mailer, tx, MailPurpose::PqrReply, &subject, &body, now)
}

/// The resolution: the ticket resolved (or closed without having been resolved).
pub(crate) fn resolution(
    mailer: &Mailer,
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
         este mismo hilo de correo.\n\
         Si la respuesta no resuelve tu solicitud, responde a este correo y la revisaremos.\n{sig}",
        name = t.name,
        radicado = t.radicado,
        today = day(today),
        sig = t.signature(),
    );
    let subject = format!("Tu PQR {} quedó {done}", t.radicado);
    t.send(mailer, tx, MailPurpose::PqrResolution, &subject, &body, now)
}

/// Whether a move to `to` from `from` is the resolution the requester is told of.
pub(crate) fn is_resolution(from: PqrStatus, to: PqrStatus) -> bool {
    to == PqrStatus::Resuelta || (to == PqrStatus::Cerrada && from != PqrStatus::Resuelta)
}
