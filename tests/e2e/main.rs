//! Test binary «e2e»: the built `helpdesk` end to end — in a pseudo-terminal read through vt100,
//! served over SSH to the real OpenSSH client, the caller's journey in headless Chromium. One
//! binary for the layer instead of one per file: one link step. (`tests/pqr_e2e.rs` is a binary
//! of its own: run beside `ssh_e2e`'s draft test, one of the two failed, cause not found yet.)

#[path = "../pty/mod.rs"]
mod pty;
#[path = "../support/mod.rs"]
mod support;

mod board_e2e;
mod console_e2e;
mod pages_browser;
mod ssh_e2e;
mod ssh_protocol;
mod walk_e2e;
