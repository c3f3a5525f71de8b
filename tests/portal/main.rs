//! Test binary «portal»: the reference portal over real HTTP (and SMTP, LMTP, raw TCP) on
//! 127.0.0.1 — its resources, security, mail, WhatsApp channel, the caller's pages and the
//! figures. One binary for the layer instead of one per file: one link step.

#[path = "../pty/mod.rs"]
mod pty;
#[path = "../support/smtp_relay.rs"]
mod smtp_relay;
#[path = "../support/mod.rs"]
mod support;

mod mail_delivery;
mod mail_inbound;
mod pages_http;
mod portal_edges;
mod portal_events;
mod portal_hardening;
mod portal_import;
mod portal_operators;
mod portal_pqr;
mod portal_requester;
mod portal_reset;
mod portal_search_rank;
mod portal_security;
mod portal_stats;
mod portal_sweep;
mod portal_users;
mod whatsapp;
