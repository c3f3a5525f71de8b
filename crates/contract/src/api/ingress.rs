//! Ingress: every answer type of the contract cleans its own untrusted text, in the file that
//! defines it (`impl Ingress for UserSummary` beside `UserSummary`), so a new answer brings its
//! sanitising with it and every path from the network to a screen, stream or log goes through
//! the one sanitiser ([`crate::sanitize`]). `remote::call` applies it to every answer.

use std::borrow::Cow;

use crate::sanitize::{sanitize, sanitize_line};

/// An answer whose strings came from the portal: `sanitized` returns it with every one of them
/// through the sanitiser (one-line fields as lines, free text as text).
pub trait Ingress {
    fn sanitized(self) -> Self;
}

/// A one-line field: names, masked addresses, codes.
pub fn line(s: &mut String) {
    if let Cow::Owned(clean) = sanitize_line(s) {
        *s = clean;
    }
}

pub fn line_opt(s: &mut Option<String>) {
    if let Some(s) = s {
        line(s);
    }
}

/// Free text that keeps its line breaks: a PQR's body, a message, a note.
pub fn text(s: &mut String) {
    if let Cow::Owned(clean) = sanitize(s) {
        *s = clean;
    }
}

impl<T: Ingress> Ingress for Vec<T> {
    fn sanitized(self) -> Self {
        self.into_iter().map(Ingress::sanitized).collect()
    }
}

/// An answer without text of the portal's (figures, flags, times): nothing to clean.
macro_rules! no_text {
    ($($t:ty),* $(,)?) => {
        $(
            impl $crate::api::Ingress for $t {
                fn sanitized(self) -> Self {
                    self
                }
            }
        )*
    };
}

pub(crate) use no_text;
