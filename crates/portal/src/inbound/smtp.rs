//! One inbound session, SMTP (RFC 5321) or LMTP (RFC 2033) on the same port: LHLO makes it
//! LMTP, where the end of DATA gets one answer per recipient. A small state machine of our own:
//! `mailin` (the maintained Rust SMTP state machine) has no LHLO and no per-recipient answers
//! after DATA, and no size limit in DATA, all three of which this listener needs.
//!
//! Bounded everywhere: a deadline on every line and on the whole session, the command line's
//! length, the message's size (past it the rest is read and thrown away, then `552`), the
//! recipients, and the errors tolerated. No STARTTLS and no AUTH: the listener is meant for the
//! site's MTA on loopback or a private network (README «Mail»).

use std::net::SocketAddr;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::time::{Instant, timeout, timeout_at};

use super::{Limits, Recipient, Shared, classify, deliver, tag_known};
use contract::domain::sanitize::untrusted;

/// Longest line of a message kept whole; a longer one is read in pieces of this size.
const DATA_CHUNK: usize = 64 * 1024;

/// Answers a session past the connection limits and closes it.
pub(super) async fn refuse_busy(mut stream: TcpStream, limits: &Limits) {
    let _ = timeout(
        limits.command_timeout,
        stream.write_all(b"421 4.7.0 too many sessions: try again later\r\n"),
    )
    .await;
}

enum Line {
    /// A line without its CRLF (or bare LF).
    Full(Vec<u8>),
    /// The first `cap` bytes of a longer line; the rest follows.
    Partial(Vec<u8>),
    Eof,
}

/// Reads one line of at most `cap` bytes, never more into memory.
async fn read_line<R: AsyncBufRead + Unpin>(r: &mut R, cap: usize) -> std::io::Result<Line> {
    let mut buf = Vec::new();
    loop {
        let available = r.fill_buf().await?;
        if available.is_empty() {
            return Ok(Line::Eof);
        }
        let room = cap.saturating_sub(buf.len());
        let window = &available[..available.len().min(room)];
        if let Some(i) = window.iter().position(|&b| b == b'\n') {
            buf.extend_from_slice(&window[..i]);
            r.consume(i + 1);
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            return Ok(Line::Full(buf));
        }
        let n = window.len();
        buf.extend_from_slice(window);
        r.consume(n);
        if buf.len() >= cap {
            return Ok(Line::Partial(buf));
        }
    }
}

async fn send<W: AsyncWrite + Unpin>(w: &mut W, limits: &Limits, reply: &str) -> bool {
    let mut bytes = reply.replace('\n', "\r\n").into_bytes();
    bytes.extend_from_slice(b"\r\n");
    matches!(
        timeout(limits.command_timeout, w.write_all(&bytes)).await,
        Ok(Ok(()))
    )
}

/// The envelope being built.
#[derive(Default)]
struct Envelope {
    hello: bool,
    lmtp: bool,
    /// `Some("")` for the null sender `<>`.
    sender: Option<String>,
    recipients: Vec<Recipient>,
    errors: usize,
}

/// The address inside `<…>` after `FROM:` / `TO:`, and what follows it.
fn path_arg<'a>(arg: &'a str, prefix: &str) -> Option<(&'a str, &'a str)> {
    let head = arg.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = arg[prefix.len()..].trim_start();
    let rest = rest.strip_prefix('<')?;
    let (path, params) = rest.split_once('>')?;
    Some((path.trim(), params.trim()))
}

/// The declared `SIZE=` of a MAIL command, if any.
fn declared_size(params: &str) -> Option<u64> {
    params.split_whitespace().find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.eq_ignore_ascii_case("SIZE").then(|| v.parse().ok())?
    })
}

/// Serves one session to its end.
pub(super) async fn session(stream: TcpStream, peer: SocketAddr, shared: &Shared) {
    let limits = &shared.limits;
    let end = Instant::now() + limits.session_timeout;
    let (r, mut w) = stream.into_split();
    let mut r = BufReader::with_capacity(16 * 1024, r);
    let domain = shared.state.mailer.mail_domain().to_string();
    if !send(
        &mut w,
        limits,
        &format!("220 {domain} portal mail ready (SMTP, LMTP)"),
    )
    .await
    {
        return;
    }
    let mut env = Envelope::default();
    loop {
        let deadline = (Instant::now() + limits.command_timeout).min(end);
        let line = match timeout_at(deadline, read_line(&mut r, limits.max_command_line)).await {
            Err(_) => {
                send(&mut w, limits, "421 4.4.2 too slow: closing").await;
                return;
            }
            Ok(Err(_) | Ok(Line::Eof)) => return,
            Ok(Ok(Line::Partial(_))) => {
                send(&mut w, limits, "500 5.5.2 line too long: closing").await;
                return;
            }
            Ok(Ok(Line::Full(line))) => line,
        };
        let text = String::from_utf8_lossy(&line);
        let (verb, arg) = text.split_once(' ').unwrap_or((&text, ""));
        let verb = verb.to_ascii_uppercase();
        let arg = arg.trim();
        let reply = match verb.as_str() {
            "EHLO" | "HELO" | "LHLO" => {
                env = Envelope {
                    hello: true,
                    lmtp: verb == "LHLO",
                    errors: env.errors,
                    ..Envelope::default()
                };
                if verb == "HELO" {
                    format!("250 {domain}")
                } else {
                    format!(
                        "250-{domain}\n250-8BITMIME\n250-ENHANCEDSTATUSCODES\n250 SIZE {}",
                        limits.max_message_bytes
                    )
                }
            }
            "MAIL" if !env.hello => "503 5.5.1 say hello first".into(),
            "MAIL" if env.sender.is_some() => "503 5.5.1 one sender per message".into(),
            "MAIL" => match path_arg(arg, "FROM:") {
                None => "501 5.5.4 syntax: MAIL FROM:<address>".into(),
                Some((_, params))
                    if declared_size(params)
                        .is_some_and(|n| n > limits.max_message_bytes as u64) =>
                {
                    format!(
                        "552 5.3.4 message too big: at most {} bytes",
                        limits.max_message_bytes
                    )
                }
                Some((path, _)) => {
                    env.sender = Some(path.to_string());
                    "250 2.1.0 sender ok".into()
                }
            },
            "RCPT" if env.sender.is_none() => "503 5.5.1 MAIL first".into(),
            "RCPT" if env.recipients.len() >= limits.max_recipients => {
                "452 4.5.3 too many recipients".into()
            }
            "RCPT" => match path_arg(arg, "TO:") {
                None => "501 5.5.4 syntax: RCPT TO:<address>".into(),
                Some((path, _)) => recipient(shared, &domain, path, &mut env).await,
            },
            "DATA" if env.recipients.is_empty() => "503 5.5.1 no valid recipient".into(),
            "DATA" => {
                if !send(&mut w, limits, "354 end the message with <CRLF>.<CRLF>").await {
                    return;
                }
                let Some(message) = read_message(&mut r, limits, end).await else {
                    send(&mut w, limits, "421 4.4.2 too slow: closing").await;
                    return;
                };
                let recipients = std::mem::take(&mut env.recipients);
                let null_sender = env.sender.take().is_some_and(|s| s.is_empty());
                let reply = match message {
                    Message::TooBig => {
                        tracing::info!(from = %peer, "inbound mail: a message over the size limit: refused");
                        let line = format!(
                            "552 5.3.4 message too big: at most {} bytes",
                            limits.max_message_bytes
                        );
                        vec![line; recipients.len()]
                    }
                    Message::Whole(raw) => {
                        let n = recipients.len();
                        match deliver(&shared.state, recipients, raw, null_sender).await {
                            Ok(answers) => answers
                                .into_iter()
                                .map(|a| format!("{} {}", a.code, a.text))
                                .collect(),
                            Err(e) => {
                                tracing::error!(error = %untrusted(&format!("{e:#}"), 300), "inbound mail: cannot take the message");
                                vec![
                                    "451 4.3.0 cannot take the message now: try again later"
                                        .to_string();
                                    n
                                ]
                            }
                        }
                    }
                };
                if env.lmtp {
                    reply.join("\n")
                } else {
                    // SMTP has one answer: accepted if any recipient took it.
                    reply
                        .iter()
                        .find(|l| l.starts_with('2'))
                        .or(reply.first())
                        .cloned()
                        .unwrap_or_else(|| "250 2.0.0 ok".into())
                }
            }
            "RSET" => {
                env.sender = None;
                env.recipients.clear();
                "250 2.0.0 reset".into()
            }
            "NOOP" => "250 2.0.0 ok".into(),
            "VRFY" => "252 2.5.0 cannot verify".into(),
            "QUIT" => {
                send(&mut w, limits, "221 2.0.0 bye").await;
                return;
            }
            _ => "500 5.5.1 unknown or unsupported command".into(),
        };
        if reply.starts_with('5') {
            env.errors += 1;
        }
        if !send(&mut w, limits, &reply).await {
            return;
        }
        if env.errors >= limits.max_errors {
            send(&mut w, limits, "421 4.7.0 too many errors: closing").await;
            return;
        }
    }
}

/// Accepts a recipient that is one of ours (and, for a tagged one, names a message we sent).
async fn recipient(shared: &Shared, domain: &str, path: &str, env: &mut Envelope) -> String {
    let Some(to) = classify(path, domain) else {
        return format!(
            "550 5.1.1 no such mailbox: this server takes only rebote+…, respuesta+… and {}@{domain}",
            super::SUPPORT_LOCAL
        );
    };
    if let Recipient::Bounce(tag) | Recipient::Reply(tag) = &to {
        let tag = tag.clone();
        match shared.state.db.read(move |c| tag_known(c, &tag)).await {
            Ok(true) => {}
            Ok(false) => return "550 5.1.1 no such mailbox: unknown address".into(),
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "inbound mail: cannot look up a recipient");
                return "451 4.3.0 try again later".into();
            }
        }
    }
    env.recipients.push(to);
    "250 2.1.5 recipient ok".into()
}

enum Message {
    Whole(Vec<u8>),
    TooBig,
}

/// Reads DATA up to the lone dot, undoing dot-stuffing; past the size limit the rest is read
/// and dropped. `None` when the client is too slow or goes away.
async fn read_message<R: AsyncBufRead + Unpin>(
    r: &mut R,
    limits: &Limits,
    end: Instant,
) -> Option<Message> {
    let mut raw = Vec::new();
    let mut size = 0usize;
    let mut at_line_start = true;
    loop {
        let deadline = (Instant::now() + limits.command_timeout).min(end);
        let line = timeout_at(deadline, read_line(r, DATA_CHUNK))
            .await
            .ok()?
            .ok()?;
        let (bytes, whole) = match line {
            Line::Eof => return None,
            Line::Full(b) => (b, true),
            Line::Partial(b) => (b, false),
        };
        if at_line_start && whole && bytes == b"." {
            break;
        }
        let data = if at_line_start && bytes.first() == Some(&b'.') {
            &bytes[1..]
        } else {
            &bytes[..]
        };
        size = size.saturating_add(data.len() + 2);
        if size <= limits.max_message_bytes {
            raw.extend_from_slice(data);
            if whole {
                raw.extend_from_slice(b"\r\n");
            }
        } else if !raw.is_empty() {
            raw = Vec::new();
        }
        at_line_start = whole;
    }
    if size > limits.max_message_bytes {
        Some(Message::TooBig)
    } else {
        Some(Message::Whole(raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_paths_and_sizes() {
        assert_eq!(
            path_arg("FROM:<a@b.co> SIZE=10", "FROM:"),
            Some(("a@b.co", "SIZE=10"))
        );
        assert_eq!(path_arg("from: <>", "FROM:"), Some(("", "")));
        assert_eq!(path_arg("TO:a@b.co", "TO:"), None);
        assert_eq!(path_arg("é", "FROM:"), None);
        assert_eq!(declared_size("BODY=8BITMIME SIZE=123"), Some(123));
        assert_eq!(declared_size("SIZE=x"), None);
    }

    #[tokio::test]
    async fn lines_are_capped() {
        let mut r = BufReader::new(&b"HELO x\r\nABCDEFGHIJ\nrest"[..]);
        assert!(matches!(read_line(&mut r, 100).await.unwrap(), Line::Full(l) if l == b"HELO x"));
        assert!(matches!(read_line(&mut r, 4).await.unwrap(), Line::Partial(l) if l == b"ABCD"));
        assert!(matches!(read_line(&mut r, 100).await.unwrap(), Line::Full(l) if l == b"EFGHIJ"));
        assert!(matches!(read_line(&mut r, 100).await.unwrap(), Line::Eof));
    }

    #[tokio::test]
    async fn data_is_unstuffed_and_bounded() {
        let limits = Limits {
            max_message_bytes: 30,
            ..Limits::default()
        };
        let end = Instant::now() + std::time::Duration::from_secs(5);
        let mut r = BufReader::new(&b"a\r\n..b\r\n.\r\nNOOP\r\n"[..]);
        let m = read_message(&mut r, &limits, end).await;
        assert!(matches!(m, Some(Message::Whole(m)) if m == b"a\r\n.b\r\n"));
        let mut r =
            BufReader::new(&b"0123456789012345678901234567890123456789\r\n.\r\nNOOP\r\n"[..]);
        let m = read_message(&mut r, &limits, end).await;
        assert!(matches!(m, Some(Message::TooBig)));
        // The rest of the stream is the next command.
        assert!(matches!(read_line(&mut r, 100).await.unwrap(), Line::Full(l) if l == b"NOOP"));
        let mut r = BufReader::new(&b"cut short"[..]);
        assert!(read_message(&mut r, &limits, end).await.is_none());
    }
}
