//! Text from the portal (names, PQR bodies, reasons) is untrusted: a name can carry ESC sequences
//! that repaint the operator's terminal, or bidi overrides that make a radicado read backwards.
//! [`sanitize`] is applied once, where portal data enters the console, and before anything is logged.

use std::borrow::Cow;

/// What a neutralised character becomes: visible, so the operator sees that something was there.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Characters that must never reach a terminal or a log line.
pub fn is_dangerous(c: char, keep_newlines: bool) -> bool {
    match c {
        '\n' => !keep_newlines,
        '\u{0}'..='\u{1F}' | '\u{7F}' => true, // C0 (tab, CR included) and DEL
        '\u{80}'..='\u{9F}' => true,           // C1, CSI (U+009B) among them
        '\u{061C}' | '\u{200E}' | '\u{200F}' => true, // bidi marks
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true, // bidi embeddings, overrides, isolates
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => true, // zero-width characters
        _ => false,
    }
}

/// Replaces every dangerous character; newlines are kept (PQR bodies have paragraphs).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_with(s, true)
}

/// As [`sanitize`], for single-line fields: newlines are neutralised too.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    sanitize_with(s, false)
}

fn sanitize_with(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !s.chars().any(|c| is_dangerous(c, keep_newlines)) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if c == '\t' {
                    ' '
                } else if is_dangerous(c, keep_newlines) {
                    REPLACEMENT
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_neutralised() {
        assert_eq!(sanitize("a\u{1b}[2Jb"), "a\u{FFFD}[2Jb");
        assert_eq!(sanitize("x\u{9b}31m"), "x\u{FFFD}31m");
        assert_eq!(sanitize("PQR\u{202E}321"), "PQR\u{FFFD}321");
        assert_eq!(sanitize("línea\notra"), "línea\notra");
        assert_eq!(sanitize_line("línea\notra"), "línea\u{FFFD}otra");
        assert_eq!(sanitize("tab\there"), "tab here");
        assert!(matches!(sanitize("José Núñez 😀 漢字"), Cow::Borrowed(_)));
    }
}
