//! What a message that came back says, read with a maintained MIME parser (`mail-parser`):
//! a delivery report (RFC 3464, or the common non-standard bounces of qmail, Exim and Postfix)
//! or a person's mail (its sender, subject, text and attachments). Pure: bytes in, a value out,
//! every text from outside sanitised; never a panic on hostile bytes.

use mail_parser::{Message, MessageParser, MimeHeaders, PartType};

use contract::domain::sanitize::{sanitize, untrusted};

/// Longest text kept from a mail for a PQR or its thread: the API's body limit (64 KiB), with
/// room for a note and the list of attachments.
const MAX_TEXT_BYTES: usize = 56 * 1024;
/// Attachments listed in the text at most.
const MAX_LISTED: usize = 20;

/// A delivery status notification, as far as it could be read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Report {
    /// The enhanced status (`5.1.1`), or the SMTP code (`550`) when only that was found.
    pub status: Option<String>,
    /// `Action: delayed` (or a 4.x.x status): the message may still arrive.
    pub delayed: bool,
    /// The Diagnostic-Code or the remote server's words, one clean line.
    pub diagnostic: Option<String>,
    /// The Message-ID of the message that bounced (without <>), from the returned headers.
    pub original_message_id: Option<String>,
}

impl Report {
    /// A permanent failure: a 5.x.x status (or a 5xx code) and not a delay.
    pub(crate) fn is_hard(&self) -> bool {
        !self.delayed && self.status.as_deref().is_some_and(|s| s.starts_with('5'))
    }
}

/// An attachment as the thread lists it (it is not kept).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Attachment {
    pub name: String,
    pub content_type: String,
    pub size: usize,
}

/// A mail that came back, read.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Inbound {
    /// The From address, lower-cased, if it is one.
    pub from_email: Option<String>,
    /// The From display name, one clean line (may be empty).
    pub from_name: String,
    /// The Subject, one clean line (may be empty).
    pub subject: String,
    /// The text (the text part, or the HTML part as text), sanitised, cut at [`MAX_TEXT_BYTES`].
    pub text: String,
    pub attachments: Vec<Attachment>,
    /// The Message-IDs this mail answers (In-Reply-To, then References), without <>.
    pub answers: Vec<String>,
    /// `Auto-Submitted` other than `no`: an out-of-office or another machine's answer.
    pub automatic: bool,
    /// Present when the mail is a delivery report.
    pub report: Option<Report>,
    /// Its own Message-ID (without <>), at most 250 characters.
    pub message_id: Option<String>,
}

/// Reads `raw`. A mail without headers comes back empty (no sender, no text). `null_sender`:
/// its envelope sender was `<>`, as every delivery report's is (RFC 3464 §2).
pub(crate) fn read(raw: &[u8], null_sender: bool) -> Inbound {
    let Some(message) = MessageParser::default().parse(raw) else {
        return Inbound::default();
    };
    let (from_email, from_name) = message
        .from()
        .and_then(|a| a.first())
        .map(|a| {
            let email = a
                .address()
                .map(|e| e.trim().to_ascii_lowercase())
                .filter(|e| valid_address(e));
            (
                email,
                a.name().map(|n| untrusted(n, 120)).unwrap_or_default(),
            )
        })
        .unwrap_or_default();
    let subject = message
        .subject()
        .map(|s| untrusted(s, 200))
        .unwrap_or_default();
    let mut answers: Vec<String> = Vec::new();
    for header in [message.in_reply_to(), message.references()] {
        for id in header.as_text_list().unwrap_or_default() {
            answers.push(id.trim_matches(['<', '>', ' ']).to_string());
        }
    }
    let automatic = message
        .header_raw("Auto-Submitted")
        .is_some_and(|v| !v.trim().eq_ignore_ascii_case("no"));
    let report = report_of(&message, null_sender);
    let text = message
        .body_text(0)
        .map(|t| cut(&sanitize(&t), MAX_TEXT_BYTES))
        .unwrap_or_default();
    let attachments = message
        .attachments()
        .take(MAX_LISTED)
        .map(|part| Attachment {
            name: part
                .attachment_name()
                .map(|n| untrusted(n, 120))
                .unwrap_or_else(|| "(sin nombre)".into()),
            content_type: part
                .content_type()
                .map(|c| {
                    let t = match c.subtype() {
                        Some(sub) => format!("{}/{sub}", c.ctype()),
                        None => c.ctype().to_string(),
                    };
                    untrusted(&t, 80)
                })
                .unwrap_or_else(|| "application/octet-stream".into()),
            size: part.len(),
        })
        .collect();
    let message_id = message
        .message_id()
        .map(|id| untrusted(&clean_id(id), 250))
        .filter(|id| !id.is_empty());
    Inbound {
        from_email,
        from_name,
        subject,
        text,
        attachments,
        answers,
        automatic,
        report,
        message_id,
    }
}

/// Whether `s` is a mail address the portal could answer (lettre's rules, 254 octets at most).
pub(crate) fn valid_address(s: &str) -> bool {
    s.len() <= 254 && s.parse::<lettre::Address>().is_ok()
}

/// At most `max` bytes of `s`, cut at a character boundary, with a mark when cut.
fn cut(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}\n[…]", &s[..end])
}

/// The delivery report in `message`, if it is one: RFC 3464 first, then the usual texts.
fn report_of(message: &Message<'_>, null_sender: bool) -> Option<Report> {
    let is_report = message.content_type().is_some_and(|c| {
        c.ctype().eq_ignore_ascii_case("multipart")
            && c.subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
    });
    let mut report = Report {
        status: None,
        delayed: false,
        diagnostic: None,
        original_message_id: None,
    };
    let mut standard = false;
    for part in &message.parts {
        let Some(ct) = part.content_type() else {
            continue;
        };
        let kind = format!(
            "{}/{}",
            ct.ctype().to_ascii_lowercase(),
            ct.subtype().unwrap_or_default().to_ascii_lowercase()
        );
        match kind.as_str() {
            "message/delivery-status" | "message/global-delivery-status" if is_report => {
                standard = true;
                read_status_fields(&String::from_utf8_lossy(part.contents()), &mut report);
            }
            "message/rfc822" | "message/global" => {
                if let PartType::Message(inner) = &part.body
                    && report.original_message_id.is_none()
                {
                    report.original_message_id = inner.message_id().map(clean_id);
                }
            }
            "text/rfc822-headers" if report.original_message_id.is_none() => {
                report.original_message_id = MessageParser::default()
                    .parse_headers(part.contents())
                    .and_then(|h| h.message_id().map(clean_id));
            }
            _ => {}
        }
    }
    if standard {
        return Some(report);
    }
    // Not RFC 3464: qmail, Exim and Postfix without a report part say it in words.
    let text = message.body_text(0).unwrap_or_default();
    if !null_sender && !looks_like_bounce(message, &text) {
        return None;
    }
    report.status = enhanced_status(&text).or_else(|| smtp_code(&text));
    report.delayed = report.status.as_deref().is_some_and(|s| s.starts_with('4'))
        || text.to_ascii_lowercase().contains("will keep trying")
        || text.to_ascii_lowercase().contains("delayed");
    report.diagnostic = text
        .lines()
        .map(str::trim)
        .find(|l| {
            let l = l.to_ascii_lowercase();
            l.contains("said:") || l.contains("remote host") || l.starts_with("55")
        })
        .map(|l| untrusted(l, 300));
    if report.original_message_id.is_none() {
        report.original_message_id = quoted_message_id(&text);
    }
    Some(report)
}

/// The per-message and per-recipient fields of a `message/delivery-status` part (RFC 3464 §2):
/// the first recipient's Action, Status and Diagnostic-Code.
fn read_status_fields(fields: &str, report: &mut Report) {
    for line in fields.lines() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "action" if report.status.is_none() || report.delayed => {
                report.delayed = value.eq_ignore_ascii_case("delayed");
            }
            "status" if report.status.is_none() => {
                report.status = enhanced_status(value);
                if report.status.as_deref().is_some_and(|s| s.starts_with('4')) {
                    report.delayed = true;
                }
            }
            "diagnostic-code" if report.diagnostic.is_none() => {
                // `smtp; 550 5.1.1 <x@y>: user unknown`: the words after the type.
                let words = value.split_once(';').map_or(value, |(_, w)| w).trim();
                report.diagnostic = Some(untrusted(words, 300));
            }
            _ => {}
        }
    }
}

/// The senders and words of bounces that carry no report part. Not the Subject alone: a
/// person may write «Returned mail» too, and a report that matches no message is dropped.
fn looks_like_bounce(message: &Message<'_>, text: &str) -> bool {
    let from = message
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let text = text.to_ascii_lowercase();
    from.starts_with("mailer-daemon@")
        || from.starts_with("postmaster@")
        || text.contains("this is the qmail-send program")
        || text.contains("this message was created automatically by mail delivery software")
}

/// The first enhanced status code (RFC 3463: class.subject.detail, class 2, 4 or 5) in `text`.
fn enhanced_status(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if !matches!(b, b'2' | b'4' | b'5') || bytes.get(i + 1) != Some(&b'.') {
            continue;
        }
        if i > 0 && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.') {
            continue;
        }
        let rest = &text[i + 2..];
        let subject: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if subject.is_empty() || subject.len() > 3 {
            continue;
        }
        let after = &rest[subject.len()..];
        let Some(after) = after.strip_prefix('.') else {
            continue;
        };
        let detail: String = after.chars().take_while(char::is_ascii_digit).collect();
        if detail.is_empty() || detail.len() > 3 {
            continue;
        }
        return Some(format!("{}.{subject}.{detail}", b as char));
    }
    None
}

/// The first SMTP reply code of a refusal (`550`, `421`…) standing alone in `text`.
fn smtp_code(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 3 && (w.starts_with('5') || w.starts_with('4')))
        .map(str::to_string)
}

/// A `Message-ID:` line in the returned headers quoted in a bounce's text.
fn quoted_message_id(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (name, value) = line.trim().split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("message-id")
            .then(|| clean_id(value))
            .filter(|id| !id.is_empty())
    })
}

fn clean_id(id: &str) -> String {
    id.trim().trim_matches(['<', '>']).trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_enhanced_statuses_and_codes() {
        assert_eq!(enhanced_status("Status: 5.1.1").as_deref(), Some("5.1.1"));
        assert_eq!(
            enhanced_status("Sorry, no mailbox here by that name. (#5.1.1)").as_deref(),
            Some("5.1.1")
        );
        assert_eq!(enhanced_status("version 1.5.2.1 and 3.4.5"), None);
        assert_eq!(
            smtp_code("host said: 550 no such user").as_deref(),
            Some("550")
        );
    }

    #[test]
    fn deep_nesting_and_junk_never_panic() {
        let mut raw = String::from(
            "From: x@y.co\r\nSubject: a\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n",
        );
        for i in 0..2000 {
            raw.push_str(&format!(
                "--b{i}\r\nContent-Type: multipart/mixed; boundary=b{}\r\n\r\n",
                i + 1
            ));
        }
        raw.push_str("--b2000\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nhola\r\n");
        let _ = read(raw.as_bytes(), false);
        let _ = read(b"\xff\xfe\x00garbage\r\n\r\n\x1b[31m", true);
        let _ = read(b"", false);
    }

    #[test]
    fn reads_an_exim_bounce_and_a_person_writing_returned_mail() {
        let exim = "From: Mail Delivery System <Mailer-Daemon@mx.destino.co>\r\n\
                    Subject: Mail delivery failed: returning message to sender\r\n\r\n\
                    This message was created automatically by mail delivery software.\r\n\r\n\
                    A message that you sent could not be delivered to one or more of its\r\n\
                    recipients. This is a permanent error. The following address(es) failed:\r\n\r\n\
                    \x20 ana@destino.co\r\n\
                    \x20   host buzones.destino.co said: 550 No such user here\r\n\r\n\
                    ------ This is a copy of the message, including all the headers. ------\r\n\r\n\
                    Message-Id: <abc123@miportal.accionplus.com>\r\n\
                    Subject: restablecer acceso\r\n";
        let report = read(exim.as_bytes(), false).report.unwrap();
        assert_eq!(report.status.as_deref(), Some("550"));
        assert!(report.is_hard());
        assert_eq!(
            report.original_message_id.as_deref(),
            Some("abc123@miportal.accionplus.com")
        );
        assert!(report.diagnostic.unwrap().contains("No such user"));
        let person = "From: Ana <ana@destino.co>\r\nSubject: Returned mail\r\n\r\nMe devolvieron el correo.\r\n";
        let read = read(person.as_bytes(), false);
        assert_eq!(read.report, None);
        assert_eq!(read.from_email.as_deref(), Some("ana@destino.co"));
        assert_eq!(read.from_name, "Ana");
    }

    #[test]
    fn mangled_reports_never_panic() {
        use rand::{RngExt, SeedableRng};
        let report = "From: MAILER-DAEMON@mx.co\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n\
                      --b\r\nContent-Type: message/delivery-status\r\n\r\nAction: failed\r\nStatus: 5.1.1\r\n\
                      Diagnostic-Code: smtp; 550 5.1.1 no\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n\
                      Message-ID: <a@b>\r\nSubject: =?x-klingon?b?////?=\r\n\r\nhola\r\n--b--\r\n";
        let mut rng = rand::rngs::StdRng::seed_from_u64(25);
        for _ in 0..3000 {
            let mut bytes = report.as_bytes().to_vec();
            for _ in 0..rng.random_range(1..12) {
                let at = rng.random_range(0..bytes.len());
                match rng.random_range(0..3) {
                    0 => bytes[at] = rng.random(),
                    1 => {
                        bytes.remove(at);
                    }
                    _ => bytes.insert(
                        at,
                        *b"\r\n-=?;:<>\x1b\0"
                            .get(rng.random_range(0..11))
                            .unwrap_or(&b'x'),
                    ),
                }
            }
            let read = read(&bytes, rng.random());
            assert!(!read.subject.contains(['\r', '\n', '\x1b']));
            assert!(!read.text.contains(['\r', '\x1b']));
        }
    }
}
