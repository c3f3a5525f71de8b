//! Mail coming back to the test portal, the real way: a delivery report or a reply sent over
//! SMTP (lettre's client, no TLS, 127.0.0.1) to the portal's inbound listener.

use lettre::address::Envelope;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use reqwest::{Method, StatusCode};

use super::TestPortal;

/// The newest outgoing message to `user`: its return path (rebote+TAG@domain), Message-ID and
/// recipient, read from the outbox table (the return path stays until the message is final).
pub fn last_mail_to_user(p: &TestPortal, user: i64) -> (String, String, String) {
    last_mail(p, "user_id", user)
}

/// The same for the newest message about a PQR.
pub fn last_mail_about_pqr(p: &TestPortal, pqr: i64) -> (String, String, String) {
    last_mail(p, "pqr_id", pqr)
}

fn last_mail(p: &TestPortal, column: &str, id: i64) -> (String, String, String) {
    let db = rusqlite::Connection::open(p.dir.path().join("portal.db")).expect("the database");
    db.query_row(
        &format!(
            "SELECT return_path, message_id, recipient FROM mail_outbox WHERE {column} = ?1 ORDER BY id DESC LIMIT 1"
        ),
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .expect("a message in the outbox")
}

/// A delivery status notification (RFC 3464) as Postfix writes it, for the message `message_id`
/// sent to `recipient`, with the enhanced `status` (`5.1.1`, or `4.4.1` with `delayed`).
pub fn dsn(return_path: &str, recipient: &str, message_id: &str, status: &str) -> String {
    let action = if status.starts_with('4') {
        "delayed"
    } else {
        "failed"
    };
    format!(
        "From: MAILER-DAEMON@mx.destino.co (Mail Delivery System)\r\n\
         To: {return_path}\r\n\
         Subject: Undelivered Mail Returned to Sender\r\n\
         Date: Mon, 02 Mar 2026 09:01:00 -0500\r\n\
         Auto-Submitted: auto-replied\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status;\r\n\
         \tboundary=\"A1B2C3.1772460060/mx.destino.co\"\r\n\
         \r\n\
         This is a MIME-encapsulated message.\r\n\
         \r\n\
         --A1B2C3.1772460060/mx.destino.co\r\n\
         Content-Description: Notification\r\n\
         Content-Type: text/plain; charset=us-ascii\r\n\
         \r\n\
         This is the mail system at host mx.destino.co.\r\n\
         \r\n\
         I'm sorry to have to inform you that your message could not\r\n\
         be delivered to one or more recipients.\r\n\
         \r\n\
         --A1B2C3.1772460060/mx.destino.co\r\n\
         Content-Description: Delivery report\r\n\
         Content-Type: message/delivery-status\r\n\
         \r\n\
         Reporting-MTA: dns; mx.destino.co\r\n\
         X-Postfix-Queue-ID: A1B2C3\r\n\
         Arrival-Date: Mon,  2 Mar 2026 09:00:58 -0500 (COT)\r\n\
         \r\n\
         Final-Recipient: rfc822; {recipient}\r\n\
         Original-Recipient: rfc822;{recipient}\r\n\
         Action: {action}\r\n\
         Status: {status}\r\n\
         Remote-MTA: dns; buzones.destino.co\r\n\
         Diagnostic-Code: smtp; 550 {status} <{recipient}>: Recipient address rejected:\r\n\
         \x20   User unknown in virtual mailbox table\r\n\
         \r\n\
         --A1B2C3.1772460060/mx.destino.co\r\n\
         Content-Description: Undelivered Message Headers\r\n\
         Content-Type: text/rfc822-headers\r\n\
         \r\n\
         From: AccionPlus <no-responder@miportal.accionplus.com>\r\n\
         To: {recipient}\r\n\
         Subject: restablecer acceso\r\n\
         Message-ID: <{message_id}>\r\n\
         \r\n\
         --A1B2C3.1772460060/mx.destino.co--\r\n"
    )
}

/// Sends `raw` to the portal's inbound listener over SMTP, from `from` (`None`: the null sender
/// of a delivery report) to `to`; the server's answer (code and text) whatever it is.
pub async fn smtp_send(p: &TestPortal, from: Option<&str>, to: &str, raw: &[u8]) -> (u16, String) {
    let addr = p.running.inbound_addr.expect("the inbound listener");
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(addr.ip().to_string())
        .port(addr.port())
        .build();
    let envelope = Envelope::new(
        from.map(|f| f.parse().expect("a sender address")),
        vec![to.parse().expect("a recipient address")],
    )
    .expect("an envelope");
    match transport.send_raw(&envelope, raw).await {
        Ok(r) => (
            u16::from(r.code()),
            r.message().collect::<Vec<_>>().join(" "),
        ),
        Err(e) => (e.status().map_or(0, u16::from), e.to_string()),
    }
}

/// Bounces the newest message to `user` with a hard report (5.1.1) sent to its return path, or,
/// once the return path is cleared (a final state), to the support address, where the report's
/// original Message-ID names the message.
pub async fn bounce_last_mail(p: &TestPortal, user: i64) {
    let db = rusqlite::Connection::open(p.dir.path().join("portal.db")).expect("the database");
    let (return_path, message_id, recipient): (Option<String>, String, String) = db
        .query_row(
            "SELECT return_path, message_id, recipient FROM mail_outbox WHERE user_id = ?1 ORDER BY id DESC LIMIT 1",
            [user],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("a message in the outbox");
    let domain = message_id.rsplit_once('@').map_or("localhost", |(_, d)| d);
    let to = return_path.unwrap_or_else(|| format!("soporte@{domain}"));
    let report = dsn(&to, &recipient, &message_id, "5.1.1");
    let (code, text) = smtp_send(p, None, &to, report.as_bytes()).await;
    assert_eq!(code, 250, "the report is taken: {text}");
}

/// Makes `user`'s address bounce the real way: a reset link (sent by the supervisor), then its
/// delivery report back through the inbound listener.
pub async fn bounce_address(p: &TestPortal, user: i64) {
    let r = p
        .supervisor(Method::POST, &format!("/api/v1/users/{user}/reset-links"))
        .send()
        .await
        .expect("reset link");
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    bounce_last_mail(p, user).await;
}
