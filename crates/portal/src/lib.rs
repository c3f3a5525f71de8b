//! The reference portal: the v1 API implemented for real (axum, SQLite, an email outbox).
//! `helpdesk demo` embeds it and every integration test talks to it over HTTP on 127.0.0.1.

pub(crate) mod audit;
pub mod chaos;
pub mod events;
pub(crate) mod files;
pub mod http;
pub(crate) mod idempotency;
pub mod inbound;
pub mod jobs;
pub(crate) mod mail;
pub mod metrics;
pub mod pqr;
pub mod seed;
pub mod storage;
pub(crate) mod tokens;
pub mod whatsapp;
pub(crate) mod whatsapp_out;

// The paths the binary, the tests and the benches name (`portal::router::ROUTES`,
// `portal::seed_pqr::seed_pqrs`, `portal::db::Db`…), kept where they were before the portal was
// laid out by concern.
pub use http::{auth, guard, public, router};
pub use jobs::sweep;
pub use seed::{import, pqrs as seed_pqr};
pub use storage::db;
pub use storage::user_search as search;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use jiff::SignedDuration;
use tokio::net::TcpListener;

use contract::domain::clock::SharedClock;

pub use jobs::mail_delivery::RetryPolicy;
pub use mail::{Security, SmtpCredentials, SmtpSettings, SmtpUrl};

/// How a portal is set up (command line, demo, tests).
#[derive(Debug, Clone)]
pub struct PortalConfig {
    pub db_path: PathBuf,
    pub outbox_dir: PathBuf,
    /// Base of the links in emails; `http://<bound address>` when absent.
    pub public_base_url: Option<String>,
    /// How long a reset link works.
    pub reset_token_ttl: SignedDuration,
    /// The site's relay (`--smtp-url`, `--smtp-credentials`, `--smtp-ca`): with it, the delivery
    /// worker relays the outbox's messages; without it, mail stays in the outbox folder.
    pub smtp: Option<SmtpSettings>,
    /// When a message the relay could not take is tried again, and until when.
    pub mail_retry: RetryPolicy,
    /// Readiness fails when a message has waited for the relay longer than this
    /// (`--mail-ready-max-age`).
    pub mail_ready_max_age: std::time::Duration,
    /// The domain of return paths, reply addresses and Message-IDs (`--mail-domain`); the
    /// public base URL's host when absent.
    pub mail_domain: Option<String>,
    /// Where mail comes back (bounces, replies), SMTP or LMTP (`--inbound-smtp`); none when absent.
    pub inbound_smtp: Option<SocketAddr>,
    /// The inbound listener's bounds.
    pub inbound_limits: inbound::Limits,
    /// Comment lines on idle event streams, so proxies and clients see the connection alive.
    pub sse_heartbeat: std::time::Duration,
    /// Holiday rules to use instead of the embedded Colombian ones (a support lead's edited copy).
    pub holidays_file: Option<PathBuf>,
    /// Fault injection (`--chaos`); off unless set.
    pub chaos: Option<chaos::Chaos>,
    /// How often expired idempotency answers and reset tokens are deleted (zero: never).
    pub sweep_interval: std::time::Duration,
    /// Rate limits and the size of the password-hashing pool.
    pub limits: guard::Limits,
    /// The WhatsApp Business number (`--whatsapp FILE`); without it the webhook does not exist.
    pub whatsapp: Option<Arc<whatsapp::WhatsappConfig>>,
}

impl PortalConfig {
    pub fn new(db_path: impl Into<PathBuf>, outbox_dir: impl Into<PathBuf>) -> Self {
        Self {
            db_path: db_path.into(),
            outbox_dir: outbox_dir.into(),
            public_base_url: None,
            reset_token_ttl: SignedDuration::from_mins(60),
            smtp: None,
            mail_retry: RetryPolicy::default(),
            mail_ready_max_age: http::ready::DEFAULT_MAIL_MAX_AGE,
            mail_domain: None,
            inbound_smtp: None,
            inbound_limits: inbound::Limits::default(),
            sse_heartbeat: std::time::Duration::from_secs(15),
            holidays_file: None,
            chaos: None,
            sweep_interval: sweep::DEFAULT_INTERVAL,
            limits: guard::Limits::default(),
            whatsapp: None,
        }
    }
}

/// What every handler shares. Cheap to clone.
#[derive(Clone, Debug)]
pub struct AppState {
    pub db: db::Db,
    pub clock: SharedClock,
    pub bus: events::EventBus,
    pub mailer: Arc<mail::Mailer>,
    pub settings: Arc<Settings>,
    /// The legal calendar of PQR terms.
    pub legal: Arc<pqr::legal::Legal>,
    /// Rate limits and the hashing pool.
    pub guards: Arc<guard::Guards>,
    /// Requests, database times, event streams (served by `--metrics-addr`).
    pub metrics: Arc<metrics::PortalMetrics>,
    /// Handlers running, each to its end (see `serve::detach`).
    pub in_flight: http::serve::InFlight,
    /// The WhatsApp channel's settings, when `--whatsapp` is given.
    pub whatsapp: Option<Arc<whatsapp::WhatsappConfig>>,
    /// Wakes the WhatsApp sender when an answer is queued.
    pub whatsapp_queued: Arc<tokio::sync::Notify>,
}

/// Configuration resolved once the listener is bound.
#[derive(Debug)]
pub struct Settings {
    pub public_base_url: String,
    pub reset_token_ttl: SignedDuration,
    pub sse_heartbeat: std::time::Duration,
    /// See [`PortalConfig::mail_ready_max_age`].
    pub mail_ready_max_age: std::time::Duration,
}

/// A portal serving in the background of this process.
pub struct RunningPortal {
    pub addr: SocketAddr,
    pub base_url: String,
    /// The bound address of the inbound mail listener, when `inbound_smtp` was set.
    pub inbound_addr: Option<SocketAddr>,
    pub state: AppState,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

/// How long a stopping portal lets requests in flight finish before it drops their connections.
pub const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

impl RunningPortal {
    /// Stops accepting, lets requests in flight finish for at most [`SHUTDOWN_GRACE`], then drops
    /// whatever connections are left (an event stream never finishes by itself) and returns.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if tokio::time::timeout(SHUTDOWN_GRACE, &mut self.task)
            .await
            .is_err()
        {
            tracing::warn!("connections still open after the grace period: dropping them");
            self.task.abort();
        }
    }
}

/// Binds `addr` (port 0 for any free port), opens the database and serves until stopped.
pub async fn spawn(
    config: PortalConfig,
    addr: SocketAddr,
    clock: SharedClock,
) -> anyhow::Result<RunningPortal> {
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    let addr = listener.local_addr()?;
    let state = build_state(&config, addr, clock)?;
    let inbound = match config.inbound_smtp {
        Some(at) => Some(inbound::bind(at).await?),
        None => None,
    };
    let inbound_addr = inbound.as_ref().map(TcpListener::local_addr).transpose()?;
    // Made before the first login, so the first unknown email costs no more than the others.
    tokio::task::spawn_blocking(|| {
        public::dummy_hash();
    });
    let mut app = http::router::router(state.clone());
    if let Some(chaos) = config.chaos {
        tracing::warn!(?chaos, "fault injection is on");
        app = app.layer(axum::middleware::from_fn_with_state(chaos, chaos::inject));
    }
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let sweeper = sweep::run(state.db.clone(), state.clock.clone(), config.sweep_interval);
    let delivery = match &config.smtp {
        Some(smtp) => Some(jobs::mail_delivery::spawn(
            state.clone(),
            smtp,
            config.mail_retry,
        )?),
        None => None,
    };
    let limits = config.limits.clone();
    let inbound = inbound.map(|l| inbound::serve(l, state.clone(), config.inbound_limits.clone()));
    let sender = config
        .whatsapp
        .clone()
        .map(|wa| jobs::whatsapp_send::run(state.clone(), wa));
    let task = tokio::spawn(async move {
        // The sweep, the mail delivery worker, the inbound listener and the WhatsApp sender live
        // as long as the server: they stop when serving ends (the mail worker lets the messages
        // in flight get their answer first).
        let sweeper = tokio::spawn(sweeper);
        let inbound = inbound.map(tokio::spawn);
        let sender = sender.map(tokio::spawn);
        http::serve::serve(listener, app, &limits, rx).await;
        sweeper.abort();
        if let Some(sender) = sender {
            sender.abort();
        }
        if let Some(delivery) = delivery {
            delivery.stop(SHUTDOWN_GRACE / 2).await;
        }
        if let Some(inbound) = inbound {
            inbound.abort();
        }
    });
    Ok(RunningPortal {
        addr,
        base_url: format!("http://{addr}"),
        inbound_addr,
        state,
        shutdown: Some(tx),
        task,
    })
}

pub(crate) fn build_state(
    config: &PortalConfig,
    addr: SocketAddr,
    clock: SharedClock,
) -> anyhow::Result<AppState> {
    let metrics = Arc::new(metrics::PortalMetrics::new());
    let db = db::Db::open(&config.db_path)?.with_metrics(metrics.clone());
    let legal = Arc::new(match &config.holidays_file {
        Some(path) => pqr::legal::Legal::with_rules(
            contract::domain::calendar::HolidayRules::from_path(path)?,
        )?,
        None => pqr::legal::Legal::colombia()?,
    });
    // Due dates stored under other holiday rules are recomputed before the first request.
    let recomputed = db.with_writer(|c| Ok(storage::pqr_clock::reconcile(c, &legal)?))?;
    if recomputed > 0 {
        tracing::info!(
            recomputed,
            "PQR due dates brought in line with the holiday rules"
        );
    }
    let public_base_url = config
        .public_base_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"))
        .trim_end_matches('/')
        .to_string();
    let mail_domain = config
        .mail_domain
        .clone()
        .unwrap_or_else(|| mail::default_mail_domain(&public_base_url));
    let mailer = mail::Mailer::new(
        config.outbox_dir.clone(),
        config.smtp.as_ref().map(|s| s.url.to_string()),
        mail_domain,
    )?;
    Ok(AppState {
        db,
        clock,
        bus: events::EventBus::default(),
        mailer: Arc::new(mailer),
        settings: Arc::new(Settings {
            public_base_url,
            reset_token_ttl: config.reset_token_ttl,
            sse_heartbeat: config.sse_heartbeat,
            mail_ready_max_age: config.mail_ready_max_age,
        }),
        guards: Arc::new(guard::Guards::new(&config.limits)),
        in_flight: http::serve::InFlight::new(config.limits.max_in_flight),
        legal,
        metrics,
        whatsapp: config.whatsapp.clone(),
        whatsapp_queued: Arc::new(tokio::sync::Notify::new()),
    })
}
