//! The sanitiser, for any text: nothing dangerous survives, nothing else changes, and a screen
//! drawn from hostile portal data holds no control character.

mod fixtures;

use helpdesk::client::ingress::Sanitized;
use helpdesk::domain::sanitize::{REPLACEMENT, is_dangerous, sanitize, sanitize_line};
use helpdesk::i18n::Lang;
use proptest::prelude::*;

fn hostile_text() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        4 => any::<char>(),
        1 => prop::sample::select(vec![
            '\u{1b}', '\u{7}', '\u{0}', '\r', '\n', '\t', '\u{7f}', '\u{9b}', '\u{85}', '\u{61c}',
            '\u{200e}', '\u{200f}', '\u{202a}', '\u{202e}', '\u{2066}', '\u{2069}', '\u{200b}',
            '\u{200d}', '\u{feff}', '\u{2060}', 'é', 'Ñ', '漢', '😀',
        ]),
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
    fn only_dangerous_characters_change(s in hostile_text()) {
        let out = sanitize_line(&s);
        prop_assert_eq!(out.chars().count(), s.chars().count());
        for (a, b) in s.chars().zip(out.chars()) {
            if is_dangerous(a, false) {
                prop_assert!(b == REPLACEMENT || (a == '\t' && b == ' '));
            } else {
                prop_assert_eq!(a, b);
            }
        }
        prop_assert_eq!(sanitize_line(&out), out.clone(), "idempotent");
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
