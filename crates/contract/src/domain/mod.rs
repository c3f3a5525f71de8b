//! Pure rules of the business, shared by the console and the portal: no I/O here.

pub mod calendar;
pub mod clock;
pub mod identity;
pub mod masking;
pub mod policy;
pub mod pqr_clock;
/// The sanitiser sits below the API's types (whose ingress uses it); its old path stays.
pub use crate::sanitize;
