//! What a caller dictates to prove who they are, normalised once for the console (which checks
//! the form before sending) and the portal (which compares with the record): both accept exactly
//! the same inputs.

use jiff::civil::Date;

/// Shortest document number accepted: fewer characters is a typo, not a document.
pub const MIN_DOCUMENT_LEN: usize = 3;
/// Longest document number accepted (passports and foreigners' IDs run longer than cédulas).
pub const MAX_DOCUMENT_LEN: usize = 20;

/// People dictate «1.017.234.567» or «CE 12-345»: dots, commas, dashes and spaces are not part of
/// the number, and case does not matter. What is left must be 3 to 20 ASCII letters or digits.
pub fn normalize_document(s: &str) -> Option<String> {
    let kept: String = s
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | '-') && !c.is_whitespace())
        .collect();
    (kept.len() >= MIN_DOCUMENT_LEN
        && kept.len() <= MAX_DOCUMENT_LEN
        && kept.chars().all(|c| c.is_ascii_alphanumeric()))
    .then(|| kept.to_ascii_uppercase())
}

/// A birth date as the caller says it (see [`parse_date`]).
pub fn normalize_birth_date(s: &str) -> Option<Date> {
    parse_date(s)
}

/// `AAAA-MM-DD`, or the `DD/MM/AAAA` that Colombians say and write (with `/`, `-` or `.`).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    if let Ok(d) = s.parse::<Date>() {
        return Some(d);
    }
    let mut parts = s.split(['/', '-', '.']);
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::{normalize_birth_date, normalize_document};

    #[test]
    fn documents_lose_separators_and_case() {
        assert_eq!(
            normalize_document("1.017.234.567").as_deref(),
            Some("1017234567")
        );
        assert_eq!(
            normalize_document(" ce 12-345 ").as_deref(),
            Some("CE12345")
        );
        assert_eq!(
            normalize_document("80,123,456").as_deref(),
            Some("80123456")
        );
        assert_eq!(normalize_document("123").as_deref(), Some("123"));
        assert_eq!(normalize_document("1.2"), None);
        assert_eq!(normalize_document(""), None);
        assert_eq!(normalize_document("..."), None);
        assert_eq!(normalize_document("12#34"), None);
        assert_eq!(normalize_document("ñ123"), None);
        assert_eq!(normalize_document(&"9".repeat(21)), None);
        assert!(normalize_document(&"9".repeat(20)).is_some());
    }

    #[test]
    fn dates_in_either_order() {
        let want = "1990-05-17".parse().ok();
        assert_eq!(normalize_birth_date("1990-05-17"), want);
        assert_eq!(normalize_birth_date("17/05/1990"), want);
        assert_eq!(normalize_birth_date(" 17-05-1990 "), want);
        assert_eq!(normalize_birth_date("17.05.1990"), want);
        assert_eq!(normalize_birth_date("17/5/1990"), want);
        assert_eq!(normalize_birth_date("31/02/1990"), None);
        assert_eq!(normalize_birth_date("17/05/90"), None);
        assert_eq!(normalize_birth_date("17/05/1990/1"), None);
        assert_eq!(normalize_birth_date("mañana"), None);
    }
}
