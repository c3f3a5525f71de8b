//! Mail coming back to the portal (issue 25): delivery reports and replies sent over real SMTP
//! (lettre's client) or LMTP and raw bytes (a TcpStream) to the inbound listener of a real portal.

use crate::support;

use std::time::Duration;

use futures::StreamExt;
use helpdesk::domain::clock::Clock;
use jiff::SignedDuration;
use reqwest::{Method, StatusCode};
use serde_json::json;
use support::mail::{dsn, last_mail_about_pqr, last_mail_to_user, smtp_send};
use support::{TestPortal, insert_jose, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

fn db(p: &TestPortal) -> rusqlite::Connection {
    rusqlite::Connection::open(p.dir.path().join("portal.db")).unwrap()
}

fn count(p: &TestPortal, sql: &str) -> i64 {
    db(p).query_row(sql, [], |r| r.get(0)).unwrap()
}

async fn send_link(p: &TestPortal, user: i64) -> reqwest::Response {
    p.agent(Method::POST, &format!("/api/v1/users/{user}/reset-links"))
        .send()
        .await
        .unwrap()
}

/// A PQR filed by the agent for a requester who can be mailed, with one public answer sent to
/// them (so a message with a reply address is in the outbox). Its id.
async fn pqr_with_answer(p: &TestPortal) -> i64 {
    let r = p
        .agent(Method::POST, "/api/v1/pqr")
        .json(&json!({
            "type": "peticion", "subject": "No puedo entrar", "body": "Olvidé la clave",
            "channel": "telefono",
            "requester": {"name": "Marta Gómez", "email": "marta.gomez@correo.co"}
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = json(r).await["id"].as_i64().unwrap();
    let r = p
        .agent(Method::POST, &format!("/api/v1/pqr/{id}/messages"))
        .json(&json!({"visibility": "public", "body": "Le enviamos el enlace de nuevo."}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    id
}

/// The reply address of the newest message about `pqr` (respuesta+TAG@domain), from its return path.
fn reply_address(p: &TestPortal, pqr: i64) -> String {
    let (return_path, _, _) = last_mail_about_pqr(p, pqr);
    let reply = return_path.replacen("rebote+", "respuesta+", 1);
    // The address the requester really sees is the message's Reply-To.
    assert!(
        p.emails()
            .iter()
            .any(|e| e.contains(&format!("Reply-To: {reply}"))),
        "the .eml carries the reply address"
    );
    reply
}

fn reply_mail(from: &str, to: &str, body: &str) -> String {
    format!(
        "From: Marta Gómez <{from}>\r\nTo: {to}\r\nSubject: Re: Respuesta a tu PQR\r\n\
         Message-ID: <{}@correo.co>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n\
         \r\nEl lun, 2 mar 2026 a las 9:10, AccionPlus escribió:\r\n> Le enviamos el enlace de nuevo.\r\n",
        body.len()
    )
}

async fn detail(p: &TestPortal, pqr: i64) -> serde_json::Value {
    json(
        p.agent(Method::GET, &format!("/api/v1/pqr/{pqr}"))
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn a_report_for_a_reset_link_marks_the_message_and_the_address() {
    let p = TestPortal::start_with(|db| {
        insert_jose(db);
    })
    .await;
    assert_eq!(send_link(&p, 1).await.status(), StatusCode::ACCEPTED);
    let (return_path, message_id, recipient) = last_mail_to_user(&p, 1);
    assert!(return_path.starts_with("rebote+") && return_path.ends_with("@localhost"));
    p.advance(SignedDuration::from_mins(2));
    let report = dsn(&return_path, &recipient, &message_id, "5.1.1");
    let (code, text) = smtp_send(&p, None, &return_path, report.as_bytes()).await;
    assert_eq!(code, 250, "{text}");
    let (state, status, left): (String, String, Option<String>) = db(&p)
        .query_row(
            "SELECT state, status_code, return_path FROM mail_outbox WHERE message_id = ?1",
            [&message_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (state.as_str(), status.as_str(), left),
        ("bounced", "5.1.1", None)
    );
    let (bounced, code, at): (i64, String, i64) = db(&p)
        .query_row(
            "SELECT email_bounced, email_bounce_status, email_bounced_at FROM users WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!((bounced, code.as_str()), (1, "5.1.1"));
    assert_eq!(at, p.clock.now().as_millisecond());
    let timeline = json(
        p.agent(Method::GET, "/api/v1/users/1/timeline")
            .send()
            .await
            .unwrap(),
    )
    .await;
    let newest = &timeline["items"][0];
    assert_eq!(newest["kind"], "mail_bounced");
    assert_eq!(newest["data"]["mail"]["status_code"], "5.1.1");
    assert_eq!(newest["data"]["mail"]["purpose"], "reset_link");
    assert_eq!(newest["data"]["mail"]["state"], "bounced");
    // The next link is refused: it would never arrive.
    p.advance(SignedDuration::from_mins(2));
    let r = send_link(&p, 1).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json(r).await["error"]["code"], "address_bounced");
    // A second report for the same message changes nothing more.
    let (code, _) = smtp_send(&p, None, "soporte@localhost", report.as_bytes()).await;
    assert_eq!(code, 250);
    assert_eq!(
        count(
            &p,
            "SELECT COUNT(*) FROM events WHERE kind = 'mail_bounced'"
        ),
        1
    );
}

#[tokio::test]
async fn a_qmail_bounce_is_found_by_the_quoted_message_id() {
    let p = TestPortal::start_with(|db| {
        insert_jose(db);
    })
    .await;
    assert_eq!(send_link(&p, 1).await.status(), StatusCode::ACCEPTED);
    let (_, message_id, recipient) = last_mail_to_user(&p, 1);
    let qmail = format!(
        "From: MAILER-DAEMON@correo.destino.co\r\nTo: soporte@localhost\r\nSubject: failure notice\r\n\r\n\
         Hi. This is the qmail-send program at correo.destino.co.\r\n\
         I'm afraid I wasn't able to deliver your message to the following addresses.\r\n\
         This is a permanent error; I've given up. Sorry it didn't work out.\r\n\r\n\
         <{recipient}>:\r\nSorry, no mailbox here by that name. (#5.1.1)\r\n\r\n\
         --- Below this line is a copy of the message.\r\n\r\n\
         Return-Path: <rebote+x@localhost>\r\nMessage-ID: <{message_id}>\r\nSubject: restablecer acceso\r\n\r\nRecibimos una solicitud\r\n"
    );
    // To the catch-all, from a sender that is not null: the words and the quoted headers say it all.
    let (code, text) = smtp_send(
        &p,
        Some("mailer-daemon@correo.destino.co"),
        "soporte@localhost",
        qmail.as_bytes(),
    )
    .await;
    assert_eq!(code, 250, "{text}");
    assert_eq!(
        count(
            &p,
            "SELECT COUNT(*) FROM mail_outbox WHERE state = 'bounced' AND status_code = '5.1.1'"
        ),
        1
    );
    assert_eq!(count(&p, "SELECT email_bounced FROM users WHERE id = 1"), 1);
    assert_eq!(
        count(&p, "SELECT COUNT(*) FROM pqr"),
        0,
        "a bounce is no request"
    );
}

#[tokio::test]
async fn a_delay_and_a_forged_report_change_nothing() {
    let p = TestPortal::start_with(|db| {
        insert_jose(db);
    })
    .await;
    assert_eq!(send_link(&p, 1).await.status(), StatusCode::ACCEPTED);
    let (return_path, message_id, recipient) = last_mail_to_user(&p, 1);
    // «Delayed, will keep trying»: the message may still arrive.
    let delayed = dsn(&return_path, &recipient, &message_id, "4.4.1");
    assert_eq!(
        smtp_send(&p, None, &return_path, delayed.as_bytes())
            .await
            .0,
        250
    );
    // A report naming a message we never sent, to the catch-all: accepted and ignored.
    let forged = dsn(
        "soporte@localhost",
        "jose.nunez@gmail.com",
        "nunca-enviado@localhost",
        "5.1.1",
    );
    let (code, text) = smtp_send(&p, None, "soporte@localhost", forged.as_bytes()).await;
    assert_eq!(code, 250, "{text}");
    // And to a return path we never used: no such mailbox.
    let (code, _) = smtp_send(
        &p,
        None,
        "rebote+zzzzzzzzzzzzzzzzzzzzzzzzzz@localhost",
        forged.as_bytes(),
    )
    .await;
    assert_eq!(code, 550);
    assert_eq!(
        count(
            &p,
            "SELECT COUNT(*) FROM mail_outbox WHERE state = 'bounced'"
        ),
        0
    );
    assert_eq!(count(&p, "SELECT email_bounced FROM users WHERE id = 1"), 0);
    assert_eq!(
        count(
            &p,
            "SELECT COUNT(*) FROM events WHERE kind = 'mail_bounced'"
        ),
        0
    );
    assert_eq!(count(&p, "SELECT COUNT(*) FROM pqr"), 0);
    p.advance(SignedDuration::from_mins(2));
    assert_eq!(send_link(&p, 1).await.status(), StatusCode::ACCEPTED);
}

#[tokio::test]
async fn a_reply_lands_in_the_thread_as_the_requesters_and_arrives_live() {
    let p = TestPortal::start().await;
    let pqr = pqr_with_answer(&p).await;
    let to = reply_address(&p, pqr);
    let stream = p
        .agent(Method::GET, &format!("/api/v1/events?pqr_id={pqr}"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    let mut body = stream.bytes_stream();
    p.advance(SignedDuration::from_mins(5));
    let mail = reply_mail("Marta.Gomez@correo.co", &to, "Gracias, ya pude entrar.");
    let (code, text) = smtp_send(&p, Some("marta.gomez@correo.co"), &to, mail.as_bytes()).await;
    assert_eq!(code, 250, "{text}");
    // The MTA did not see our answer and sends it again: it lands once.
    let (code, text) = smtp_send(&p, Some("marta.gomez@correo.co"), &to, mail.as_bytes()).await;
    assert_eq!(code, 250, "{text}");
    let d = detail(&p, pqr).await;
    assert_eq!(
        d["messages"].as_array().unwrap().len(),
        2,
        "the answer and one reply"
    );
    let last = d["messages"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["from_requester"], true);
    assert_eq!(last["visibility"], "public");
    assert_eq!(last["author"], "Marta Gómez");
    assert!(
        last["body"]
            .as_str()
            .unwrap()
            .starts_with("Gracias, ya pude entrar.")
    );
    assert!(
        last["body"].as_str().unwrap().contains("escribió:"),
        "the quoted history is kept"
    );
    assert_eq!(last["at"], json!(p.clock.now()));
    // The operator's own messages are not the requester's.
    assert_eq!(d["messages"][0].get("from_requester"), None);
    let mut seen = String::new();
    while !seen.contains("pqr_message_added") {
        match tokio::time::timeout(Duration::from_secs(10), body.next()).await {
            Ok(Some(Ok(chunk))) => seen.push_str(&String::from_utf8_lossy(&chunk)),
            other => panic!("no live event: {other:?} after {seen}"),
        }
    }
}

#[tokio::test]
async fn a_reply_from_another_address_is_refused() {
    let p = TestPortal::start().await;
    let pqr = pqr_with_answer(&p).await;
    let to = reply_address(&p, pqr);
    let before = detail(&p, pqr).await["messages"].as_array().unwrap().len();
    let mail = reply_mail(
        "otra.persona@correo.co",
        &to,
        "Cámbienle el correo a esta cuenta.",
    );
    let (code, text) = smtp_send(&p, Some("otra.persona@correo.co"), &to, mail.as_bytes()).await;
    assert_eq!(code, 550, "{text}");
    assert!(text.contains("another sender"), "{text}");
    assert_eq!(
        detail(&p, pqr).await["messages"].as_array().unwrap().len(),
        before
    );
    assert_eq!(count(&p, "SELECT COUNT(*) FROM pqr"), 1);
}

#[tokio::test]
async fn a_reply_to_a_closed_ticket_opens_a_conversation_that_names_it() {
    let p = TestPortal::start().await;
    let pqr = pqr_with_answer(&p).await;
    let to = reply_address(&p, pqr);
    db(&p)
        .execute("UPDATE pqr SET status = 'cerrada' WHERE id = ?1", [pqr])
        .unwrap();
    let radicado = detail(&p, pqr).await["radicado"]
        .as_str()
        .unwrap()
        .to_string();
    let mail = reply_mail("marta.gomez@correo.co", &to, "Sigo sin poder entrar.");
    let (code, text) = smtp_send(&p, Some("marta.gomez@correo.co"), &to, mail.as_bytes()).await;
    assert_eq!(code, 250, "{text}");
    assert_eq!(
        count(&p, "SELECT COUNT(*) FROM pqr"),
        1,
        "no PQR is filed by mail alone"
    );
    let c = conversation(&p, 1).await;
    assert_eq!(c["channel"], "correo");
    assert_eq!(c["email"], "marta.gomez@correo.co");
    let body = c["messages"][0]["body"].as_str().unwrap();
    assert!(body.contains(&radicado), "{body}");
    assert!(body.contains("Sigo sin poder entrar."), "{body}");
}

/// A conversation as a supervisor reads it.
async fn conversation(p: &TestPortal, id: i64) -> serde_json::Value {
    let r = p
        .supervisor(Method::GET, &format!("/api/v1/conversations/{id}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn mail_that_matches_no_ticket_opens_a_correo_conversation_received_on_arrival() {
    let p = TestPortal::start().await;
    p.advance(SignedDuration::from_mins(37));
    let mail = "From: \"Pedro Ruiz\" <pedro.ruiz@correo.co>\r\nTo: soporte@localhost\r\n\
                Subject: Certificado laboral\r\nDate: Sun, 01 Mar 2026 08:00:00 -0500\r\n\
                MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n\
                --x\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Necesito mi <b>certificado</b>.</p>\r\n\
                --x\r\nContent-Type: application/pdf; name=cedula.pdf\r\nContent-Disposition: attachment; filename=cedula.pdf\r\n\
                Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--x--\r\n";
    let (code, text) = smtp_send(
        &p,
        Some("pedro.ruiz@correo.co"),
        "soporte@localhost",
        mail.as_bytes(),
    )
    .await;
    assert_eq!(code, 250, "{text}");
    assert!(text.contains("conversation"), "{text}");
    assert_eq!(count(&p, "SELECT COUNT(*) FROM pqr"), 0);
    let c = conversation(&p, 1).await;
    assert_eq!(c["channel"], "correo");
    assert_eq!(c["requester_name"], "Pedro Ruiz");
    assert_eq!(c["email"], "pedro.ruiz@correo.co");
    assert_eq!(
        c["first_message_at"],
        json!(p.clock.now()),
        "received when it arrived, not when it says it was written"
    );
    let m = &c["messages"][0];
    assert_eq!(m["kind"], "email");
    assert_eq!(m["direction"], "inbound");
    let body = m["body"].as_str().unwrap();
    assert!(body.contains("Asunto: Certificado laboral"), "{body}");
    assert!(
        body.contains("Necesito mi certificado"),
        "HTML as text: {body}"
    );
    assert!(!body.contains("<b>"), "{body}");
    assert!(body.contains("cedula.pdf (application/pdf, 9 B)"), "{body}");
}

#[tokio::test]
async fn hostile_mail_is_sanitised_and_never_breaks_the_listener() {
    let p = TestPortal::start().await;
    let mut nested = String::new();
    for i in 0..300 {
        nested.push_str(&format!(
            "--b{i}\r\nContent-Type: multipart/mixed; boundary=b{}\r\n\r\n",
            i + 1
        ));
    }
    let mail = format!(
        "From: =?utf-8?q?Evil=1B[2J=0D=0ABcc:_x?= <evil@correo.co>\r\nTo: soporte@localhost\r\n\
         Subject: =?utf-8?q?Hola=0D=0AX-Injected:_1=1B]0;title=07=E2=80=AEabc?=\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n{nested}\
         --b300\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nqapla\x1b[31m rojo\r\n--b300--\r\n"
    );
    let (code, text) = smtp_send(
        &p,
        Some("evil@correo.co"),
        "soporte@localhost",
        mail.as_bytes(),
    )
    .await;
    assert_eq!(code, 250, "{text}");
    let c = conversation(&p, 1).await;
    for field in [&c["requester_name"], &c["messages"][0]["body"]] {
        let s = field.as_str().unwrap();
        assert!(
            !s.chars()
                .any(|c| c == '\u{1b}' || c == '\r' || c == '\u{7}' || c == '\u{202e}'),
            "{s:?}"
        );
    }
    let body = c["messages"][0]["body"].as_str().unwrap();
    let subject_line = body.lines().next().unwrap();
    assert!(
        subject_line.starts_with("Asunto: Hola"),
        "the subject stays one line: {body:?}"
    );
    assert_eq!(
        body.lines().nth(1),
        Some(""),
        "a CRLF in the subject adds no line: {body:?}"
    );
    assert!(!c["requester_name"].as_str().unwrap().contains('\n'));
    // The listener is still there for the next one.
    let (code, _) = smtp_send(
        &p,
        Some("evil@correo.co"),
        "soporte@localhost",
        b"From: evil@correo.co\r\nSubject: x\r\n\r\ny\r\n",
    )
    .await;
    assert_eq!(code, 250);
}

/// A raw SMTP/LMTP conversation over a TcpStream, for what a well-behaved client never sends.
struct Raw {
    r: BufReader<tokio::net::tcp::OwnedReadHalf>,
    w: tokio::net::tcp::OwnedWriteHalf,
}

impl Raw {
    async fn connect(p: &TestPortal) -> (Self, String) {
        let s = tokio::net::TcpStream::connect(p.running.inbound_addr.unwrap())
            .await
            .unwrap();
        let (r, w) = s.into_split();
        let mut raw = Self {
            r: BufReader::new(r),
            w,
        };
        let greeting = raw.reply().await;
        (raw, greeting)
    }

    /// One reply, all its lines.
    async fn reply(&mut self) -> String {
        let mut all = String::new();
        loop {
            let mut line = String::new();
            let n = tokio::time::timeout(Duration::from_secs(30), self.r.read_line(&mut line))
                .await
                .expect("an answer in time")
                .unwrap();
            all.push_str(&line);
            if n == 0 || line.as_bytes().get(3) != Some(&b'-') {
                return all;
            }
        }
    }

    async fn say(&mut self, line: &str) -> String {
        self.w
            .write_all(format!("{line}\r\n").as_bytes())
            .await
            .unwrap();
        self.reply().await
    }
}

#[tokio::test]
async fn a_20_mb_message_gets_552_and_nothing_is_stored() {
    let p = TestPortal::start().await;
    let (mut s, greeting) = Raw::connect(&p).await;
    assert!(greeting.starts_with("220"), "{greeting}");
    assert!(s.say("EHLO mx.sitio.co").await.contains("SIZE 10485760"));
    // A declared size over the limit is refused at once.
    assert!(
        s.say("MAIL FROM:<a@sitio.co> SIZE=20971520")
            .await
            .starts_with("552")
    );
    assert!(s.say("MAIL FROM:<a@sitio.co>").await.starts_with("250"));
    assert!(
        s.say("RCPT TO:<soporte@localhost>")
            .await
            .starts_with("250")
    );
    assert!(s.say("DATA").await.starts_with("354"));
    s.w.write_all(b"From: a@sitio.co\r\nSubject: grande\r\n\r\n")
        .await
        .unwrap();
    let line = format!("{}\r\n", "x".repeat(998));
    let block = line.repeat(1000);
    for _ in 0..21 {
        s.w.write_all(block.as_bytes()).await.unwrap();
    }
    let answer = s.say(".").await;
    assert!(answer.starts_with("552 5.3.4"), "{answer}");
    assert_eq!(count(&p, "SELECT COUNT(*) FROM pqr"), 0);
    // The session goes on.
    assert!(s.say("NOOP").await.starts_with("250"));
}

#[tokio::test]
async fn lmtp_answers_once_per_recipient_and_strangers_get_550() {
    let p = TestPortal::start_with(|db| {
        insert_jose(db);
    })
    .await;
    assert_eq!(send_link(&p, 1).await.status(), StatusCode::ACCEPTED);
    let (return_path, message_id, recipient) = last_mail_to_user(&p, 1);
    let (mut s, _) = Raw::connect(&p).await;
    assert!(s.say("LHLO mx.sitio.co").await.starts_with("250"));
    assert!(s.say("MAIL FROM:<>").await.starts_with("250"));
    assert!(s.say("RCPT TO:<juan@localhost>").await.starts_with("550"));
    assert!(s.say("RCPT TO:<soporte@otro.co>").await.starts_with("550"));
    assert!(
        s.say(&format!("RCPT TO:<{return_path}>"))
            .await
            .starts_with("250")
    );
    assert!(
        s.say("RCPT TO:<soporte@localhost>")
            .await
            .starts_with("250")
    );
    assert!(s.say("DATA").await.starts_with("354"));
    let report = dsn(&return_path, &recipient, &message_id, "5.1.1");
    // Dot-stuffing: a line that starts with a dot is sent with two.
    s.w.write_all(report.replace("\r\n.", "\r\n..").as_bytes())
        .await
        .unwrap();
    s.w.write_all(b".\r\n").await.unwrap();
    let first = s.reply().await;
    let second = s.reply().await;
    assert!(first.starts_with("250"), "{first}");
    assert!(second.starts_with("250"), "{second}");
    assert!(s.say("QUIT").await.starts_with("221"));
    assert_eq!(count(&p, "SELECT email_bounced FROM users WHERE id = 1"), 1);
    assert_eq!(
        count(
            &p,
            "SELECT COUNT(*) FROM events WHERE kind = 'mail_bounced'"
        ),
        1
    );
}

#[tokio::test]
async fn hostile_sessions_are_bounded() {
    let p = TestPortal::start().await;
    let (mut s, _) = Raw::connect(&p).await;
    // Commands out of order and junk: clear answers, then the door.
    assert!(
        s.say("RCPT TO:<soporte@localhost>")
            .await
            .starts_with("503")
    );
    assert!(s.say("DATA").await.starts_with("503"));
    let long = format!("EHLO {}", "a".repeat(5000));
    assert!(s.say(&long).await.starts_with("500 5.5.2"));
    assert_eq!(s.reply().await, "", "closed after a line too long");
    let (mut s, _) = Raw::connect(&p).await;
    for _ in 0..10 {
        assert!(s.say("\u{1b}[2J\u{0}garbage").await.starts_with("500"));
    }
    let last = s.reply().await;
    assert!(last.starts_with("421"), "{last}");
}

#[tokio::test]
async fn one_address_holds_a_bounded_number_of_sessions() {
    let p =
        TestPortal::start_configured(|c| c.inbound_limits.max_connections_per_address = 1, |_| {})
            .await;
    let (mut first, greeting) = Raw::connect(&p).await;
    assert!(greeting.starts_with("220"), "{greeting}");
    let (_, refused) = Raw::connect(&p).await;
    assert!(refused.starts_with("421"), "{refused}");
    assert!(first.say("QUIT").await.starts_with("221"));
}
