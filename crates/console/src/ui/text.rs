//! Text fitted to the screen without cutting words: the console is read at 80 columns over SSH, and
//! a word cut in half («Solicitant», «En trámit») reads as a typo in front of a caller.

use std::borrow::Cow;

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width in terminal columns.
pub(crate) fn width(text: &str) -> u16 {
    u16::try_from(text.width()).unwrap_or(u16::MAX)
}

/// `text` when it fits in `max` columns; otherwise its leading whole words and «…». Only a first
/// word longer than the whole cell is cut inside, and then the «…» says so.
pub(crate) fn fit_words(text: &str, max: u16) -> Cow<'_, str> {
    let max = usize::from(max);
    if text.width() <= max {
        return Cow::Borrowed(text);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    let room = max - 1; // the ellipsis takes one column
    let mut head = "";
    for (at, _) in text.match_indices(char::is_whitespace) {
        let candidate = text[..at].trim_end();
        if candidate.width() > room {
            break;
        }
        head = candidate;
    }
    if !head.is_empty() {
        return Cow::Owned(format!("{head}…"));
    }
    let mut out = String::with_capacity(max + 3);
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    Cow::Owned(out)
}

/// `text` wrapped at word boundaries to `width` columns after the `lead` spans, each continuation
/// line indented to where the text began (a hanging indent), so «Diga:» or a time stamp stays a
/// column of its own.
pub(crate) fn hanging<'a>(
    lead: Vec<Span<'a>>,
    text: &str,
    style: Style,
    width: u16,
) -> Vec<Line<'a>> {
    let indent: usize = lead.iter().map(|s| s.content.width()).sum();
    let room = usize::from(width).saturating_sub(indent).max(8);
    let mut pieces = textwrap::wrap(text, room).into_iter();
    let first = pieces.next().map(Cow::into_owned).unwrap_or_default();
    let mut first_line = lead;
    first_line.push(Span::styled(first, style));
    let mut lines = vec![Line::from(first_line)];
    let pad = " ".repeat(indent);
    lines.extend(pieces.map(|piece| {
        Line::from(vec![
            Span::raw(pad.clone()),
            Span::styled(piece.into_owned(), style),
        ])
    }));
    lines
}

/// `text` with each `2026-03-02 09:05` joined by a no-break space, so that wrapping (ratatui's
/// word wrapper keeps U+00A0 inside a word) never leaves a date at a line's end and its time at
/// the next one's start.
pub(crate) fn keep_dates_whole(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    let digits = |from: usize, n: usize| b[from..from + n].iter().all(u8::is_ascii_digit);
    // `YYYY-MM-DD HH:MM` with the space at `i`.
    let at = |i: usize| {
        i >= 10
            && i + 6 <= b.len()
            && b[i] == b' '
            && digits(i - 10, 4)
            && b[i - 6] == b'-'
            && digits(i - 5, 2)
            && b[i - 3] == b'-'
            && digits(i - 2, 2)
            && digits(i + 1, 2)
            && b[i + 3] == b':'
            && digits(i + 4, 2)
    };
    let spaces: Vec<usize> = (0..b.len()).filter(|i| at(*i)).collect();
    if spaces.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + spaces.len());
    let mut from = 0;
    for i in spaces {
        out.push_str(&text[from..i]);
        out.push('\u{a0}');
        from = i + 1;
    }
    out.push_str(&text[from..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_that_fits_is_left_alone() {
        assert_eq!(fit_words("Solicitante", 11), "Solicitante");
    }

    #[test]
    fn a_long_text_keeps_whole_words_and_says_it_goes_on() {
        assert_eq!(fit_words("No me llega el correo", 12), "No me llega…");
        assert_eq!(fit_words("María Fernanda Castañeda", 16), "María Fernanda…");
        assert!(width(&fit_words("No me llega el correo", 12)) <= 12);
    }

    #[test]
    fn only_a_word_longer_than_the_cell_is_cut_inside() {
        assert_eq!(fit_words("Solicitante", 6), "Solic…");
        assert_eq!(fit_words("x", 0), "");
    }

    #[test]
    fn continuation_lines_start_under_the_text() {
        let lines = hanging(
            vec![Span::raw(" Diga: ")],
            "Abra Mi Portal AccionPlus y seleccione la opción",
            Style::new(),
            30,
        );
        let text: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        assert_eq!(text[0], " Diga: Abra Mi Portal");
        assert!(text.len() > 1);
        for line in &text[1..] {
            assert!(
                line.starts_with("       ") && !line.starts_with("        "),
                "{line:?}"
            );
            assert!(width(line) <= 30);
        }
    }

    #[test]
    fn a_date_and_its_time_are_joined_and_nothing_else() {
        let text =
            "Creada: 2025-01-15 10:00 · hasta 2026-03-02 09:05 (en 3 min) · 2026-03-02 a las";
        assert_eq!(
            keep_dates_whole(text),
            "Creada: 2025-01-15\u{a0}10:00 · hasta 2026-03-02\u{a0}09:05 (en 3 min) · 2026-03-02 a las"
        );
        assert!(matches!(keep_dates_whole("sin fechas"), Cow::Borrowed(_)));
        assert!(matches!(keep_dates_whole("2026-03-02 9"), Cow::Borrowed(_)));
    }
}
