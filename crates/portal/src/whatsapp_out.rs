//! WhatsApp messages from the desk: the address they go to (E.164) and the Graph API's send
//! requests (the row that queues them is `storage::conversations::enqueue_outbound`). Below the
//! conversations, the PQRs and the channel, which all address them.

use serde_json::json;

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
