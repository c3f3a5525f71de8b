//! `helpdesk ssh serve`: the console served over SSH (see `crate::ssh`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Subcommand;
use tokio::signal::unix::{SignalKind, signal};

use super::server_args::ServerArgs;
use crate::config::{self, Flags, ThemeName};
use crate::ssh::limits::parse_duration;
use crate::ssh::{Options, Server, host, operators::Operators};

#[derive(Debug, Subcommand)]
// Built only when this command is the one run: the console (no command) reads its
// flags without building every command tree first (a fifth of its start).
#[command(defer = true)]
pub enum SshCommand {
    /// Serve the console over SSH: an operator's key says who they are; no shell, no commands.
    Serve(ServeArgs),
}

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "0.0.0.0:2222", env = "HELPDESK_SSH_ADDR")]
    pub addr: SocketAddr,
    /// The server's OpenSSH ed25519 private key; generated (0600) when missing.
    #[arg(long, value_name = "PATH", env = "HELPDESK_SSH_HOST_KEY")]
    pub host_key: PathBuf,
    /// The operators file (TOML, mode 0600): names, public keys, portal tokens. Re-read on SIGHUP.
    #[arg(long, value_name = "FILE", env = "HELPDESK_SSH_OPERATORS")]
    pub operators: PathBuf,
    /// Where the server keeps its state (drafts, one private folder per operator).
    /// Default: the host key's folder.
    #[arg(long, value_name = "DIR", env = "HELPDESK_SSH_STATE_DIR")]
    pub state_dir: Option<PathBuf>,
    /// A console with no key typed for this long is closed (90s, 30m, 2h).
    #[arg(long, default_value = "30m", value_parser = parse_duration, env = "HELPDESK_SSH_IDLE_TIMEOUT")]
    pub idle_timeout: Duration,
    /// Consoles open at once, at most.
    #[arg(long, default_value_t = 64, env = "HELPDESK_SSH_MAX_SESSIONS")]
    pub max_sessions: usize,
    /// Failed authentications per client address within 10 minutes before it is refused.
    #[arg(long, default_value_t = 10, env = "HELPDESK_SSH_MAX_AUTH_FAILURES")]
    pub max_auth_failures: u32,
    /// From connecting to authenticating, at most this long (30s, 2m).
    #[arg(long, default_value = "30s", value_parser = parse_duration, env = "HELPDESK_SSH_LOGIN_GRACE")]
    pub login_grace: Duration,
    /// Connections still authenticating at once; a newcomer past it ends the oldest.
    #[arg(long, default_value_t = 32, env = "HELPDESK_SSH_MAX_UNAUTHENTICATED")]
    pub max_unauthenticated: usize,
    /// Consoles one operator may hold open at once.
    #[arg(long, default_value_t = 4, env = "HELPDESK_SSH_SESSIONS_PER_OPERATOR")]
    pub sessions_per_operator: usize,
    /// The consoles' colours when the client sends no NO_COLOR.
    #[arg(long, value_enum, env = "HELPDESK_SSH_THEME")]
    pub theme: Option<ThemeName>,
    /// The log (logins, logouts, refusals): standard error unless `--log FILE`.
    #[command(flatten)]
    pub server: ServerArgs,
}

pub fn run(command: SshCommand, flags: &Flags) -> anyhow::Result<ExitCode> {
    match command {
        SshCommand::Serve(args) => serve(args, flags),
    }
}

fn serve(args: ServeArgs, flags: &Flags) -> anyhow::Result<ExitCode> {
    // The portal as the console finds it: the flag, HELPDESK_PORTAL_URL, config.toml.
    let file = match config::config_dir() {
        Some(dir) => config::read_file_config(&dir)?,
        None => config::FileConfig::default(),
    };
    let Some(portal_url) = flags
        .portal_url
        .clone()
        .or_else(|| std::env::var("HELPDESK_PORTAL_URL").ok())
        .filter(|u| !u.trim().is_empty())
        .or(file.portal_url.clone())
    else {
        eprintln!(
            "helpdesk ssh: no portal configured (--portal-url before 'ssh', HELPDESK_PORTAL_URL or portal_url in config.toml)"
        );
        return Ok(ExitCode::from(2));
    };
    let state_dir = match &args.state_dir {
        Some(d) => d.clone(),
        None => args
            .host_key
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    let operators = match Operators::load(&args.operators) {
        Ok(ops) => ops,
        Err(e) => {
            eprintln!("helpdesk ssh: {e:#}");
            return Ok(ExitCode::from(2));
        }
    };
    for line in &operators.left_out {
        eprintln!("helpdesk ssh: operators file: {line}");
    }
    let (key, created) = host::load_or_create(&args.host_key)?;
    args.server.init_log()?;
    let log = args
        .server
        .log
        .as_ref()
        .map_or_else(|| "standard error".to_string(), |p| p.display().to_string());
    for line in &operators.left_out {
        tracing::warn!(target: "helpdesk::ssh", "operators file: {line}");
    }
    println!(
        "helpdesk ssh: host key {} {}",
        host::fingerprint(&key),
        if created {
            format!("(generated in {})", args.host_key.display())
        } else {
            format!("({})", args.host_key.display())
        }
    );
    let mut opts = Options::new(args.addr, &portal_url, args.operators.clone(), state_dir);
    opts.idle_timeout = args.idle_timeout;
    opts.max_sessions = args.max_sessions;
    opts.max_auth_failures = args.max_auth_failures;
    opts.login_grace = args.login_grace;
    opts.max_unauthenticated = args.max_unauthenticated;
    opts.sessions_per_operator = args.sessions_per_operator;
    opts.theme = args.theme.or(file.theme).unwrap_or_default();
    if let Some(ms) = file.escape_timeout_ms {
        opts.escape_timeout = Duration::from_millis(ms);
    }
    let n = operators.len();
    let runtime = args.server.runtime()?;
    let metrics_addr = args.server.metrics_addr;
    runtime.block_on(async move {
        let server = Server::start(opts, key, operators).await?;
        println!(
            "helpdesk ssh: {n} {}; listening on {}; log in {log}",
            if n == 1 { "operator" } else { "operators" },
            server.local_addr(),
        );
        let _metrics = match metrics_addr {
            Some(at) => {
                let metrics = server.metrics();
                let served = super::metrics_server::serve(at, move || metrics.encode()).await?;
                println!("helpdesk ssh: metrics on http://{}/metrics", served.addr);
                Some(served)
            }
            None => None,
        };
        tracing::info!(target: "helpdesk::ssh", addr = %server.local_addr(), operators = n, "listening");
        let mut hup = signal(SignalKind::hangup())?;
        let mut term = signal(SignalKind::terminate())?;
        let mut int = signal(SignalKind::interrupt())?;
        loop {
            tokio::select! {
                _ = hup.recv() => match server.reload() {
                    Ok(n) => println!("helpdesk ssh: operators file reloaded, {n} operators"),
                    Err(e) => {
                        tracing::error!(target: "helpdesk::ssh", "operators file refused, the previous one stays: {e:#}");
                        eprintln!("helpdesk ssh: operators file refused, the previous one stays: {e:#}");
                    }
                },
                _ = term.recv() => break,
                _ = int.recv() => break,
            }
        }
        server.shutdown().await;
        anyhow::Ok(())
    })?;
    runtime.shutdown_timeout(Duration::from_millis(500));
    Ok(ExitCode::SUCCESS)
}
