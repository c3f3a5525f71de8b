//! The v1 HTTP contract, shared by the console's client and the reference portal.
//! `assets/openapi.yaml` documents it; a test keeps that document and the router in step.

pub mod pqr;
pub mod types;

pub use pqr::*;
pub use types::*;

/// Header that makes a POST safe to retry: the same key within 24 h returns the first answer.
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";
/// Header that carries the portal's request id, echoed in errors and the audit.
pub const REQUEST_ID: &str = "x-request-id";

/// Largest JSON body the portal accepts.
pub const MAX_JSON_BODY: usize = 64 * 1024;
/// Largest page a list endpoint returns.
pub const MAX_PAGE_LIMIT: u32 = 200;
