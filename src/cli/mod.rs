//! The command line (clap): every command and its `--help`.

pub mod portal_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "helpdesk",
    version,
    about = "Consola de mesa de ayuda de Mi Portal AccionPlus / help-desk console for Mi Portal AccionPlus",
    long_about = "Search portal users, verify callers, resend reset links, unlock accounts, work PQR tickets \
                  and walk callers through the password reset, from the terminal.\n\n\
                  Without a command, opens the console against the configured portal. \
                  Try `helpdesk demo` first."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a seeded reference portal on 127.0.0.1 and open the console on it (marked DEMO).
    Demo(DemoArgs),
    /// The reference portal: serve it, add operators, import users.
    Portal {
        #[command(subcommand)]
        command: portal_cmd::PortalCommand,
    },
}

#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// Address to serve the demo portal on (127.0.0.1 and a free port by default).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub addr: std::net::SocketAddr,
    /// How many generated users besides the scenario users.
    #[arg(long, default_value_t = 2000)]
    pub users: u64,
    /// How many demo PQRs (at most 100000).
    #[arg(long, default_value_t = crate::portal::seed_pqr::DEFAULT_PQRS)]
    pub pqrs: u64,
    /// Keep the demo's database and outbox in this folder instead of a temporary one.
    #[arg(long)]
    pub dir: Option<PathBuf>,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Portal { command }) => portal_cmd::run(command),
        Some(Command::Demo(args)) => portal_cmd::demo(args),
        None => {
            eprintln!(
                "helpdesk: no portal is configured yet.\n\
                 Try the demo:  helpdesk demo"
            );
            Ok(ExitCode::from(2))
        }
    }
}

/// A tokio runtime for the commands that need one.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    use anyhow::Context;
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}
