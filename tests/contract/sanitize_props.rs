//! The sanitiser, for any text: nothing dangerous survives, nothing else changes, and a screen
//! drawn from hostile portal data holds no control character.

use crate::fixtures;

use helpdesk::api::Ingress;
use helpdesk::domain::sanitize::{
    MAX_MARKS, REPLACEMENT, is_clean_line, is_dangerous, sanitize, sanitize_line,
};
use helpdesk::i18n::Lang;
use proptest::prelude::*;

fn hostile_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        4 => any::<char>(),
        1 => prop::sample::select(vec![
            '\u{1b}', '\u{7}', '\u{0}', '\r', '\n', '\t', '\u{7f}', '\u{9b}', '\u{85}', '\u{61c}',
            '\u{200e}', '\u{200f}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}',
            '\u{200d}', '\u{feff}', '\u{2060}', 'é', 'Ñ', '漢', '😀',
            // Invisible or layout-breaking, found by a review (issue 11).
            '\u{2028}', '\u{2029}', '\u{ad}', '\u{34f}', '\u{180e}', '\u{2061}', '\u{2064}',
            '\u{206a}', '\u{206f}', '\u{fe0f}', '\u{e0100}', '\u{e0001}', '\u{e0041}',
            '\u{115f}', '\u{1160}', '\u{3164}', '\u{ffa0}', '\u{fff9}', '\u{fffb}', '\u{e000}',
            '\u{f0000}', '\u{378}',
        ]),
        // Combining marks, to build towers.
        2 => prop::sample::select(vec!['\u{301}', '\u{303}', '\u{20dd}', '\u{93f}', '\u{489}']),
    ];
    prop::collection::vec(c, 0..80).prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn nothing_dangerous_survives(s in hostile_text()) {
        let line = sanitize_line(&s);
        prop_assert!(!line.chars().any(|c| is_dangerous(c, false)));
        let text = sanitize(&s);
        prop_assert!(!text.chars().any(|c| is_dangerous(c, true)));
    }

    #[test]
    fn no_tower_of_combining_marks_survives(s in hostile_text()) {
        for out in [sanitize_line(&s), sanitize(&s)] {
            prop_assert!(max_mark_run(&out) <= MAX_MARKS, "{:?}", out);
        }
        prop_assert!(is_clean_line(&sanitize_line(&s)));
    }

    #[test]
    fn only_dangerous_characters_change(s in hostile_text()) {
        // Model: CRLF is one break; each other dangerous character becomes one replacement (a
        // tab a space); marks past MAX_MARKS on a base are dropped; everything else is kept.
        let out = sanitize_line(&s);
        let expected = model(&s);
        prop_assert_eq!(out.as_ref(), expected.as_str());
        prop_assert_eq!(sanitize_line(&out), out.clone(), "idempotent");
        let text = sanitize(&s);
        prop_assert_eq!(sanitize(&text), text.clone(), "idempotent");
        prop_assert!(!text.contains('\r'), "no CR survives: {:?}", text);
    }

    #[test]
    fn clean_text_is_untouched(s in "[a-zA-Z0-9áéíóúñÑü漢😀 .,@#-]{0,60}") {
        prop_assert!(matches!(sanitize_line(&s), std::borrow::Cow::Borrowed(_)));
        prop_assert!(matches!(sanitize(&s), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn a_hostile_user_draws_a_clean_screen(name in hostile_text(), email in hostile_text()) {
        let mut app = fixtures::with_results(Lang::Es);
        let mut user = fixtures::users()[0].clone();
        user.full_name = name;
        user.email_masked = email;
        app.users.results[0] = user.sanitized();
        let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| helpdesk::ui::view(f, &app)).unwrap();
        for cell in terminal.backend().buffer().content.iter() {
            prop_assert!(!cell.symbol().chars().any(|c| is_dangerous(c, false)), "{:?}", cell.symbol());
        }
    }
}

fn is_mark(c: char) -> bool {
    use icu_properties::CodePointMapData;
    use icu_properties::props::{GeneralCategory, GeneralCategoryGroup};
    GeneralCategoryGroup::Mark.contains(CodePointMapData::<GeneralCategory>::new().get(c))
        && !is_dangerous(c, true)
}

fn max_mark_run(s: &str) -> usize {
    let (mut run, mut max) = (0, 0);
    for c in s.chars() {
        run = if is_mark(c) { run + 1 } else { 0 };
        max = max.max(run);
    }
    max
}

/// What `sanitize_line` must give, written the slow and obvious way.
fn model(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut run = 0;
    for (i, &c) in chars.iter().enumerate() {
        if is_mark(c) {
            run += 1;
            if run <= MAX_MARKS {
                out.push(c);
            }
            continue;
        }
        run = 0;
        if c == '\r' && chars.get(i + 1) == Some(&'\n') {
            continue;
        }
        out.push(match c {
            '\t' => ' ',
            c if is_dangerous(c, false) => REPLACEMENT,
            c => c,
        });
    }
    out
}
