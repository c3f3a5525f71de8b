//! What a caller dictates to prove who they are, normalised once for the console (which checks
//! its form before sending) and the portal (which compares with the record): both accept exactly
//! the inputs the contract's patterns describe (`VerificationRequest` in `assets/openapi.yaml`).

use jiff::civil::Date;

/// Longest document number accepted (passports and foreigners' IDs run longer than cédulas).
pub(crate) const MAX_DOCUMENT_LEN: usize = 20;

/// People dictate «1.017.234.567» or «CE 12-345»: spaces, dots and dashes are not part of the
/// number, and case does not matter. 1 to 20 ASCII letters or digits, nothing else.
pub fn normalize_document(s: &str) -> Option<String> {
    if !s
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-'))
    {
        return None;
    }
    let kept: String = s
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (1..=MAX_DOCUMENT_LEN).contains(&kept.len()).then_some(kept)
}

/// A birth date as the caller says it (see [`parse_date`]).
pub fn normalize_birth_date(s: &str) -> Option<Date> {
    parse_date(s)
}

/// Exactly `AAAA-MM-DD` or the `DD/MM/AAAA` that Colombians write, and a real day.
pub fn parse_date(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let num = |r: std::ops::Range<usize>| s.get(r).and_then(|t| t.parse::<i16>().ok());
    let (y, m, d) = if b[4] == b'-' && b[7] == b'-' && digits(0..4) && digits(5..7) && digits(8..10)
    {
        (num(0..4)?, num(5..7)?, num(8..10)?)
    } else if b[2] == b'/' && b[5] == b'/' && digits(0..2) && digits(3..5) && digits(6..10) {
        (num(6..10)?, num(3..5)?, num(0..2)?)
    } else {
        return None;
    };
    Date::new(y, i8::try_from(m).ok()?, i8::try_from(d).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::{normalize_birth_date, normalize_document};

    #[test]
    fn documents_lose_separators_and_case() {
        let n = |s: &str| normalize_document(s);
        assert_eq!(n("1.017.234.567").as_deref(), Some("1017234567"));
        assert_eq!(n(" ce 12-345 ").as_deref(), Some("CE12345"));
        assert_eq!(n("1").as_deref(), Some("1"));
        assert_eq!(n(""), None);
        assert_eq!(n("..."), None);
        assert_eq!(
            n("80,123,456"),
            None,
            "a comma is not a separator of the contract"
        );
        assert_eq!(n("12#34"), None);
        assert_eq!(n("ñ123"), None);
        assert_eq!(n(&"9".repeat(21)), None);
        assert!(n(&"9".repeat(20)).is_some());
    }

    #[test]
    fn dates_in_either_order_and_real() {
        let want = "1990-05-17".parse().ok();
        assert_eq!(normalize_birth_date("1990-05-17"), want);
        assert_eq!(normalize_birth_date("17/05/1990"), want);
        assert_eq!(normalize_birth_date("31/02/1990"), None);
        assert_eq!(normalize_birth_date("17-05-1990"), None);
        assert_eq!(normalize_birth_date("17/5/1990"), None);
        assert_eq!(normalize_birth_date("17/05/90"), None);
        assert_eq!(normalize_birth_date(" 17/05/1990"), None);
        assert_eq!(normalize_birth_date("mañana"), None);
    }
}
