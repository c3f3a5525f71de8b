//! Following a user's events live (`GET /api/v1/events?user_id=`, server-sent events) for the
//! walkthrough. The stream resumes after a drop with `Last-Event-ID`, so nothing is lost; the
//! console drops any id it has already seen, so nothing is shown twice.

use std::time::Duration;

use futures::{Stream, StreamExt};
use sse_stream::SseByteStream;
use tokio::sync::mpsc::UnboundedSender;

use super::{MAX_BODY, PortalClient, PortalError, backoff};
use contract::api::Event;
use contract::api::Ingress;

pub use contract::remote::LiveUpdate;

/// Longest silence before the stream is considered dead (the portal sends a heartbeat well within).
const READ_TIMEOUT: Duration = Duration::from_secs(45);

#[derive(Debug, thiserror::Error)]
enum ReadError {
    #[error("transport")]
    Transport(reqwest::Error),
    #[error("event too large")]
    TooLarge,
}

/// The stream's bytes, cut off once one event (everything up to its blank line) passes
/// [`MAX_BODY`]: the event parser buffers an event whole, so an endless one would fill memory.
fn capped<B: AsRef<[u8]>>(
    bytes: impl Stream<Item = reqwest::Result<B>>,
) -> impl Stream<Item = Result<B, ReadError>> {
    let mut in_event = 0usize;
    let mut after_newline = false;
    bytes.map(move |chunk| {
        let chunk = chunk.map_err(ReadError::Transport)?;
        for &b in chunk.as_ref() {
            match b {
                b'\n' if after_newline => in_event = 0,
                b'\n' => after_newline = true,
                b'\r' => {}
                _ => {
                    after_newline = false;
                    in_event += 1;
                }
            }
        }
        if in_event > MAX_BODY {
            return Err(ReadError::TooLarge);
        }
        Ok(chunk)
    })
}

fn read_error(e: sse_stream::Error) -> PortalError {
    match e {
        sse_stream::Error::Body(inner) => match inner.downcast::<ReadError>() {
            Ok(read) => match *read {
                ReadError::Transport(e) => super::transport_error(&e),
                ReadError::TooLarge => PortalError::TooLarge { limit: MAX_BODY },
            },
            Err(_) => PortalError::Offline("the event stream was cut".into()),
        },
        // The parser's message quotes the portal's bytes: not worth showing, nor safe.
        _ => PortalError::Decode("the event stream is not valid".into()),
    }
}

impl PortalClient {
    /// Follows `user_id`'s events until `tx` is closed, reconnecting with backoff after a drop.
    pub async fn follow_user(&self, user_id: i64, tx: UnboundedSender<LiveUpdate>) {
        super::use_ring_for_tls();
        let Some(stream_client) = self.stream_client() else {
            return;
        };
        // Start after the user's newest event: a drop before any new event then loses nothing.
        let mut after: Option<i64> = None;
        let mut failures = 0u32;
        while !tx.is_closed() {
            if after.is_none() {
                let newest = contract::api::UserTimeline { user_id, limit: 1 };
                match self.call(&newest).await {
                    Ok(events) => after = Some(events.items.first().map_or(0, |e| e.id)),
                    Err(e) => {
                        tracing::debug!(error = %e, "cannot read the timeline before following");
                    }
                }
            }
            if let Some(last) = after {
                let result = self
                    .stream_once(
                        &stream_client,
                        Some(user_id),
                        Some(last),
                        &tx,
                        &mut after,
                        &mut failures,
                    )
                    .await;
                if let Err(e) = result {
                    tracing::debug!(error = %e, "event stream ended");
                }
            }
            if tx.send(LiveUpdate::Disconnected).is_err() {
                return;
            }
            failures = failures.saturating_add(1);
            tokio::time::sleep(backoff(Duration::from_millis(300), failures.min(5))).await;
        }
    }

    /// Follows the whole desk's events (no user filter) until `tx` is closed: the dashboard's
    /// wake-ups. The first connection starts with the next event; after a drop the stream resumes
    /// after the last one received, so nothing is lost.
    pub async fn follow_desk(&self, tx: UnboundedSender<LiveUpdate>) {
        super::use_ring_for_tls();
        let Some(stream_client) = self.stream_client() else {
            return;
        };
        let mut after: Option<i64> = None;
        let mut failures = 0u32;
        while !tx.is_closed() {
            let last = after;
            let result = self
                .stream_once(&stream_client, None, last, &tx, &mut after, &mut failures)
                .await;
            if let Err(e) = result {
                tracing::debug!(error = %e, "desk event stream ended");
            }
            if tx.send(LiveUpdate::Disconnected).is_err() {
                return;
            }
            failures = failures.saturating_add(1);
            tokio::time::sleep(backoff(Duration::from_millis(300), failures.min(5))).await;
        }
    }

    fn stream_client(&self) -> Option<reqwest::Client> {
        match super::builder_for(&self.base)
            .connect_timeout(self.config.connect_timeout)
            .read_timeout(READ_TIMEOUT)
            .user_agent(concat!("helpdesk/", env!("CARGO_PKG_VERSION")))
            .build()
        {
            Ok(c) => Some(c),
            Err(e) => {
                tracing::error!(error = %e, "cannot build the event stream client");
                None
            }
        }
    }

    async fn stream_once(
        &self,
        http: &reqwest::Client,
        user_id: Option<i64>,
        last: Option<i64>,
        tx: &UnboundedSender<LiveUpdate>,
        after: &mut Option<i64>,
        failures: &mut u32,
    ) -> Result<(), PortalError> {
        let mut request = http
            .get(format!("{}/api/v1/events", self.base))
            .bearer_auth(&self.token);
        if let Some(user_id) = user_id {
            request = request.query(&[("user_id", user_id.to_string())]);
        }
        if let Some(last) = last {
            request = request.header("Last-Event-ID", last.to_string());
        }
        let resp = request
            .send()
            .await
            .map_err(|e| super::transport_error(&e))?;
        if !resp.status().is_success() {
            return Err(PortalError::Server {
                status: resp.status().as_u16(),
                request_id: "-".into(),
            });
        }
        let _ = tx.send(LiveUpdate::Connected);
        *failures = 0;
        let mut events = std::pin::pin!(SseByteStream::new(capped(resp.bytes_stream())));
        while let Some(item) = events.next().await {
            let item = item.map_err(read_error)?;
            let Some(data) = item.data else {
                continue; // comments (heartbeats) and `retry:` lines carry no data
            };
            let Ok(event) = serde_json::from_str::<Event>(&data) else {
                continue; // anything this build cannot read
            };
            *after = Some(event.id);
            if tx
                .send(LiveUpdate::Event(Box::new(event.sanitized())))
                .is_err()
            {
                return Ok(());
            }
        }
        Ok(())
    }
}
