//! The audit of refusals, as a layer of the routes that declare an action
//! (`routes::Endpoint::audited`): when the handler answers a refusal (403, 409, 412, 422, 428,
//! 429) to an authenticated operator, one `denied` record of the action is written before the
//! answer leaves, with the error's status, code and message as its detail. The handler is then
//! one function that returns its error; it only marks an error it already recorded in its own
//! transaction (`ApiError::recorded`), and the extractors mark malformed requests, which are no
//! action to record (`ApiError::malformed`).

use axum::extract::{FromRequestParts, RawPathParams, Request, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;
use crate::audit::record_alone;
use crate::http::error::{AuditMark, Refused};
use crate::http::extract::{OperatorSlot, RequestId};
use contract::api::AuditOutcome;

/// What an audit record of a refusal names as its target.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AuditTarget {
    /// Nothing (a creation, a list).
    None,
    /// `<kind>:<id>`, the path's `{id}`: `Id("user")` on `/users/7/unlock` is `user:7`.
    Id(&'static str),
    /// Read from the request by the resource (a query's filter…).
    From(fn(&Parts) -> Option<String>),
}

impl AuditTarget {
    async fn of(self, parts: &mut Parts) -> Option<String> {
        match self {
            AuditTarget::None => None,
            AuditTarget::From(read) => read(parts),
            AuditTarget::Id(kind) => {
                let params = RawPathParams::from_request_parts(parts, &()).await.ok()?;
                let id = params
                    .iter()
                    .find(|(name, _)| *name == "id")?
                    .1
                    .parse::<i64>()
                    .ok()?;
                Some(format!("{kind}:{id}"))
            }
        }
    }
}

/// The action a route's refusals are recorded as.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Audit {
    pub action: &'static str,
    pub target: AuditTarget,
}

/// Whether an error answer is a refusal the audit must keep (the operator was told no).
pub(crate) fn is_refusal(status: StatusCode) -> bool {
    matches!(status.as_u16(), 403 | 409 | 412 | 422 | 428 | 429)
}

/// The layer (`routes::Routes::into_router` puts it on each audited route): the target is read
/// before the handler runs, the record written after it answered and before the answer leaves.
pub(crate) async fn refusals(
    State((state, audit)): State<(AppState, Audit)>,
    req: Request,
    next: Next,
) -> Response {
    let (mut parts, body) = req.into_parts();
    let operator = parts.extensions.get::<OperatorSlot>().cloned();
    let request_id = parts.extensions.get::<RequestId>().cloned();
    let target = audit.target.of(&mut parts).await;
    let response = next.run(Request::from_parts(parts, body)).await;
    let Some(refused) = response.extensions().get::<Refused>() else {
        return response;
    };
    // The operator is known once the handler's `Authed` accepted the token.
    let Some(operator) = operator.as_ref().and_then(OperatorSlot::operator) else {
        return response;
    };
    if refused.mark != AuditMark::Record || !is_refusal(response.status()) {
        return response;
    }
    let request_id = request_id.unwrap_or_else(|| RequestId(uuid::Uuid::new_v4().to_string()));
    if let Err(err) = record_alone(
        &state,
        &operator,
        audit.action,
        target,
        AuditOutcome::Denied,
        &request_id,
        Some(refused.detail.clone()),
    )
    .await
    {
        tracing::error!(error = %format!("{err:#}"), "cannot audit a refusal");
    }
    response
}
