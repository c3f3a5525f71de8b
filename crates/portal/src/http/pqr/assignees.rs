//! `GET /api/v1/pqr/assignees`: whom the calling operator may assign a ticket to — the policy of
//! `PATCH /api/v1/pqr/{id}`'s `assignee_id`, as a list the console offers: a supervisor, every
//! active operator; an agent, only themselves.

use axum::Json;
use axum::extract::State;

use crate::AppState;
use crate::audit::record_alone;
use crate::http::auth::Authed;
use crate::http::error::ApiResult;
use crate::http::extract::RequestId;
use crate::storage;
use contract::api::{AuditOutcome, Page, PqrAssignee, Role};

/// More active operators than a desk has; the list is never paged.
const MAX_ASSIGNEES: i64 = 500;

pub(crate) async fn assignees(
    State(state): State<AppState>,
    Authed(op): Authed,
    request_id: RequestId,
) -> ApiResult<Json<Page<PqrAssignee>>> {
    let items = if op.role >= Role::Supervisor {
        state
            .db
            .read(|c| Ok(storage::operators::assignees(c, MAX_ASSIGNEES)?))
            .await?
    } else {
        vec![PqrAssignee {
            id: op.id,
            name: op.name.clone(),
        }]
    };
    record_alone(
        &state,
        &op,
        "pqr.assignees",
        None,
        AuditOutcome::Ok,
        &request_id,
        None,
    )
    .await?;
    Ok(Json(Page {
        items,
        next_cursor: None,
    }))
}
