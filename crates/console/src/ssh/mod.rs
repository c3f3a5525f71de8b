//! The console served over SSH (russh): the operator's key says who they are, each session runs
//! its own console — the same `update`, `view` and effects as the local one, a
//! [`Session`](crate::console::session::Session) per channel — drawn through a ratatui backend
//! over the channel, with the operator's portal token held here. There is no shell: exec,
//! subsystems (sftp), forwarding and sessions without a pty are refused.
//!
//! `host.rs` holds the host key; `operators.rs` the operators file; `conn.rs` one connection
//! (authentication, channel requests); `console.rs` one console over a channel; `input.rs` the
//! channel's bytes as key events; `writer.rs` the channel as a writer; `limits.rs` the limits.

mod conn;
mod console;
pub mod host;
pub(crate) mod input;
pub mod limits;
pub mod metrics;
pub mod operators;
pub(crate) mod writer;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use russh::keys::PrivateKey;
use tokio::net::TcpListener;
use tokio::sync::{mpsc, watch};

use crate::config::ThemeName;
use limits::AuthLimiter;
use operators::Operators;

/// How the server runs (`helpdesk ssh serve`'s flags).
#[derive(Debug, Clone)]
pub struct Options {
    pub addr: SocketAddr,
    pub portal_url: String,
    /// The operators file, read again on [`Server::reload`].
    pub operators: PathBuf,
    /// Drafts live here, one private folder per operator.
    pub state_dir: PathBuf,
    pub idle_timeout: Duration,
    pub max_sessions: usize,
    /// Failed authentications allowed per client address within `auth_window`.
    pub max_auth_failures: u32,
    pub auth_window: Duration,
    pub escape_timeout: Duration,
    /// The theme when the client sends no NO_COLOR and its TERM has colours.
    pub theme: ThemeName,
    /// From the TCP connection to a successful authentication, at most this long.
    pub login_grace: Duration,
    /// Connections not yet authenticated at once; a newcomer past it ends the oldest.
    pub max_unauthenticated: usize,
    /// Consoles one operator may hold open at once.
    pub sessions_per_operator: usize,
}

impl Options {
    pub fn new(addr: SocketAddr, portal_url: &str, operators: PathBuf, state_dir: PathBuf) -> Self {
        Options {
            addr,
            portal_url: portal_url.to_string(),
            operators,
            state_dir,
            idle_timeout: Duration::from_secs(30 * 60),
            max_sessions: 64,
            max_auth_failures: 10,
            auth_window: Duration::from_secs(10 * 60),
            escape_timeout: Duration::from_millis(crate::config::DEFAULT_ESCAPE_TIMEOUT_MS),
            theme: ThemeName::default(),
            // Key authentication is automatic; 30 s still leaves a person time to type a
            // key's passphrase (OpenSSH's LoginGraceTime is 120 s).
            login_grace: Duration::from_secs(30),
            max_unauthenticated: 32,
            // A second window and a reconnection overlapping the old session, with room.
            sessions_per_operator: 4,
        }
    }
}

/// What every connection shares.
struct Shared {
    opts: Options,
    config: Arc<russh::server::Config>,
    operators: watch::Sender<Arc<Operators>>,
    limiter: AuthLimiter,
    /// Connections still authenticating (see [`limits::PreAuth`]).
    pre_auth: limits::PreAuth,
    /// Consoles open per operator (by name), for `sessions_per_operator`.
    per_operator: std::sync::Mutex<std::collections::HashMap<String, usize>>,
    consoles: AtomicUsize,
    connections: AtomicUsize,
    shutdown: watch::Sender<bool>,
    /// Every console holds a clone; shutdown waits until all are dropped.
    alive: mpsc::Sender<()>,
    started: Instant,
    metrics: Arc<metrics::SshMetrics>,
}

impl Shared {
    /// Milliseconds since the server started: the consoles' clock of last activity.
    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

/// A running server: its address, reload and shutdown.
pub struct Server {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    accept: tokio::task::JoinHandle<()>,
    all_done: mpsc::Receiver<()>,
}

/// At most this long for the consoles to restore their clients' terminals on shutdown.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// A connection that holds no console by then (not authenticated, or asking for anything else)
/// is closed.
const SETTLE_DEADLINE: Duration = Duration::from_secs(60);

impl Server {
    /// Binds `opts.addr` and starts accepting connections.
    pub async fn start(
        opts: Options,
        host_key: PrivateKey,
        operators: Operators,
    ) -> anyhow::Result<Server> {
        client::use_ring_for_tls();
        // Refused at start rather than on each console: the tokens would cross the network in clear.
        client::check_portal_url(
            &opts.portal_url,
            client::ClientConfig::default().allow_plain_http,
        )?;
        let listener = TcpListener::bind(opts.addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", opts.addr))?;
        let local_addr = listener.local_addr()?;
        crate::config::create_private_dir(&opts.state_dir)?;
        let config = russh::server::Config {
            server_id: russh::SshId::Standard("SSH-2.0-helpdesk".into()),
            methods: russh::MethodSet::from(&[russh::MethodKind::PublicKey][..]),
            auth_rejection_time: Duration::from_millis(300),
            auth_rejection_time_initial: Some(Duration::ZERO),
            keys: vec![host_key],
            // Idleness is the console's business (keys typed); a dead peer is found by keepalives.
            inactivity_timeout: None,
            keepalive_interval: Some(Duration::from_secs(30)),
            keepalive_max: 3,
            max_auth_attempts: 6,
            nodelay: true,
            ..Default::default()
        };
        let (shutdown, _) = watch::channel(false);
        let (alive, all_done) = mpsc::channel(1);
        let limiter = AuthLimiter::new(opts.max_auth_failures, opts.auth_window);
        let pre_auth = limits::PreAuth::new(opts.max_unauthenticated);
        let shared = Arc::new(Shared {
            opts,
            config: Arc::new(config),
            operators: watch::Sender::new(Arc::new(operators)),
            limiter,
            pre_auth,
            per_operator: std::sync::Mutex::new(std::collections::HashMap::new()),
            consoles: AtomicUsize::new(0),
            connections: AtomicUsize::new(0),
            shutdown,
            alive,
            started: Instant::now(),
            metrics: Arc::new(metrics::SshMetrics::new()),
        });
        let accept = tokio::spawn(accept_loop(shared.clone(), listener));
        Ok(Server {
            shared,
            local_addr,
            accept,
            all_done,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// Consoles open, authentications, keystroke-to-frame times (`--metrics-addr`).
    pub fn metrics(&self) -> Arc<metrics::SshMetrics> {
        self.shared.metrics.clone()
    }

    /// How many consoles are open now.
    pub fn consoles(&self) -> usize {
        self.shared.consoles.load(Ordering::Acquire)
    }

    /// Reads the operators file again (SIGHUP). A refused file leaves the operators in force;
    /// sessions whose key was removed, or whose operator's name or token changed, are closed.
    pub fn reload(&self) -> anyhow::Result<usize> {
        let ops = Operators::load(&self.shared.opts.operators)?;
        for line in &ops.left_out {
            tracing::warn!(target: "helpdesk::ssh", "operators file: {line}");
        }
        let n = ops.len();
        self.shared.operators.send_replace(Arc::new(ops));
        tracing::info!(target: "helpdesk::ssh", operators = n, "operators file reloaded");
        Ok(n)
    }

    /// Stops accepting, ends every console (restoring its client's terminal), waits for them
    /// (at most a few seconds), and returns.
    pub async fn shutdown(self) {
        tracing::info!(target: "helpdesk::ssh", "shutting down");
        self.accept.abort();
        self.shared.shutdown.send_replace(true);
        let Server {
            shared, all_done, ..
        } = self;
        let alive = shared.alive.clone();
        drop(shared);
        drop(alive);
        let mut all_done = all_done;
        // Every console holds a sender; recv returns None when the last is dropped.
        let _ = tokio::time::timeout(SHUTDOWN_GRACE, async {
            while all_done.recv().await.is_some() {}
        })
        .await;
    }
}

async fn accept_loop(shared: Arc<Shared>, listener: TcpListener) {
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(pair) => pair,
            Err(e) => {
                tracing::warn!(target: "helpdesk::ssh", error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        if !shared.limiter.allowed(peer.ip(), Instant::now()) {
            tracing::warn!(target: "helpdesk::ssh", event = "refused", from = %peer,
                reason = "too many failed authentications from this address");
            continue;
        }
        // Connections not yet holding a console are bounded too: a flood of half-open
        // handshakes cannot take the memory the consoles need.
        let cap = shared
            .opts
            .max_sessions
            .saturating_mul(2)
            .saturating_add(16);
        // Full with connections still authenticating, the newcomer ends the oldest of them
        // (below) rather than being refused: only authenticated ones can fill the cap for good.
        if shared.connections.load(Ordering::Acquire) >= cap && shared.pre_auth.is_empty() {
            tracing::warn!(target: "helpdesk::ssh", event = "refused", from = %peer,
                reason = "too many connections");
            continue;
        }
        let _ = stream.set_nodelay(true);
        let ticket = shared.pre_auth.ticket();
        let end = Arc::new(tokio::sync::Notify::new());
        let conn = conn::Conn::new(shared.clone(), peer, ticket);
        let authenticated = conn.authenticated_flag();
        let settled = conn.settled_flag();
        let config = shared.config.clone();
        let grace = shared.opts.login_grace;
        let ended = end.clone();
        let task = tokio::spawn(async move {
            // Until the version line and key exchange are through, dropping this future closes
            // the socket; after, the session runs in russh's own task and is ended by its handle.
            let handle = std::sync::OnceLock::new();
            let work = async {
                let session = match russh::server::run_stream(config, stream, conn).await {
                    Ok(s) => s,
                    Err(e) => {
                        tracing::debug!(target: "helpdesk::ssh", from = %peer, error = %e, "handshake failed");
                        return;
                    }
                };
                let _ = handle.set(session.handle());
                let deadline = async {
                    tokio::time::sleep(SETTLE_DEADLINE).await;
                    if !settled.load(Ordering::Acquire) {
                        return "no console was opened in time";
                    }
                    std::future::pending().await
                };
                tokio::select! {
                    _ = session => {}
                    why = deadline => end_session(handle.get(), peer, why).await,
                }
            };
            // The whole way to authentication has one deadline, and a newcomer past the cap of
            // unauthenticated connections may end this one while it has not authenticated.
            let unauthenticated_end = async {
                tokio::select! {
                    _ = tokio::time::sleep(grace) => "no authentication in time",
                    _ = ended.notified() => "too many connections authenticating: the oldest ends",
                }
            };
            let cut = async {
                let why = unauthenticated_end.await;
                if authenticated.load(Ordering::Acquire) {
                    std::future::pending::<()>().await;
                }
                why
            };
            tokio::select! {
                _ = work => {}
                why = cut => end_session(handle.get(), peer, why).await,
            }
        });
        if shared.pre_auth.admit(ticket, end) > 0 {
            tracing::warn!(target: "helpdesk::ssh", event = "refused",
                reason = "too many connections authenticating: the oldest was closed");
        }
        if task.is_finished() {
            shared.pre_auth.settle(ticket);
        }
    }
}

/// Ends a connection that may have a running session (else dropping its task closed the
/// socket), with one log line. The handle's queue is bounded: a stuck session gets a few
/// seconds, then is left to its keepalives.
async fn end_session(handle: Option<&russh::server::Handle>, peer: SocketAddr, why: &str) {
    tracing::info!(target: "helpdesk::ssh", event = "refused", from = %peer, reason = why);
    if let Some(handle) = handle {
        let _ = tokio::time::timeout(
            Duration::from_secs(5),
            handle.disconnect(
                russh::Disconnect::ByApplication,
                why.to_string(),
                String::new(),
            ),
        )
        .await;
    }
}
