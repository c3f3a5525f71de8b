//! `POST /api/v1/conversations/{id}/pqr`: a conversation becomes a PQR. The legal term runs
//! from the first message's arrival (Ley 1755: the business day after it); the thread is the
//! body; the requester's contact and channel are set; the conversation then points to the PQR.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;

use crate::AppState;
use crate::audit::{AuditEntry, record};
use crate::db::{ms, ts};
use crate::events::{insert, operator_actor};
use crate::http::auth::Authed;
use crate::http::conversations::api::{conversation_event, forbidden, if_match, may_act};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, RequestId};
use crate::http::pqr::write::{Dates, MAX_BODY_BYTES, insert_new};
use crate::storage::conversations as store;
use contract::api::{
    AuditOutcome, Channel, ErrorCode, EventKind, NewPqr, NewPqrFromConversation, PqrType,
    ReplyChannel, Requester,
};

pub(crate) async fn radicate(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<NewPqrFromConversation>,
) -> ApiResult<Response> {
    let expected = if_match(&headers)?;
    if body.pqr_type == PqrType::Unknown {
        return Err(ApiError::validation("unknown PQR type"));
    }
    let subject = body.subject.trim().to_string();
    if subject.is_empty() || body.subject.chars().count() > 200 {
        return Err(ApiError::validation(
            "subject must have 1 to 200 characters",
        ));
    }
    let now = state.clock.now();
    let legal = state.legal.clone();
    let today = legal.day_of(now);
    let st = state.clone();
    let (pqr_id, radicado, events) = state
        .db
        .write_api(move |tx| {
            let cur = store::current(tx, id)?;
            if !may_act(&op, cur.assignee_id) {
                return Err(forbidden());
            }
            if expected != crate::http::conversations::api::etag(cur.version) {
                return Err(ApiError::new(
                    StatusCode::PRECONDITION_FAILED,
                    ErrorCode::PreconditionFailed,
                    "the conversation changed since you read it; reload it and try again",
                ));
            }
            let c = thread_of(tx, id)?;
            if c.pqr_id.is_some() {
                return Err(ApiError::conflict("the conversation is already a PQR"));
            }
            // The term starts from the first message, but never earlier than the law lets a
            // registration reach back.
            let earliest = legal.start_of(legal.earliest_received(now));
            let received = ts(c.first_message_at).max(earliest).min(now);
            let received_day = legal.day_of(received);
            let (email, phone) = match c.channel {
                Channel::Whatsapp => (None, Some(c.address.clone())),
                _ => (Some(c.address.clone()), None),
            };
            let name = if c.name.trim().is_empty() {
                c.address.clone()
            } else {
                c.name.clone()
            };
            let new = NewPqr {
                pqr_type: body.pqr_type,
                subject: subject.clone(),
                body: c.transcript,
                channel: c.channel,
                user_id: cur.user_id,
                requester: Requester {
                    name: name.chars().take(120).collect(),
                    email,
                    phone,
                },
                received_at: Some(received),
                // Answers go back by the channel the requester wrote on (the receipt first).
                reply_channel: Some(match c.channel {
                    Channel::Whatsapp => ReplyChannel::Whatsapp,
                    _ => ReplyChannel::Correo,
                }),
            };
            let due = legal.due_date(received_day, new.pqr_type.term_business_days());
            let (pqr_id, radicado, created) = insert_new(
                tx,
                &st,
                &new,
                Dates {
                    received,
                    received_day,
                    now,
                    today,
                    due,
                },
                operator_actor(&op.name),
            )?;
            store::set_pqr(tx, id, pqr_id, ms(now))?;
            let updated = insert(
                tx,
                conversation_event(
                    now,
                    &op,
                    id,
                    cur.user_id,
                    EventKind::ConversationUpdated,
                    "radicated",
                ),
            )?;
            record(
                tx,
                now,
                AuditEntry {
                    operator: &op,
                    action: "conversation.radicate",
                    target: Some(format!("conversation:{id}")),
                    outcome: AuditOutcome::Ok,
                    request_id: &request_id.0,
                    detail: Some(radicado.clone()),
                },
            )?;
            Ok((pqr_id, radicado, vec![created, updated]))
        })
        .await?;
    state.bus.publish(events);
    let mut response = (
        StatusCode::CREATED,
        axum::Json(serde_json::json!({ "pqr_id": pqr_id, "radicado": radicado })),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/pqr/{pqr_id}")) {
        response.headers_mut().insert(header::LOCATION, v);
    }
    Ok(response)
}

struct Thread {
    channel: Channel,
    address: String,
    name: String,
    pqr_id: Option<i64>,
    first_message_at: i64,
    transcript: String,
}

/// The conversation as a PQR's body: one line per message, oldest first, cut from the oldest
/// end to fit a PQR body.
fn thread_of(tx: &Connection, id: i64) -> anyhow::Result<Thread> {
    let store::Requester {
        channel,
        address,
        name,
        pqr_id,
        first_message_at,
    } = store::requester(tx, id)?.ok_or_else(|| anyhow::anyhow!("the conversation vanished"))?;
    let lines: Vec<String> = store::thread(tx, id)?
        .into_iter()
        .map(|(direction, kind, body, author, at)| {
            let at = ts(at).strftime("%Y-%m-%d %H:%M UTC").to_string();
            let who = if direction == "inbound" {
                format!("{author} (solicitante)")
            } else {
                author
            };
            let what = if kind == "text" || kind == "email" {
                body
            } else {
                format!("[{kind}] {body}")
            };
            format!("[{at}] {who}: {what}")
        })
        .collect();
    let mut transcript = lines.join("\n");
    while transcript.len() > MAX_BODY_BYTES {
        match transcript.find('\n') {
            Some(cut) => transcript.drain(..=cut),
            None => transcript.drain(..transcript.len() - MAX_BODY_BYTES.min(transcript.len())),
        };
    }
    if transcript.trim().is_empty() {
        transcript = "(conversación sin texto)".into();
    }
    Ok(Thread {
        channel: Channel::parse(&channel).unwrap_or(Channel::Correo),
        address,
        name,
        pqr_id,
        first_message_at,
        transcript,
    })
}
