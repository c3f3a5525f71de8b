//! `helpdesk`: the console, its demo, and the reference portal's commands.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    helpdesk::client::use_ring_for_tls();
    let cli = helpdesk::cli::Cli::parse();
    match helpdesk::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("helpdesk: {e:#}");
            ExitCode::FAILURE
        }
    }
}
