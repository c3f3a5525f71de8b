//! WhatsApp messages from the desk at rest: the address they go to (E.164), the Graph API's send
//! requests, and the row of a conversation's thread that is the sender's queue. Below the
//! conversations, the PQRs and the channel, which all queue or address them.

use rusqlite::params;
use serde_json::json;

use crate::db::ms;

/// A phone number in E.164 (`+` and digits), from what a channel or an operator wrote:
/// Colombian numbers with or without +57 (a 10-digit national mobile number gets it).
pub(crate) fn e164(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let full = match digits.len() {
        10 if digits.starts_with('3') => format!("57{digits}"),
        8..=15 => digits,
        _ => return None,
    };
    Some(format!("+{full}"))
}

/// The Graph API's send request for free text, as Meta documents it
/// (`POST /{phone_number_id}/messages`).
pub(crate) fn text_request(to_e164: &str, body: &str) -> serde_json::Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to_e164.trim_start_matches('+'),
        "type": "text",
        "text": { "preview_url": false, "body": body },
    })
}

/// The Graph API's send request for an approved template, its body's placeholders filled in
/// order.
pub(crate) fn template_request(
    to_e164: &str,
    name: &str,
    language: &str,
    params: &[String],
) -> serde_json::Value {
    json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to_e164.trim_start_matches('+'),
        "type": "template",
        "template": {
            "name": name,
            "language": { "code": language },
            "components": [{
                "type": "body",
                "parameters": params.iter().map(|p| json!({ "type": "text", "text": p })).collect::<Vec<_>>(),
            }],
        },
    })
}

/// A message from the desk for a conversation's thread (a PQR's notice to its requester).
pub(crate) struct Outbound<'a> {
    pub conversation_id: i64,
    /// `text` or `template`.
    pub kind: &'static str,
    /// What the requester reads (a template as rendered).
    pub text: &'a str,
    /// The Graph API request; `None` records the message as not sent (`failed`, nothing queued).
    pub request: Option<serde_json::Value>,
    pub author_name: &'a str,
    /// An answer to the requester: the conversation no longer waits for one.
    pub answers: bool,
}

/// Puts `m` in its conversation's thread inside the caller's transaction: queued for this
/// sender (retried, never twice: the row is the queue), or failed at once when it cannot go.
/// The caller wakes the sender after its commit, or the sender finds it within a second.
pub(crate) fn enqueue(
    tx: &rusqlite::Connection,
    m: &Outbound<'_>,
    now: jiff::Timestamp,
) -> anyhow::Result<i64> {
    let delivery = if m.request.is_some() {
        "queued"
    } else {
        "failed"
    };
    tx.execute(
        "INSERT INTO conversation_messages (conversation_id, direction, kind, body, author_id,
             author_name, at, delivery, send_request, next_attempt_at)
         VALUES (?1, 'outbound', ?2, ?3, NULL, ?4, ?5, ?6, ?7, CASE WHEN ?7 IS NULL THEN NULL ELSE ?5 END)",
        params![
            m.conversation_id,
            m.kind,
            m.text,
            m.author_name,
            ms(now),
            delivery,
            m.request.as_ref().map(|r| r.to_string())
        ],
    )?;
    let id = tx.last_insert_rowid();
    tx.execute(
        "UPDATE conversations SET
             waiting_since = CASE WHEN ?3 THEN NULL ELSE waiting_since END,
             unanswered = CASE WHEN ?3 THEN 0 ELSE unanswered END,
             last_message_at = max(last_message_at, ?2), updated_at = ?2, version = version + 1
         WHERE id = ?1",
        params![m.conversation_id, ms(now), m.answers],
    )?;
    Ok(id)
}
