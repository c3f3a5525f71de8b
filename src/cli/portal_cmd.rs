//! `helpdesk portal …`, and the demo portal that `helpdesk demo` starts.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Subcommand;

use super::DemoArgs;
use super::server_args::ServerArgs;
use crate::api::Role;
use crate::domain::clock::{Clock, SystemClock};
use crate::portal::{self, PortalConfig, db::Db};

// Parsed once per process: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
// Built only when this command is the one run: the console (no command) reads its
// flags without building every command tree first (a fifth of its start).
#[command(defer = true)]
pub enum PortalCommand {
    /// Serve the reference portal's HTTP API.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", env = "HELPDESK_PORTAL_ADDR")]
        addr: SocketAddr,
        /// SQLite database file (created if missing).
        #[arg(long, env = "HELPDESK_PORTAL_DB")]
        db: PathBuf,
        /// Fill an empty database with generated data: `demo`.
        #[arg(long, value_parser = ["demo"], env = "HELPDESK_PORTAL_SEED")]
        seed: Option<String>,
        /// How many generated users `--seed demo` creates.
        #[arg(long, default_value_t = 2000, env = "HELPDESK_PORTAL_SEED_USERS")]
        users: u64,
        /// How many PQRs `--seed demo` creates (at most 100000).
        #[arg(long, default_value_t = crate::portal::seed_pqr::DEFAULT_PQRS, env = "HELPDESK_PORTAL_SEED_PQRS")]
        pqrs: u64,
        /// Folder where sent emails are written as .eml files.
        #[arg(long, default_value = "outbox", env = "HELPDESK_PORTAL_OUTBOX")]
        outbox: PathBuf,
        /// Base URL of the links in emails (default: http://ADDR).
        #[arg(long, env = "HELPDESK_PORTAL_PUBLIC_BASE_URL")]
        public_base_url: Option<String>,
        #[command(flatten)]
        mail: Box<MailArgs>,
        /// Listen here for mail coming back (bounces, replies), SMTP or LMTP: where the site's
        /// MTA forwards rebote+*, respuesta+* and soporte@ of the mail domain (e.g. 127.0.0.1:2526).
        #[arg(long, env = "HELPDESK_PORTAL_INBOUND_SMTP")]
        inbound_smtp: Option<SocketAddr>,
        /// Holiday rules (TOML, like assets/calendar/holidays_co.toml) instead of the built-in ones.
        #[arg(long, env = "HELPDESK_PORTAL_HOLIDAYS")]
        holidays: Option<PathBuf>,
        /// Fault injection for resilience tests, e.g. latency=0-2000ms,error=0.2,reset=0.05,malformed=0.02
        #[arg(long, env = "HELPDESK_PORTAL_CHAOS")]
        chaos: Option<crate::portal::chaos::Chaos>,
        /// Seconds between sweeps of expired idempotency answers and reset tokens (0: never).
        #[arg(long, default_value_t = crate::portal::sweep::DEFAULT_INTERVAL.as_secs(), env = "HELPDESK_PORTAL_SWEEP_INTERVAL_SECS")]
        sweep_interval_secs: u64,
        /// Rate limits: `strict` (the default) or `relaxed` (no per-address or per-operator
        /// limits, for a conformance fuzzer or a load test on loopback; never in production).
        #[arg(long, value_enum, default_value_t = LimitsArg::Strict, env = "HELPDESK_PORTAL_LIMITS")]
        limits: LimitsArg,
        /// HTTP connections one client address may hold at once (default 256 of 1024): raise it
        /// for an SSH host that serves many operators' consoles from one address.
        #[arg(
            long,
            value_name = "N",
            env = "HELPDESK_PORTAL_MAX_CONNECTIONS_PER_ADDRESS"
        )]
        max_connections_per_address: Option<usize>,
        /// The WhatsApp Business number (TOML, mode 0600: phone_number_id, verify_token,
        /// app_secret, access_token, graph_url, [[template]]); without it the webhook does not exist.
        #[arg(long, value_name = "FILE", env = "HELPDESK_PORTAL_WHATSAPP")]
        whatsapp: Option<PathBuf>,
        #[command(flatten)]
        server: ServerArgs,
    },
    /// Copy the database to FILE while the portal serves (SQLite's online backup: one
    /// consistent snapshot, the portal's writes go on). The copy is mode 0600 and checked.
    Backup {
        /// The portal's database.
        #[arg(long, env = "HELPDESK_PORTAL_DB")]
        db: PathBuf,
        /// The backup file to write (a single file, no -wal beside it).
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Put a backup in place of the database. Stop the portal first.
    Restore {
        /// The backup file (from `portal backup`).
        #[arg(long, value_name = "FILE")]
        from: PathBuf,
        /// The portal's database to replace.
        #[arg(long, env = "HELPDESK_PORTAL_DB")]
        db: PathBuf,
        /// Replace the database if it exists (else restore only into a new path).
        #[arg(long)]
        force: bool,
    },
    /// Operators of the portal.
    Operator {
        #[command(subcommand)]
        command: OperatorCommand,
    },
    /// Import users from a CSV file:
    /// document_type,document_number,full_name,email,phone,birth_date,kind,status
    Import {
        #[arg(long)]
        db: PathBuf,
        /// The CSV file; nothing is imported unless every row is valid.
        file: PathBuf,
    },
}

/// `portal serve`'s mail flags: the relay, its credentials and CA, the mail domain, the retry
/// horizon (boxed: they would make every command line value larger).
#[derive(Debug, Clone, clap::Args)]
pub struct MailArgs {
    /// The site's relay: smtp://host:587 (STARTTLS required), smtps://host:465 (TLS), or
    /// smtp://host:port?tls=none (plain, loopback host only). Without it mail stays in the
    /// outbox folder.
    #[arg(long, value_name = "URL", env = "HELPDESK_PORTAL_SMTP_URL")]
    pub smtp_url: Option<crate::portal::SmtpUrl>,
    /// The relay's AUTH user and password: a file of two lines (user, then password), mode 0600.
    #[arg(long, value_name = "FILE", requires = "smtp_url", value_parser = parse_credentials,
          env = "HELPDESK_PORTAL_SMTP_CREDENTIALS")]
    pub smtp_credentials: Option<crate::portal::SmtpCredentials>,
    /// CA certificates (PEM) to trust for the relay besides the host's (a private CA).
    #[arg(
        long,
        value_name = "FILE",
        requires = "smtp_url",
        env = "HELPDESK_PORTAL_SMTP_CA"
    )]
    pub smtp_ca: Option<PathBuf>,
    /// The domain of return paths, reply addresses and Message-IDs (default: the public
    /// base URL's host).
    #[arg(long, value_name = "DOMAIN", env = "HELPDESK_PORTAL_MAIL_DOMAIN")]
    pub mail_domain: Option<String>,
    /// How long a message the relay cannot take is retried before it fails (e.g. 24h, 90m).
    #[arg(long, value_name = "DURATION", default_value = "24h", value_parser = parse_horizon,
          env = "HELPDESK_PORTAL_MAIL_RETRY_HORIZON")]
    pub mail_retry_horizon: std::time::Duration,
    /// Readiness (/api/v1/ready) fails when a message has waited for the relay longer than
    /// this (default 30m). Past the retry horizon a message fails and stops waiting.
    #[arg(long, value_name = "DURATION", value_parser = parse_ready_age,
          env = "HELPDESK_PORTAL_MAIL_READY_MAX_AGE")]
    pub mail_ready_max_age: Option<std::time::Duration>,
}

#[derive(Debug, Subcommand)]
// Built only when this command is the one run: the console (no command) reads its
// flags without building every command tree first (a fifth of its start).
#[command(defer = true)]
pub enum OperatorCommand {
    /// Create an operator and print its token once (only its hash is stored).
    Add {
        #[arg(long, default_value = "portal.db")]
        db: PathBuf,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// End an operator's access at once (its token stops working; an open event stream ends at
    /// its next heartbeat).
    #[command(group(clap::ArgGroup::new("who").required(true).args(["name", "id"])))]
    Revoke {
        #[arg(long, default_value = "portal.db")]
        db: PathBuf,
        /// The operator's name (as given to `operator add`).
        #[arg(long)]
        name: Option<String>,
        /// The operator's id (as printed by `operator add`).
        #[arg(long)]
        id: Option<i64>,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum RoleArg {
    Agent,
    Supervisor,
}

impl From<RoleArg> for Role {
    fn from(r: RoleArg) -> Self {
        match r {
            RoleArg::Agent => Role::Agent,
            RoleArg::Supervisor => Role::Supervisor,
        }
    }
}

pub fn run(command: PortalCommand) -> anyhow::Result<ExitCode> {
    match command {
        PortalCommand::Serve {
            addr,
            db,
            seed,
            users,
            pqrs,
            outbox,
            public_base_url,
            mail,
            inbound_smtp,
            holidays,
            chaos,
            sweep_interval_secs,
            limits,
            max_connections_per_address,
            whatsapp,
            server,
        } => {
            server.init_log()?;
            // Read before anything else starts: a readable or broken file stops the portal.
            let whatsapp = whatsapp
                .map(|path| crate::portal::whatsapp::WhatsappConfig::load(&path).map(Arc::new))
                .transpose()?;
            if seed.is_some() {
                let database = Db::open(&db)?;
                seed_demo(&database, users, pqrs, SystemClock.now())?;
            }
            let mut config = PortalConfig::new(db, outbox);
            config.public_base_url = public_base_url;
            let MailArgs {
                smtp_url,
                smtp_credentials,
                smtp_ca,
                mail_domain,
                mail_retry_horizon,
                mail_ready_max_age,
            } = *mail;
            config.smtp = smtp_url.map(|url| {
                let mut smtp = crate::portal::SmtpSettings::new(url);
                smtp.credentials = smtp_credentials;
                smtp.extra_ca = smtp_ca;
                smtp
            });
            config.mail_domain = mail_domain;
            config.mail_retry.horizon = mail_retry_horizon;
            if let Some(age) = mail_ready_max_age {
                config.mail_ready_max_age = age;
            }
            config.inbound_smtp = inbound_smtp;
            config.holidays_file = holidays;
            config.chaos = chaos;
            config.whatsapp = whatsapp;
            config.sweep_interval = std::time::Duration::from_secs(sweep_interval_secs);
            if limits == LimitsArg::Relaxed {
                config.limits = crate::portal::guard::Limits::relaxed();
            }
            if let Some(n) = max_connections_per_address {
                config.limits.max_connections_per_address = n;
            }
            server.runtime()?.block_on(async move {
                let running = portal::spawn(config, addr, Arc::new(SystemClock)).await?;
                eprintln!("portal listening on {}", running.base_url);
                if let Some(at) = running.inbound_addr {
                    eprintln!("inbound mail (SMTP, LMTP) on {at}");
                    tracing::info!(addr = %at, "inbound mail listening");
                }
                tracing::info!(addr = %running.addr, "portal listening");
                let metrics = match server.metrics_addr {
                    Some(at) => {
                        let state = running.state.clone();
                        let served =
                            super::metrics_server::serve(at, move || state.metrics.encode())
                                .await?;
                        eprintln!("metrics on http://{}/metrics", served.addr);
                        Some(served)
                    }
                    None => None,
                };
                wait_for_shutdown().await;
                tracing::info!("portal stopping");
                running.stop().await;
                drop(metrics);
                Ok(ExitCode::SUCCESS)
            })
        }
        PortalCommand::Backup { db, to, force } => super::backup::backup(&db, &to, force),
        PortalCommand::Restore { from, db, force } => super::backup::restore(&from, &db, force),
        PortalCommand::Operator {
            command: OperatorCommand::Add { db, name, role },
        } => {
            let database = Db::open(&db)?;
            let (id, token) = database.with_writer(|c| {
                crate::portal::auth::add_operator(c, &name, role.into(), SystemClock.now())
            })?;
            eprintln!("operator {id} created; its token is shown only this once:");
            println!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        PortalCommand::Operator {
            command: OperatorCommand::Revoke { db, name, id },
        } => {
            let who = match (id, name) {
                (Some(id), _) => crate::portal::auth::OperatorRef::Id(id),
                (None, Some(name)) => crate::portal::auth::OperatorRef::Name(name),
                (None, None) => anyhow::bail!("say which operator: --name or --id"),
            };
            let database = Db::open(&db)?;
            let (id, name) =
                database.with_writer(|c| crate::portal::auth::revoke_operator(c, &who))?;
            println!("operator {id} ({name}) revoked");
            Ok(ExitCode::SUCCESS)
        }
        PortalCommand::Import { db, file } => {
            let database = Db::open(&db)?;
            let report =
                crate::portal::import::import_csv_file(&database, &file, SystemClock.now())?;
            println!("{} users imported from {}", report.imported, file.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Users first, then PQRs (some are linked to users and assigned to operators).
fn seed_demo(db: &Db, users: u64, pqrs: u64, now: jiff::Timestamp) -> anyhow::Result<()> {
    crate::portal::seed::seed_demo_if_empty(db, users, now)?;
    let legal = crate::portal::pqr::legal::Legal::colombia()?;
    crate::portal::seed_pqr::seed_pqrs(db, &legal, pqrs, now)
}

pub async fn wait_for_shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = ctrl_c.await;
                    return;
                }
            };
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

/// A fresh seeded portal in a temporary folder (or `--dir`), with an operator token.
pub struct Demo {
    pub running: portal::RunningPortal,
    pub token: String,
    pub outbox: PathBuf,
    pub dir: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

pub async fn start_demo(args: &DemoArgs) -> anyhow::Result<Demo> {
    let (dir, temp) = match &args.dir {
        Some(d) => {
            std::fs::create_dir_all(d).with_context(|| format!("cannot create {}", d.display()))?;
            (d.clone(), None)
        }
        None => {
            let t = tempfile::Builder::new()
                .prefix("helpdesk-demo-")
                .tempdir()
                .context("cannot create a temporary folder for the demo")?;
            (t.path().to_path_buf(), Some(t))
        }
    };
    let db_path = dir.join("portal.db");
    let outbox = dir.join("outbox");
    let clock = SystemClock;
    let db = Db::open(&db_path)?;
    let (_, token) = db.with_writer(|c| {
        crate::portal::auth::add_operator(c, "Operador Demo", Role::Supervisor, clock.now())
    })?;
    seed_demo(&db, args.users, args.pqrs, clock.now())?;
    drop(db);
    let config = PortalConfig::new(&db_path, &outbox);
    let running = portal::spawn(config, args.addr, Arc::new(clock)).await?;
    Ok(Demo {
        running,
        token,
        outbox,
        dir,
        _temp: temp,
    })
}

/// `helpdesk demo --headless`: the demo portal alone, until Ctrl-C.
pub fn demo_headless(args: DemoArgs) -> anyhow::Result<ExitCode> {
    super::runtime()?.block_on(async move {
        let demo = start_demo(&args).await?;
        println!("DEMO portal: {}", demo.running.base_url);
        println!("caller's pages: {}/", demo.running.base_url);
        println!("operator token: {}", demo.token);
        println!("outbox: {}", demo.outbox.display());
        println!("Press Ctrl-C to stop (the demo's data is removed).");
        wait_for_shutdown().await;
        demo.running.stop().await;
        Ok(ExitCode::SUCCESS)
    })
}

/// `--smtp-credentials FILE`: read and checked while the command line is parsed (a refusal is a
/// usage error); the error names the file, never its content.
fn parse_credentials(path: &str) -> Result<crate::portal::SmtpCredentials, String> {
    crate::portal::SmtpCredentials::from_file(std::path::Path::new(path))
        .map_err(|e| format!("{e:#}"))
}

/// `--mail-retry-horizon`: `24h`, `90m`, `1h 30m`, `45s`; at least a minute.
fn parse_horizon(s: &str) -> Result<std::time::Duration, String> {
    a_minute_or_more(s, "the retry horizon")
}

/// `--mail-ready-max-age`: as `--mail-retry-horizon`.
fn parse_ready_age(s: &str) -> Result<std::time::Duration, String> {
    a_minute_or_more(s, "the mail readiness threshold")
}

fn a_minute_or_more(s: &str, what: &str) -> Result<std::time::Duration, String> {
    let d: jiff::SignedDuration = s
        .parse()
        .map_err(|_| format!("{s:?} is not a duration (e.g. 24h, 90m)"))?;
    if d < jiff::SignedDuration::from_mins(1) {
        return Err(format!("{what} is at least a minute"));
    }
    std::time::Duration::try_from(d).map_err(|e| e.to_string())
}

/// `helpdesk portal serve --limits`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LimitsArg {
    Strict,
    Relaxed,
}
