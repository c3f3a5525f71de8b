//! What a message that came back changes, inside one write transaction: a hard bounce marks its
//! outbox row and the user's address; a reply lands in its PQR's thread; mail that names no
//! message of ours opens (or joins) a conversation of the `correo` channel. Each recipient gets its own SMTP answer.
//! Not an operator's action: no audit record, but every decision is logged (sanitised, masked).

use jiff::Timestamp;
use rusqlite::Connection;

use super::Recipient;
use super::parse::{Inbound, Report};
use crate::AppState;
use crate::db::ms;
use crate::events::{NewEvent, insert, system_actor};
use crate::storage;
use crate::storage::mail_outbox::{self, Sent};
use crate::tokens::sha256_hex;
use contract::api::{Channel, Event, EventData, EventKind, MailNote, MailState, MessageKind};
use contract::domain::masking::mask_email;

/// Mails one sender address may add to its correo conversation in an hour; past it `451`.
pub(crate) const MAILS_PER_SENDER_HOUR: i64 = 30;

/// The SMTP answer for one recipient, and the events to publish once committed.
#[derive(Debug)]
pub(crate) struct Answer {
    pub code: u16,
    pub text: String,
    pub events: Vec<Event>,
}

impl Answer {
    fn ok(text: impl Into<String>) -> Self {
        Self {
            code: 250,
            text: text.into(),
            events: Vec::new(),
        }
    }

    fn refuse(code: u16, text: impl Into<String>) -> Self {
        Self {
            code,
            text: text.into(),
            events: Vec::new(),
        }
    }

    fn with(mut self, event: Event) -> Self {
        self.events.push(event);
        self
    }
}

/// The outbox row a message that came back names.
/// The message whose return path or reply address carries `tag` (only its hash is stored).
fn sent_by_tag(tx: &Connection, tag: &str) -> anyhow::Result<Option<Sent>> {
    Ok(mail_outbox::sent_by_tag_hash(tx, &sha256_hex(tag))?)
}

fn sent_by_message_id(tx: &Connection, message_id: &str) -> anyhow::Result<Option<Sent>> {
    Ok(mail_outbox::sent_by_message_id(tx, message_id)?)
}

/// Whether a tag names a message of ours (asked at RCPT, so an unknown address is refused there).
pub(crate) fn tag_known(tx: &Connection, tag: &str) -> anyhow::Result<bool> {
    Ok(sent_by_tag(tx, tag)?.is_some())
}

/// Applies one read mail for one recipient.
pub(crate) fn apply(
    tx: &Connection,
    to: &Recipient,
    mail: &Inbound,
    arrived: Timestamp,
) -> anyhow::Result<Answer> {
    match to {
        Recipient::Bounce(tag) => {
            let sent = sent_by_tag(tx, tag)?;
            match &mail.report {
                Some(report) => bounce(tx, sent, report, arrived),
                None => {
                    tracing::info!(
                        mail_id = sent.as_ref().map(|s| s.id),
                        "inbound mail: a message to a return path that is no delivery report: dropped"
                    );
                    Ok(Answer::ok("2.6.0 not a delivery report: dropped"))
                }
            }
        }
        Recipient::Reply(tag) => once(tx, mail, arrived, || match sent_by_tag(tx, tag)? {
            Some(sent) if sent.pqr_id.is_some() => reply(tx, &sent, mail, arrived),
            // A reply address always belongs to a PQR's message; a tag that names another is
            // treated as mail that matches no ticket.
            _ => new_correo(tx, mail, arrived, None),
        }),
        Recipient::Support => {
            if let Some(report) = &mail.report {
                let sent = match &report.original_message_id {
                    Some(id) => sent_by_message_id(tx, id)?,
                    None => None,
                };
                return bounce(tx, sent, report, arrived);
            }
            once(tx, mail, arrived, || {
                for id in &mail.answers {
                    if let Some(sent) = sent_by_message_id(tx, id)?
                        && sent.pqr_id.is_some()
                    {
                        return reply(tx, &sent, mail, arrived);
                    }
                }
                new_correo(tx, mail, arrived, None)
            })
        }
    }
}

/// Takes a mail into a thread or a PQR once: the same Message-ID again (an MTA that did not
/// see our answer retries) is answered 250 and changes nothing.
fn once(
    tx: &Connection,
    mail: &Inbound,
    arrived: Timestamp,
    take: impl FnOnce() -> anyhow::Result<Answer>,
) -> anyhow::Result<Answer> {
    let Some(id) = &mail.message_id else {
        return take();
    };
    let seen = mail_outbox::inbound_seen(tx, id)?;
    if seen {
        tracing::info!("inbound mail: a mail already taken came again: ignored");
        return Ok(Answer::ok("2.0.0 already received"));
    }
    let answer = take()?;
    if !answer.events.is_empty() {
        mail_outbox::inbound_taken(tx, id, ms(arrived))?;
    }
    Ok(answer)
}

/// A delivery report: a hard one marks the message bounced and its user's address bouncing.
fn bounce(
    tx: &Connection,
    sent: Option<Sent>,
    report: &Report,
    arrived: Timestamp,
) -> anyhow::Result<Answer> {
    let status = report.status.clone();
    let Some(sent) = sent else {
        // Forged, or about a message we no longer know: accepted (refusing it would only make
        // the forwarding MTA write a bounce of the bounce to its postmaster) and changes nothing.
        tracing::warn!(
            status = status.as_deref().unwrap_or("-"),
            "inbound mail: a delivery report for no message of ours: ignored"
        );
        return Ok(Answer::ok("2.6.0 report for an unknown message: ignored"));
    };
    if !report.is_hard() {
        tracing::info!(
            mail_id = sent.id,
            status = status.as_deref().unwrap_or("-"),
            delayed = report.delayed,
            "inbound mail: a delay or soft report: the message may still arrive"
        );
        return Ok(Answer::ok("2.6.0 delay noted"));
    }
    if sent.state == MailState::Bounced.as_str() {
        tracing::info!(
            mail_id = sent.id,
            "inbound mail: a second report for a bounced message"
        );
        return Ok(Answer::ok("2.6.0 already bounced"));
    }
    let now = ms(arrived);
    mail_outbox::mark_bounced(
        tx,
        sent.id,
        status.as_deref(),
        report.diagnostic.as_deref(),
        now,
    )?;
    if let Some(user) = sent.user_id {
        // Only while the user still has the address that bounced (it may have been corrected).
        storage::users::mark_email_bounced(tx, user, status.as_deref(), now, &sent.recipient)?;
    }
    tracing::info!(
        mail_id = sent.id,
        to = %mask_email(&sent.recipient),
        status = status.as_deref().unwrap_or("-"),
        "inbound mail: the message bounced"
    );
    let event = insert(
        tx,
        NewEvent {
            at: arrived,
            kind: EventKind::MailBounced,
            user_id: sent.user_id,
            pqr_id: sent.pqr_id,
            actor: system_actor(),
            data: EventData {
                email_masked: Some(mask_email(&sent.recipient)),
                mail: Some(MailNote {
                    id: sent.id,
                    purpose: sent.purpose,
                    state: MailState::Bounced,
                    queue_id: None,
                    status_code: status,
                    attempt: None,
                }),
                ..Default::default()
            },
        },
    )?;
    Ok(Answer::ok("2.6.0 bounce recorded").with(event))
}

/// The requester's answer to one of a PQR's messages: a public message in its thread.
fn reply(
    tx: &Connection,
    sent: &Sent,
    mail: &Inbound,
    arrived: Timestamp,
) -> anyhow::Result<Answer> {
    let Some(pqr_id) = sent.pqr_id else {
        return new_correo(tx, mail, arrived, None);
    };
    let from_ok = mail
        .from_email
        .as_deref()
        .is_some_and(|f| f.eq_ignore_ascii_case(sent.recipient.trim()));
    if !from_ok {
        tracing::warn!(
            mail_id = sent.id,
            pqr_id,
            from = %mail.from_email.as_deref().map(mask_email).unwrap_or_default(),
            "inbound mail: a reply from an address that is not the ticket's requester: refused"
        );
        return Ok(Answer::refuse(
            550,
            "5.7.1 this reply address belongs to another sender: write from the address the message was sent to",
        ));
    }
    if mail.automatic {
        tracing::info!(
            pqr_id,
            "inbound mail: an automatic answer (Auto-Submitted): not put in the thread"
        );
        return Ok(Answer::ok("2.6.0 automatic answer: dropped"));
    }
    let name = storage::pqr::requester_name(tx, pqr_id)?;
    let body = compose(mail, None);
    match crate::storage::pqr_requester::add_message(tx, pqr_id, &body, &name, arrived)? {
        Ok(event) => {
            tracing::info!(
                pqr_id,
                bytes = body.len(),
                attachments = mail.attachments.len(),
                "inbound mail: the requester's reply is in the thread"
            );
            Ok(Answer::ok("2.0.0 reply added to the thread").with(event))
        }
        Err(radicado) => {
            // A closed ticket takes no messages: the answer goes to the sender's conversation,
            // naming it.
            let note = format!("Respuesta por correo a la PQR cerrada {radicado}.");
            new_correo(tx, mail, arrived, Some(note))
        }
    }
}

/// Mail that matches no ticket opens a conversation of the `correo` channel, or joins the
/// sender's open one (issue 26): the desk answers it from the console, and radicates a PQR from it
/// when the law needs one (the term then runs from the first mail's arrival). `note` says which
/// closed ticket the mail answered.
fn new_correo(
    tx: &Connection,
    mail: &Inbound,
    arrived: Timestamp,
    note: Option<String>,
) -> anyhow::Result<Answer> {
    let Some(email) = mail.from_email.clone() else {
        tracing::info!("inbound mail: no sender address to answer: refused");
        return Ok(Answer::refuse(
            550,
            "5.1.7 a From address is needed to answer this mail",
        ));
    };
    let hour_ago = ms(arrived) - 3_600_000;
    let recent = storage::conversations::inbound_mails_since(tx, &email, hour_ago)?;
    if recent >= MAILS_PER_SENDER_HOUR {
        tracing::warn!(from = %mask_email(&email), "inbound mail: too many mails from this sender this hour");
        return Ok(Answer::refuse(
            451,
            "4.7.1 too many mails from this address: try again later",
        ));
    }
    let name: String = if mail.from_name.trim().is_empty() {
        email.chars().take(120).collect()
    } else {
        mail.from_name.chars().take(120).collect()
    };
    let mut body = String::new();
    if !mail.subject.trim().is_empty() {
        body.push_str(&format!(
            "Asunto: {}\n\n",
            mail.subject.chars().take(200).collect::<String>()
        ));
    }
    body.push_str(&compose(mail, note.as_deref()));
    let message = crate::storage::conversations::Inbound {
        channel: Channel::Correo,
        address: email.clone(),
        name,
        // A mail without a Message-ID is still stored once per arrival.
        external_id: match &mail.message_id {
            Some(id) => format!("mail:{id}"),
            None => format!("mail:{}", uuid::Uuid::new_v4()),
        },
        kind: MessageKind::Email,
        body,
        media_type: None,
        media_id: None,
        at: arrived,
    };
    let events = crate::storage::conversations::receive(tx, &message)?;
    if events.is_empty() {
        return Ok(Answer::ok("2.0.0 already received"));
    }
    tracing::info!(from = %mask_email(&email), "inbound mail: taken into a correo conversation");
    let mut answer = Answer::ok("2.0.0 taken into a conversation");
    answer.events = events;
    Ok(answer)
}

/// The text a thread or a new PQR keeps: an optional note, the mail's text (quoted history
/// included, as the requester sent it), and its attachments by name, type and size (not kept).
fn compose(mail: &Inbound, note: Option<&str>) -> String {
    let mut body = String::new();
    if let Some(note) = note {
        body.push_str(note);
        body.push_str("\n\n");
    }
    let text = mail.text.trim();
    body.push_str(if text.is_empty() {
        "(correo sin texto)"
    } else {
        text
    });
    if !mail.attachments.is_empty() {
        body.push_str(
            "\n\nAdjuntos (no se guardan; pida que los envíe por otro canal si hacen falta):",
        );
        for a in &mail.attachments {
            body.push_str(&format!(
                "\n- {} ({}, {})",
                a.name,
                a.content_type,
                human_size(a.size)
            ));
        }
    }
    body
}

fn human_size(bytes: usize) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{} KB", b.div_ceil(1024)),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

/// Reads `raw` and applies it for each recipient in one transaction, then publishes the events.
/// The answers come in the recipients' order. `null_sender`: the envelope sender was `<>`.
pub(crate) async fn deliver(
    state: &AppState,
    recipients: Vec<Recipient>,
    raw: Vec<u8>,
    null_sender: bool,
) -> anyhow::Result<Vec<Answer>> {
    let arrived = state.clock.now();
    let mail = tokio::task::spawn_blocking(move || super::parse::read(&raw, null_sender))
        .await
        .map_err(|e| anyhow::anyhow!("reading the mail failed: {e}"))?;
    let mut answers = state
        .db
        .write(move |tx| {
            recipients
                .iter()
                .map(|to| apply(tx, to, &mail, arrived))
                .collect::<anyhow::Result<Vec<_>>>()
        })
        .await?;
    for answer in &mut answers {
        state.bus.publish(std::mem::take(&mut answer.events));
    }
    Ok(answers)
}

/// Feeds a whole message (a delivery report, a reply) through the same reading and the same
/// changes as the listener, inside the caller's transaction: the demo seeds its bouncing user so.
pub fn deliver_report(
    tx: &Connection,
    to_tag: &str,
    raw: &[u8],
    arrived: Timestamp,
) -> anyhow::Result<Vec<Event>> {
    let mail = super::parse::read(raw, true);
    let answer = apply(tx, &Recipient::Bounce(to_tag.to_string()), &mail, arrived)?;
    Ok(answer.events)
}
