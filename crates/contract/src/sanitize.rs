//! Text from the portal (names, PQR bodies, reasons, error messages) is untrusted: a name can carry
//! ESC sequences that repaint the operator's terminal, bidi overrides that make a radicado read
//! backwards, invisible characters that make two names look the same, or a tower of combining
//! marks that spills over the rows above and below.
//! [`sanitize`] is applied once, where portal data enters the console, and before anything is logged.
//!
//! What counts as dangerous is decided by Unicode properties (ICU4X's data, not a hand list, so a
//! new Unicode version's invisible characters are covered by updating the crate): every control
//! (Cc), format (Cf), private-use (Co) and unassigned (Cn) character, the line and paragraph
//! separators (Zl, Zp), and every Default_Ignorable_Code_Point (variation selectors, Hangul
//! fillers, tags, U+034F…).

use std::borrow::Cow;

use icu_properties::props::{DefaultIgnorableCodePoint, GeneralCategory};
use icu_properties::{CodePointMapData, CodePointSetData};

/// What a neutralised character becomes: visible, so the operator sees that something was there.
pub const REPLACEMENT: char = '\u{FFFD}';

/// Combining marks kept on one base character; the rest are dropped («Zalgo» text).
pub const MAX_MARKS: usize = 4;

fn category(c: char) -> GeneralCategory {
    CodePointMapData::<GeneralCategory>::new().get(c)
}

fn is_mark(c: char) -> bool {
    !c.is_ascii()
        && matches!(
            category(c),
            GeneralCategory::NonspacingMark
                | GeneralCategory::SpacingMark
                | GeneralCategory::EnclosingMark
        )
}

/// Characters that end a line: kept as `\n` in text, neutralised in single-line fields.
fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Characters that must never reach a terminal or a log line.
pub fn is_dangerous(c: char, keep_newlines: bool) -> bool {
    if c == '\n' {
        return !keep_newlines;
    }
    if matches!(c, ' '..='~') {
        return false;
    }
    matches!(
        category(c),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::PrivateUse
            | GeneralCategory::Unassigned
            | GeneralCategory::Surrogate
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    ) || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

/// Replaces every dangerous character; line breaks are kept as `\n` (PQR bodies have paragraphs).
pub fn sanitize(s: &str) -> Cow<'_, str> {
    sanitize_with(s, true)
}

/// As [`sanitize`], for single-line fields: line breaks are neutralised too.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    sanitize_with(s, false)
}

/// True when [`sanitize_line`] would change nothing: what an importer may accept as a name.
pub fn is_clean_line(s: &str) -> bool {
    matches!(sanitize_line(s), Cow::Borrowed(_))
}

/// Network text for an error message or a log line: one clean line, at most `max` characters.
pub fn untrusted(s: &str, max: usize) -> String {
    let clean = sanitize_line(s);
    let mut chars = clean.chars();
    let mut out: String = chars.by_ref().take(max).collect();
    if chars.next().is_some() {
        out.push('…');
    }
    out
}

fn needs_change(s: &str, keep_newlines: bool) -> bool {
    let mut marks = 0;
    for c in s.chars() {
        if c == '\t' || c == '\r' || is_dangerous(c, keep_newlines) {
            return true;
        }
        if is_mark(c) {
            marks += 1;
            if marks > MAX_MARKS {
                return true;
            }
        } else {
            marks = 0;
        }
    }
    false
}

fn sanitize_with(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !needs_change(s, keep_newlines) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut marks = 0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if is_mark(c) && !is_dangerous(c, keep_newlines) {
            marks += 1;
            if marks <= MAX_MARKS {
                out.push(c);
            }
            continue;
        }
        marks = 0;
        if c == '\r' && chars.peek() == Some(&'\n') {
            // CRLF is one line break, not a neutralised CR and a newline.
            continue;
        }
        if c == '\t' {
            out.push(' ');
        } else if keep_newlines && is_line_break(c) {
            out.push('\n');
        } else if is_dangerous(c, keep_newlines) {
            out.push(REPLACEMENT);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
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

    #[test]
    fn invisible_and_layout_breaking_characters_are_neutralised() {
        let cases = [
            '\u{2028}',
            '\u{2029}',
            '\u{AD}',
            '\u{34F}',
            '\u{180E}',
            '\u{2061}',
            '\u{2064}',
            '\u{206A}',
            '\u{206F}',
            '\u{FE00}',
            '\u{FE0F}',
            '\u{E0100}',
            '\u{E0001}',
            '\u{E0041}',
            '\u{E007F}',
            '\u{115F}',
            '\u{1160}',
            '\u{3164}',
            '\u{FFA0}',
            '\u{FFF9}',
            '\u{FFFB}',
            '\u{E000}',
            '\u{F8FF}',
            '\u{F0000}',
            '\u{10FFFD}',
            '\u{E0080}',
            '\u{0378}',
        ];
        for c in cases {
            assert!(is_dangerous(c, false), "U+{:04X}", c as u32);
            assert_eq!(
                sanitize_line(&format!("a{c}b")),
                "a\u{FFFD}b",
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn line_breaks_become_newlines_in_text() {
        assert_eq!(
            sanitize("uno\r\ndos\rtres\u{2028}cuatro"),
            "uno\ndos\ntres\ncuatro"
        );
        assert_eq!(sanitize_line("uno\r\ndos"), "uno\u{FFFD}dos");
    }

    #[test]
    fn combining_marks_are_capped_per_base() {
        let zalgo = format!("a{}b", "\u{301}".repeat(40));
        assert_eq!(
            sanitize_line(&zalgo),
            format!("a{}b", "\u{301}".repeat(MAX_MARKS))
        );
        // A decomposed «é» and Vietnamese double diacritics are untouched.
        assert!(is_clean_line("Jose\u{301} Nguyê\u{303}n"));
    }

    #[test]
    fn untrusted_text_is_one_short_line() {
        assert_eq!(
            untrusted("a\u{1b}]0;x\u{7}\nb", 100),
            "a\u{FFFD}]0;x\u{FFFD}\u{FFFD}b"
        );
        assert_eq!(untrusted("abcdef", 3), "abc…");
    }
}
