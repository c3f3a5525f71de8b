//! The identity check of a caller against a user's record (the request is the contract's
//! `VerifyUser`, sent as an `Effect::Call`).

use contract::api::VerificationResult;
use contract::remote::PortalError;

#[derive(Debug, Clone)]
pub enum VerifyReply {
    Verified {
        user_id: i64,
        result: Result<VerificationResult, PortalError>,
    },
}
