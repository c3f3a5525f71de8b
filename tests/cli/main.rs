//! Test binary «cli»: the command line through the built binary — `--help`, `report`,
//! `walkthrough check`, `portal serve` as operations runs it, a refused key override. One binary
//! for the layer instead of one per file: one link step.

#[path = "../pty/mod.rs"]
mod pty;
#[path = "../support/mod.rs"]
mod support;

mod cli;
mod cli_report;
mod keymap_config;
mod ops;
mod walkthrough_check;
