//! PQR tickets (Ley 1755 de 2015): create with the legal due date, list, read, change with
//! `If-Match`, and the message thread. Every change is an audit record and an event.

pub mod legal;
pub(crate) mod notify;
pub mod rules;
