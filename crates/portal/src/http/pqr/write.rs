//! Creating, reading and changing a PQR, and its messages.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use jiff::civil::Date;
use rusqlite::Connection;
use serde_json::json;

use crate::AppState;
use crate::audit::{AuditEntry, record, record_alone};
use crate::db::ms;
use crate::events::{NewEvent, insert, operator_actor};
use crate::http::auth::Authed;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::etag;
use crate::http::extract::{ApiJson, ApiPath, RequestId};
use crate::idempotency;
use crate::pqr::{notify, rules};
use crate::storage::pqr as store;
use crate::tokens::sha256_hex;
use contract::api::{
    AuditOutcome, ErrorCode, EventData, EventKind, NewPqr, NewPqrMessage, Operator, PqrDetail,
    PqrMessage, PqrPatch, PqrStatus, PqrType, Role, Visibility,
};

/// Largest message or PQR body.
pub(crate) const MAX_BODY_BYTES: usize = 64 * 1024;

fn check_text(field: &str, value: &str, max_chars: usize) -> Result<(), ApiError> {
    // The same count as the contract's maxLength (code points, untrimmed); blank is refused too.
    let n = value.chars().count();
    let rule = if value.trim().is_empty() {
        contract::api::FieldRule::Required
    } else {
        contract::api::FieldRule::TooLong
    };
    if value.trim().is_empty() || n > max_chars {
        return Err(ApiError::invalid_field(
            field,
            rule,
            format!("{field} must have 1 to {max_chars} characters"),
        ));
    }
    Ok(())
}

pub(crate) fn validate_new(new: &NewPqr) -> Result<(), ApiError> {
    if new.pqr_type == PqrType::Unknown {
        return Err(ApiError::validation("unknown PQR type"));
    }
    if new.channel == contract::api::Channel::Unknown {
        return Err(ApiError::validation("unknown channel"));
    }
    if new.reply_channel == Some(contract::api::ReplyChannel::Unknown) {
        return Err(ApiError::validation("unknown reply_channel"));
    }
    check_text("subject", &new.subject, 200)?;
    check_text("requester.name", &new.requester.name, 120)?;
    if new.body.trim().is_empty() || new.body.len() > MAX_BODY_BYTES {
        return Err(ApiError::validation("body must have 1 byte to 64 KiB"));
    }
    if let Some(email) = &new.requester.email
        // An address that cannot be mailed would fail every public reply later (a 500 then).
        && (email.chars().count() > 254 || email.parse::<lettre::Address>().is_err())
    {
        return Err(ApiError::validation(
            "requester.email is not a valid address",
        ));
    }
    if let Some(phone) = &new.requester.phone
        && phone.chars().count() > 30
    {
        return Err(ApiError::validation("requester.phone is too long"));
    }
    Ok(())
}

/// The detail of a ticket as a response with its `ETag`.
fn detail_response(status: StatusCode, detail: &PqrDetail, version: i64) -> Response {
    let mut response = (status, Json(detail)).into_response();
    if let Ok(v) = HeaderValue::from_str(&etag(version)) {
        response.headers_mut().insert(header::ETAG, v);
    }
    response
}

fn event(
    now: jiff::Timestamp,
    kind: EventKind,
    op: &Operator,
    pqr_id: i64,
    user_id: Option<i64>,
    data: EventData,
) -> NewEvent {
    NewEvent {
        at: now,
        kind,
        user_id,
        pqr_id: Some(pqr_id),
        actor: operator_actor(&op.name),
        data,
    }
}

/// When a new PQR arrived, was registered, and is due.
pub(crate) struct Dates {
    pub received: jiff::Timestamp,
    /// The Bogotá day of `received`, which the legal term counts from.
    pub received_day: Date,
    pub now: jiff::Timestamp,
    pub today: Date,
    pub due: Date,
}

/// Registers a validated PQR whose contact is complete (`notify::complete_contact`): the next
/// radicado of the year, the row, its `pqr_created` event by `actor` (an operator, or the caller
/// on the portal's own PQR form), and the receipt to the requester by the reply channel.
pub(crate) fn insert_new(
    tx: &Connection,
    state: &AppState,
    new: &NewPqr,
    dates: Dates,
    actor: contract::api::Actor,
) -> anyhow::Result<(i64, String, contract::api::Event)> {
    let Dates {
        received,
        received_day,
        now,
        today,
        due,
    } = dates;
    let year = i64::from(today.year());
    let reply_channel = new.reply_channel.unwrap_or_default();
    let (id, radicado) = store::register(tx, new, year, ms(received), ms(now), due, reply_channel)?;
    let ticket = notify::Ticket {
        id,
        user_id: new.user_id,
        radicado: &radicado,
        subject: new.subject.trim(),
        name: new.requester.name.trim(),
        channel: reply_channel,
        email: new.requester.email.as_deref(),
    };
    notify::receipt(state, tx, &ticket, new.pqr_type, received_day, due, now)?;
    let data = EventData {
        radicado: Some(radicado.clone()),
        status: Some("radicada".into()),
        ..Default::default()
    };
    let ev = insert(
        tx,
        NewEvent {
            at: now,
            kind: EventKind::PqrCreated,
            user_id: new.user_id,
            pqr_id: Some(id),
            actor,
            data,
        },
    )?;
    Ok((id, radicado, ev))
}

/// `POST /api/v1/pqr`: radicado, legal due date, optional `Idempotency-Key`.
pub(crate) async fn create(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewPqr>,
) -> ApiResult<Response> {
    validate_new(&new)?;
    let key = idempotency::key_from(&headers)?;
    let now = state.clock.now();
    let received = new.received_at.unwrap_or(now);
    if received > now {
        return Err(ApiError::validation("received_at cannot be in the future"));
    }
    let legal = state.legal.clone();
    let earliest = legal.earliest_received(now);
    if legal.day_of(received) < earliest {
        return Err(
            ApiError::validation(format!("received_at cannot be earlier than {earliest}"))
                .with_details(json!({ "earliest": earliest })),
        );
    }
    let received_day = legal.day_of(received);
    let today = legal.day_of(now);
    let due = legal.due_date(received_day, new.pqr_type.term_business_days());
    let request_hash = sha256_hex(&serde_json::to_string(&new).map_err(anyhow::Error::from)?);
    let st = state.clone();
    let outcome = state
        .db
        .write_api(move |tx| {
            if let Some(key) = &key
                && let Some(stored) = idempotency::lookup(tx, op.id, key, &request_hash, now)?
            {
                return Ok(Err(stored));
            }
            let mut new = new;
            let registered = match new.user_id {
                Some(user) => Some(
                    crate::storage::users::contact(tx, user)?
                        .ok_or_else(|| ApiError::validation("user_id does not exist"))?,
                ),
                None => None,
            };
            notify::complete_contact(&mut new, registered)?;
            let (id, radicado, ev) = insert_new(
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
            record(
                tx,
                now,
                AuditEntry {
                    operator: &op,
                    action: "pqr.create",
                    target: Some(format!("pqr:{id}")),
                    outcome: AuditOutcome::Ok,
                    request_id: &request_id.0,
                    detail: Some(radicado),
                },
            )?;
            let (detail, version) = store::load_detail(tx, id, &legal, today)?
                .ok_or_else(|| anyhow::anyhow!("the new PQR vanished"))?;
            if let Some(key) = &key {
                idempotency::store(
                    tx,
                    op.id,
                    key,
                    &request_hash,
                    StatusCode::CREATED,
                    &serde_json::to_string(&detail)?,
                    now,
                )?;
            }
            Ok(Ok((detail, version, ev)))
        })
        .await?;
    match outcome {
        Err(stored) => Ok(idempotency::replay(stored)),
        Ok((detail, version, ev)) => {
            state.bus.publish([ev]);
            let mut response = detail_response(StatusCode::CREATED, &detail, version);
            if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/pqr/{}", detail.summary.id)) {
                response.headers_mut().insert(header::LOCATION, v);
            }
            Ok(response)
        }
    }
}

/// `GET /api/v1/pqr/{id}` with its `ETag`.
pub(crate) async fn get(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let legal = state.legal.clone();
    let today = legal.day_of(state.clock.now());
    let found = state
        .db
        .read(move |c| Ok(store::load_detail(c, id, &legal, today)?))
        .await?;
    let outcome = if found.is_some() {
        AuditOutcome::Ok
    } else {
        AuditOutcome::Failed
    };
    record_alone(
        &state,
        &op,
        "pqr.view",
        Some(format!("pqr:{id}")),
        outcome,
        &request_id,
        None,
    )
    .await?;
    let (detail, version) = found.ok_or_else(|| ApiError::not_found("PQR"))?;
    Ok(detail_response(StatusCode::OK, &detail, version))
}

impl store::Current {
    fn ticket(&self, id: i64) -> notify::Ticket<'_> {
        notify::Ticket {
            id,
            user_id: self.user_id,
            radicado: &self.radicado,
            subject: &self.subject,
            name: &self.requester_name,
            channel: self.reply_channel,
            email: self.requester_email.as_deref(),
        }
    }
}

/// `PATCH /api/v1/pqr/{id}` with `If-Match`: status (only allowed moves), assignee, extension.
pub(crate) async fn patch(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(change): ApiJson<PqrPatch>,
) -> ApiResult<Response> {
    let if_match = crate::http::extract::if_match(&headers, "the PQR")?;
    if change.status.is_none() && change.assignee_id.is_none() {
        return Err(ApiError::validation(
            "nothing to change: send status and/or assignee_id",
        ));
    }
    if change.status != Some(PqrStatus::Prorrogada)
        && (change.extension_reason.is_some() || change.new_due_date.is_some())
    {
        return Err(ApiError::validation(
            "extension_reason and new_due_date go with status prorrogada",
        ));
    }
    let now = state.clock.now();
    let legal = state.legal.clone();
    let today = legal.day_of(now);
    let st = state.clone();
    let result = state
        .db
        .write_api(move |tx| {
            let cur = store::current(tx, id)?;
            if if_match != etag(cur.version) {
                return Err(ApiError::new(StatusCode::PRECONDITION_FAILED, ErrorCode::PreconditionFailed,
                    "the PQR changed since you read it; reload it and try again")
                    .with_details(json!({ "current_etag": etag(cur.version) }))
                    );
            }
            let mut notes = Vec::new();
            let mut due = cur.due_date;
            let mut suspended = cur.suspended_since;
            let mut reason: Option<String> = None;
            // The clock's parts (see `clock`): an extension's date, the days waited since.
            let mut extended_to = cur.extended_to;
            let mut waited_days = cur.waited_days;
            let mut waits = cur.waits.clone();
            let mut answered_at = cur.answered_at;
            if let Some(to) = change.status {
                if !rules::can_move(cur.status, to) {
                    return Err(ApiError::validation(format!("a PQR in status {} cannot move to {}", cur.status.as_str(), to.as_str()))
                        .with_details(json!({ "allowed": rules::allowed_transitions(cur.status) }))
                        );
                }
                if let Some(since) = cur.suspended_since {
                    waited_days += legal.calendar.business_days_between(since, today).max(0);
                    waits = crate::storage::pqr_clock::add_wait(&waits, since, today);
                    due = legal.resume(due, since, today);
                    suspended = None;
                    notes.push(format!("clock resumed; due {due}"));
                }
                if to == PqrStatus::EnEsperaUsuario {
                    suspended = Some(today);
                    notes.push("clock suspended".into());
                }
                if to == PqrStatus::Prorrogada {
                    if op.role < Role::Supervisor {
                        return Err(ApiError::forbidden("only a supervisor can grant an extension"));
                    }
                    let why = change.extension_reason.as_deref().map(str::trim).filter(|r| !r.is_empty())
                        .ok_or_else(|| ApiError::invalid_field("extension_reason", contract::api::FieldRule::Required, "an extension needs a reason"))?;
                    let new_due = change.new_due_date
                        .ok_or_else(|| ApiError::invalid_field("new_due_date", contract::api::FieldRule::Required, "an extension needs new_due_date"))?;
                    if today > due {
                        return Err(ApiError::validation("an extension must be given before the due date"));
                    }
                    let received_day = legal.day_of(crate::db::ts(cur.received_at));
                    let latest = legal.latest_extension(received_day, cur.pqr_type.term_business_days());
                    if new_due <= due || new_due > latest {
                        return Err(ApiError::invalid_field("new_due_date", contract::api::FieldRule::OutOfRange, format!("the new due date must be after {due} and no later than {latest} (twice the legal term)"))
                            .with_details(json!({ "latest": latest }))
                            );
                    }
                    due = new_due;
                    extended_to = Some(new_due);
                    waited_days = 0;
                    waits.clear();
                    reason = Some(why.chars().take(2000).collect());
                    notes.push(format!("extended to {new_due}"));
                }
                if rules::is_open(to) {
                    answered_at = None;
                } else if answered_at.is_none() {
                    answered_at = Some(ms(now));
                }
                notes.insert(0, format!("status {} -> {}", cur.status.as_str(), to.as_str()));
            }
            let mut assignee = cur.assignee_id;
            if let Some(new_assignee) = change.assignee_id {
                let touches_others = new_assignee.is_some_and(|a| a != op.id)
                    || (new_assignee.is_none() && cur.assignee_id.is_some_and(|a| a != op.id));
                if touches_others && op.role < Role::Supervisor {
                    return Err(ApiError::forbidden("agents can only assign tickets to themselves"));
                }
                if let Some(a) = new_assignee
                    && !crate::storage::operators::active_exists(tx, a)?
                {
                        return Err(ApiError::invalid_field("assignee_id", contract::api::FieldRule::UnknownValue, "assignee_id is not an active operator"));
                }
                assignee = new_assignee;
                notes.push(match new_assignee { Some(a) => format!("assigned to operator {a}"), None => "unassigned".into() });
            }
            let status = change.status.unwrap_or(cur.status);
            store::update(tx, id, &store::Update {
                status: status.as_str(), assignee, due: due.to_string(), suspended: suspended.map(|d| d.to_string()),
                reason: reason.clone(), now_ms: ms(now), extended_to: extended_to.map(|d| d.to_string()), waited_days,
                answered_at, waits,
            })?;
            // The requester is told in the same transaction: of the prórroga before the term
            // ends (the check above), and of the resolution.
            if let (Some(why), Some(new_due)) = (&reason, extended_to.filter(|_| change.status == Some(PqrStatus::Prorrogada))) {
                notify::extension(&st, tx, &cur.ticket(id), why, cur.due_date, new_due, now)?;
            }
            if change.status.is_some_and(|to| notify::is_resolution(cur.status, to)) {
                notify::resolution(&st, tx, &cur.ticket(id), status, today, now)?;
            }
            let note = notes.join("; ");
            let data = EventData { radicado: Some(cur.radicado.clone()), status: Some(status.as_str().into()), note: Some(note.clone()), ..Default::default() };
            let ev = insert(tx, event(now, EventKind::PqrUpdated, &op, id, cur.user_id, data))?;
            record(tx, now, AuditEntry {
                operator: &op, action: "pqr.update", target: Some(format!("pqr:{id}")),
                outcome: AuditOutcome::Ok, request_id: &request_id.0, detail: Some(note),
            })?;
            let (detail, version) = store::load_detail(tx, id, &legal, today)?
                .ok_or_else(|| anyhow::anyhow!("the PQR vanished"))?;
            Ok((detail, version, ev))
        })
        .await?;
    let (detail, version, ev) = result;
    state.bus.publish([ev]);
    Ok(detail_response(StatusCode::OK, &detail, version))
}

/// `POST /api/v1/pqr/{id}/messages` with an optional `Idempotency-Key`. A public message is also
/// emailed to the requester.
pub(crate) async fn add_message(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(msg): ApiJson<NewPqrMessage>,
) -> ApiResult<Response> {
    let visibility = match msg.visibility {
        Visibility::Public => "public",
        Visibility::Internal => "internal",
        Visibility::Unknown => {
            return Err(ApiError::validation(
                "visibility must be public or internal",
            ));
        }
    };
    if msg.body.trim().is_empty() || msg.body.len() > MAX_BODY_BYTES {
        return Err(ApiError::validation("body must have 1 byte to 64 KiB"));
    }
    let key = idempotency::key_from(&headers)?;
    let now = state.clock.now();
    let request_hash = sha256_hex(&format!("POST pqr:{id} messages {visibility} {}", msg.body));
    let st = state.clone();
    let outcome = state
        .db
        .write_api(move |tx| {
            if let Some(key) = &key
                && let Some(stored) = idempotency::lookup(tx, op.id, key, &request_hash, now)?
            {
                return Ok(Err(stored));
            }
            let cur = store::current(tx, id)?;
            let (status, user_id) = (cur.status, cur.user_id);
            if status == PqrStatus::Cerrada {
                return Err(ApiError::conflict("the PQR is closed: no new messages"));
            }
            let message_id = store::add_operator_message(
                tx,
                id,
                visibility,
                &msg.body,
                op.id,
                &op.name,
                ms(now),
            )?;
            let message = PqrMessage {
                id: message_id,
                visibility: msg.visibility,
                body: msg.body.clone(),
                author: op.name.clone(),
                at: now,
                from_requester: false,
            };
            if msg.visibility == Visibility::Public {
                notify::reply(&st, tx, &cur.ticket(id), &msg.body, now)?;
            }
            let data = EventData {
                radicado: Some(cur.radicado.clone()),
                note: Some(visibility.into()),
                ..Default::default()
            };
            let ev = insert(
                tx,
                event(now, EventKind::PqrMessageAdded, &op, id, user_id, data),
            )?;
            record(
                tx,
                now,
                AuditEntry {
                    operator: &op,
                    action: "pqr.message",
                    target: Some(format!("pqr:{id}")),
                    outcome: AuditOutcome::Ok,
                    request_id: &request_id.0,
                    detail: Some(visibility.into()),
                },
            )?;
            let body = serde_json::to_string(&message)?;
            if let Some(key) = &key {
                idempotency::store(
                    tx,
                    op.id,
                    key,
                    &request_hash,
                    StatusCode::CREATED,
                    &body,
                    now,
                )?;
            }
            Ok(Ok((message, ev)))
        })
        .await?;
    match outcome {
        Err(stored) => Ok(idempotency::replay(stored)),
        Ok((message, ev)) => {
            state.bus.publish([ev]);
            Ok((StatusCode::CREATED, Json(message)).into_response())
        }
    }
}
