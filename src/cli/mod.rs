//! The command line (clap): every command and its `--help`.

pub mod console_cmd;
pub mod portal_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
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
    /// The portal's base URL (else HELPDESK_PORTAL_URL, else portal_url in config.toml).
    #[arg(long, value_name = "URL")]
    pub portal_url: Option<String>,
    /// The operator token (else HELPDESK_TOKEN, HELPDESK_TOKEN_COMMAND, config.toml, `helpdesk login`).
    /// Prefer `helpdesk login`: a token on the command line is visible to `ps`.
    #[arg(long, value_name = "TOKEN")]
    pub token: Option<String>,
    /// Language of the console: es (default) or en.
    #[arg(long, value_enum, global = true)]
    pub lang: Option<crate::i18n::Lang>,
    /// Colour theme; NO_COLOR forces mono.
    #[arg(long, value_enum, global = true)]
    pub theme: Option<crate::config::ThemeName>,
}

impl std::fmt::Debug for Cli {
    // The token may come on the command line: never in a Debug line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cli")
            .field("command", &self.command)
            .field("portal_url", &self.portal_url)
            .field(
                "token",
                &format_args!("{}", crate::config::redacted(&self.token)),
            )
            .field("lang", &self.lang)
            .field("theme", &self.theme)
            .finish()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a seeded reference portal on 127.0.0.1 and open the console on it (marked DEMO).
    Demo(DemoArgs),
    /// Ask for the operator token without echo and store it with mode 0600.
    Login,
    /// The password-reset walkthrough script.
    Walkthrough {
        #[command(subcommand)]
        command: WalkthroughCommand,
    },
    /// The reference portal: serve it, add operators, import users.
    Portal {
        #[command(subcommand)]
        command: portal_cmd::PortalCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum WalkthroughCommand {
    /// Check a script (unknown or unreachable steps, dead ends, missing texts), with line numbers.
    Check {
        /// The script, e.g. assets/walkthrough/reset.toml.
        file: PathBuf,
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
    /// Serve the demo portal without opening the console (also when there is no terminal).
    #[arg(long)]
    pub headless: bool,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let flags = crate::config::Flags {
        portal_url: cli.portal_url,
        token: cli.token,
        lang: cli.lang,
        theme: cli.theme,
    };
    match cli.command {
        Some(Command::Portal { command }) => portal_cmd::run(command),
        Some(Command::Demo(args)) => console_cmd::demo(args, &flags),
        Some(Command::Login) => console_cmd::login(&flags),
        Some(Command::Walkthrough {
            command: WalkthroughCommand::Check { file },
        }) => walkthrough_check(&file),
        None => console_cmd::console(&flags),
    }
}

fn walkthrough_check(file: &std::path::Path) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let source =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    match crate::walkthrough::Script::parse(&source) {
        Ok(script) => {
            println!("{}: ok, {} steps", file.display(), script.steps.len());
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            for p in problems {
                eprintln!("{}:{}: {}", file.display(), p.line, p.message);
            }
            Ok(ExitCode::from(1))
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
