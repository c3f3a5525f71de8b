//! State of the rule explainer: a password typed only to be checked.

use super::{TextBuffer, line_input, text_of};

/// A password typed only to be checked against the rules: never stored beyond the modal, never
/// logged (its Debug says nothing), never sent.
#[derive(Clone)]
pub struct SecretInput(pub TextBuffer);

impl std::fmt::Debug for SecretInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretInput(<redacted>)")
    }
}

impl SecretInput {
    pub fn new() -> Self {
        Self(line_input(""))
    }
    pub fn text(&self) -> String {
        text_of(&self.0)
    }
}

impl Default for SecretInput {
    fn default() -> Self {
        Self::new()
    }
}
