//! Test binary «console»: the console's decisions through the pure update function and every
//! screen as insta snapshots of ratatui's `TestBackend` (no terminal, no network). Snapshots live
//! in `tests/console/snapshots/`, named `console__<file>__<name>.snap` (insta names them by
//! module path). One binary for the layer instead of one per file: one link step.

#[path = "../fixtures/mod.rs"]
mod fixtures;

mod board_snapshots;
mod board_update;
mod caller_update;
mod console_snapshots;
mod console_update;
mod conversation_snapshots;
mod conversation_update;
mod keys_update;
mod mail_snapshots;
mod mail_update;
mod pqr_snapshots;
mod pqr_update;
mod reach_update;
mod reconnect_update;
mod safety_snapshots;
mod walk_snapshots;
mod walk_update;
