//! The legal clock of a PQR, in Bogotá calendar days and Colombian business days.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use contract::domain::calendar::{Calendar, HolidayRules};
use contract::domain::pqr_clock;

/// The calendar and time zone the legal terms are counted in.
#[derive(Debug)]
pub struct Legal {
    pub calendar: Calendar,
    tz: TimeZone,
}

impl Legal {
    pub fn colombia() -> anyhow::Result<Self> {
        Ok(Self {
            calendar: Calendar::colombia()?,
            tz: TimeZone::get("America/Bogota")?,
        })
    }

    /// Bogotá time with other holiday rules (a maintainer's file).
    pub fn with_rules(rules: HolidayRules) -> anyhow::Result<Self> {
        Ok(Self {
            calendar: Calendar::new(rules, false),
            tz: TimeZone::get("America/Bogota")?,
        })
    }

    /// The Bogotá calendar day of an instant.
    pub fn day_of(&self, t: Timestamp) -> Date {
        t.to_zoned_datetime(self.tz.clone()).date()
    }

    /// The first instant of a Bogotá calendar day.
    pub fn start_of(&self, day: Date) -> Timestamp {
        self.tz
            .to_timestamp(day.to_datetime(jiff::civil::Time::midnight()))
            .unwrap_or(Timestamp::UNIX_EPOCH)
    }

    /// Bogotá's offset from UTC at `at`, in seconds (-18000: Colombia keeps no summer time).
    pub fn offset_seconds(&self, at: Timestamp) -> i64 {
        i64::from(self.tz.to_offset(at).seconds())
    }

    /// The earliest receipt a new PQR may claim: 1 January of the year before `now`'s. Anything
    /// older is a typo, and every list would pay for its business-day arithmetic.
    pub fn earliest_received(&self, now: Timestamp) -> Date {
        Date::new(self.day_of(now).year() - 1, 1, 1).unwrap_or(Date::MIN)
    }

    /// The term starts the business day after receipt.
    pub fn due_date(&self, received: Date, term_days: u32) -> Date {
        pqr_clock::due_date(&self.calendar, received, term_days)
    }

    /// An extension is at most the original term again.
    pub fn latest_extension(&self, received: Date, term_days: u32) -> Date {
        pqr_clock::max_extension_due_date(&self.calendar, received, term_days)
    }

    /// The due date moved by the business days spent waiting on the requester.
    pub fn resume(&self, due: Date, suspended_from: Date, resumed_on: Date) -> Date {
        pqr_clock::shift_for_suspension(&self.calendar, due, suspended_from, resumed_on)
    }

    /// Business days from `today` to `due`: 0 due today, negative overdue.
    pub fn days_left(&self, today: Date, due: Date) -> i64 {
        pqr_clock::business_days_left(&self.calendar, today, due)
    }

    /// `n` business days after `day`.
    pub fn add_business_days(&self, day: Date, n: u32) -> Date {
        self.calendar.add_business_days(day, n)
    }
}
