//! Operator authentication: `Authorization: Bearer <token>`, looked up by its SHA-256.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use rusqlite::OptionalExtension;

use crate::AppState;
use crate::http::error::ApiError;
use crate::http::extract::OperatorSlot;
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
            .read(move |conn| {
                Ok(conn
                    .query_row(
                        "SELECT id, name, role FROM operators WHERE token_sha256 = ?1 AND disabled = 0",
                        [&hash],
                        |row| {
                            Ok((
                                row.get::<_, i64>(0)?,
                                row.get::<_, String>(1)?,
                                row.get::<_, String>(2)?,
                            ))
                        },
                    )
                    .optional()?)
            })
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
    conn.execute(
        "INSERT INTO operators (name, role, token_sha256, created_at) VALUES (?1, ?2, ?3, ?4)",
        rusqlite::params![name, role.as_str(), sha256_hex(&token), crate::db::ms(now)],
    )?;
    Ok((conn.last_insert_rowid(), token))
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
    let found: Vec<(i64, String, bool)> = {
        let (sql, key): (&str, rusqlite::types::Value) = match who {
            OperatorRef::Id(id) => (
                "SELECT id, name, disabled FROM operators WHERE id = ?1",
                (*id).into(),
            ),
            OperatorRef::Name(name) => (
                "SELECT id, name, disabled FROM operators WHERE name = ?1",
                name.trim().to_string().into(),
            ),
        };
        let mut stmt = conn.prepare(sql)?;
        stmt.query_map([key], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?
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
        conn.execute("UPDATE operators SET disabled = 1 WHERE id = ?1", [id])?;
    }
    Ok((id, name))
}
