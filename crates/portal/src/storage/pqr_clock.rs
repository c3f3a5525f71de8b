//! The stored legal clock: each ticket keeps its due date in the table (indexed), with what it was
//! made of — the receipt, the term, an extension's date, the business days spent waiting — so the
//! dates can be recomputed when the holiday rules change (a new law, a maintainer's file).

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::db::ts;
use super::{Doing, StorageResult};
use crate::pqr::legal::Legal;
use crate::tokens::sha256_hex;
use contract::api::PqrType;

/// Years whose non-business days make the fingerprint of the rules.
const FIRST_YEAR: i16 = 2000;
const LAST_YEAR: i16 = 2100;

/// A fingerprint of the calendar: every non-business weekday from 2000 to 2100. Equal rules
/// written differently give the same fingerprint; any change of a date gives another.
pub fn fingerprint(legal: &Legal) -> String {
    let mut days = String::new();
    let mut day = Date::new(FIRST_YEAR, 1, 1).unwrap_or(Date::MIN);
    while day.year() <= LAST_YEAR {
        let weekend = matches!(
            day.weekday(),
            jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
        );
        if !weekend && !legal.calendar.is_business_day(day) {
            days.push_str(&day.to_string());
            days.push(',');
        }
        day = match day.tomorrow() {
            Ok(d) => d,
            Err(_) => break,
        };
    }
    sha256_hex(&days)
}

/// Brings the stored due dates in line with `legal`'s rules: on the first start with stored
/// clocks, records the waits already folded into the due dates; when the rules changed since the
/// dates were computed, recomputes every ticket's original and current due date. Returns how many
/// tickets changed.
pub(crate) fn reconcile(conn: &mut Connection, legal: &Legal) -> StorageResult<usize> {
    reconciled(conn, legal).doing("bringing the PQR due dates in line with the holiday rules")
}

fn reconciled(conn: &mut Connection, legal: &Legal) -> StorageResult<usize> {
    let now = fingerprint(legal);
    let stored: Option<String> = conn
        .query_row(
            "SELECT fingerprint FROM calendar_state WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let tx = conn.transaction()?;
    let changed = match stored {
        Some(f) if f == now => 0,
        Some(_) => recompute(&tx, legal)?,
        None => backfill_waits(&tx, legal)?,
    };
    tx.execute(
        "INSERT INTO calendar_state (id, fingerprint) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint",
        [&now],
    )?;
    tx.commit()?;
    Ok(changed)
}

fn date(s: &str) -> Date {
    s.parse().unwrap_or(Date::MIN)
}

/// Tickets stored before the clock had its parts: the business days their due date moved past
/// the original one, without an extension, are days spent waiting.
fn backfill_waits(tx: &Transaction<'_>, legal: &Legal) -> rusqlite::Result<usize> {
    let rows: Vec<(i64, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT id, due_date, original_due_date FROM pqr
             WHERE extended_to IS NULL AND due_date <> original_due_date",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?
    };
    let mut update = tx.prepare("UPDATE pqr SET waited_days = ?2 WHERE id = ?1")?;
    for (id, due, original) in &rows {
        let waited = legal
            .calendar
            .business_days_between(date(original), date(due))
            .max(0);
        update.execute(params![id, waited])?;
    }
    Ok(rows.len())
}

/// Every ticket's dates again under the current rules: the original term from its receipt, then
/// the extension's date (kept as the supervisor gave it) or that term, plus the days waited.
fn recompute(tx: &Transaction<'_>, legal: &Legal) -> rusqlite::Result<usize> {
    struct Row {
        id: i64,
        pqr_type: String,
        received_at: i64,
        due: String,
        original: String,
        extended_to: Option<String>,
        waited: i64,
        waits: String,
    }
    let rows: Vec<Row> = {
        let mut stmt = tx.prepare(
            "SELECT id, type, received_at, due_date, original_due_date, extended_to, waited_days, waits FROM pqr",
        )?;
        stmt.query_map([], |r| {
            Ok(Row {
                id: r.get(0)?,
                pqr_type: r.get(1)?,
                received_at: r.get(2)?,
                due: r.get(3)?,
                original: r.get(4)?,
                extended_to: r.get(5)?,
                waited: r.get(6)?,
                waits: r.get(7)?,
            })
        })?
        .collect::<Result<_, _>>()?
    };
    let mut update = tx.prepare(
        "UPDATE pqr SET due_date = ?2, original_due_date = ?3, waited_days = ?4, version = version + 1
         WHERE id = ?1",
    )?;
    let mut changed = 0;
    for row in rows {
        let term = PqrType::parse(&row.pqr_type)
            .unwrap_or(PqrType::Peticion)
            .term_business_days();
        let original = legal.due_date(legal.day_of(ts(row.received_at)), term);
        let base = row.extended_to.as_deref().map_or(original, date);
        // The waits are counted again under the new rules (those stored before the waits were
        // kept keep their count).
        let waited = if row.waits.is_empty() {
            row.waited
        } else {
            waited_days(legal, &row.waits)
        };
        let due = legal.add_business_days(base, u32::try_from(waited.max(0)).unwrap_or(0));
        let (due, original) = (due.to_string(), original.to_string());
        if due != row.due || original != row.original || waited != row.waited {
            update.execute(params![row.id, due, original, waited])?;
            changed += 1;
        }
    }
    Ok(changed)
}

/// `waits` with one more wait, `from..to` (Bogotá days).
pub(crate) fn add_wait(waits: &str, from: Date, to: Date) -> String {
    let one = format!("{from}..{to}");
    if waits.is_empty() {
        one
    } else {
        format!("{waits};{one}")
    }
}

/// The business days spent waiting, over every wait of `waits`.
pub(crate) fn waited_days(legal: &Legal, waits: &str) -> i64 {
    waits
        .split(';')
        .filter_map(|w| w.split_once(".."))
        .map(|(a, b)| {
            legal
                .calendar
                .business_days_between(date(a), date(b))
                .max(0)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_kept_and_counted_again() {
        let legal = Legal::colombia().unwrap();
        let d = |s: &str| s.parse::<Date>().unwrap();
        let w = add_wait("", d("2026-03-03"), d("2026-03-10"));
        let w = add_wait(&w, d("2026-03-20"), d("2026-03-24"));
        assert_eq!(w, "2026-03-03..2026-03-10;2026-03-20..2026-03-24");
        // 4, 5, 6, 9, 10 March; then 24 March (23 is a holiday).
        assert_eq!(waited_days(&legal, &w), 6);
    }

    #[test]
    fn tickets_stored_before_the_clocks_parts_keep_their_waits_through_a_change_of_rules() {
        let dir = tempfile::tempdir().unwrap();
        let db = crate::storage::db::Db::open(&dir.path().join("t.db")).unwrap();
        let legal = Legal::colombia().unwrap();
        db.with_writer(|c| {
            // Received Monday 2026-03-02 (due 2026-03-24), moved by a 5-day wait before the
            // waits were kept: 2026-03-31. The first start finds no fingerprint.
            c.execute(
                "INSERT INTO pqr (radicado, year, seq, type, subject, body, channel, status, requester_name,
                                  received_at, created_at, updated_at, due_date, original_due_date)
                 VALUES ('PQR-2026-000001', 2026, 1, 'peticion', 's', 'b', 'web', 'en_tramite', 'n',
                         ?1, ?1, ?1, '2026-03-31', '2026-03-24')",
                [crate::storage::db::ms("2026-03-02T15:00:00Z".parse().unwrap())],
            )?;
            assert_eq!(reconcile(c, &legal)?, 1);
            let waited: i64 = c.query_row("SELECT waited_days FROM pqr", [], |r| r.get(0))?;
            assert_eq!(waited, 5);
            assert_eq!(reconcile(c, &legal)?, 0, "same rules: nothing to do");
            // A holiday on Wednesday 4 March: the term moves one day, the kept count of waits
            // follows it.
            let mut rules = include_str!("../../../../assets/calendar/holidays_co.toml").to_string();
            rules.push_str("\n[[rule]]\nname = \"Prueba\"\nkind = \"fixed\"\nmonth = 3\nday = 4\nfrom = 2026\n");
            let other = Legal::with_rules(contract::domain::calendar::HolidayRules::parse(&rules)?)?;
            assert_eq!(reconcile(c, &other)?, 1);
            let dates: (String, String) = c.query_row(
                "SELECT due_date, original_due_date FROM pqr",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            assert_eq!(dates, ("2026-04-01".into(), "2026-03-25".into()));
            Ok(())
        })
        .unwrap();
    }
}
