//! The transactional outbox (issue 25): a message is a `mail_outbox` row written in the
//! transaction of the change that sends it, so a rolled-back change sends nothing. The delivery
//! worker relays queued rows after the commit.

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Mailbox, Message, SinglePart};
use rusqlite::Connection;

use contract::api::{MailPurpose, MailState};

use super::{FROM, Mailer, readable_body};
use crate::storage::mail_outbox;
use crate::tokens::{random_alphanumeric, sha256_hex};

/// Length of the random tag naming a message in its return path and reply address.
const TAG_LEN: usize = 26;

/// A message to send, as the change that sends it describes it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outgoing<'a> {
    pub purpose: MailPurpose,
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub user_id: Option<i64>,
    pub pqr_id: Option<i64>,
}

pub(crate) use crate::storage::mail_outbox::{Waiting, waiting};

/// A message written to the outbox, not yet relayed.
#[derive(Debug, Clone)]
#[allow(dead_code)] // read by the worker and the tests (issue 25)
pub(crate) struct Queued {
    pub id: i64,
    pub message_id: String,
    /// The `.eml` copy in the outbox folder.
    pub path: std::path::PathBuf,
}

impl Mailer {
    /// Queues `mail` inside the caller's transaction: the row, and the `.eml` copy in the outbox
    /// folder. If this fails the caller's change rolls back; if the change rolls back later, the
    /// row goes with it (an orphan `.eml` copy may stay, never sent).
    pub(crate) fn send(
        &self,
        tx: &Connection,
        mail: Outgoing<'_>,
        now: jiff::Timestamp,
    ) -> anyhow::Result<Queued> {
        let tag = random_alphanumeric(TAG_LEN).to_ascii_lowercase();
        let domain = self.mail_domain();
        let message_id = format!("{}@{domain}", random_alphanumeric(TAG_LEN));
        let return_path = format!("rebote+{tag}@{domain}");
        let mut builder = Message::builder()
            .from(FROM.parse().context("bad sender address")?)
            .to(mail
                .to
                .parse::<Mailbox>()
                .context("the recipient address is not valid")?)
            .subject(mail.subject)
            .message_id(Some(format!("<{message_id}>")));
        if mail.pqr_id.is_some() {
            // The requester's answer comes back to this address and lands in the PQR's thread.
            let reply_to = format!("respuesta+{tag}@{domain}");
            builder = builder.reply_to(reply_to.parse().context("bad reply address")?);
        }
        let message = builder
            .singlepart(
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(readable_body(mail.body)),
            )
            .context("cannot build the email")?;
        let bytes = message.formatted();
        let path = self.write_copy(&bytes, now)?;
        let now_ms = now.as_millisecond();
        let id = mail_outbox::queue(
            tx,
            &mail_outbox::NewMail {
                message_id: &message_id,
                tag_sha256: &sha256_hex(&tag),
                purpose: mail.purpose.as_str(),
                recipient: mail.to,
                user_id: mail.user_id,
                pqr_id: mail.pqr_id,
                state: MailState::Queued.as_str(),
                now_ms,
                return_path: &return_path,
                eml_file: path.file_name().map(|n| n.to_string_lossy().into_owned()),
            },
        )
        .context("cannot queue the email")?;
        self.wake();
        Ok(Queued {
            id,
            message_id,
            path,
        })
    }
}
