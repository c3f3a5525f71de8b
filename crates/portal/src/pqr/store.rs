//! PQR rows in and out of SQLite.

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Row};

use super::legal::Legal;
use super::rules;
use crate::db::ts;
use contract::api::{
    Channel, PqrAssignee, PqrDetail, PqrMessage, PqrStatus, PqrSummary, PqrType, ReplyChannel,
    Requester, Visibility,
};

/// Columns for [`summary_from_row`]; `p` is the pqr table, `o` the assignee's operator row.
pub(crate) const SUMMARY_COLUMNS: &str = "p.id, p.radicado, p.type, p.subject, p.channel, p.status, \
     p.requester_name, p.requester_email, p.requester_phone, p.user_id, p.assignee_id, o.name, \
     p.received_at, p.created_at, p.updated_at, p.due_date, p.suspended_since";

pub const FROM: &str = "pqr p LEFT JOIN operators o ON o.id = p.assignee_id";

fn parse_date(s: &str) -> Date {
    s.parse().unwrap_or(Date::MIN)
}

pub(crate) fn summary_from_row(
    r: &Row<'_>,
    legal: &Legal,
    today: Date,
) -> rusqlite::Result<PqrSummary> {
    let status = PqrStatus::parse(&r.get::<_, String>(5)?).unwrap_or(PqrStatus::Unknown);
    let due_date = parse_date(&r.get::<_, String>(15)?);
    let suspended_since: Option<String> = r.get(16)?;
    // While waiting on the requester the clock is stopped: count from the day it stopped.
    let counted_from = suspended_since.as_deref().map(parse_date).unwrap_or(today);
    let business_days_left = if rules::is_open(status) {
        legal.days_left(counted_from, due_date)
    } else {
        0
    };
    let assignee_id: Option<i64> = r.get(10)?;
    Ok(PqrSummary {
        id: r.get(0)?,
        radicado: r.get(1)?,
        pqr_type: PqrType::parse(&r.get::<_, String>(2)?).unwrap_or(PqrType::Unknown),
        subject: r.get(3)?,
        channel: Channel::parse(&r.get::<_, String>(4)?).unwrap_or(Channel::Unknown),
        status,
        requester: Requester {
            name: r.get(6)?,
            email: r.get(7)?,
            phone: r.get(8)?,
        },
        user_id: r.get(9)?,
        assignee: match assignee_id {
            Some(id) => Some(PqrAssignee {
                id,
                name: r.get::<_, Option<String>>(11)?.unwrap_or_default(),
            }),
            None => None,
        },
        received_at: ts(r.get(12)?),
        created_at: ts(r.get(13)?),
        updated_at: ts(r.get(14)?),
        due_date,
        business_days_left,
    })
}

/// A whole ticket with its thread, and its version (the ETag).
pub(crate) fn load_detail(
    conn: &Connection,
    id: i64,
    legal: &Legal,
    today: Date,
) -> anyhow::Result<Option<(PqrDetail, i64)>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, p.body, p.original_due_date, p.extension_reason, p.version,
                p.reply_channel
         FROM {FROM} WHERE p.id = ?1"
    );
    let found = conn
        .query_row(&sql, [id], |r| {
            let summary = summary_from_row(r, legal, today)?;
            Ok((
                summary,
                r.get::<_, String>(17)?,
                parse_date(&r.get::<_, String>(18)?),
                r.get::<_, Option<String>>(19)?,
                r.get::<_, i64>(20)?,
                ReplyChannel::parse(&r.get::<_, String>(21)?).unwrap_or_default(),
            ))
        })
        .optional()?;
    let Some((summary, body, original_due_date, extension_reason, version, reply_channel)) = found
    else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT id, visibility, body, author_name, at, from_requester FROM pqr_messages WHERE pqr_id = ?1 ORDER BY id",
    )?;
    let messages = stmt
        .query_map([id], |r| {
            Ok(PqrMessage {
                id: r.get(0)?,
                visibility: match r.get::<_, String>(1)?.as_str() {
                    "public" => Visibility::Public,
                    "internal" => Visibility::Internal,
                    _ => Visibility::Unknown,
                },
                body: r.get(2)?,
                author: r.get(3)?,
                at: ts(r.get(4)?),
                from_requester: r.get::<_, i64>(5)? != 0,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let allowed_transitions = rules::allowed_transitions(summary.status).to_vec();
    let latest_extension_date = allowed_transitions
        .contains(&PqrStatus::Prorrogada)
        .then(|| {
            let received = legal.day_of(summary.received_at);
            legal.latest_extension(received, summary.pqr_type.term_business_days())
        });
    let requester_reachable = super::notify::reachable(
        conn,
        summary.id,
        reply_channel,
        summary.requester.email.as_deref(),
    )?;
    Ok(Some((
        PqrDetail {
            summary,
            body,
            original_due_date,
            extension_reason,
            allowed_transitions,
            latest_extension_date,
            messages,
            reply_channel,
            requester_reachable,
        },
        version,
    )))
}

pub(crate) use crate::extract::etag;
