//! Mail coming back (issue 25): the listener of `--inbound-smtp`, where the site's MTA forwards
//! the bounces and the replies, in SMTP or LMTP (the client's first word says which: LHLO is
//! LMTP, EHLO/HELO SMTP). It accepts only the portal's own addresses at `--mail-domain`:
//!
//! - `rebote+TAG`: the return path of one outgoing message (VERP): a delivery report for it;
//! - `respuesta+TAG`: the reply address of one PQR message: the requester's answer, for the thread;
//! - `soporte`: the catch-all: a report naming one of our Message-IDs, a reply naming one in
//!   In-Reply-To/References, or else a message of the sender's `correo` conversation.
//!
//! Everything a sender can make us hold is bounded ([`Limits`]): connections (all, and per
//! address), a deadline per command and per session, the message size, recipients, line length.

mod apply;
pub(crate) mod parse;
mod smtp;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

pub use apply::deliver_report;
pub(crate) use apply::{deliver, tag_known};

use crate::AppState;
use crate::http::serve::PerAddress;

/// The catch-all's local part: mail that names no message of ours goes here.
pub const SUPPORT_LOCAL: &str = "soporte";

/// The bounds of the inbound listener.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Sessions open at once; past it a newcomer gets `421` and is closed.
    pub max_connections: usize,
    /// Sessions one client address may hold at once.
    pub max_connections_per_address: usize,
    /// The longest wait for the client's next line (a command or a line of the message).
    pub command_timeout: Duration,
    /// The longest session, from the greeting to the last answer.
    pub session_timeout: Duration,
    /// The largest message (DATA), in bytes: past it `552` and nothing is kept.
    pub max_message_bytes: usize,
    /// Recipients per message.
    pub max_recipients: usize,
    /// Longest command line (RFC 5321 says 512 octets; extensions make it longer).
    pub max_command_line: usize,
    /// Unknown or out-of-order commands tolerated before the session is closed.
    pub max_errors: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_connections: 32,
            max_connections_per_address: 8,
            command_timeout: Duration::from_secs(60),
            session_timeout: Duration::from_secs(10 * 60),
            max_message_bytes: 10 * 1024 * 1024,
            max_recipients: 20,
            max_command_line: 2048,
            max_errors: 10,
        }
    }
}

/// What every session shares.
pub(crate) struct Shared {
    pub state: AppState,
    pub limits: Limits,
    slots: Arc<Semaphore>,
    per_address: Arc<PerAddress>,
}

/// Serves `listener` until this future is dropped; the sessions are its tasks and go with it.
pub(crate) async fn serve(listener: TcpListener, state: AppState, limits: Limits) {
    let shared = Arc::new(Shared {
        slots: Arc::new(Semaphore::new(limits.max_connections.max(1))),
        per_address: Arc::new(PerAddress::new(limits.max_connections_per_address)),
        state,
        limits,
    });
    let mut sessions = JoinSet::new();
    loop {
        while sessions.try_join_next().is_some() {}
        let (stream, peer) = match listener.accept().await {
            Ok(pair) => pair,
            Err(e) => {
                tracing::warn!(error = %e, "inbound mail: accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let shared = shared.clone();
        sessions.spawn(async move {
            let slot = shared.slots.clone().try_acquire_owned().ok();
            let share = shared.per_address.take(peer.ip());
            if slot.is_none() || share.is_none() {
                tracing::info!(from = %peer, "inbound mail: too many sessions, refused");
                smtp::refuse_busy(stream, &shared.limits).await;
                return;
            }
            smtp::session(stream, peer, &shared).await;
        });
    }
}

/// Binds the inbound listener (port 0 for any free port).
pub(crate) async fn bind(addr: SocketAddr) -> anyhow::Result<TcpListener> {
    use anyhow::Context;
    TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen for inbound mail on {addr}"))
}

/// What a recipient address names, if it is one of ours at `domain`.
pub(crate) fn classify(address: &str, domain: &str) -> Option<Recipient> {
    let (local, at) = address.trim().rsplit_once('@')?;
    if !at.eq_ignore_ascii_case(domain) {
        return None;
    }
    let local = local.to_ascii_lowercase();
    if local == SUPPORT_LOCAL {
        return Some(Recipient::Support);
    }
    let (kind, tag) = local.split_once('+')?;
    // Tags are lowercase letters and digits (see `mail::outbox`); anything else names nothing.
    if tag.is_empty() || tag.len() > 64 || !tag.chars().all(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    match kind {
        "rebote" => Some(Recipient::Bounce(tag.to_string())),
        "respuesta" => Some(Recipient::Reply(tag.to_string())),
        _ => None,
    }
}

/// One of the portal's inbound addresses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Recipient {
    Bounce(String),
    Reply(String),
    Support,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_addresses_at_our_domain() {
        let d = "mail.example.co";
        assert_eq!(
            classify("rebote+abc123@Mail.Example.co", d),
            Some(Recipient::Bounce("abc123".into()))
        );
        assert_eq!(
            classify("RESPUESTA+Abc@mail.example.co", d),
            Some(Recipient::Reply("abc".into()))
        );
        assert_eq!(
            classify("soporte@mail.example.co", d),
            Some(Recipient::Support)
        );
        assert_eq!(classify("rebote+abc@other.co", d), None);
        assert_eq!(classify("rebote+a.b@mail.example.co", d), None);
        assert_eq!(classify("rebote+@mail.example.co", d), None);
        assert_eq!(classify("juan@mail.example.co", d), None);
        assert_eq!(classify("no-at-sign", d), None);
    }
}
