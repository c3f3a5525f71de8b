//! The legal clock of a PQR (Ley 1755 de 2015), in business days of a [`Calendar`].

use jiff::civil::Date;

use super::calendar::Calendar;

/// The term starts the business day after receipt: day 1 is the first business day after
/// `received`, and the due date is day `term_days`.
pub fn due_date(cal: &Calendar, received: Date, term_days: u32) -> Date {
    cal.add_business_days(received, term_days)
}

/// An extension is at most the original term again: the latest new due date is the end of twice
/// the term counted from receipt.
pub fn max_extension_due_date(cal: &Calendar, received: Date, term_days: u32) -> Date {
    cal.add_business_days(received, term_days.saturating_mul(2))
}

/// Waiting on the requester stops the clock: the due date moves by the business days in
/// `(suspended_from, resumed_on]`, the days the clock did not run.
pub fn shift_for_suspension(
    cal: &Calendar,
    due: Date,
    suspended_from: Date,
    resumed_on: Date,
) -> Date {
    let waited = cal.business_days_between(suspended_from, resumed_on).max(0);
    cal.add_business_days(due, u32::try_from(waited).unwrap_or(u32::MAX))
}

/// Business days left until `due`: 0 when due today, negative when overdue (at least -1 the day
/// after, even on a weekend).
pub fn business_days_left(cal: &Calendar, today: Date, due: Date) -> i64 {
    if today <= due {
        cal.business_days_between(today, due)
    } else {
        cal.business_days_between(today, due).min(-1)
    }
}
