//! Operator authentication: `Authorization: Bearer <token>`, looked up by its SHA-256.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::AppState;
use crate::http::error::ApiError;
use crate::http::extract::OperatorSlot;
use crate::storage::operators;
use crate::tokens::sha256_hex;
use contract::api::{Operator, Role};

/// The authenticated operator of a request. Handlers that take it answer 401 without a valid token.
#[derive(Debug, Clone)]
pub struct Authed(pub Operator);

impl Authed {
    /// 403 unless the operator has at least `role`.
    pub fn require(&self, role: Role) -> Result<(), ApiError> {
        if self.0.role >= role {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "this action needs the {} role",
                role.as_str()
            )))
        }
    }
}

impl FromRequestParts<AppState> for Authed {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty() && t.len() <= 256)
            .ok_or_else(ApiError::unauthorized)?;
        let hash = sha256_hex(token);
        let operator = state
            .db
            .read(move |conn| Ok(operators::by_token_hash(conn, &hash)?))
            .await?;
        let Some((id, name, role)) = operator else {
            return Err(ApiError::unauthorized());
        };
        let operator = Operator {
            id,
            name,
            role: if role == "supervisor" {
                Role::Supervisor
            } else {
                Role::Agent
            },
        };
        if let Some(slot) = parts.extensions.get::<OperatorSlot>() {
            slot.set(&operator);
        }
        Ok(Authed(operator))
    }
}

/// Creates an operator and returns its token, which is shown once and never stored.
pub fn add_operator(
    conn: &rusqlite::Connection,
    name: &str,
    role: Role,
    now: jiff::Timestamp,
) -> anyhow::Result<(i64, String)> {
    let name = name.trim();
    anyhow::ensure!(
        !name.is_empty() && name.chars().count() <= 80,
        "the operator name must have 1 to 80 characters"
    );
    anyhow::ensure!(
        !name
            .chars()
            .any(|c| contract::domain::sanitize::is_dangerous(c, false)),
        "the operator name must not contain control characters"
    );
    let token = crate::tokens::new_operator_token();
    let id = operators::insert(
        conn,
        name,
        role.as_str(),
        &sha256_hex(&token),
        crate::db::ms(now),
    )?;
    Ok((id, token))
}

/// Which operator to revoke.
#[derive(Debug, Clone)]
pub enum OperatorRef {
    Id(i64),
    Name(String),
}

/// Ends an operator's access at once: its token stops working on the next request, and an open
/// event stream ends at its next heartbeat. Returns the operator's id and name.
pub fn revoke_operator(
    conn: &rusqlite::Connection,
    who: &OperatorRef,
) -> anyhow::Result<(i64, String)> {
    let found = match who {
        OperatorRef::Id(id) => operators::by_id(conn, *id)?,
        OperatorRef::Name(name) => operators::by_name(conn, name.trim())?,
    };
    let (id, name, disabled) = match found.as_slice() {
        [one] => one.clone(),
        [] => anyhow::bail!("no operator {who:?}"),
        many => anyhow::bail!(
            "several operators are called that (ids {}); revoke by --id",
            many.iter()
                .map(|(id, ..)| id.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    if !disabled {
        operators::disable(conn, id)?;
    }
    Ok((id, name))
}
