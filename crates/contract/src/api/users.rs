//! The endpoints of a user's record and of the operator's session, as requests: each says its
//! method, its path and its answer once (see [`Endpoint`]); the answers are in `types.rs`.

use serde::{Deserialize, Serialize};

use super::endpoint::{Endpoint, Method, empty_body, json};
use super::ingress::no_text;
use super::types::{
    Event, NewCallOutcome, Operator, Page, ResetLinkSent, UnlockResult, UserDetail,
    VerificationRequest, VerificationResult,
};

/// `GET /api/v1/me`: who the token belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct Me;

impl Endpoint for Me {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v1/me";
    type Answer = Operator;
}

/// `GET /api/v1/users/{id}`: a user's record, masked.
#[derive(Debug, Clone, PartialEq)]
pub struct GetUser {
    pub user_id: i64,
}

impl Endpoint for GetUser {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v1/users/{id}";
    type Answer = UserDetail;

    fn path_args(&self) -> Vec<String> {
        vec![self.user_id.to_string()]
    }
}

/// `GET /api/v1/users/{id}/timeline`: the newest `limit` events, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct UserTimeline {
    pub user_id: i64,
    pub limit: u32,
}

impl Endpoint for UserTimeline {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v1/users/{id}/timeline";
    type Answer = Page<Event>;

    fn path_args(&self) -> Vec<String> {
        vec![self.user_id.to_string()]
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        vec![("limit", self.limit.to_string())]
    }
}

/// `impl Endpoint` of an action on one user: `{id}` is its `user_id`, its `Idempotency-Key` its
/// `idempotency_key`, its body what `$body` makes of it.
macro_rules! user_action {
    ($request:ident, $path:literal, $answer:ty, $body:expr) => {
        impl Endpoint for $request {
            const METHOD: Method = Method::Post;
            const PATH: &'static str = $path;
            type Answer = $answer;

            fn path_args(&self) -> Vec<String> {
                vec![self.user_id.to_string()]
            }

            fn body(&self) -> serde_json::Result<Option<Vec<u8>>> {
                let body: fn(&$request) -> serde_json::Result<Option<Vec<u8>>> = $body;
                body(self)
            }

            fn idempotency_key(&self) -> Option<&str> {
                Some(&self.idempotency_key)
            }
        }
    };
}

/// `POST /api/v1/users/{id}/verifications`: the caller's answers against the record.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyUser {
    pub user_id: i64,
    pub idempotency_key: String,
    pub request: VerificationRequest,
}

user_action!(
    VerifyUser,
    "/api/v1/users/{id}/verifications",
    VerificationResult,
    |v| json(&v.request)
);

/// `POST /api/v1/users/{id}/reset-links`: mails the user a link to choose a new password.
#[derive(Debug, Clone, PartialEq)]
pub struct SendResetLink {
    pub user_id: i64,
    pub idempotency_key: String,
}

user_action!(
    SendResetLink,
    "/api/v1/users/{id}/reset-links",
    ResetLinkSent,
    |_| empty_body()
);

/// `POST /api/v1/users/{id}/unlock`: after a verified call, the account unlocked.
#[derive(Debug, Clone, PartialEq)]
pub struct UnlockUser {
    pub user_id: i64,
    pub idempotency_key: String,
}

user_action!(
    UnlockUser,
    "/api/v1/users/{id}/unlock",
    UnlockResult,
    |_| empty_body()
);

/// `POST /api/v1/users/{id}/call-outcomes`: how the call with the user ended.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordCallOutcome {
    pub user_id: i64,
    pub idempotency_key: String,
    pub outcome: NewCallOutcome,
}

user_action!(
    RecordCallOutcome,
    "/api/v1/users/{id}/call-outcomes",
    Event,
    |r| json(&r.outcome)
);

/// `POST /api/v1/users/{id}/reset-links/revoke`: voids every reset link of the user still
/// pending (a caller who did not ask for the email, a link sent to an old address).
#[derive(Debug, Clone, PartialEq)]
pub struct RevokeResetLinks {
    pub user_id: i64,
    pub idempotency_key: String,
}

user_action!(
    RevokeResetLinks,
    "/api/v1/users/{id}/reset-links/revoke",
    ResetLinksRevoked,
    |_| empty_body()
);

/// How many pending links a revocation voided (none is an answer too).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct ResetLinksRevoked {
    pub revoked: u32,
}

no_text!(ResetLinksRevoked);
