//! User search over document number, email, name words and phone digits. Masked values are
//! matched whole (documents with or without dots, phones with or without +57, the whole email) so
//! a search cannot rebuild them piece by piece; an email also matches by its whole local part
//! (the part before `@`), never by a start of it: a prefix answered «this one starts so», and an
//! agent could extend it a character at a time (issue 22). Names match by word prefixes, accents
//! and case ignored (a name is shown whole, it is not masked).
//!
//! The query is never handed to FTS5 as syntax: it is split into plain words, each quoted, so `"`,
//! `*`, `NEAR(` or `-` are searched as text.
//!
//! A text query answers a ranked list, so the caller is on the first page: whole values
//! (document, phone, email) first; then names holding every typed word whole, best first by FTS5
//! bm25 (a full-name match, with no other words, is the shortest match and ranks first); then
//! names that only start so, in id order. Paging is by position (`at:N`), up to
//! [`MAX_RANKED`] results: past that the operator types more. The empty query lists every user in
//! id order (`id:N`). Each step reads a bounded number of ids: no step scores or sorts a whole
//! match set of a short prefix (the 1–3 character prefix indexes keep «a» or «ma» one doclist).

use std::collections::{BTreeSet, HashSet};

use rusqlite::{Connection, params};

use crate::user_rows::{SUMMARY_COLUMNS, summary_from_row};
use contract::api::{UserStatus, UserSummary};

/// Where a page starts: after a user id (the empty query) or after a number of ranked results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    AfterId(i64),
    Skip(u64),
}

/// How far a text query's ranked list goes.
pub(crate) const MAX_RANKED: u64 = 1000;

/// Whole-word matches scored by bm25 at most: a common given name (tens of thousands of users)
/// is scored on its first ones in id order, so a one-word query stays fast at a million users.
const MAX_SCORED: u32 = 2000;

pub fn search(
    conn: &Connection,
    q: &str,
    status: Option<UserStatus>,
    from: Start,
    limit: u32,
    now: jiff::Timestamp,
) -> anyhow::Result<Vec<UserSummary>> {
    let q = q.trim();
    let status = status.map(|s| s.as_str());
    let ids: Vec<i64> = if q.is_empty() {
        let (after, skip) = match from {
            Start::AfterId(id) => (id, 0),
            Start::Skip(n) => (0, n.min(i64::MAX as u64) as i64),
        };
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM users WHERE id > ?1 AND (?3 IS NULL OR status = ?3) ORDER BY id LIMIT ?2 OFFSET ?4",
        )?;
        stmt.query_map(params![after, limit, status, skip], |r| r.get(0))?
            .collect::<Result<_, _>>()?
    } else {
        match from {
            // An id cursor belongs to the empty query's listing: a text query has no such page.
            Start::AfterId(_) => Vec::new(),
            Start::Skip(skip) if skip >= MAX_RANKED => Vec::new(),
            Start::Skip(skip) => {
                let want = (skip + u64::from(limit)).min(MAX_RANKED) as u32;
                ranked(conn, q, status, want)?
                    .into_iter()
                    .skip(skip as usize)
                    .take(limit as usize)
                    .collect()
            }
        }
    };
    let sql = format!("SELECT {SUMMARY_COLUMNS} FROM users WHERE id = ?1");
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        out.push(stmt.query_row([id], |r| summary_from_row(r, now))?);
    }
    Ok(out)
}

/// The first `want` ids of a text query's ranked list (see the module's comment).
fn ranked(conn: &Connection, q: &str, status: Option<&str>, want: u32) -> anyhow::Result<Vec<i64>> {
    let mut list = Ranked::default();
    let lower = q.to_lowercase();
    let digits: String = q.chars().filter(char::is_ascii_digit).collect();
    let only_number_like = q
        .chars()
        .all(|c| c.is_ascii_digit() || " .-+()".contains(c));
    let by_value = "SELECT id FROM users WHERE {col} = ?1 AND (?3 IS NULL OR status = ?3) ORDER BY id LIMIT ?2";
    let mut exact = BTreeSet::new();
    if only_number_like {
        if digits.is_empty() {
            return Ok(Vec::new());
        }
        // Whole values only: a prefix would let anyone rebuild a masked number digit by digit.
        collect(
            conn,
            &by_value.replace("{col}", "document_number"),
            params![digits, want, status],
            &mut exact,
        )?;
        // The national number, typed with or without the country code.
        let national = digits
            .strip_prefix("57")
            .filter(|d| d.len() == 10)
            .unwrap_or(&digits);
        collect(
            conn,
            &by_value.replace("{col}", "phone_digits"),
            params![national, want, status],
            &mut exact,
        )?;
        list.extend(exact);
        return Ok(list.ids);
    }
    let want_len = want as usize;
    if let Some(document) = lettered_document(q) {
        // Cédula de extranjería, pasaporte, PPT: letters and digits, whole value.
        let typed: String = q.chars().filter(char::is_ascii_alphanumeric).collect();
        collect(
            conn,
            "SELECT id FROM users WHERE document_number IN (?1, ?4) AND (?3 IS NULL OR status = ?3) ORDER BY id LIMIT ?2",
            params![document, want, status, typed],
            &mut exact,
        )?;
    }
    if lower.contains('@') {
        collect(
            conn,
            &by_value.replace("{col}", "email_lower"),
            params![lower, want, status],
            &mut exact,
        )?;
    } else if !q.contains(char::is_whitespace) {
        // The whole local part, whatever the domain: `jose.nunez` finds jose.nunez@gmail.com.
        let local = format!("{lower}@");
        collect(
            conn,
            "SELECT id FROM users WHERE email_lower >= ?1 AND email_lower < ?2 AND (?4 IS NULL OR status = ?4) ORDER BY id LIMIT ?3",
            params![local, prefix_upper_bound(&local), want, status],
            &mut exact,
        )?;
    }
    list.extend(exact);
    let words = words(q);
    // Names holding every word whole, then (typing on the way) every word but the last whole and
    // the last as a start: each tier best first by bm25, which favours the names with the fewest
    // other words, so a full-name match comes first.
    let quoted: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
    let mut tiers = vec![quoted.join(" AND ")];
    if quoted.len() > 1 {
        tiers.push(format!("{}*", quoted.join(" AND ")));
    }
    for tier in tiers.iter().filter(|_| !words.is_empty()) {
        if list.len() >= want_len {
            break;
        }
        let mut stmt = conn.prepare_cached(
            "SELECT m.id FROM (
                 SELECT f.rowid AS id, f.rank AS score FROM users_fts f JOIN users u ON u.id = f.rowid
                 WHERE users_fts MATCH ?1 AND (?3 IS NULL OR u.status = ?3) ORDER BY f.rowid LIMIT ?4
             ) m ORDER BY m.score, m.id LIMIT ?2",
        )?;
        let ids = stmt
            .query_map(params![tier, want, status, MAX_SCORED], |r| r.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        list.extend(ids);
    }
    if list.len() < want_len {
        // Then whatever only starts so, in id order: names word by word.
        // Each source reads enough ids to fill the list after dropping the ones already in it.
        let read = want + list.len() as u32;
        let mut starts = BTreeSet::new();
        if let Some(fts) = fts_query(q) {
            collect(
                conn,
                "SELECT f.rowid FROM users_fts f JOIN users u ON u.id = f.rowid WHERE users_fts MATCH ?1 AND (?3 IS NULL OR u.status = ?3) ORDER BY f.rowid LIMIT ?2",
                params![fts, read, status],
                &mut starts,
            )?;
        }
        list.extend(starts);
    }
    list.ids.truncate(want as usize);
    Ok(list.ids)
}

/// Ids in rank order, each once.
#[derive(Default)]
struct Ranked {
    ids: Vec<i64>,
    seen: HashSet<i64>,
}

impl Ranked {
    fn extend(&mut self, ids: impl IntoIterator<Item = i64>) {
        for id in ids {
            if self.seen.insert(id) {
                self.ids.push(id);
            }
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

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

/// The words of `q`, lowercased: cut at anything that is not a letter or digit, so no FTS
/// syntax survives; at most 8.
fn words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_lowercase)
        .collect()
}

/// An FTS5 query matching every word of `q` as a prefix: `"jose"* AND "nunez"*`.
pub(crate) fn fts_query(q: &str) -> Option<String> {
    let words: Vec<String> = words(q).iter().map(|w| format!("\"{w}\"*")).collect();
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
