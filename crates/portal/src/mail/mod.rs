//! Outgoing email: every message is written as an RFC 5322 `.eml` file in the outbox folder
//! (atomically: a private O_EXCL|O_NOFOLLOW temporary file, then a rename) and queued as a row of
//! the sending change's transaction; when a relay is configured, the delivery worker
//! (`worker.rs`) relays the committed rows to it (`transport.rs`).
//! The texts are the portal's own, word for word from its reset guide.

use std::path::{Path, PathBuf};

use anyhow::Context;
use lettre::message::Body;
use lettre::message::header::ContentTransferEncoding;

/// The sender the guide names: a message «de AccionPlus».
pub(crate) const FROM: &str = "AccionPlus <no-responder@miportal.accionplus.com>";
pub(crate) const RESET_SUBJECT: &str = "restablecer acceso";
pub(crate) const CHANGED_SUBJECT: &str = "tu contraseña fue cambiada";

mod outbox;
mod transport;

pub use transport::{Security, SmtpCredentials, SmtpSettings, SmtpUrl};

#[allow(unused_imports)] // the delivery worker and the inbound listener use it (issue 25)
pub(crate) use outbox::{Outgoing, Queued, Waiting, waiting};

static SEQUENCE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

#[derive(Debug)]
pub struct Mailer {
    outbox: PathBuf,
    /// The relay's URL (never its credentials), when the delivery worker runs.
    relay: Option<String>,
    /// The domain of Message-IDs, return paths and reply addresses (`--mail-domain`).
    mail_domain: String,
    /// Wakes the delivery worker when a message is queued.
    queued: tokio::sync::Notify,
    /// Whether the delivery worker's task is alive (readiness reads it).
    delivering: std::sync::atomic::AtomicBool,
}

impl Mailer {
    pub fn new(
        outbox: PathBuf,
        relay: Option<String>,
        mail_domain: String,
    ) -> anyhow::Result<Self> {
        // Reset links are secrets: the outbox is 0700 and every message 0600.
        super::files::private_dir(&outbox)
            .with_context(|| format!("cannot create the outbox {}", outbox.display()))?;
        Ok(Self {
            outbox,
            relay,
            mail_domain,
            queued: tokio::sync::Notify::new(),
            delivering: std::sync::atomic::AtomicBool::new(false),
        })
    }

    pub fn outbox(&self) -> &Path {
        &self.outbox
    }

    pub fn relay(&self) -> Option<&str> {
        self.relay.as_deref()
    }

    pub(crate) fn mail_domain(&self) -> &str {
        &self.mail_domain
    }

    /// Whether the delivery worker runs: set while its task lives, cleared when the task ends,
    /// panics or is aborted.
    pub(crate) fn delivering(&self) -> bool {
        self.delivering.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub(crate) fn set_delivering(&self, on: bool) {
        self.delivering
            .store(on, std::sync::atomic::Ordering::SeqCst);
    }

    /// Tells the delivery worker there is work (a permit is kept if it is not waiting).
    pub(crate) fn wake(&self) {
        self.queued.notify_one();
    }

    /// Waits until a message is queued.
    pub(crate) async fn queued(&self) {
        self.queued.notified().await;
    }

    /// Writes the message's copy to the outbox folder and returns its path.
    fn write_copy(&self, bytes: &[u8], now: jiff::Timestamp) -> anyhow::Result<PathBuf> {
        // Time, then a sequence number: the outbox lists in sending order even within a millisecond.
        let seq = SEQUENCE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!(
            "{:013}-{seq:06}-{}.eml",
            now.as_millisecond(),
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        );
        super::files::write_private(&self.outbox, &name, bytes)
    }
}

/// The mail domain when `--mail-domain` is not given: the public base URL's host (`localhost`
/// for an IP address, which a mail address cannot carry bare).
pub(crate) fn default_mail_domain(public_base_url: &str) -> String {
    let host = public_base_url
        .split_once("://")
        .map_or(public_base_url, |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    if host.is_empty() || host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        "localhost".to_string()
    } else {
        host.to_ascii_lowercase()
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

    fn outbox_db() -> rusqlite::Connection {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        // The outbox alone: its references to users and PQRs stay unchecked here.
        let schema = include_str!("../storage/migrations/006_mail.sql")
            .replace("REFERENCES users (id)", "")
            .replace("REFERENCES pqr (id)", "");
        c.execute_batch(&schema).unwrap();
        c
    }

    #[test]
    fn writes_a_readable_eml_and_queues_it() {
        let dir = tempfile::tempdir().unwrap();
        let m = Mailer::new(
            dir.path().to_path_buf(),
            None,
            "miportal.accionplus.com".into(),
        )
        .unwrap();
        let body = reset_body(
            "https://miportal.accionplus.com",
            "xoMwvTTRmPD008kJaFx28mvNkAqYydcx",
        );
        let db = outbox_db();
        let mail = Outgoing {
            purpose: contract::api::MailPurpose::ResetLink,
            to: "josé@gmail.com",
            subject: RESET_SUBJECT,
            body: &body,
            user_id: None,
            pqr_id: None,
        };
        let queued = m.send(&db, mail, jiff::Timestamp::UNIX_EPOCH).unwrap();
        let text = std::fs::read_to_string(&queued.path).unwrap();
        assert!(text.contains("https://miportal.accionplus.com/cv/recordar/contrasena/xoMwvTTRmPD008kJaFx28mvNkAqYydcx"), "{text}");
        assert!(text.contains("restauración"), "{text}");
        assert!(
            text.contains(&format!("Message-ID: <{}>", queued.message_id)),
            "{text}"
        );
        assert!(
            !text.contains("Reply-To"),
            "a reset link asks for no answer: {text}"
        );
        let (state, return_path): (String, String) = db
            .query_row(
                "SELECT state, return_path FROM mail_outbox WHERE id = ?1",
                [queued.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(state, "queued");
        assert!(
            return_path.starts_with("rebote+") && return_path.ends_with("@miportal.accionplus.com")
        );
    }

    #[test]
    fn the_mail_domain_defaults_to_the_public_host() {
        assert_eq!(
            default_mail_domain("https://MiPortal.AccionPlus.com/x"),
            "miportal.accionplus.com"
        );
        assert_eq!(default_mail_domain("http://127.0.0.1:8080"), "localhost");
        assert_eq!(default_mail_domain("http://[::1]:8080"), "localhost");
    }
}
