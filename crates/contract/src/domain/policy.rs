//! The portal's password policy, exactly as the reset guide states it. The console's rule explainer
//! and the portal's checks both call [`check`], so they cannot disagree.

use crate::api::{PasswordPolicy, PolicyRule};

pub(crate) const MIN_LENGTH: usize = 8;
pub(crate) const MAX_LENGTH: usize = 40;
/// The guide's list: `) & . - : } = + * $ ; ' # % ( {`. Nothing else is special.
pub const SPECIAL_CHARACTERS: &str = ")&.-:}=+*$;'#%({";

pub fn policy() -> PasswordPolicy {
    PasswordPolicy {
        min_length: MIN_LENGTH,
        max_length: MAX_LENGTH,
        require_lowercase: true,
        require_uppercase: true,
        require_digit: true,
        special_characters: SPECIAL_CHARACTERS.to_string(),
    }
}

pub(crate) fn is_special(c: char) -> bool {
    SPECIAL_CHARACTERS.contains(c)
}

/// The rules `password` breaks, in the guide's order; empty when it is acceptable.
/// Length counts characters, not bytes.
pub fn check(password: &str) -> Vec<PolicyRule> {
    let len = password.chars().count();
    let mut broken = Vec::new();
    if len < MIN_LENGTH {
        broken.push(PolicyRule::TooShort);
    }
    if len > MAX_LENGTH {
        broken.push(PolicyRule::TooLong);
    }
    if !password.chars().any(|c| c.is_lowercase()) {
        broken.push(PolicyRule::MissingLowercase);
    }
    if !password.chars().any(|c| c.is_uppercase()) {
        broken.push(PolicyRule::MissingUppercase);
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        broken.push(PolicyRule::MissingDigit);
    }
    if !password.chars().any(is_special) {
        broken.push(PolicyRule::MissingSpecial);
    }
    broken
}

/// Symbols in `password` that people take for special characters but the portal does not
/// ('@', '!', '_'…), deduplicated in order of appearance. Used to explain a refusal, never stored
/// with the password itself.
pub fn not_special_symbols(password: &str) -> String {
    let mut out = String::new();
    for c in password.chars() {
        if !c.is_alphanumeric() && !c.is_whitespace() && !is_special(c) && !out.contains(c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use PolicyRule::{
        MissingDigit, MissingLowercase, MissingSpecial, MissingUppercase, TooLong, TooShort,
    };

    #[test]
    fn each_rule_alone() {
        assert_eq!(check("Abcdef1."), vec![]);
        assert_eq!(check("Abcde1."), vec![TooShort]);
        assert_eq!(check(&format!("Ab1.{}", "x".repeat(37))), vec![TooLong]);
        assert_eq!(check(&format!("Ab1.{}", "x".repeat(36))), vec![]);
        assert_eq!(check("ABCDEF1."), vec![MissingLowercase]);
        assert_eq!(check("abcdef1."), vec![MissingUppercase]);
        assert_eq!(check("Abcdefg."), vec![MissingDigit]);
        assert_eq!(check("Abcdefg1"), vec![MissingSpecial]);
    }

    #[test]
    fn every_listed_special_counts_and_common_symbols_do_not() {
        for c in SPECIAL_CHARACTERS.chars() {
            assert_eq!(check(&format!("Abcdef1{c}")), vec![], "{c} should count");
        }
        for c in [
            '@', '!', '_', '?', '/', ',', '"', '[', ']', '<', '>', '~', '^', '|', ' ',
        ] {
            assert_eq!(
                check(&format!("Abcdef1{c}")),
                vec![MissingSpecial],
                "{c} must not count"
            );
        }
        assert_eq!(not_special_symbols("Hola@Mundo!2024@"), "@!");
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(check("Ñandú1.a"), vec![]);
    }
}
