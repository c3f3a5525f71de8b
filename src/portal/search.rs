//! User search over document number, email, name words and phone digits. Masked values are
//! matched whole (documents with or without dots, phones with or without +57, the whole email) so
//! a search cannot rebuild them piece by piece; an email also matches by the first 4 or more
//! characters of its local part; names match by word prefixes, accents and case ignored.
//!
//! The query is never handed to FTS5 as syntax: it is split into plain words, each quoted as a
//! prefix term, so `"`, `*`, `NEAR(` or `-` are searched as text. Each strategy reads at most
//! `limit` ids after the cursor in id order (index range scans, no full match sets), and the
//! strategies' ids are merged.

use std::collections::BTreeSet;

use rusqlite::{Connection, params};

use super::users::{SUMMARY_COLUMNS, summary_from_row};
use crate::api::{UserStatus, UserSummary};

pub fn search(
    conn: &Connection,
    q: &str,
    status: Option<UserStatus>,
    after: i64,
    limit: u32,
    now: jiff::Timestamp,
) -> anyhow::Result<Vec<UserSummary>> {
    let q = q.trim();
    let status = status.map(|s| s.as_str());
    let mut ids = BTreeSet::new();
    if q.is_empty() {
        collect(
            conn,
            "SELECT id FROM users WHERE id > ?1 AND (?3 IS NULL OR status = ?3) ORDER BY id LIMIT ?2",
            params![after, limit, status],
            &mut ids,
        )?;
    } else {
        let lower = q.to_lowercase();
        let digits: String = q.chars().filter(char::is_ascii_digit).collect();
        let only_number_like = q
            .chars()
            .all(|c| c.is_ascii_digit() || " .-+()".contains(c));
        let by_value = "SELECT id FROM users WHERE {col} = ?1 AND id > ?2 AND (?4 IS NULL OR status = ?4) ORDER BY id LIMIT ?3";
        if only_number_like && !digits.is_empty() {
            // Whole values only: a prefix would let anyone rebuild a masked number digit by digit.
            collect(
                conn,
                &by_value.replace("{col}", "document_number"),
                params![digits, after, limit, status],
                &mut ids,
            )?;
            // The national number, typed with or without the country code.
            let national = digits
                .strip_prefix("57")
                .filter(|d| d.len() == 10)
                .unwrap_or(&digits);
            collect(
                conn,
                &by_value.replace("{col}", "phone_digits"),
                params![national, after, limit, status],
                &mut ids,
            )?;
        }
        if !only_number_like && let Some(document) = lettered_document(q) {
            // Cédula de extranjería, pasaporte, PPT: letters and digits, whole value.
            let mut stmt = conn.prepare_cached(
                "SELECT id FROM users WHERE document_number IN (?1, ?2) AND id > ?3 AND (?5 IS NULL OR status = ?5) ORDER BY id LIMIT ?4",
            )?;
            let typed: String = q.chars().filter(char::is_ascii_alphanumeric).collect();
            for id in stmt.query_map(params![document, typed, after, limit, status], |r| {
                r.get::<_, i64>(0)
            })? {
                ids.insert(id?);
            }
        }
        if !only_number_like && lower.contains('@') {
            collect(
                conn,
                &by_value.replace("{col}", "email_lower"),
                params![lower, after, limit, status],
                &mut ids,
            )?;
        } else if !only_number_like
            && !q.contains(char::is_whitespace)
            && lower.chars().count() >= MIN_EMAIL_PREFIX
        {
            // The start of the local part (no `@` typed), at least 4 characters.
            let upper = prefix_upper_bound(&lower);
            collect(
                conn,
                "SELECT id FROM users WHERE email_lower >= ?1 AND email_lower < ?2 AND id > ?3 AND (?5 IS NULL OR status = ?5) ORDER BY id LIMIT ?4",
                params![lower, upper, after, limit, status],
                &mut ids,
            )?;
        }
        if !only_number_like && let Some(fts) = fts_query(q) {
            collect(
                conn,
                "SELECT f.rowid FROM users_fts f JOIN users u ON u.id = f.rowid WHERE users_fts MATCH ?1 AND f.rowid > ?2 AND (?4 IS NULL OR u.status = ?4) ORDER BY f.rowid LIMIT ?3",
                params![fts, after, limit, status],
                &mut ids,
            )?;
        }
    }
    let ids: Vec<i64> = ids.into_iter().take(limit as usize).collect();
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM users WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(stmt.query_row([id], |r| summary_from_row(r, now))?);
    }
    Ok(out)
}

/// Shortest start of an email's local part that is searched as a prefix.
pub const MIN_EMAIL_PREFIX: usize = 4;

/// A document number with letters (`E778899`, `AB123456`, `pa-123.456`): one word of letters and
/// digits (dots and dashes ignored) with at least one digit, 4 to 20 characters, in capitals.
fn lettered_document(q: &str) -> Option<String> {
    if !q
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
    {
        return None;
    }
    let doc: String = q
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (doc.chars().any(|c| c.is_ascii_digit()) && (4..=20).contains(&doc.len())).then_some(doc)
}

fn collect(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    ids: &mut BTreeSet<i64>,
) -> anyhow::Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| r.get::<_, i64>(0))?;
    for id in rows {
        ids.insert(id?);
    }
    Ok(())
}

/// The smallest string greater than every string that starts with `prefix`.
fn prefix_upper_bound(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

/// An FTS5 query matching every word of `q` as a prefix: `"jose"* AND "nunez"*`.
/// Words are cut at anything that is not a letter or digit, so no FTS syntax survives.
pub fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = q
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| format!("\"{}\"*", w.to_lowercase()))
        .collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_syntax_is_neutralised() {
        assert_eq!(
            fts_query("José Núñez").as_deref(),
            Some("\"josé\"* AND \"núñez\"*")
        );
        assert_eq!(
            fts_query("\"NEAR(a b)*-'").as_deref(),
            Some("\"near\"* AND \"a\"* AND \"b\"*")
        );
        assert_eq!(fts_query("*** -- '"), None);
    }
}
