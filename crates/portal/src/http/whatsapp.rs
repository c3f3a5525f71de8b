//! `GET` and `POST /api/v1/channels/whatsapp/webhook`: the WhatsApp Cloud API's webhook, as Meta
//! documents it. The handshake echoes `hub.challenge` when `hub.verify_token` is ours; every
//! delivery is checked against `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the app
//! secret, compared in constant time) before a byte of it is parsed or stored, then stored whole
//! in one transaction or not at all.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hmac::{KeyInit, Mac};

use crate::AppState;
use crate::conversations::store::{self, Inbound};
use crate::http::error::{ApiError, ApiResult};
use crate::http::routes::{Routes, get, post};
use crate::whatsapp::config::WhatsappConfig;
use crate::whatsapp::payload::{Message, Notification};
use contract::api::{Channel, DeliveryStatus, ErrorCode, MessageKind};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// Largest delivery accepted: Meta's batches are a few kilobytes; 256 KiB leaves room for a batch
/// of 100 long messages and refuses a 10 MB body with 413 before reading it.
pub(crate) const MAX_BODY: usize = 256 * 1024;

/// A message stamped further ahead than this is refused (clocks drift; Meta's do not run ahead).
const FUTURE_SLACK: jiff::SignedDuration = jiff::SignedDuration::from_mins(5);

/// Most messages and statuses one delivery may carry.
const MAX_ITEMS: usize = 1000;

fn config(state: &AppState) -> ApiResult<&WhatsappConfig> {
    state
        .whatsapp
        .as_deref()
        .ok_or_else(|| ApiError::not_found("route"))
}

/// The verification handshake Meta does when the webhook is configured.
pub(crate) async fn verify(
    State(state): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Response> {
    let config = config(&state)?;
    let mode = query.get("hub.mode").map(String::as_str);
    let token = query.get("hub.verify_token").map(String::as_bytes);
    let challenge = query.get("hub.challenge").map(String::as_str).unwrap_or("");
    let token_ok = token.is_some_and(|t| constant_time_eq(t, config.verify_token.as_bytes()));
    if mode != Some("subscribe") || !token_ok {
        tracing::warn!("WhatsApp webhook handshake refused: wrong mode or verify token");
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            "the verify token does not match",
        ));
    }
    // Meta sends digits; anything else is not echoed (the answer is text/plain, never markup).
    let plain = (1..=128).contains(&challenge.len())
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !plain {
        return Err(ApiError::bad_request(
            "hub.challenge must be 1 to 128 letters, digits, '-' or '_'",
        ));
    }
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        challenge.to_string(),
    )
        .into_response())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    // The MAC of one side checked against the other's: `verify_slice` compares in constant
    // time, and equal tags mean equal inputs whatever their lengths.
    let Ok(mut of_a) = HmacSha256::new_from_slice(b"verify-token") else {
        return false;
    };
    of_a.update(a);
    let tag = of_a.finalize().into_bytes();
    let Ok(mut of_b) = HmacSha256::new_from_slice(b"verify-token") else {
        return false;
    };
    of_b.update(b);
    of_b.verify_slice(&tag).is_ok()
}

/// Whether `signature` (`sha256=<hex>`) is the HMAC-SHA256 of `body` under `secret`.
pub(crate) fn signature_ok(secret: &str, body: &[u8], signature: Option<&str>) -> bool {
    let Some(hex_sig) = signature.and_then(|s| s.strip_prefix("sha256=")) else {
        return false;
    };
    let Ok(sig) = hex::decode(hex_sig.trim()) else {
        return false;
    };
    let Ok(mut mac) = HmacSha256::new_from_slice(secret.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&sig).is_ok()
}

/// What one delivery carried, checked whole before anything is stored.
struct Checked {
    messages: Vec<Inbound>,
    statuses: Vec<(String, DeliveryStatus, Option<i64>, jiff::Timestamp)>,
}

pub(crate) async fn receive(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Response> {
    let config = config(&state)?;
    let signature = headers
        .get("x-hub-signature-256")
        .and_then(|v| v.to_str().ok());
    if !signature_ok(&config.app_secret, &body, signature) {
        tracing::warn!(
            bytes = body.len(),
            "WhatsApp delivery refused: bad or missing signature"
        );
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "the X-Hub-Signature-256 signature does not match the body",
        ));
    }
    let notification: Notification = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!("the body is not a WhatsApp notification: {e}"))
    })?;
    let now = state.clock.now();
    let checked = check(config, notification, now)?;
    let (received, statuses) = (checked.messages.len(), checked.statuses.len());
    let events = state
        .db
        .write(move |tx| {
            let mut events = Vec::new();
            for m in &checked.messages {
                events.extend(store::receive(tx, m)?);
            }
            for (id, status, code, at) in &checked.statuses {
                match store::apply_delivery(tx, id, *status, *code, *at)? {
                    Some(event) => events.push(event),
                    None => tracing::info!(
                        status = status.as_str(),
                        "WhatsApp status for no known answer, or nothing new: ignored"
                    ),
                }
            }
            Ok(events)
        })
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "cannot store a WhatsApp delivery");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Internal,
                "cannot store the delivery now: Meta retries it",
            )
        })?;
    let new = events.len();
    state.bus.publish(events);
    tracing::info!(received, statuses, new, "WhatsApp delivery stored");
    Ok((
        StatusCode::OK,
        axum::Json(serde_json::json!({ "received": received, "statuses": statuses })),
    )
        .into_response())
}

/// Refuses the whole delivery (422) when any part of it is not for us or not believable, so
/// nothing is ever half-stored.
fn check(config: &WhatsappConfig, n: Notification, now: jiff::Timestamp) -> ApiResult<Checked> {
    if n.object != "whatsapp_business_account" {
        return Err(ApiError::validation(
            "object must be whatsapp_business_account",
        ));
    }
    let mut out = Checked {
        messages: Vec::new(),
        statuses: Vec::new(),
    };
    let latest = now
        .checked_add(FUTURE_SLACK)
        .map_err(|_| ApiError::validation("clock out of range"))?;
    for change in n.entry.into_iter().flat_map(|e| e.changes) {
        if change.field != "messages" {
            // Other subscriptions (template reviews, quality updates) are not the desk's.
            continue;
        }
        let value = change.value;
        let for_us = value
            .metadata
            .as_ref()
            .is_some_and(|m| m.phone_number_id == config.phone_number_id);
        if !for_us {
            return Err(ApiError::validation(
                "metadata.phone_number_id is not this portal's WhatsApp number",
            ));
        }
        let names: HashMap<&str, &str> = value
            .contacts
            .iter()
            .map(|c| {
                (
                    c.wa_id.as_str(),
                    c.profile.as_ref().map_or("", |p| p.name.as_str()),
                )
            })
            .collect();
        for m in &value.messages {
            let at = stamp(&m.timestamp, latest)?;
            out.messages
                .push(inbound(m, names.get(m.from.as_str()).copied(), at)?);
        }
        for s in value.statuses {
            let at = stamp(&s.timestamp, latest)?;
            let status = DeliveryStatus::parse(&s.status);
            let code = s.errors.first().map(|e| e.code);
            out.statuses.push((s.id, status, code, at));
        }
        if out.messages.len() + out.statuses.len() > MAX_ITEMS {
            return Err(ApiError::validation(
                "more than 1000 messages and statuses in one delivery",
            ));
        }
    }
    Ok(out)
}

fn stamp(seconds: &str, latest: jiff::Timestamp) -> ApiResult<jiff::Timestamp> {
    let at = seconds
        .parse::<i64>()
        .ok()
        .and_then(|s| jiff::Timestamp::from_second(s).ok())
        .ok_or_else(|| ApiError::validation("timestamp must be Unix seconds"))?;
    if at > latest {
        return Err(ApiError::validation("a timestamp is in the future"));
    }
    Ok(at)
}

fn inbound(m: &Message, name: Option<&str>, at: jiff::Timestamp) -> ApiResult<Inbound> {
    let address =
        store::e164(&m.from).ok_or_else(|| ApiError::validation("from must be a phone number"))?;
    if m.id.is_empty() || m.id.len() > 256 {
        return Err(ApiError::validation(
            "a message id must have 1 to 256 characters",
        ));
    }
    let kind = match m.kind.as_str() {
        // A tapped template button reads as text.
        "button" | "interactive" => MessageKind::Text,
        other => MessageKind::parse(other),
    };
    let media = m.media();
    Ok(Inbound {
        channel: Channel::Whatsapp,
        address,
        name: name.unwrap_or("").chars().take(200).collect(),
        external_id: m.id.clone(),
        kind,
        body: m.readable_body().chars().take(8192).collect(),
        media_type: media.and_then(|x| x.mime_type.clone()),
        media_id: media.and_then(|x| x.id.clone()),
        at,
    })
}

/// The webhook exists only when the channel is configured.
pub(crate) fn routes() -> Routes {
    Routes::new()
        .route(
            "/api/v1/channels/whatsapp/webhook",
            get(verify).body_limit(MAX_BODY).whatsapp(),
        )
        .route(
            "/api/v1/channels/whatsapp/webhook",
            post(receive).body_limit(MAX_BODY).whatsapp(),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_fails_on_one_changed_byte() {
        let body = br#"{"object":"whatsapp_business_account","entry":[]}"#;
        let mut mac = HmacSha256::new_from_slice(b"secreto").unwrap();
        mac.update(body);
        let sig = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        assert!(signature_ok("secreto", body, Some(&sig)));
        let mut changed = body.to_vec();
        changed[3] ^= 1;
        assert!(!signature_ok("secreto", &changed, Some(&sig)));
        assert!(!signature_ok("otro", body, Some(&sig)));
        assert!(!signature_ok("secreto", body, None));
        assert!(!signature_ok("secreto", body, Some("sha1=abc")));
    }

    #[test]
    fn the_verify_token_comparison_is_exact() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
    }
}
