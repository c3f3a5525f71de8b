//! `POST /api/v1/conversations/{id}/messages`: an operator's answer, on the conversation's
//! channel (a module of its own: it uses both the conversations and the channels). WhatsApp's rule is checked
//! here, before anything is queued: free text only within 24 hours of the requester's last
//! message; after that, only an approved template. The answer is queued in the same transaction
//! (the sender relays it after the commit, retrying; an `Idempotency-Key` makes a retried request
//! land once).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::AppState;
use crate::audit::{AuditEntry, record};
use crate::db::{ms, ts};
use crate::events::insert;
use crate::http::audited::AuditTarget;
use crate::http::auth::Authed;
use crate::http::conversations::api::{conversation_event, forbidden, may_act};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, RequestId};
use crate::http::routes::{Routes, get, post};
use crate::idempotency;
use crate::storage::conversations as store;
use crate::tokens::sha256_hex;
use crate::whatsapp::WhatsappConfig;
use contract::api::conversations::WHATSAPP_WINDOW;
use contract::api::{
    AuditOutcome, Channel, ConversationTemplate, ConversationTemplates, ErrorCode, EventKind,
    MailPurpose, NewConversationMessage, Page,
};

/// WhatsApp's limit for a text message.
const MAX_TEXT_CHARS: usize = 4096;

/// `GET /api/v1/conversations/templates`: the approved templates the console offers when a
/// WhatsApp window is closed (none without `--whatsapp`). Configuration, not a requester's data:
/// any operator may read it, and it is not audited.
pub(crate) async fn templates(
    State(state): State<AppState>,
    Authed(_op): Authed,
) -> axum::Json<Page<ConversationTemplate>> {
    let items = state
        .whatsapp
        .iter()
        .flat_map(|wa| wa.templates.iter())
        .map(|t| ConversationTemplate {
            name: t.name.clone(),
            language: t.language.clone(),
            body: t.body.clone(),
            placeholders: t.placeholders() as u32,
        })
        .collect();
    axum::Json(Page {
        items,
        next_cursor: None,
    })
}

/// What will be sent: the text the requester reads, and for WhatsApp the Graph API's request.
struct Outgoing {
    text: String,
    kind: &'static str,
    template: Option<(String, String, Vec<String>)>,
}

fn outgoing(msg: &NewConversationMessage, wa: Option<&WhatsappConfig>) -> ApiResult<Outgoing> {
    match msg {
        NewConversationMessage::Text { body } => {
            let body = body.trim();
            if body.is_empty() || body.chars().count() > MAX_TEXT_CHARS {
                return Err(ApiError::validation("body must have 1 to 4096 characters"));
            }
            Ok(Outgoing {
                text: body.to_string(),
                kind: "text",
                template: None,
            })
        }
        NewConversationMessage::Template { template, params } => {
            let t = wa.and_then(|w| w.template(template)).ok_or_else(|| {
                ApiError::validation(format!("{template} is not an approved template"))
            })?;
            if params.len() != t.placeholders() {
                return Err(ApiError::validation(format!(
                    "the template {} takes {} parameters",
                    t.name,
                    t.placeholders()
                )));
            }
            if params
                .iter()
                .any(|p| p.trim().is_empty() || p.chars().count() > 1024)
            {
                return Err(ApiError::validation(
                    "each parameter must have 1 to 1024 characters",
                ));
            }
            Ok(Outgoing {
                text: t.render(params),
                kind: "template",
                template: Some((t.name.clone(), t.language.clone(), params.clone())),
            })
        }
    }
}

pub(crate) async fn answer(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(msg): ApiJson<NewConversationMessage>,
) -> ApiResult<Response> {
    let key = idempotency::key_from(&headers)?;
    let now = state.clock.now();
    let wa = state.whatsapp.clone();
    let out = outgoing(&msg, wa.as_deref())?;
    let request_hash = sha256_hex(&format!(
        "POST conversation:{id} messages {}",
        serde_json::to_string(&msg).map_err(anyhow::Error::from)?
    ));
    let st = state.clone();
    let result = state
        .db
        .write_api(move |tx| {
            if let Some(key) = &key
                && let Some(stored) = idempotency::lookup(tx, op.id, key, &request_hash, now)?
            {
                return Ok(Err(stored));
            }
            let target = store::target(tx, id)?;
            if !may_act(&op, target.assignee_id) {
                return Err(forbidden());
            }
            if !target.open {
                return Err(ApiError::conflict("the conversation is closed: reopen it to answer"));
            }
            let send_request = match target.channel {
                Channel::Whatsapp => {
                    let wa = wa.as_deref().ok_or_else(|| {
                        ApiError::new(
                            StatusCode::CONFLICT,
                            ErrorCode::ChannelUnavailable,
                            "WhatsApp is not connected on this portal (--whatsapp): answer by another channel",
                        )
                    })?;
                    let window_open = target
                        .last_inbound_at
                        .and_then(|t| ts(t).checked_add(WHATSAPP_WINDOW).ok())
                        .is_some_and(|closes| closes > now);
                    if out.template.is_none() && !window_open {
                        return Err(ApiError::new(
                            StatusCode::UNPROCESSABLE_ENTITY,
                            ErrorCode::WindowClosed,
                            "more than 24 hours since the requester's last message: only an approved template may be sent",
                        )
                        .with_details(json!({
                            "templates": wa.templates.iter().map(|t| &t.name).collect::<Vec<_>>()
                        })));
                    }
                    Some(graph_request(&target.address, &out))
                }
                _ => {
                    let subject = "Respuesta de Mi Portal AccionPlus";
                    st.mailer.send(
                        tx,
                        crate::mail::Outgoing {
                            purpose: MailPurpose::ConversationReply,
                            to: &target.address,
                            subject,
                            body: &out.text,
                            user_id: target.user_id,
                            pqr_id: None,
                        },
                        now,
                    )?;
                    None
                }
            };
            // A correo answer is in the mail outbox: the thread shows it as sent.
            let delivery = if send_request.is_some() { "queued" } else { "sent" };
            store::add_answer(tx, id, &store::Answer {
                kind: out.kind, text: &out.text, author_id: op.id, author_name: &op.name, at_ms: ms(now),
                delivery, send_request: send_request.map(|r| r.to_string()),
            })?;
            let ev = insert(tx, conversation_event(now, &op, id, target.user_id, EventKind::ConversationMessageSent, out.kind))?;
            record(tx, now, AuditEntry {
                operator: &op,
                action: "conversation.answer",
                target: Some(format!("conversation:{id}")),
                outcome: AuditOutcome::Ok,
                request_id: &request_id.0,
                detail: Some(out.kind.into()),
            })?;
            let detail = store::load(tx, id, now)?.ok_or_else(|| anyhow::anyhow!("the conversation vanished"))?;
            if let Some(key) = &key {
                idempotency::store(tx, op.id, key, &request_hash, StatusCode::CREATED, &serde_json::to_string(&detail)?, now)?;
            }
            Ok(Ok((detail, ev)))
        })
        .await?;
    match result {
        Err(stored) => Ok(idempotency::replay(stored)),
        Ok((detail, ev)) => {
            state.bus.publish([ev]);
            crate::whatsapp::wake(&state);
            // No ETag: a replayed answer (same Idempotency-Key) could not carry one; `version`
            // is in the body.
            Ok((StatusCode::CREATED, axum::Json(detail)).into_response())
        }
    }
}

/// The Graph API's send request, as Meta documents it (`POST /{phone_number_id}/messages`).
fn graph_request(to_e164: &str, out: &Outgoing) -> serde_json::Value {
    use crate::whatsapp_out::{template_request, text_request};
    match &out.template {
        None => text_request(to_e164, &out.text),
        Some((name, language, params)) => template_request(to_e164, name, language, params),
    }
}

pub(crate) fn routes() -> Routes {
    Routes::new()
        .serve::<ConversationTemplates>(get(templates))
        .route(
            "/api/v1/conversations/{id}/messages",
            post(answer).audited("conversation.answer", AuditTarget::Id("conversation")),
        )
}
