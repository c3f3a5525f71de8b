//! What both servers (`portal serve`, `ssh serve`) share on the command line: the log (where,
//! which format, which filter), the metrics listener and the runtime's threads. Every flag also
//! comes from a `HELPDESK_…` variable, shown in `--help`.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::writer::BoxMakeWriter;

/// The log's format: text lines for a person (and journald), or one JSON object a line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServerArgs {
    /// Write the log to this file (appended, mode 0600) instead of standard error.
    #[arg(long, value_name = "FILE", env = "HELPDESK_LOG_FILE")]
    pub log: Option<PathBuf>,
    /// The log's format. The filter comes from HELPDESK_LOG, else RUST_LOG, else `info`.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, env = "HELPDESK_LOG_FORMAT")]
    pub log_format: LogFormat,
    /// Serve Prometheus metrics (text format, GET /metrics) on this address; off unless given.
    #[arg(long, value_name = "ADDR", env = "HELPDESK_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Worker threads of the runtime (default: the host's cores).
    #[arg(long, value_name = "N", env = "HELPDESK_THREADS",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,
}

impl ServerArgs {
    /// The runtime with `--threads` workers, else one per core.
    pub fn runtime(&self) -> anyhow::Result<tokio::runtime::Runtime> {
        super::runtime_with(self.threads.map(usize::from).unwrap_or_else(cores))
    }

    /// Installs the process's log subscriber: stderr or `--log`, text or JSON.
    pub fn init_log(&self) -> anyhow::Result<()> {
        let filter = filter_from_env();
        let (writer, ansi) = match &self.log {
            Some(path) => {
                let file = crate::config::open_private_append(path)
                    .with_context(|| format!("cannot open the log {}", path.display()))?;
                (BoxMakeWriter::new(std::sync::Mutex::new(file)), false)
            }
            None => (
                BoxMakeWriter::new(std::io::stderr),
                std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            ),
        };
        let builder = tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(writer)
            .with_ansi(ansi);
        // A subscriber already installed (a test harness) keeps its place.
        let _ = match self.log_format {
            LogFormat::Text => builder.try_init(),
            LogFormat::Json => builder
                .json()
                .flatten_event(true)
                .with_current_span(true)
                .with_span_list(false)
                .try_init(),
        };
        Ok(())
    }
}

/// The host's cores (1 when the system will not say).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// HELPDESK_LOG wins over RUST_LOG; a filter that does not parse is said, and `info` used.
pub fn filter_from_env() -> EnvFilter {
    for var in ["HELPDESK_LOG", "RUST_LOG"] {
        let Ok(value) = std::env::var(var) else {
            continue;
        };
        if value.trim().is_empty() {
            continue;
        }
        match EnvFilter::try_new(&value) {
            Ok(filter) => return filter,
            Err(e) => eprintln!("helpdesk: {var} is not a log filter ({e}); logging at info"),
        }
    }
    EnvFilter::new("info")
}
