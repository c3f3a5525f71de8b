//! The conversations' queue as SQL: each tier one index range walked in order (WhatsApp windows
//! closing soonest, then the other waiting ones oldest first, then those answered, newest first;
//! closed ones newest first), with a keyset cursor.

use rusqlite::Connection;
use rusqlite::types::Value;

use super::conversations::{SUMMARY_COLUMN_COUNT, SUMMARY_COLUMNS, summary_from_row};
use super::{Doing, StorageResult};
use contract::api::{ConversationSummary, Page};

/// One tier of the queue: which rows, in which order, and the key its cursor carries.
pub(crate) struct Tier {
    filter: &'static str,
    key: &'static str,
    descending: bool,
}

pub(crate) const TIERS: [Tier; 3] = [
    Tier {
        filter: "c.status = 'open' AND c.waiting_since IS NOT NULL AND c.channel = 'whatsapp' AND c.last_inbound_at > :window_start",
        key: "c.last_inbound_at",
        descending: false,
    },
    Tier {
        filter: "c.status = 'open' AND c.waiting_since IS NOT NULL AND NOT (c.channel = 'whatsapp' AND c.last_inbound_at > :window_start)",
        key: "c.waiting_since",
        descending: false,
    },
    Tier {
        filter: "c.status = 'open' AND c.waiting_since IS NULL",
        key: "c.last_message_at",
        descending: true,
    },
];

/// Closed conversations: one tier, newest first.
pub(crate) const CLOSED: Tier = Tier {
    filter: "c.status = 'closed'",
    key: "c.last_message_at",
    descending: true,
};

/// Where a page starts: after the row with this key and id in this tier.
pub(crate) struct Cursor {
    pub tier: usize,
    pub key: i64,
    pub id: i64,
}

/// Whose conversations.
#[derive(Clone, Copy)]
pub(crate) enum Assignee {
    Anyone,
    Me(i64),
    Nobody,
    MeOrNobody(i64),
    Is(i64),
}

/// A page of the queue, as the request asked for it (already checked).
pub(crate) struct Filter {
    pub tiers: Vec<(usize, &'static Tier)>,
    /// `whatsapp` or `correo`.
    pub channel: Option<&'static str>,
    pub assignee: Assignee,
    /// An agent's queue: the unassigned and this operator's, whatever was asked.
    pub agent: Option<i64>,
    pub cursor: Option<Cursor>,
    pub limit: u32,
    /// When the WhatsApp window of a message received now started (ms).
    pub window_start: i64,
    pub now: jiff::Timestamp,
}

/// The filters every tier shares, as SQL and named parameters.
fn shared_filters(f: &Filter) -> (String, Vec<(&'static str, Value)>) {
    let mut sql = String::new();
    let mut params: Vec<(&'static str, Value)> = Vec::new();
    if let Some(c) = f.channel {
        sql.push_str(" AND c.channel = :channel");
        params.push((":channel", Value::Text(c.into())));
    }
    match f.assignee {
        Assignee::Anyone => {}
        Assignee::Me(me) => {
            sql.push_str(" AND c.assignee_id = :me");
            params.push((":me", Value::Integer(me)));
        }
        Assignee::Nobody => sql.push_str(" AND c.assignee_id IS NULL"),
        Assignee::MeOrNobody(me) => {
            sql.push_str(" AND (c.assignee_id IS NULL OR c.assignee_id = :me)");
            params.push((":me", Value::Integer(me)));
        }
        Assignee::Is(id) => {
            sql.push_str(" AND c.assignee_id = :assignee");
            params.push((":assignee", Value::Integer(id)));
        }
    }
    if let Some(agent) = f.agent {
        sql.push_str(" AND (c.assignee_id IS NULL OR c.assignee_id = :agent)");
        params.push((":agent", Value::Integer(agent)));
    }
    (sql, params)
}

/// A page of the queue with the next page's cursor.
pub(crate) fn page(c: &Connection, f: Filter) -> StorageResult<Page<ConversationSummary>> {
    read_page(c, f).doing("listing conversations")
}

fn read_page(c: &Connection, f: Filter) -> rusqlite::Result<Page<ConversationSummary>> {
    let (shared, shared_params) = shared_filters(&f);
    let Filter {
        tiers,
        cursor,
        limit,
        window_start,
        now,
        ..
    } = f;
    let mut rows: Vec<(usize, i64, ConversationSummary)> = Vec::new();
    for (index, tier) in tiers {
        if cursor.as_ref().is_some_and(|k| k.tier > index) {
            continue;
        }
        let want = limit as usize + 1 - rows.len();
        let mut sql = format!(
            "SELECT {SUMMARY_COLUMNS}, {key} FROM conversations c WHERE {filter}{shared}",
            key = tier.key,
            filter = tier.filter
        );
        let mut params = shared_params.clone();
        if tier.filter.contains(":window_start") {
            params.push((":window_start", Value::Integer(window_start)));
        }
        if let Some(k) = cursor.as_ref().filter(|k| k.tier == index) {
            let op = if tier.descending { "<" } else { ">" };
            sql.push_str(&format!(
                " AND ({key}, c.id) {op} (:ck, :cid)",
                key = tier.key
            ));
            params.push((":ck", Value::Integer(k.key)));
            params.push((":cid", Value::Integer(k.id)));
        }
        let dir = if tier.descending { "DESC" } else { "ASC" };
        sql.push_str(&format!(
            " ORDER BY {key} {dir}, c.id {dir} LIMIT {want}",
            key = tier.key
        ));
        let mut stmt = c.prepare_cached(&sql)?;
        let named: Vec<(&str, &dyn rusqlite::ToSql)> = params
            .iter()
            .map(|(n, v)| (*n, v as &dyn rusqlite::ToSql))
            .collect();
        let found = stmt
            .query_map(named.as_slice(), |r| {
                Ok((
                    index,
                    r.get::<_, i64>(SUMMARY_COLUMN_COUNT)?,
                    summary_from_row(r, now)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.extend(found);
        if rows.len() > limit as usize {
            break;
        }
    }
    let next_cursor = if rows.len() > limit as usize {
        rows.truncate(limit as usize);
        rows.last()
            .map(|(tier, key, s)| format!("t{tier}:{key}:{}", s.id))
    } else {
        None
    };
    Ok(Page {
        items: rows.into_iter().map(|(_, _, s)| s).collect(),
        next_cursor,
    })
}
