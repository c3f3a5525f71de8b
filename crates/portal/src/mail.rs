//! Outgoing email: every message is written as an RFC 5322 `.eml` file in the outbox folder
//! (atomically: a private O_EXCL|O_NOFOLLOW temporary file, then a rename) and, when a relay is configured, also sent to it.
//! The texts are the portal's own, word for word from its reset guide.

use std::path::{Path, PathBuf};

use anyhow::Context;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox, Message, SinglePart};

/// The sender the guide names: a message «de AccionPlus».
pub(crate) const FROM: &str = "AccionPlus <no-responder@miportal.accionplus.com>";
pub(crate) const RESET_SUBJECT: &str = "restablecer acceso";
pub(crate) const CHANGED_SUBJECT: &str = "tu contraseña fue cambiada";
/// Demo convention: every address at this domain bounces.
pub(crate) const BOUNCING_DOMAIN: &str = "rebota.example";

static SEQUENCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

#[derive(Debug)]
pub struct Mailer {
    outbox: PathBuf,
    relay: Option<String>,
}

impl Mailer {
    pub fn new(outbox: PathBuf, relay: Option<String>) -> anyhow::Result<Self> {
        // Reset links are secrets: the outbox is 0700 and every message 0600.
        super::files::private_dir(&outbox)
            .with_context(|| format!("cannot create the outbox {}", outbox.display()))?;
        Ok(Self { outbox, relay })
    }

    pub fn outbox(&self) -> &Path {
        &self.outbox
    }

    /// Writes the message to the outbox and returns the file's path. Called inside the transaction
    /// of the change that sends it: if writing fails, the change is rolled back.
    pub fn deliver(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        now: jiff::Timestamp,
    ) -> anyhow::Result<PathBuf> {
        let message = Message::builder()
            .from(FROM.parse().context("bad sender address")?)
            .to(to
                .parse::<Mailbox>()
                .with_context(|| "the recipient address is not valid".to_string())?)
            .subject(subject)
            .singlepart(
                // 8bit keeps the .eml readable and the link whole (no quoted-printable wrapping).
                SinglePart::builder()
                    .header(ContentType::TEXT_PLAIN)
                    .body(readable_body(body)),
            )
            .context("cannot build the email")?;
        let bytes = message.formatted();
        // Time, then a sequence number: the outbox lists in sending order even within a millisecond.
        let seq = SEQUENCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!(
            "{:013}-{seq:06}-{}.eml",
            now.as_millisecond(),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        let path = super::files::write_private(&self.outbox, &name, &bytes)?;
        if let Some(relay) = self.relay.clone() {
            tokio::spawn(relay_send(relay, message));
        }
        Ok(path)
    }
}

/// 8bit UTF-8 with CRLF lines when every line fits RFC 5322's 998 octets (our texts always do:
/// lettre would otherwise pick quoted-printable for the ~90-character link line, wrapping it with
/// soft breaks that a person copying the link from the .eml would break); lettre's choice otherwise.
fn readable_body(body: &str) -> Body {
    let crlf = body.replace("\r\n", "\n").replace('\n', "\r\n");
    if crlf.split("\r\n").all(|l| l.len() < 998) && !crlf.contains('\0') {
        Body::dangerous_pre_encoded(crlf.into_bytes(), ContentTransferEncoding::EightBit)
    } else {
        Body::new(body.to_string())
    }
}

async fn relay_send(relay: String, message: Message) {
    use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
    let (host, port) = match relay.rsplit_once(':') {
        Some((h, p)) => (h.to_string(), p.parse().unwrap_or(25)),
        None => (relay.clone(), 25),
    };
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port)
        .build();
    if let Err(e) = transport.send(message).await {
        tracing::warn!(error = %e, "SMTP relay refused a message (it stays in the outbox)");
    }
}

/// Whether mail to `address` bounces (the demo's stand-in for a real bounce report).
pub(crate) fn bounces(address: &str) -> bool {
    address
        .rsplit_once('@')
        .is_some_and(|(_, domain)| domain.eq_ignore_ascii_case(BOUNCING_DOMAIN))
}

/// The reset email of the guide, with the portal's base and the link.
pub(crate) fn reset_body(public_base_url: &str, token: &str) -> String {
    format!(
        "Recibimos una solicitud de restauración de cuenta en {base}\n\
         Accede a través del siguiente link para realizar el cambio de contraseña:\n\
         \n\
         {base}/cv/recordar/contrasena/{token}\n",
        base = public_base_url
    )
}

/// The notice sent after a password change.
pub(crate) fn changed_body(public_base_url: &str) -> String {
    format!(
        "La contraseña de tu usuario en Mi Portal AccionPlus ({public_base_url}) fue cambiada.\n\
         Si no fuiste tú, comunícate de inmediato con nuestros canales de soporte: \
         WhatsApp, Correo Electrónico o PQR.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_a_readable_eml() {
        let dir = tempfile::tempdir().unwrap();
        let m = Mailer::new(dir.path().to_path_buf(), None).unwrap();
        let body = reset_body(
            "https://miportal.accionplus.com",
            "xoMwvTTRmPD008kJaFx28mvNkAqYydcx",
        );
        let path = m.deliver(
            "josé@gmail.com",
            RESET_SUBJECT,
            &body,
            jiff::Timestamp::UNIX_EPOCH,
        );
        let text = std::fs::read_to_string(path.unwrap()).unwrap();
        assert!(text.contains("https://miportal.accionplus.com/cv/recordar/contrasena/xoMwvTTRmPD008kJaFx28mvNkAqYydcx"), "{text}");
        assert!(text.contains("restauración"), "{text}");
    }
}
