//! A user's row as the lists read it: the columns of a summary and their decoding (masked, the
//! login lock's expiry applied). Shared by the list and detail (`users.rs`) and the ranked search
//! (`search.rs`), which both sit above it: neither names the other for it.

use contract::api::{DocumentType, UserKind, UserStatus, UserSummary};
use contract::domain::masking::{mask_document, mask_email, mask_phone};

use super::db::ts;

/// Columns to select for [`summary_from_row`] (prefix with `u.` where needed).
pub(crate) const SUMMARY_COLUMNS: &str = "id, document_type, document_number, full_name, email, phone_digits, kind, status, last_login_at, locked_until";

/// A summary row; the stored status is corrected by an expired login lock.
pub(crate) fn summary_from_row(
    r: &rusqlite::Row<'_>,
    now: jiff::Timestamp,
) -> rusqlite::Result<UserSummary> {
    let document_type: String = r.get(1)?;
    let document: String = r.get(2)?;
    let email: String = r.get(4)?;
    let phone: String = r.get(5)?;
    let kind: String = r.get(6)?;
    let status: String = r.get(7)?;
    let locked_until: Option<i64> = r.get(9)?;
    Ok(UserSummary {
        id: r.get(0)?,
        document_type: DocumentType::parse(&document_type).unwrap_or(DocumentType::CC),
        document_masked: mask_document(&document),
        full_name: r.get(3)?,
        email_masked: mask_email(&email),
        phone_masked: mask_phone(&phone),
        kind: UserKind::parse(&kind).unwrap_or(UserKind::Unknown),
        status: effective_status(
            UserStatus::parse(&status).unwrap_or(UserStatus::Unknown),
            locked_until,
            now,
        ),
        last_login_at: r.get::<_, Option<i64>>(8)?.map(ts),
    })
}

/// A login lock ends by itself: once `locked_until` has passed, the account reads as active.
pub(crate) fn effective_status(
    status: UserStatus,
    locked_until: Option<i64>,
    now: jiff::Timestamp,
) -> UserStatus {
    match (status, locked_until) {
        (UserStatus::Locked, Some(until)) if until <= now.as_millisecond() => UserStatus::Active,
        (s, _) => s,
    }
}
