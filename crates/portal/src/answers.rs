//! `POST /api/v1/conversations/{id}/messages`: an operator's answer, on the conversation's
//! channel (a module of its own: it uses both the conversations and the channels). WhatsApp's rule is checked
//! here, before anything is queued: free text only within 24 hours of the requester's last
//! message; after that, only an approved template. The answer is queued in the same transaction
//! (the sender relays it after the commit, retrying; an `Idempotency-Key` makes a retried request
//! land once).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use rusqlite::{Connection, params};
use serde_json::json;

use crate::AppState;
use crate::audit::{AuditEntry, record, refusals};
use crate::auth::Authed;
use crate::conversations::api::{conversation_event, forbidden, may_act};
use crate::conversations::store;
use crate::db::{ms, ts};
use crate::error::{ApiError, ApiResult};
use crate::events::insert;
use crate::extract::{ApiJson, ApiPath, RequestId};
use crate::idempotency;
use crate::tokens::sha256_hex;
use crate::whatsapp::WhatsappConfig;
use contract::api::conversations::WHATSAPP_WINDOW;
use contract::api::{
    AuditOutcome, Channel, ConversationTemplate, ErrorCode, EventKind, MailPurpose,
    NewConversationMessage, Operator, Page,
};

/// WhatsApp's limit for a text message.
const MAX_TEXT_CHARS: usize = 4096;

pub(crate) async fn answer(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(msg): ApiJson<NewConversationMessage>,
) -> ApiResult<Response> {
    let result = checked(&state, op.clone(), request_id.clone(), headers, id, msg).await;
    let target = Some(format!("conversation:{id}"));
    refusals(
        &state,
        &op,
        "conversation.answer",
        target,
        &request_id,
        result,
    )
    .await
}

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

async fn checked(
    state: &AppState,
    op: Operator,
    request_id: RequestId,
    headers: HeaderMap,
    id: i64,
    msg: NewConversationMessage,
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
            let target = load_target(tx, id)?.ok_or_else(|| ApiError::not_found("conversation"))?;
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
            tx.execute(
                "INSERT INTO conversation_messages (conversation_id, direction, kind, body, author_id,
                     author_name, at, delivery, send_request, next_attempt_at)
                 VALUES (?1, 'outbound', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?6)",
                params![id, out.kind, out.text, op.id, op.name, ms(now), delivery, send_request.map(|r| r.to_string())],
            )?;
            tx.execute(
                "UPDATE conversations SET waiting_since = NULL, unanswered = 0,
                     last_message_at = max(last_message_at, ?2), updated_at = ?2, version = version + 1
                 WHERE id = ?1",
                params![id, ms(now)],
            )?;
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
            crate::whatsapp::send::wake(state);
            // No ETag: a replayed answer (same Idempotency-Key) could not carry one; `version`
            // is in the body.
            Ok((StatusCode::CREATED, axum::Json(detail)).into_response())
        }
    }
}

struct Target {
    channel: Channel,
    open: bool,
    address: String,
    assignee_id: Option<i64>,
    user_id: Option<i64>,
    last_inbound_at: Option<i64>,
}

fn load_target(tx: &Connection, id: i64) -> anyhow::Result<Option<Target>> {
    use rusqlite::OptionalExtension;
    Ok(tx
        .query_row(
            "SELECT channel, status, address, assignee_id, user_id, last_inbound_at FROM conversations WHERE id = ?1",
            [id],
            |r| {
                Ok(Target {
                    channel: Channel::parse(&r.get::<_, String>(0)?).unwrap_or(Channel::Unknown),
                    open: r.get::<_, String>(1)? == "open",
                    address: r.get(2)?,
                    assignee_id: r.get(3)?,
                    user_id: r.get(4)?,
                    last_inbound_at: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// The Graph API's send request, as Meta documents it (`POST /{phone_number_id}/messages`).
fn graph_request(to_e164: &str, out: &Outgoing) -> serde_json::Value {
    use crate::whatsapp_out::{template_request, text_request};
    match &out.template {
        None => text_request(to_e164, &out.text),
        Some((name, language, params)) => template_request(to_e164, name, language, params),
    }
}
