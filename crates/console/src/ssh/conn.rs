//! One SSH connection: public-key authentication against the operators file (failures counted
//! per address), then one session channel with a pty whose shell is the console. Everything
//! else a client may ask — exec, subsystems, forwarding, agents, X11, a shell without a pty — is
//! refused with one log line.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use russh::keys::PublicKey;
use russh::server::{
    Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Session, VerifiedPublicKey,
};
use russh::{Channel, ChannelId, MethodKind, MethodSet};
use tokio::sync::mpsc::Sender;

use super::Shared;
use super::console::{self, ClientLook, Raw};
use super::limits::{for_log, window};
use super::metrics::AuthOutcome;
use super::operators::{Operator, fingerprint};
use contract::i18n::{Lang, tr};

/// The size of a pty whose client gave none (zero columns and rows).
const DEFAULT_SIZE: (u16, u16) = (80, 24);

pub(crate) struct Conn {
    shared: Arc<Shared>,
    peer: SocketAddr,
    user: String,
    /// Set once a console runs: the accept loop closes a connection that has none in time.
    settled: Arc<AtomicBool>,
    /// Set once a key is accepted: the login deadline and the cap of connections still
    /// authenticating no longer apply.
    authenticated: Arc<AtomicBool>,
    /// This connection's place among those authenticating (see `limits::PreAuth`).
    ticket: u64,
    operator: Option<(Arc<Operator>, String)>,
    channel: Option<ChannelState>,
    since: Instant,
    /// This connection offered a key nobody has: counted once per connection (an agent may offer
    /// several before the right one), taken back if it then authenticates.
    failed: bool,
}

#[derive(Default)]
struct ChannelState {
    id: Option<ChannelId>,
    pty: Option<(u16, u16)>,
    look: ClientLook,
    /// The console's input, once it runs.
    input: Option<Sender<Raw>>,
}

impl Conn {
    pub(super) fn new(shared: Arc<Shared>, peer: SocketAddr, ticket: u64) -> Self {
        shared
            .connections
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        Conn {
            shared,
            peer,
            user: String::new(),
            settled: Arc::new(AtomicBool::new(false)),
            authenticated: Arc::new(AtomicBool::new(false)),
            ticket,
            operator: None,
            channel: None,
            since: Instant::now(),
            failed: false,
        }
    }

    pub(super) fn settled_flag(&self) -> Arc<AtomicBool> {
        self.settled.clone()
    }

    pub(super) fn authenticated_flag(&self) -> Arc<AtomicBool> {
        self.authenticated.clone()
    }

    fn who(&self) -> (&str, &str) {
        match &self.operator {
            Some((op, print)) => (op.name.as_str(), print.as_str()),
            None => ("-", "-"),
        }
    }

    fn refuse(&self, what: &str) {
        let (name, print) = self.who();
        tracing::warn!(target: "helpdesk::ssh", event = "refused", operator = name,
            from = %self.peer, key = print, reason = what);
    }

    fn reject() -> Auth {
        Auth::Reject {
            proceed_with_methods: Some(MethodSet::from(&[MethodKind::PublicKey][..])),
            partial_success: false,
        }
    }

    /// The operator a key belongs to, if the address may still try.
    fn check_key(&mut self, user: &str, key: &PublicKey) -> Option<Arc<Operator>> {
        self.user = for_log(user);
        let print = fingerprint(key);
        if !self.shared.limiter.allowed(self.peer.ip(), Instant::now()) {
            self.shared.metrics.auth(AuthOutcome::RateLimited);
            tracing::warn!(target: "helpdesk::ssh", event = "refused", from = %self.peer,
                key = %print, user = %self.user, reason = "too many failed authentications from this address");
            return None;
        }
        let found = self.shared.operators.borrow().get(&print).cloned();
        if found.is_none() {
            self.shared.metrics.auth(AuthOutcome::UnknownKey);
            if !self.failed {
                self.failed = true;
                self.shared.limiter.failed(self.peer.ip(), Instant::now());
            }
            tracing::warn!(target: "helpdesk::ssh", event = "refused", from = %self.peer,
                key = %print, user = %self.user, reason = "unknown key");
        }
        found
    }

    /// The language of a line to this client: the operator's, else the client's LANG.
    fn lang(&self) -> Lang {
        self.operator
            .as_ref()
            .and_then(|(op, _)| op.lang)
            .or_else(|| self.channel.as_ref().and_then(|c| c.look.lang))
            .unwrap_or_default()
    }

    /// Ends a channel that will never hold a console, with a line (a catalog key) saying why.
    fn close_with(
        &self,
        session: &mut Session,
        id: ChannelId,
        key: &str,
    ) -> Result<(), russh::Error> {
        let line = format!("{}\r\n", tr(self.lang(), key));
        session.data(id, line.into_bytes())?;
        session.exit_status_request(id, 1)?;
        session.eof(id)?;
        session.close(id)
    }
}

impl Drop for Conn {
    fn drop(&mut self) {
        self.shared
            .connections
            .fetch_sub(1, std::sync::atomic::Ordering::AcqRel);
        self.shared.pre_auth.settle(self.ticket);
        if let Some((op, print)) = &self.operator {
            tracing::info!(target: "helpdesk::ssh", event = "logout", operator = %op.name,
                from = %self.peer, key = %print, seconds = self.since.elapsed().as_secs());
        }
    }
}

impl Handler for Conn {
    type Error = anyhow::Error;

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(match self.check_key(user, offer.public_key) {
            Some(_) => Auth::Accept,
            None => Self::reject(),
        })
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        let Some(op) = self.check_key(user, key.public_key) else {
            return Ok(Self::reject());
        };
        let print = fingerprint(key.public_key);
        self.shared.metrics.auth(AuthOutcome::Accepted);
        tracing::info!(target: "helpdesk::ssh", event = "login", operator = %op.name,
            from = %self.peer, key = %print, user = %self.user);
        if self.failed {
            self.failed = false;
            self.shared.limiter.forgive(self.peer.ip());
        }
        self.operator = Some((op, print));
        self.authenticated.store(true, Ordering::Release);
        self.shared.pre_auth.settle(self.ticket);
        Ok(Auth::Accept)
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_some() {
            self.refuse("a second session on one connection");
            return Ok(()); // dropping the reply refuses the channel
        }
        self.channel = Some(ChannelState {
            id: Some(channel.id()),
            ..Default::default()
        });
        reply.accept().await;
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        _host: &str,
        _port: u32,
        _from_host: &str,
        _from_port: u32,
        _reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("port forwarding");
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        _path: &str,
        _reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("socket forwarding");
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        _address: &str,
        _port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse("remote port forwarding");
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        _path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse("remote socket forwarding");
        Ok(false)
    }

    async fn agent_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse("agent forwarding");
        session.channel_failure(channel)?;
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single: bool,
        _protocol: &str,
        _cookie: &str,
        _screen: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("X11 forwarding");
        session.channel_failure(channel)?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(russh::Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match self.channel.as_mut().filter(|c| c.id == Some(channel)) {
            Some(state) if state.input.is_none() => {
                state.pty = Some(window(cols, rows, DEFAULT_SIZE));
                state.look.term = Some(for_log(term));
                session.channel_success(channel)?;
            }
            _ => session.channel_failure(channel)?,
        }
        Ok(())
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some(state) = self.channel.as_mut().filter(|c| c.id == Some(channel)) else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        let accepted = state.look.set(name, value);
        if accepted {
            session.channel_success(channel)?;
        } else {
            session.channel_failure(channel)?;
        }
        Ok(())
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let Some((op, print)) = self.operator.clone() else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        let Some(state) = self.channel.as_mut().filter(|c| c.id == Some(channel)) else {
            session.channel_failure(channel)?;
            return Ok(());
        };
        let Some(size) = state.pty else {
            session.channel_success(channel)?;
            self.refuse("a session without a pty");
            self.close_with(session, channel, "ssh.no_pty")?;
            return Ok(());
        };
        if state.input.is_some() {
            session.channel_failure(channel)?;
            return Ok(());
        }
        let started = console::Start {
            shared: self.shared.clone(),
            operator: op,
            fingerprint: print,
            peer: self.peer,
            size,
            look: state.look.clone(),
            handle: session.handle(),
            channel,
        };
        match console::spawn(started) {
            Ok(input) => {
                state.input = Some(input);
                self.settled.store(true, Ordering::Release);
                session.channel_success(channel)?;
            }
            Err((reason, key)) => {
                session.channel_success(channel)?;
                self.refuse(reason);
                self.close_with(session, channel, key)?;
            }
        }
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        let command = for_log(&String::from_utf8_lossy(data));
        self.refuse(&format!("exec {command:?}"));
        session.channel_failure(channel)?;
        self.close_with(session, channel, "ssh.no_commands")?;
        Ok(())
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(&format!("subsystem {:?}", for_log(name)));
        session.channel_failure(channel)?;
        self.close_with(session, channel, "ssh.no_commands")?;
        Ok(())
    }

    async fn window_change_request(
        &mut self,
        channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(state) = self.channel.as_mut().filter(|c| c.id == Some(channel)) {
            let size = window(cols, rows, state.pty.unwrap_or(DEFAULT_SIZE));
            state.pty = Some(size);
            if let Some(input) = &state.input {
                // A full queue waits: the client's further packets wait behind it.
                let _ = input.send(Raw::Resize(size.0, size.1)).await;
            }
        }
        Ok(())
    }

    async fn data(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(input) = self
            .channel
            .as_ref()
            .filter(|c| c.id == Some(channel))
            .and_then(|c| c.input.as_ref())
        {
            // Bounded: a client typing faster than its console reads waits here, and russh
            // stops reading its socket (TCP pushes back) instead of our memory growing.
            let _ = input.send(Raw::Bytes(data.to_vec())).await;
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(state) = self.channel.as_mut().filter(|c| c.id == Some(channel)) {
            state.input = None; // the console sees its input end
        }
        Ok(())
    }

    async fn channel_close(
        &mut self,
        channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(state) = self.channel.as_mut().filter(|c| c.id == Some(channel)) {
            state.input = None;
        }
        Ok(())
    }
}
