//! Test binary «client»: the console's client, effects runner and sessions in-process against a
//! real (or hostile, or faulty) portal: conflicts, live streams, reconnection, the soak. One
//! binary for the layer instead of one per file: one link step.

#[path = "../fixtures/mod.rs"]
mod fixtures;
#[path = "../pty/mod.rs"]
mod pty;
#[path = "../soak/mod.rs"]
mod soak;
#[path = "../support/mod.rs"]
mod support;

mod board_portal;
mod chaos_soak;
mod client_live;
mod console_client;
mod console_hardening;
mod console_sessions;
mod endpoint_call;
mod pqr_conflict;
mod reconnect_live;
