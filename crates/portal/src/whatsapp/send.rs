//! The sender: relays queued WhatsApp answers to the Graph API after their transaction committed.
//! A 2xx stores Meta's message id (the status callbacks then draw the ticks); a 4xx is final
//! (`failed` with Meta's error code, e.g. 131047 outside the window); a 429, a 5xx or no answer
//! is retried with exponential backoff and jitter up to 24 hours. The queue is the table, so a
//! restart resumes it. A send whose answer was lost is retried: Meta has no idempotency key, so
//! in that one case the requester may read the answer twice (the README says so).

use std::sync::Arc;
use std::time::Duration;

use rusqlite::params;

use super::WhatsappConfig;
use crate::AppState;
use crate::db::{ms, ts};
use crate::events::{NewEvent, insert};
use contract::api::{Actor, ActorKind, DeliveryStatus, Event, EventData, EventKind};

/// Sends in flight at most per pass.
const BATCH: i64 = 16;
/// After this long without a 2xx, an answer is given up (`failed`).
const HORIZON: jiff::SignedDuration = jiff::SignedDuration::from_hours(24);
/// Longest wait between two attempts.
const MAX_BACKOFF_SECS: u64 = 600;
/// How long one request to the Graph API may take.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);

/// Wakes the sender after an answer was queued.
pub(crate) fn wake(state: &AppState) {
    state.whatsapp_queued.notify_one();
}

/// Runs until the server stops (the caller aborts the task).
pub(crate) async fn run(state: AppState, config: Arc<WhatsappConfig>) {
    // reqwest is built without a TLS provider of its own: ring, as the console's client.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = match reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .connect_timeout(Duration::from_secs(5))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "cannot build the WhatsApp sender's HTTP client: answers stay queued");
            return;
        }
    };
    let url = format!(
        "{}/{}/messages",
        config.graph_url.trim_end_matches('/'),
        config.phone_number_id
    );
    loop {
        match pass(&state, &client, &url, &config.access_token).await {
            Ok(0) => {
                // Nothing due: wait for a new answer, or look again in a second (retries).
                let _ =
                    tokio::time::timeout(Duration::from_secs(1), state.whatsapp_queued.notified())
                        .await;
            }
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "WhatsApp sender pass failed");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// One due answer.
struct Due {
    id: i64,
    request: String,
    attempts: i64,
    at: i64,
}

/// What the Graph API said.
enum Answer {
    Accepted(String),
    Refused(Option<i64>, u16),
    Retry(String),
}

async fn pass(
    state: &AppState,
    client: &reqwest::Client,
    url: &str,
    token: &str,
) -> anyhow::Result<usize> {
    let now = ms(state.clock.now());
    let due: Vec<Due> = state
        .db
        .read(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT id, send_request, attempts, at FROM conversation_messages
                  WHERE delivery = 'queued' AND next_attempt_at <= ?1 AND send_request IS NOT NULL
                  ORDER BY next_attempt_at, id LIMIT ?2",
            )?;
            let rows = stmt
                .query_map(params![now, BATCH], |r| {
                    Ok(Due {
                        id: r.get(0)?,
                        request: r.get(1)?,
                        attempts: r.get(2)?,
                        at: r.get(3)?,
                    })
                })?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .await?;
    let count = due.len();
    for d in due {
        let answer = send(client, url, token, &d.request).await;
        let events = record(state, d, answer).await?;
        state.bus.publish(events);
    }
    Ok(count)
}

async fn send(client: &reqwest::Client, url: &str, token: &str, body: &str) -> Answer {
    let response = client
        .post(url)
        .bearer_auth(token)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(body.to_string())
        .send()
        .await;
    let response = match response {
        Ok(r) => r,
        Err(e) => return Answer::Retry(format!("no answer: {}", e.without_url())),
    };
    let status = response.status();
    // Meta's answers are small; a bigger one is not read whole.
    let bytes = response.bytes().await.unwrap_or_default();
    let json: serde_json::Value =
        serde_json::from_slice(&bytes[..bytes.len().min(64 * 1024)]).unwrap_or_default();
    if status.is_success() {
        return match json["messages"][0]["id"].as_str() {
            Some(id) if !id.is_empty() && id.len() <= 256 => Answer::Accepted(id.to_string()),
            _ => Answer::Retry("2xx without a message id".into()),
        };
    }
    if status.as_u16() == 429 || status.is_server_error() {
        return Answer::Retry(format!("HTTP {}", status.as_u16()));
    }
    Answer::Refused(json["error"]["code"].as_i64(), status.as_u16())
}

async fn record(state: &AppState, d: Due, answer: Answer) -> anyhow::Result<Vec<Event>> {
    let now = state.clock.now();
    let created = ts(d.at);
    let past_horizon = created.checked_add(HORIZON).is_ok_and(|limit| now >= limit);
    state
        .db
        .write(move |tx| {
            let (status, code) = match answer {
                Answer::Accepted(wamid) => {
                    tracing::info!(message = d.id, "WhatsApp answer accepted by Meta");
                    // A callback for this wamid may already have been stored by a repeated
                    // delivery; the unique index keeps one message per wamid.
                    tx.execute(
                        "UPDATE conversation_messages SET delivery = 'sent', external_id = ?2,
                             send_request = NULL, next_attempt_at = NULL, attempts = attempts + 1
                         WHERE id = ?1 AND delivery = 'queued'",
                        params![d.id, wamid],
                    )?;
                    (DeliveryStatus::Sent, None)
                }
                Answer::Refused(code, http) => {
                    tracing::warn!(message = d.id, http, meta_code = code, "WhatsApp answer refused by Meta");
                    fail(tx, d.id, code)?;
                    (DeliveryStatus::Failed, code)
                }
                Answer::Retry(why) if past_horizon => {
                    tracing::warn!(message = d.id, why = %why, "WhatsApp answer given up after 24 hours");
                    fail(tx, d.id, None)?;
                    (DeliveryStatus::Failed, None)
                }
                Answer::Retry(why) => {
                    let wait = backoff(d.attempts);
                    tracing::warn!(message = d.id, why = %why, retry_in_s = wait, "WhatsApp answer deferred");
                    let next = now.checked_add(jiff::SignedDuration::from_secs(wait as i64))?;
                    tx.execute(
                        "UPDATE conversation_messages SET attempts = attempts + 1, next_attempt_at = ?2 WHERE id = ?1",
                        params![d.id, ms(next)],
                    )?;
                    return Ok(Vec::new());
                }
            };
            let (conversation_id, user_id): (i64, Option<i64>) = tx.query_row(
                "SELECT c.id, c.user_id FROM conversation_messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?1",
                [d.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            tx.execute(
                "UPDATE conversations SET version = version + 1, updated_at = ?2 WHERE id = ?1",
                params![conversation_id, ms(now)],
            )?;
            let event = insert(tx, NewEvent {
                at: now,
                kind: EventKind::ConversationDelivery,
                user_id,
                pqr_id: None,
                actor: Actor { kind: ActorKind::System, name: None },
                data: EventData {
                    conversation_id: Some(conversation_id),
                    status: Some(status.as_str().into()),
                    note: code.map(|c| c.to_string()),
                    ..Default::default()
                },
            })?;
            Ok(vec![event])
        })
        .await
}

fn fail(tx: &rusqlite::Connection, id: i64, code: Option<i64>) -> anyhow::Result<()> {
    tx.execute(
        "UPDATE conversation_messages SET delivery = 'failed', error_code = ?2, send_request = NULL,
             next_attempt_at = NULL, attempts = attempts + 1
         WHERE id = ?1",
        params![id, code],
    )?;
    Ok(())
}

/// Seconds before the next attempt: 2, 4, 8… up to 10 minutes, with up to a quarter of jitter
/// so that many answers deferred together do not come back together.
fn backoff(attempts: i64) -> u64 {
    let base = 2u64
        .saturating_pow(u32::try_from(attempts.clamp(0, 20)).unwrap_or(20) + 1)
        .min(MAX_BACKOFF_SECS);
    let jitter = u64::from(crate::tokens::random_bytes::<1>()[0]) * base / 1024;
    base + jitter
}

#[cfg(test)]
mod tests {
    #[test]
    fn backoff_grows_and_is_capped() {
        assert!((2..=3).contains(&super::backoff(0)));
        assert!((600..=750).contains(&super::backoff(30)));
    }
}
