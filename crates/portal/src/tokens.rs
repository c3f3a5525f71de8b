//! Secrets: generated from the operating system's CSPRNG, stored only as SHA-256.

use rand::RngExt;
use rand::distr::Alphanumeric;
use rand::rand_core::UnwrapErr;
use rand::rngs::SysRng;
use sha2::{Digest, Sha256};

/// Length of a reset token in the emailed link (`[A-Za-z0-9]{32}`, about 190 bits).
pub(crate) const RESET_TOKEN_LEN: usize = 32;

/// `n` characters from `[A-Za-z0-9]`, drawn from a CSPRNG seeded by the OS.
pub(crate) fn random_alphanumeric(n: usize) -> String {
    let mut rng = UnwrapErr(SysRng);
    (0..n).map(|_| rng.sample(Alphanumeric) as char).collect()
}

/// An operator token: a recognisable prefix and 40 random characters (about 238 bits).
pub(crate) fn new_operator_token() -> String {
    format!("hdk_{}", random_alphanumeric(40))
}

/// `n` random bytes from the OS CSPRNG.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    UnwrapErr(SysRng).fill(&mut out);
    out
}

pub(crate) fn sha256_hex(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Whether `s` has the shape of a reset token; anything else is refused before touching the database.
pub(crate) fn is_reset_token_shape(s: &str) -> bool {
    s.len() == RESET_TOKEN_LEN && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_have_the_contract_shape_and_differ() {
        let a = random_alphanumeric(RESET_TOKEN_LEN);
        let b = random_alphanumeric(RESET_TOKEN_LEN);
        assert!(is_reset_token_shape(&a));
        assert_ne!(a, b);
        assert!(!is_reset_token_shape("short"));
        assert!(!is_reset_token_shape(&format!("{}!", &a[..31])));
        assert_eq!(sha256_hex("abc").len(), 64);
    }
}
