//! Keys → actions, per context. Help (`?`) and the footer are generated from these tables, so
//! what the operator reads is what the keys do. `config.toml` `[keys]` can rebind any action.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the keyboard is: a screen's pane or the modal on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Context {
    Search,
    List,
    Detail,
    Help,
    Palette,
    Verify,
    Confirm,
    PqrList,
    PqrDetail,
    Editor,
    Picker,
    Create,
    Walk,
    Explainer,
    Outcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Help,
    Palette,
    FocusSearch,
    Down,
    Up,
    PageDown,
    PageUp,
    Top,
    Bottom,
    Open,
    Back,
    NextPane,
    Verify,
    Resend,
    Unlock,
    Copy,
    Retry,
    Confirm,
    NextField,
    Suspend,
    Redraw,
    GoUsers,
    GoPqr,
    FilterStatus,
    FilterType,
    FilterScope,
    FilterOverdue,
    FilterToday,
    SortOrder,
    AssignMe,
    ChangeStatus,
    Note,
    Reply,
    GoUser,
    Send,
    Discard,
    CreatePqr,
    Walk,
    NextStep,
    PrevStep,
    Branch,
    Explain,
    Finish,
}

impl Action {
    /// The name used in `config.toml` `[keys]` and in the help catalog (`action.<name>`).
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Help => "help",
            Action::Palette => "palette",
            Action::FocusSearch => "search",
            Action::Down => "down",
            Action::Up => "up",
            Action::PageDown => "page_down",
            Action::PageUp => "page_up",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::Open => "open",
            Action::Back => "back",
            Action::NextPane => "next_pane",
            Action::Verify => "verify",
            Action::Resend => "resend",
            Action::Unlock => "unlock",
            Action::Copy => "copy",
            Action::Retry => "retry",
            Action::Confirm => "confirm",
            Action::NextField => "next_field",
            Action::Suspend => "suspend",
            Action::Redraw => "redraw",
            Action::GoUsers => "go_users",
            Action::GoPqr => "go_pqr",
            Action::FilterStatus => "filter_status",
            Action::FilterType => "filter_type",
            Action::FilterScope => "filter_scope",
            Action::FilterOverdue => "filter_overdue",
            Action::FilterToday => "filter_today",
            Action::SortOrder => "sort_order",
            Action::AssignMe => "assign_me",
            Action::ChangeStatus => "change_status",
            Action::Note => "note",
            Action::Reply => "reply",
            Action::GoUser => "go_user",
            Action::Send => "send",
            Action::Discard => "discard",
            Action::CreatePqr => "create_pqr",
            Action::Walk => "walk",
            Action::NextStep => "next_step",
            Action::PrevStep => "prev_step",
            Action::Branch => "branch",
            Action::Explain => "explain",
            Action::Finish => "finish",
        }
    }
}

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
        // Shift is part of the character itself ('G'), so it is ignored for characters.
        let mods = match key.code {
            KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
            _ => key.modifiers,
        };
        key.code == self.code && mods == self.mods
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

#[derive(Debug, Clone)]
pub struct Binding {
    pub action: Action,
    pub keys: Vec<KeyCombo>,
    /// Shown in the footer (the rest only in help).
    pub footer: bool,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    tables: Vec<(Context, Vec<Binding>)>,
}

fn b(action: Action, keys: &[KeyCombo], footer: bool) -> Binding {
    Binding {
        action,
        keys: keys.to_vec(),
        footer,
    }
}

use KeyCode as K;

fn navigation() -> Vec<Binding> {
    vec![
        b(
            Action::Down,
            &[KeyCombo::ch('j'), KeyCombo::plain(K::Down)],
            false,
        ),
        b(
            Action::Up,
            &[KeyCombo::ch('k'), KeyCombo::plain(K::Up)],
            false,
        ),
        b(
            Action::PageDown,
            &[KeyCombo::plain(K::PageDown), KeyCombo::ctrl('d')],
            false,
        ),
        b(
            Action::PageUp,
            &[KeyCombo::plain(K::PageUp), KeyCombo::ctrl('u')],
            false,
        ),
        b(
            Action::Top,
            &[KeyCombo::ch('g'), KeyCombo::plain(K::Home)],
            false,
        ),
        b(
            Action::Bottom,
            &[KeyCombo::ch('G'), KeyCombo::plain(K::End)],
            false,
        ),
    ]
}

fn user_actions() -> Vec<Binding> {
    vec![
        b(Action::Verify, &[KeyCombo::ch('v')], true),
        b(Action::Resend, &[KeyCombo::ch('r')], true),
        b(Action::Unlock, &[KeyCombo::ch('u')], true),
        b(Action::Copy, &[KeyCombo::ch('y')], false),
        b(Action::CreatePqr, &[KeyCombo::ch('c')], false),
        b(Action::Walk, &[KeyCombo::ch('w')], true),
        b(
            Action::Retry,
            &[KeyCombo::ch('R'), KeyCombo::plain(K::F(5))],
            false,
        ),
    ]
}

fn global() -> Vec<Binding> {
    vec![
        b(
            Action::Help,
            &[KeyCombo::ch('?'), KeyCombo::plain(K::F(1))],
            true,
        ),
        b(Action::Palette, &[KeyCombo::ch(':')], false),
        b(Action::GoUsers, &[KeyCombo::plain(K::F(2))], false),
        b(Action::GoPqr, &[KeyCombo::plain(K::F(3))], false),
        b(Action::Suspend, &[KeyCombo::ctrl('z')], false),
        b(Action::Redraw, &[KeyCombo::ctrl('l')], false),
        b(
            Action::Quit,
            &[KeyCombo::ch('q'), KeyCombo::ctrl('c')],
            true,
        ),
    ]
}

impl Default for Keymap {
    fn default() -> Self {
        let search = vec![
            b(
                Action::Open,
                &[
                    KeyCombo::plain(K::Enter),
                    KeyCombo::plain(K::Down),
                    KeyCombo::plain(K::Tab),
                ],
                true,
            ),
            b(Action::Back, &[KeyCombo::plain(K::Esc)], true),
            b(Action::Help, &[KeyCombo::plain(K::F(1))], true),
            b(Action::Retry, &[KeyCombo::plain(K::F(5))], false),
            b(Action::GoUsers, &[KeyCombo::plain(K::F(2))], false),
            b(Action::GoPqr, &[KeyCombo::plain(K::F(3))], false),
            b(Action::Suspend, &[KeyCombo::ctrl('z')], false),
            b(Action::Redraw, &[KeyCombo::ctrl('l')], false),
            b(Action::Quit, &[KeyCombo::ctrl('c')], true),
        ];
        let mut list = vec![
            b(Action::FocusSearch, &[KeyCombo::ch('/')], true),
            b(Action::Open, &[KeyCombo::plain(K::Enter)], true),
            b(Action::NextPane, &[KeyCombo::plain(K::Tab)], false),
        ];
        list.extend(navigation());
        list.extend(user_actions());
        list.extend(global());
        let mut detail = vec![
            b(
                Action::Back,
                &[KeyCombo::plain(K::Esc), KeyCombo::plain(K::Tab)],
                true,
            ),
            b(Action::FocusSearch, &[KeyCombo::ch('/')], false),
        ];
        detail.extend(navigation());
        detail.extend(user_actions());
        detail.extend(global());
        let mut help: Vec<Binding> = navigation().into_iter().take(2).collect();
        help.push(b(
            Action::Back,
            &[
                KeyCombo::plain(K::Esc),
                KeyCombo::ch('?'),
                KeyCombo::ch('q'),
            ],
            true,
        ));
        let palette = vec![
            b(Action::Confirm, &[KeyCombo::plain(K::Enter)], true),
            b(
                Action::Down,
                &[KeyCombo::plain(K::Down), KeyCombo::ctrl('n')],
                false,
            ),
            b(
                Action::Up,
                &[KeyCombo::plain(K::Up), KeyCombo::ctrl('p')],
                false,
            ),
            b(Action::Back, &[KeyCombo::plain(K::Esc)], true),
        ];
        let verify = vec![
            b(
                Action::NextField,
                &[
                    KeyCombo::plain(K::Tab),
                    KeyCombo::plain(K::BackTab),
                    KeyCombo::plain(K::Down),
                    KeyCombo::plain(K::Up),
                ],
                true,
            ),
            b(Action::Confirm, &[KeyCombo::plain(K::Enter)], true),
            b(Action::Back, &[KeyCombo::plain(K::Esc)], true),
        ];
        let confirm = vec![
            b(
                Action::Confirm,
                &[
                    KeyCombo::plain(K::Enter),
                    KeyCombo::ch('s'),
                    KeyCombo::ch('y'),
                ],
                true,
            ),
            b(
                Action::Back,
                &[KeyCombo::plain(K::Esc), KeyCombo::ch('n')],
                true,
            ),
        ];
        let mut pqr_list = vec![
            b(Action::FocusSearch, &[KeyCombo::ch('/')], true),
            b(Action::Open, &[KeyCombo::plain(K::Enter)], true),
            b(Action::NextPane, &[KeyCombo::plain(K::Tab)], false),
            b(Action::FilterStatus, &[KeyCombo::ch('e')], true),
            b(Action::FilterType, &[KeyCombo::ch('t')], false),
            b(Action::FilterScope, &[KeyCombo::ch('m')], true),
            b(Action::FilterOverdue, &[KeyCombo::ch('o')], false),
            b(Action::FilterToday, &[KeyCombo::ch('h')], false),
            b(Action::SortOrder, &[KeyCombo::ch('O')], false),
            b(Action::Retry, &[KeyCombo::plain(K::F(5))], false),
        ];
        pqr_list.extend(navigation());
        pqr_list.extend(global());
        let mut pqr_detail = vec![
            b(
                Action::Back,
                &[KeyCombo::plain(K::Esc), KeyCombo::plain(K::Tab)],
                true,
            ),
            b(Action::AssignMe, &[KeyCombo::ch('a')], true),
            b(Action::ChangeStatus, &[KeyCombo::ch('s')], true),
            b(Action::Note, &[KeyCombo::ch('n')], true),
            b(Action::Reply, &[KeyCombo::ch('R')], true),
            b(Action::GoUser, &[KeyCombo::ch('U')], false),
            b(Action::Retry, &[KeyCombo::plain(K::F(5))], false),
        ];
        pqr_detail.extend(navigation());
        pqr_detail.extend(global());
        let editor = vec![
            b(Action::Send, &[KeyCombo::ctrl('s')], true),
            b(Action::Back, &[KeyCombo::plain(K::Esc)], true),
            b(Action::Help, &[KeyCombo::plain(K::F(1))], false),
        ];
        let picker = vec![
            b(Action::Confirm, &[KeyCombo::plain(K::Enter)], true),
            b(
                Action::Down,
                &[KeyCombo::ch('j'), KeyCombo::plain(K::Down)],
                false,
            ),
            b(
                Action::Up,
                &[KeyCombo::ch('k'), KeyCombo::plain(K::Up)],
                false,
            ),
            b(Action::Discard, &[KeyCombo::ch('d')], false),
            b(Action::Back, &[KeyCombo::plain(K::Esc)], true),
        ];
        let create = vec![
            b(
                Action::NextField,
                &[KeyCombo::plain(K::Tab), KeyCombo::plain(K::BackTab)],
                true,
            ),
            b(Action::Send, &[KeyCombo::ctrl('s')], true),
            b(Action::Back, &[KeyCombo::plain(K::Esc)], true),
        ];
        let digits: Vec<KeyCombo> = ('1'..='9').map(KeyCombo::ch).collect();
        let mut walk = vec![
            b(
                Action::NextStep,
                &[KeyCombo::plain(K::Right), KeyCombo::plain(K::Enter)],
                true,
            ),
            b(Action::PrevStep, &[KeyCombo::plain(K::Left)], true),
            b(Action::Branch, &digits, true),
            b(Action::Resend, &[KeyCombo::ch('r')], true),
            b(Action::Explain, &[KeyCombo::ch('x')], true),
            b(Action::CreatePqr, &[KeyCombo::ch('p')], false),
            b(Action::Finish, &[KeyCombo::ch('f')], true),
            b(Action::Back, &[KeyCombo::plain(K::Esc)], false),
        ];
        walk.extend(global());
        let explainer = vec![b(Action::Back, &[KeyCombo::plain(K::Esc)], true)];
        let outcome = vec![
            b(Action::NextField, &[KeyCombo::plain(K::Tab)], true),
            b(Action::Send, &[KeyCombo::ctrl('s')], true),
            b(Action::Back, &[KeyCombo::plain(K::Esc)], true),
        ];
        Keymap {
            tables: vec![
                (Context::Walk, walk),
                (Context::Explainer, explainer),
                (Context::Outcome, outcome),
                (Context::Create, create),
                (Context::PqrList, pqr_list),
                (Context::PqrDetail, pqr_detail),
                (Context::Editor, editor),
                (Context::Picker, picker),
                (Context::Search, search),
                (Context::List, list),
                (Context::Detail, detail),
                (Context::Help, help),
                (Context::Palette, palette),
                (Context::Verify, verify),
                (Context::Confirm, confirm),
            ],
        }
    }
}

impl Keymap {
    /// The default keymap with `[keys]` overrides; unknown names or keys are reported, not fatal.
    pub fn with_overrides(overrides: &BTreeMap<String, String>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        for (name, key) in overrides {
            let Some(combo) = KeyCombo::parse(key) else {
                problems.push(format!("[keys] {name} = {key:?}: unknown key"));
                continue;
            };
            let mut found = false;
            for (ctx, table) in &mut map.tables {
                // Typing contexts keep their keys: a letter there is text.
                if matches!(ctx, Context::Search | Context::Palette | Context::Verify) {
                    continue;
                }
                for binding in table.iter_mut().filter(|b| b.action.name() == name) {
                    binding.keys[0] = combo;
                    found = true;
                }
            }
            if !found {
                problems.push(format!("[keys] {name}: no such action"));
            }
        }
        (map, problems)
    }

    pub fn bindings(&self, ctx: Context) -> &[Binding] {
        self.tables
            .iter()
            .find(|(c, _)| *c == ctx)
            .map(|(_, t)| t.as_slice())
            .unwrap_or(&[])
    }

    pub fn action(&self, ctx: Context, key: &KeyEvent) -> Option<Action> {
        self.bindings(ctx)
            .iter()
            .find(|b| b.keys.iter().any(|k| k.matches(key)))
            .map(|b| b.action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn overrides_rebind_and_report_mistakes() {
        let overrides = BTreeMap::from([
            ("verify".to_string(), "V".to_string()),
            ("frobnicate".to_string(), "x".to_string()),
        ]);
        let (map, problems) = Keymap::with_overrides(&overrides);
        let v = KeyEvent::new(KeyCode::Char('V'), KeyModifiers::SHIFT);
        assert_eq!(map.action(Context::List, &v), Some(Action::Verify));
        let old = KeyEvent::new(KeyCode::Char('v'), KeyModifiers::NONE);
        assert_eq!(map.action(Context::List, &old), None);
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn no_context_binds_one_key_twice() {
        let map = Keymap::default();
        for (ctx, table) in &map.tables {
            let mut seen = std::collections::HashSet::new();
            for binding in table {
                for k in &binding.keys {
                    assert!(seen.insert(*k), "{ctx:?}: {k} bound twice");
                }
            }
        }
    }
}
