//! The Colombian business-day calendar: Monday to Friday (Saturdays optionally) minus the public
//! holidays of Ley 51 de 1983 and the laws after it.
//!
//! The holiday rules are data (`assets/calendar/holidays_co.toml`, or a file a support lead edits),
//! each with the year it starts, so the next law is a data change. Each year's holidays are
//! computed once into a sorted set: coinciding holidays (2025-06-30) are one day off with two names.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, RwLock};

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;

/// The embedded rules of Colombia.
pub const COLOMBIA_RULES: &str = include_str!("../../../../assets/calendar/holidays_co.toml");

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("holiday rules: {0}")]
    Parse(toml::de::Error),
    #[error("holiday rule «{name}»: {problem}")]
    Rule { name: String, problem: String },
    #[error("cannot read the holiday rules {path}")]
    Read {
        path: String,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// The date itself, never moved.
    Fixed,
    /// The date, moved to the following Monday unless it is one.
    Monday,
    /// Easter Sunday plus `offset` days, never moved.
    Easter,
    /// Easter Sunday plus `offset` days, moved to the following Monday.
    EasterMonday,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub name: String,
    pub kind: RuleKind,
    pub month: Option<i8>,
    pub day: Option<i8>,
    pub offset: Option<i16>,
    pub from: i16,
    pub until: Option<i16>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rule: Vec<Rule>,
}

/// The holiday rules of a country.
#[derive(Debug, Clone)]
pub struct HolidayRules {
    rules: Vec<Rule>,
}

impl HolidayRules {
    /// Parses and checks rules; errors name the rule or the line.
    pub fn parse(text: &str) -> Result<Self, CalendarError> {
        let file: RulesFile = toml::from_str(text).map_err(CalendarError::Parse)?;
        for rule in &file.rule {
            let problem = match rule.kind {
                RuleKind::Fixed | RuleKind::Monday => match (rule.month, rule.day) {
                    // 2024 is a leap year: accepts 29 February.
                    (Some(m), Some(d)) if Date::new(2024, m, d).is_ok() => None,
                    _ => Some("needs a valid month and day"),
                },
                RuleKind::Easter | RuleKind::EasterMonday => match rule.offset {
                    Some(o) if (-100..=100).contains(&o) => None,
                    _ => Some("needs an offset from Easter between -100 and 100 days"),
                },
            };
            let problem = problem.or_else(|| {
                rule.until
                    .is_some_and(|u| u < rule.from)
                    .then_some("until is before from")
            });
            if let Some(problem) = problem {
                return Err(CalendarError::Rule {
                    name: rule.name.clone(),
                    problem: problem.into(),
                });
            }
        }
        Ok(Self { rules: file.rule })
    }

    pub fn from_path(path: &Path) -> Result<Self, CalendarError> {
        let text = std::fs::read_to_string(path).map_err(|source| CalendarError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Self::parse(&text)
    }

    pub fn colombia() -> Self {
        // A unit test proves the embedded rules parse.
        Self::parse(COLOMBIA_RULES).expect("the embedded Colombian holiday rules are valid")
    }

    /// The holidays of `year`, each with the names of the rules that fall on it.
    pub fn holidays(&self, year: i16) -> BTreeMap<Date, Vec<String>> {
        let mut out: BTreeMap<Date, Vec<String>> = BTreeMap::new();
        let Some(easter) = easter_sunday(year) else {
            return out;
        };
        for rule in &self.rules {
            if year < rule.from || rule.until.is_some_and(|u| year > u) {
                continue;
            }
            let date = match rule.kind {
                RuleKind::Fixed | RuleKind::Monday => {
                    let (Some(m), Some(d)) = (rule.month, rule.day) else {
                        continue;
                    };
                    // 29 February only exists in leap years.
                    let Ok(date) = Date::new(year, m, d) else {
                        continue;
                    };
                    date
                }
                RuleKind::Easter | RuleKind::EasterMonday => {
                    match easter.checked_add(i64::from(rule.offset.unwrap_or(0)).days()) {
                        Ok(d) => d,
                        Err(_) => continue,
                    }
                }
            };
            let date = match rule.kind {
                RuleKind::Monday | RuleKind::EasterMonday => next_monday_or_same(date),
                _ => date,
            };
            out.entry(date).or_default().push(rule.name.clone());
        }
        out
    }
}

/// Easter Sunday of the Gregorian calendar (the anonymous algorithm of Meeus/Jones/Butcher).
pub(crate) fn easter_sunday(year: i16) -> Option<Date> {
    let y = i32::from(year);
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::new(year, month as i8, day as i8).ok()
}

fn next_monday_or_same(d: Date) -> Date {
    let ahead = (8 - i64::from(d.weekday().to_monday_one_offset())) % 7;
    d.checked_add(ahead.days()).unwrap_or(d)
}

/// Business days: weekdays (and Saturdays if configured) that are not holidays.
///
/// Each year's holidays are computed once, when first needed, and kept (any year jiff knows, so a
/// stray date costs one computation, not one per question). Counting business days in a range is
/// arithmetic on whole weeks minus the holidays in the range; adding them jumps whole weeks. Both
/// cost O(days / 7) at worst.
#[derive(Debug, Clone)]
pub struct Calendar {
    rules: HolidayRules,
    saturdays_are_business_days: bool,
    years: Arc<RwLock<HashMap<i16, Arc<Vec<Date>>>>>,
}

impl Calendar {
    pub fn new(rules: HolidayRules, saturdays_are_business_days: bool) -> Self {
        Self {
            rules,
            saturdays_are_business_days,
            years: Arc::default(),
        }
    }

    /// Colombia's holidays, Saturdays off.
    pub fn colombia() -> anyhow::Result<Self> {
        Ok(Self::new(HolidayRules::parse(COLOMBIA_RULES)?, false))
    }

    /// The holidays of `year`, sorted, computed once.
    fn year(&self, year: i16) -> Arc<Vec<Date>> {
        if let Some(days) = self
            .years
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&year)
        {
            return days.clone();
        }
        let days: Arc<Vec<Date>> = Arc::new(self.rules.holidays(year).into_keys().collect());
        self.years
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .entry(year)
            .or_insert(days)
            .clone()
    }

    /// How many years' holidays have been computed (each once).
    pub fn years_computed(&self) -> usize {
        self.years.read().unwrap_or_else(|p| p.into_inner()).len()
    }

    pub fn is_holiday(&self, d: Date) -> bool {
        self.year(d.year()).binary_search(&d).is_ok()
    }

    pub fn holiday_names(&self, d: Date) -> Vec<String> {
        self.rules.holidays(d.year()).remove(&d).unwrap_or_default()
    }

    /// Whether `d` is a working weekday, holidays aside.
    fn is_working_weekday(&self, d: Date) -> bool {
        match d.weekday() {
            Weekday::Sunday => false,
            Weekday::Saturday => self.saturdays_are_business_days,
            _ => true,
        }
    }

    pub fn is_business_day(&self, d: Date) -> bool {
        self.is_working_weekday(d) && !self.is_holiday(d)
    }

    fn working_days_per_week(&self) -> i64 {
        if self.saturdays_are_business_days {
            6
        } else {
            5
        }
    }

    /// The first business day strictly after `d` (`d` itself at the end of time).
    pub fn next_business_day(&self, d: Date) -> Date {
        let mut day = d;
        loop {
            day = match day.tomorrow() {
                Ok(t) => t,
                Err(_) => return day,
            };
            if self.is_business_day(day) {
                return day;
            }
        }
    }

    /// The `n`-th business day after `d` (counting starts the day after; `n = 0` is `d`).
    pub fn add_business_days(&self, d: Date, n: u32) -> Date {
        let mut day = d;
        let mut left = i64::from(n);
        // Whole weeks first: each holds its working days minus its holidays.
        while left > self.working_days_per_week() {
            let Ok(next) = day.checked_add(7.days()) else {
                break;
            };
            left -= self.business_days_between(day, next);
            day = next;
        }
        while left > 0 {
            let next = self.next_business_day(day);
            if next == day {
                break;
            }
            day = next;
            left -= 1;
        }
        day
    }

    /// Business days in `(a, b]`, negative when `b < a` (then minus the business days in `(b, a]`).
    /// So `between(d, add_business_days(d, n)) == n`, and `between(d, d) == 0`.
    pub fn business_days_between(&self, a: Date, b: Date) -> i64 {
        if b < a {
            return -self.business_days_between(b, a);
        }
        let days = i64::from(a.until(b).map(|s| s.get_days()).unwrap_or(0));
        let mut count = days / 7 * self.working_days_per_week();
        // The days past the whole weeks, at the end of the range.
        let mut day = b;
        for _ in 0..days % 7 {
            if self.is_working_weekday(day) {
                count += 1;
            }
            day = day.yesterday().unwrap_or(day);
        }
        for year in a.year()..=b.year() {
            let holidays = self.year(year);
            let from = holidays.partition_point(|h| *h <= a);
            count -= holidays[from..]
                .iter()
                .take_while(|h| **h <= b)
                .filter(|h| self.is_working_weekday(**h))
                .count() as i64;
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_rules_parse() {
        assert_eq!(HolidayRules::colombia().rules.len(), 19);
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2025), Some(jiff::civil::date(2025, 4, 20)));
        assert_eq!(easter_sunday(2026), Some(jiff::civil::date(2026, 4, 5)));
        assert_eq!(easter_sunday(2027), Some(jiff::civil::date(2027, 3, 28)));
        assert_eq!(easter_sunday(2200), Some(jiff::civil::date(2200, 4, 6)));
    }

    #[test]
    fn bad_rules_are_named() {
        let err = HolidayRules::parse(
            "[[rule]]\nname = \"X\"\nkind = \"fixed\"\nmonth = 2\nday = 30\nfrom = 2000\n",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("«X»"), "{err}");
        let err = HolidayRules::parse("[[rule]]\nname = \"Y\"\nkind = \"weekly\"\nfrom = 2000\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 3"), "{err}");
    }
}

#[cfg(test)]
mod arithmetic {
    use super::*;
    use jiff::civil::date;

    /// Day by day, the definition itself.
    fn naive_between(cal: &Calendar, a: Date, b: Date) -> i64 {
        if b < a {
            return -naive_between(cal, b, a);
        }
        let mut n = 0;
        let mut d = a;
        while d < b {
            d = d.tomorrow().unwrap();
            n += i64::from(cal.is_business_day(d));
        }
        n
    }

    fn naive_add(cal: &Calendar, d: Date, n: u32) -> Date {
        (0..n).fold(d, |day, _| cal.next_business_day(day))
    }

    #[test]
    fn week_arithmetic_agrees_with_counting_day_by_day() {
        for saturdays in [false, true] {
            let cal = Calendar::new(HolidayRules::colombia(), saturdays);
            let mut seed: u64 = 0x2026;
            let mut next = |m: u64| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (seed >> 33) % m
            };
            for _ in 0..400 {
                let a = date(2020, 1, 1)
                    .checked_add((next(3000) as i64).days())
                    .unwrap();
                let b = date(2020, 1, 1)
                    .checked_add((next(3000) as i64).days())
                    .unwrap();
                assert_eq!(
                    cal.business_days_between(a, b),
                    naive_between(&cal, a, b),
                    "{a} {b}"
                );
                let n = next(700) as u32;
                assert_eq!(
                    cal.add_business_days(a, n),
                    naive_add(&cal, a, n),
                    "{a} + {n}"
                );
            }
        }
    }

    #[test]
    fn a_stray_year_is_computed_once_and_the_end_of_time_is_safe() {
        let cal = Calendar::colombia().unwrap();
        let far = date(-9999, 1, 4);
        assert!(cal.business_days_between(far, far.checked_add(30.days()).unwrap()) > 0);
        let computed = cal.years_computed();
        for _ in 0..1000 {
            cal.is_business_day(far);
        }
        assert_eq!(cal.years_computed(), computed);
        assert_eq!(cal.add_business_days(Date::MAX, 10), Date::MAX);
        assert_eq!(
            cal.add_business_days(date(9999, 12, 1), u32::MAX),
            date(9999, 12, 31)
        );
    }
}
