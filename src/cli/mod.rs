//! The command line (clap): every command and its `--help`.

pub mod backup;
pub mod console_cmd;
pub mod metrics_server;
pub mod portal_cmd;
pub mod report_cmd;
pub mod server_args;
pub mod ssh_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "helpdesk",
    version = VERSION.as_str(),
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
    #[command(flatten)]
    pub look: Look,
}

/// The console's language and colours: flags of the commands that open or talk to the console
/// (the console itself, `demo`, `login`), not global, so `portal …` lists only its own flags.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct Look {
    /// Language of the console: es (default) or en.
    #[arg(long, value_enum)]
    pub lang: Option<crate::i18n::Lang>,
    /// Colour theme; NO_COLOR forces mono.
    #[arg(long, value_enum)]
    pub theme: Option<crate::config::ThemeName>,
}

impl Look {
    /// The subcommand's flags win over the ones typed before it (`helpdesk --lang en demo`).
    fn or(self, outer: Look) -> Look {
        Look {
            lang: self.lang.or(outer.lang),
            theme: self.theme.or(outer.theme),
        }
    }
}

/// The contract's version: `info.version` of assets/openapi.yaml, embedded at compile time
/// (a unit test checks this reading against a real YAML parse).
pub fn api_version() -> &'static str {
    info_version(include_str!("../../assets/openapi.yaml")).unwrap_or("?")
}

/// The `version:` line directly under the top-level `info:` block.
fn info_version(yaml: &str) -> Option<&str> {
    let mut in_info = false;
    for line in yaml.lines() {
        if !line.starts_with(' ') && !line.trim().is_empty() {
            in_info = line.trim_end() == "info:";
        } else if in_info && let Some(v) = line.strip_prefix("  version:") {
            return Some(v.trim().trim_matches(|c| c == '"' || c == '\''));
        }
    }
    None
}

/// What `helpdesk --version` prints after the name: the crate's and the contract's versions.
static VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "{} (API contract {})",
        env!("CARGO_PKG_VERSION"),
        api_version()
    )
});

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
            .field("look", &self.look)
            .finish()
    }
}

#[derive(Debug, Subcommand)]
// Built only when this command is the one run: the console (no command) reads its
// flags without building every command tree first (a fifth of its start).
#[command(defer = true)]
pub enum Command {
    /// Start a seeded reference portal on 127.0.0.1 and open the console on it (marked DEMO).
    Demo(DemoArgs),
    /// Ask for the operator token without echo and store it with mode 0600.
    Login(Look),
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
    /// Reports read from the portal (with the console's portal URL and token).
    Report {
        #[command(subcommand)]
        command: ReportCommand,
    },
    /// The console served over SSH: operators connect with `ssh`, no shell accounts.
    Ssh {
        #[command(subcommand)]
        command: ssh_cmd::SshCommand,
    },
    /// Print the shell completions for bash, zsh or fish (e.g. `helpdesk completions bash >
    /// /etc/bash_completion.d/helpdesk`).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `helpdesk man > /usr/local/share/man/man1/helpdesk.1`.
    Man,
}

#[derive(Debug, Subcommand)]
// Built only when this command is the one run: the console (no command) reads its
// flags without building every command tree first (a fifth of its start).
#[command(defer = true)]
pub enum ReportCommand {
    /// The monthly PQR report: every ticket received or open in the period, its legal term and
    /// whether it was met, and a summary per type (CSV with Spanish headers by default).
    Pqr(report_cmd::PqrReportArgs),
}

#[derive(Debug, Subcommand)]
// Built only when this command is the one run: the console (no command) reads its
// flags without building every command tree first (a fifth of its start).
#[command(defer = true)]
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
    #[command(flatten)]
    pub look: Look,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let look = match &cli.command {
        Some(Command::Demo(args)) => args.look.clone().or(cli.look),
        Some(Command::Login(look)) => look.clone().or(cli.look),
        _ => cli.look,
    };
    let flags = crate::config::Flags {
        portal_url: cli.portal_url,
        token: cli.token,
        lang: look.lang,
        theme: look.theme,
    };
    match cli.command {
        Some(Command::Portal { command }) => portal_cmd::run(command),
        Some(Command::Report {
            command: ReportCommand::Pqr(args),
        }) => report_cmd::pqr(args, &flags),
        Some(Command::Ssh { command }) => ssh_cmd::run(command, &flags),
        Some(Command::Demo(args)) => console_cmd::demo(args, &flags),
        Some(Command::Login(_)) => console_cmd::login(&flags),
        Some(Command::Walkthrough {
            command: WalkthroughCommand::Check { file },
        }) => walkthrough_check(&file),
        Some(Command::Completions { shell }) => {
            use clap::CommandFactory;
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "helpdesk",
                &mut std::io::stdout(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            use anyhow::Context;
            use clap::CommandFactory;
            // The commands are deferred (built when run): the page needs them built.
            let mut command = Cli::command();
            command.build();
            clap_mangen::Man::new(command)
                .render(&mut std::io::stdout())
                .context("cannot write the manual page")?;
            Ok(ExitCode::SUCCESS)
        }
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

/// A tokio runtime for the console's commands (two workers are plenty for one operator);
/// the servers size theirs with [`server_args::ServerArgs::runtime`].
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    runtime_with(2)
}

/// A tokio runtime with `workers` worker threads.
pub fn runtime_with(workers: usize) -> anyhow::Result<tokio::runtime::Runtime> {
    use anyhow::Context;
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers.max(1))
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_version_is_the_contracts_info_version() {
        let doc: serde_yaml_ng::Value =
            serde_yaml_ng::from_str(include_str!("../../assets/openapi.yaml")).unwrap();
        let expected = doc["info"]["version"].as_str().unwrap();
        assert_eq!(api_version(), expected);
        assert_ne!(api_version(), "?");
    }

    #[test]
    fn info_version_reads_only_the_info_block() {
        let yaml =
            "openapi: 3.1.0\ninfo:\n  title: x\n  version: \"2.3.4\"\npaths:\n  version: no\n";
        assert_eq!(info_version(yaml), Some("2.3.4"));
        assert_eq!(info_version("paths:\n  version: 1\n"), None);
    }
}
