//! The Colombian calendar against the published holiday tables, its edge cases, and properties.

use helpdesk::domain::calendar::{Calendar, HolidayRules};
use helpdesk::domain::pqr_clock;
use jiff::civil::{Date, date};
use proptest::prelude::*;

fn dates(year: i16, md: &[(i8, i8)]) -> Vec<Date> {
    md.iter().map(|&(m, d)| date(year, m, d)).collect()
}

fn holidays(year: i16) -> Vec<Date> {
    HolidayRules::colombia()
        .holidays(year)
        .into_keys()
        .collect()
}

#[test]
fn published_2025_table_with_two_holidays_on_30_june() {
    let expected = dates(
        2025,
        &[
            (1, 1),
            (1, 6),
            (3, 24),
            (4, 17),
            (4, 18),
            (5, 1),
            (6, 2),
            (6, 23),
            (6, 30),
            (7, 20),
            (8, 7),
            (8, 18),
            (10, 13),
            (11, 3),
            (11, 17),
            (12, 8),
            (12, 25),
        ],
    );
    assert_eq!(holidays(2025), expected);
    let names = HolidayRules::colombia()
        .holidays(2025)
        .remove(&date(2025, 6, 30))
        .unwrap();
    assert_eq!(names, ["Sagrado Corazón de Jesús", "San Pedro y San Pablo"]);
}

#[test]
fn published_2026_table_has_19_dates_with_9_july_moved_to_13() {
    let expected = dates(
        2026,
        &[
            (1, 1),
            (1, 12),
            (3, 23),
            (4, 2),
            (4, 3),
            (5, 1),
            (5, 18),
            (6, 8),
            (6, 15),
            (6, 29),
            (7, 13),
            (7, 20),
            (8, 7),
            (8, 17),
            (10, 12),
            (11, 2),
            (11, 16),
            (12, 8),
            (12, 25),
        ],
    );
    assert_eq!(holidays(2026), expected);
}

#[test]
fn published_2027_table() {
    let expected = dates(
        2027,
        &[
            (1, 1),
            (1, 11),
            (3, 22),
            (3, 25),
            (3, 26),
            (5, 1),
            (5, 10),
            (5, 31),
            (6, 7),
            (7, 5),
            (7, 12),
            (7, 20),
            (8, 7),
            (8, 16),
            (10, 18),
            (11, 1),
            (11, 15),
            (12, 8),
            (12, 25),
        ],
    );
    assert_eq!(holidays(2027), expected);
}

#[test]
fn a_fixed_holiday_on_sunday_is_not_moved_and_new_laws_start_in_their_year() {
    let cal = Calendar::colombia().unwrap();
    assert!(cal.is_holiday(date(2022, 5, 1)) && cal.is_holiday(date(2022, 12, 25)));
    assert!(
        cal.is_business_day(date(2022, 5, 2)),
        "1 May 2022 fell on Sunday and stays there"
    );
    assert!(
        cal.is_business_day(date(2025, 7, 14)),
        "9 July only from 2026"
    );
    assert!(!cal.is_business_day(date(2026, 7, 13)));
}

#[test]
fn every_year_from_1984_to_2200_has_its_holidays_without_panicking() {
    let rules = HolidayRules::colombia();
    for year in 1984..=2200 {
        let n = rules.holidays(year).len();
        assert!((16..=19).contains(&n), "{year}: {n}");
    }
}

#[test]
fn arithmetic_across_year_ends_and_holy_week() {
    let cal = Calendar::colombia().unwrap();
    assert_eq!(
        cal.next_business_day(date(2026, 12, 24)),
        date(2026, 12, 28)
    );
    assert_eq!(cal.next_business_day(date(2026, 12, 31)), date(2027, 1, 4));
    assert_eq!(
        cal.add_business_days(date(2026, 3, 27), 3),
        date(2026, 4, 1)
    );
    assert_eq!(
        cal.add_business_days(date(2026, 3, 27), 4),
        date(2026, 4, 6),
        "Holy Thursday and Friday"
    );
    assert_eq!(
        cal.business_days_between(date(2026, 3, 27), date(2026, 4, 6)),
        4
    );
    assert_eq!(
        cal.business_days_between(date(2026, 4, 6), date(2026, 3, 27)),
        -4
    );
    assert_eq!(cal.add_business_days(date(2026, 1, 2), 0), date(2026, 1, 2));
    assert_eq!(
        cal.holiday_names(date(2026, 7, 13)),
        ["Virgen de Chiquinquirá (Ley 2578 de 2026)"]
    );
}

#[test]
fn saturdays_can_be_business_days() {
    let cal = Calendar::new(HolidayRules::colombia(), true);
    assert!(cal.is_business_day(date(2026, 3, 7)));
    assert!(!cal.is_business_day(date(2026, 3, 8)));
    assert!(
        !cal.is_business_day(date(2027, 5, 1)),
        "a holiday on Saturday is still a holiday"
    );
}

#[test]
fn rules_can_come_from_a_file_a_maintainer_edits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("festivos.toml");
    let extended = format!(
        "{}\n[[rule]]\nname = \"Festivo de prueba\"\nkind = \"monday\"\nmonth = 2\nday = 3\nfrom = 2030\n",
        helpdesk::domain::calendar::COLOMBIA_RULES
    );
    std::fs::write(&path, extended).unwrap();
    let cal = Calendar::new(HolidayRules::from_path(&path).unwrap(), false);
    assert!(cal.is_holiday(date(2031, 2, 3)));
    assert!(!cal.is_holiday(date(2029, 2, 5)));
    let err = HolidayRules::from_path(&dir.path().join("missing.toml")).unwrap_err();
    assert!(err.to_string().contains("missing.toml"));
}

#[test]
fn legal_terms_of_a_pqr() {
    let cal = Calendar::colombia().unwrap();
    assert_eq!(
        pqr_clock::due_date(&cal, date(2026, 1, 2), 15),
        date(2026, 1, 26)
    );
    assert_eq!(
        pqr_clock::max_extension_due_date(&cal, date(2026, 1, 2), 15),
        date(2026, 2, 16)
    );
    assert_eq!(
        pqr_clock::shift_for_suspension(
            &cal,
            date(2026, 3, 24),
            date(2026, 3, 3),
            date(2026, 3, 10)
        ),
        date(2026, 3, 31)
    );
    assert_eq!(
        pqr_clock::business_days_left(&cal, date(2026, 3, 24), date(2026, 3, 24)),
        0
    );
    assert_eq!(
        pqr_clock::business_days_left(&cal, date(2026, 3, 20), date(2026, 3, 24)),
        1,
        "23 March is a holiday"
    );
    assert_eq!(
        pqr_clock::business_days_left(&cal, date(2026, 3, 28), date(2026, 3, 27)),
        -1,
        "overdue on a Saturday"
    );
    assert_eq!(
        pqr_clock::business_days_left(&cal, date(2026, 3, 31), date(2026, 3, 27)),
        -2
    );
}

fn any_date() -> impl Strategy<Value = Date> {
    (1990i16..2150, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| date(y, m, d))
}

proptest! {
    #[test]
    fn adding_n_business_days_lands_on_one_and_counts_back_to_n(d in any_date(), n in 1u32..60) {
        let cal = Calendar::colombia().unwrap();
        let later = cal.add_business_days(d, n);
        prop_assert!(cal.is_business_day(later));
        prop_assert_eq!(cal.business_days_between(d, later), i64::from(n));
        prop_assert_eq!(cal.business_days_between(later, d), -i64::from(n));
    }
}
