//! Filling a portal: the demo's users and PQRs (deterministic), and the CSV import of real users.

pub mod import;
pub mod pqrs;
pub mod users;

pub use users::*;
