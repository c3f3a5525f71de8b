//! The identity check of a caller against a user's record.

use contract::api::{VerificationRequest, VerificationResult};
use contract::remote::PortalError;

#[derive(Debug, Clone, PartialEq)]
pub enum VerifyEffect {
    Verify {
        user_id: i64,
        idempotency_key: String,
        request: VerificationRequest,
    },
}

#[derive(Debug, Clone)]
pub enum VerifyReply {
    Verified {
        user_id: i64,
        result: Result<VerificationResult, PortalError>,
    },
}
