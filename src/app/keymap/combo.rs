//! One key with its modifiers, as written in `assets/keymap.toml` and `config.toml`
//! (`j`, `G`, `ctrl-r`, `enter`, `f5`…) and as shown in the footer and help.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeyCombo {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl KeyCombo {
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::NONE,
        }
    }
    pub const fn ch(c: char) -> Self {
        Self::plain(KeyCode::Char(c))
    }
    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    pub fn matches(&self, key: &KeyEvent) -> bool {
        // Shift is part of the character itself ('G'), so it is ignored for characters; and of
        // Shift-Tab, which terminals send as `ESC [ Z` and crossterm and terminput both decode
        // as BackTab *with* Shift (a Tab with Shift, from a kitty-protocol terminal, is the same).
        let (code, mods) = match key.code {
            KeyCode::Char(_) | KeyCode::BackTab => (key.code, key.modifiers - KeyModifiers::SHIFT),
            KeyCode::Tab if key.modifiers.contains(KeyModifiers::SHIFT) => {
                (KeyCode::BackTab, key.modifiers - KeyModifiers::SHIFT)
            }
            _ => (key.code, key.modifiers),
        };
        code == self.code && mods == self.mods
    }

    /// `j`, `G`, `ctrl-r`, `alt-x`, `enter`, `esc`, `tab`, `f5`, `up`, `pgdn`, `space`…
    pub fn parse(s: &str) -> Option<KeyCombo> {
        let s = s.trim();
        let (mods, rest) = if let Some(r) = s.strip_prefix("ctrl-").or_else(|| s.strip_prefix("C-"))
        {
            (KeyModifiers::CONTROL, r)
        } else if let Some(r) = s.strip_prefix("alt-").or_else(|| s.strip_prefix("M-")) {
            (KeyModifiers::ALT, r)
        } else {
            (KeyModifiers::NONE, s)
        };
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" => KeyCode::Enter,
                "esc" => KeyCode::Esc,
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "space" => KeyCode::Char(' '),
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pgup" | "pageup" => KeyCode::PageUp,
                "pgdn" | "pagedown" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                f if f.starts_with('f') => {
                    KeyCode::F(f[1..].parse().ok().filter(|n| (1..=12).contains(n))?)
                }
                _ => return None,
            },
        };
        Some(KeyCombo { code, mods })
    }
}

impl fmt::Display for KeyCombo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("Ctrl-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("Alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Up => f.write_str("↑"),
            KeyCode::Down => f.write_str("↓"),
            KeyCode::Left => f.write_str("←"),
            KeyCode::Right => f.write_str("→"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KeyCombo;
    use crossterm::event::KeyCode;

    #[test]
    fn keys_parse_and_display() {
        assert_eq!(KeyCombo::parse("ctrl-r"), Some(KeyCombo::ctrl('r')));
        assert_eq!(KeyCombo::parse("G"), Some(KeyCombo::ch('G')));
        assert_eq!(KeyCombo::parse("f5"), Some(KeyCombo::plain(KeyCode::F(5))));
        assert_eq!(KeyCombo::parse("f99"), None);
        assert_eq!(KeyCombo::parse("nonsense"), None);
        assert_eq!(KeyCombo::ctrl('c').to_string(), "Ctrl-c");
    }

    #[test]
    fn shift_tab_matches_backtab_as_terminals_send_it() {
        use crossterm::event::{KeyEvent, KeyModifiers};
        let backtab = KeyCombo::parse("backtab").expect("parses");
        // `ESC [ Z` as crossterm (local) and terminput (SSH) decode it.
        assert!(backtab.matches(&KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)));
        assert!(backtab.matches(&KeyEvent::new(KeyCode::BackTab, KeyModifiers::NONE)));
        assert!(backtab.matches(&KeyEvent::new(KeyCode::Tab, KeyModifiers::SHIFT)));
        assert!(!backtab.matches(&KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
        let tab = KeyCombo::parse("tab").expect("parses");
        assert!(!tab.matches(&KeyEvent::new(KeyCode::Tab, KeyModifiers::SHIFT)));
    }
}
