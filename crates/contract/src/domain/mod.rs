//! Pure rules of the business, shared by the console and the portal: no I/O here.

pub mod calendar;
pub mod clock;
pub mod identity;
pub mod masking;
pub mod policy;
pub mod pqr_clock;
pub mod sanitize;
