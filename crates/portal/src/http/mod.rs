//! The portal's HTTP side: the router and its layers, the error shape, the extractors, the
//! operator's authentication and the per-client guards, and one module per resource. Handlers
//! call the domain (`pqr`, `conversations`, `mail`…) and the database; nothing below calls back up.

pub(crate) mod answers;
pub(crate) mod audit;
pub(crate) mod audited;
pub mod auth;
pub(crate) mod conversations;
pub(crate) mod error;
pub(crate) mod extract;
pub mod guard;
pub(crate) mod live;
pub(crate) mod outcome;
pub(crate) mod pages;
pub(crate) mod paging;
pub(crate) mod pqr;
pub mod public;
pub(crate) mod ready;
pub(crate) mod report;
pub(crate) mod reset;
pub mod router;
pub(crate) mod routes;
pub(crate) mod serve;
pub(crate) mod stats;
pub(crate) mod users;
pub(crate) mod verify;
pub(crate) mod whatsapp;
