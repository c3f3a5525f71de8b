//! Reading the keymap: `assets/keymap.toml` (the defaults, in the binary) and the operator's
//! overrides from `config.toml`, each mistake refused with where it is.

use std::borrow::Cow;

use super::{Action, Binding, Context, KeyCombo, Keymap, Override};

mod file {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Section {
        pub bindings: Vec<Entry>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(crate) struct Entry {
        pub action: super::Action,
        pub keys: Vec<String>,
        pub desc: String,
        #[serde(default)]
        pub footer: bool,
    }
}

/// The default keys, read once into every console.
pub const DEFAULT_SOURCE: &str = include_str!("../../../../../assets/keymap.toml");

/// A binding of the built-in table, as `assets/keymap.toml` writes it.
pub(crate) struct DefaultBinding {
    action: Action,
    keys: &'static [&'static str],
    desc: &'static str,
    label: &'static str,
    footer: bool,
}

// `DEFAULT_KEYMAP`: the same keys as a static table, made by `build.rs`: what a console reads
// before its first frame, with nothing to parse but the keys' names.
include!(concat!(env!("OUT_DIR"), "/keymap_table.rs"));

type Sections = std::collections::BTreeMap<String, file::Section>;

impl Keymap {
    /// Reads a keymap file: every context present, every key valid, no key twice in a context.
    pub fn parse(source: &str) -> Result<Keymap, Vec<String>> {
        let sections: Sections = toml::from_str(source).map_err(|e| vec![e.to_string()])?;
        Self::from_sections(&sections)
    }

    fn from_sections(sections: &Sections) -> Result<Keymap, Vec<String>> {
        let mut problems = Vec::new();
        let mut tables = Vec::new();
        for ctx in Context::ALL {
            let Some(section) = sections.get(&ctx.name()) else {
                problems.push(format!("[{}] is missing", ctx.name()));
                continue;
            };
            let mut table = Vec::new();
            for entry in &section.bindings {
                let mut keys = Vec::new();
                for k in &entry.keys {
                    match KeyCombo::parse(k) {
                        Some(combo) => keys.push(combo),
                        None => problems.push(format!("[{}] {k:?}: unknown key", ctx.name())),
                    }
                }
                let name = entry.action.name();
                table.push(Binding {
                    action: entry.action,
                    keys,
                    desc: entry.desc.clone().into(),
                    label: format!("action.{name}").into(),
                    footer: entry.footer,
                });
            }
            tables.push((ctx, table));
        }
        let map = Keymap { tables };
        problems.extend(
            map.conflicts()
                .into_iter()
                .map(|(ctx, k, a, b)| format!("[{}] {k} is bound to both {a} and {b}", ctx.name())),
        );
        if problems.is_empty() {
            Ok(map)
        } else {
            Err(problems)
        }
    }

    /// Keys bound to two actions in one context: (context, key, first action, second action).
    fn conflicts(&self) -> Vec<(Context, KeyCombo, String, String)> {
        let mut out = Vec::new();
        for (ctx, table) in &self.tables {
            let mut seen: Vec<(KeyCombo, Action)> = Vec::new();
            for binding in table {
                for k in &binding.keys {
                    match seen.iter().find(|(s, _)| s == k) {
                        Some((_, a)) => {
                            out.push((*ctx, *k, a.name(), binding.action.name()));
                        }
                        None => seen.push((*k, binding.action)),
                    }
                }
            }
        }
        out
    }

    /// The defaults with the operator's overrides; every mistake is refused with its line.
    pub fn with_overrides(overrides: &[Override]) -> Result<Keymap, Vec<String>> {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        for o in overrides {
            let at = format!(
                "config.toml line {}: [keys.{}] {} = {:?}",
                o.line, o.context, o.action, o.keys
            );
            let Some(ctx) = Context::ALL.into_iter().find(|c| c.name() == o.context) else {
                problems.push(format!("{at}: no such context"));
                continue;
            };
            let combos: Vec<Option<KeyCombo>> = o.keys.iter().map(|k| KeyCombo::parse(k)).collect();
            let Some(combos) = combos.into_iter().collect::<Option<Vec<KeyCombo>>>() else {
                problems.push(format!("{at}: unknown key"));
                continue;
            };
            if combos.is_empty() {
                problems.push(format!("{at}: no key"));
                continue;
            }
            let table = map.table_mut(ctx);
            let Some(i) = table.iter().position(|b| b.action.name() == o.action) else {
                problems.push(format!("{at}: no such action here"));
                continue;
            };
            let taken = table.iter().enumerate().find_map(|(j, b)| {
                (j != i && b.keys.iter().any(|k| combos.contains(k))).then(|| b.action.name())
            });
            if let Some(other) = taken {
                problems.push(format!("{at}: the key already does `{other}` here"));
                continue;
            }
            table[i].keys = combos;
        }
        if problems.is_empty() {
            Ok(map)
        } else {
            Err(problems)
        }
    }

    fn table_mut(&mut self, ctx: Context) -> &mut Vec<Binding> {
        let i = self
            .tables
            .iter()
            .position(|(c, _)| *c == ctx)
            .unwrap_or_else(|| {
                self.tables.push((ctx, Vec::new()));
                self.tables.len() - 1
            });
        &mut self.tables[i].1
    }
}

impl Default for Keymap {
    fn default() -> Self {
        // Built once per process from the compiled-in table (a test checks it is the file, whole
        // and without conflicts): the console asks for it twice before its first frame, and the
        // SSH server once per session; a clone borrows every text.
        static DEFAULT: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
        DEFAULT.get_or_init(built_in).clone()
    }
}

/// The built-in table as a keymap, in the order of [`Context::ALL`].
fn built_in() -> Keymap {
    let tables = Context::ALL
        .into_iter()
        .map(|ctx| {
            let section = DEFAULT_KEYMAP
                .iter()
                .find(|(name, _)| *name == ctx.name())
                .map_or(&[][..], |(_, bindings)| bindings);
            let table = section
                .iter()
                .map(|b| Binding {
                    action: b.action,
                    keys: b.keys.iter().filter_map(|k| KeyCombo::parse(k)).collect(),
                    desc: Cow::Borrowed(b.desc),
                    label: Cow::Borrowed(b.label),
                    footer: b.footer,
                })
                .collect();
            (ctx, table)
        })
        .collect();
    Keymap { tables }
}

#[cfg(test)]
mod tests {
    use super::{Action, Context, Keymap, Override};
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    #[test]
    fn the_built_in_table_is_the_keymap_file() {
        let from_toml = Keymap::parse(super::DEFAULT_SOURCE).expect("the file parses");
        assert!(!from_toml.tables.is_empty());
        // Every section of the table is a context, every key a key.
        for (name, bindings) in super::DEFAULT_KEYMAP {
            assert!(Context::ALL.iter().any(|c| c.name() == *name), "[{name}]");
            for b in *bindings {
                assert!(b.keys.iter().all(|k| super::KeyCombo::parse(k).is_some()));
            }
        }
        assert_eq!(format!("{:?}", Keymap::default()), format!("{from_toml:?}"));
    }

    fn o(context: &str, action: &str, key: &str, line: usize) -> Override {
        Override {
            context: context.into(),
            action: action.into(),
            keys: vec![key.into()],
            line,
        }
    }

    #[test]
    fn the_default_file_parses_whole() {
        let map = Keymap::parse(super::DEFAULT_SOURCE).expect("assets/keymap.toml");
        for ctx in Context::ALL {
            assert!(!map.bindings(ctx).is_empty(), "{ctx:?} has no keys");
        }
    }

    #[test]
    fn every_description_and_label_is_in_both_catalogs() {
        use contract::i18n::{Lang, tr};
        let map = Keymap::default();
        for ctx in Context::ALL {
            for b in map.bindings(ctx) {
                for lang in [Lang::Es, Lang::En] {
                    assert_ne!(tr(lang, &b.desc), b.desc, "{ctx:?}: {} missing", b.desc);
                    assert_ne!(tr(lang, &b.label), b.label, "{ctx:?}: {}", b.label);
                }
            }
            let title = format!("help.context.{}", ctx.name());
            assert_ne!(tr(Lang::Es, &title), title);
        }
    }

    #[test]
    fn overrides_rebind_one_context_only() {
        let map = Keymap::with_overrides(&[o("users_list", "verify", "V", 3)]).expect("valid");
        let v = KeyEvent::new(KeyCode::Char('V'), KeyModifiers::SHIFT);
        assert_eq!(map.action(Context::UsersList, &v), Action::Verify);
        let old = KeyEvent::new(KeyCode::Char('v'), KeyModifiers::NONE);
        assert_eq!(map.action(Context::UsersList, &old), Action::Typed(old));
        assert_eq!(map.action(Context::UserDetail, &old), Action::Verify);
    }

    #[test]
    fn conflicts_and_mistakes_are_refused_with_their_line() {
        let problems = Keymap::with_overrides(&[
            o("users_list", "resend", "v", 7),
            o("users_list", "frobnicate", "x", 8),
            o("nowhere", "verify", "x", 9),
            o("users_list", "copy", "ctrl-\u{ff}x", 10),
        ])
        .expect_err("refused");
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[0].contains("line 7") && problems[0].contains("`verify`"));
        assert!(problems[1].contains("line 8") && problems[1].contains("no such action"));
        assert!(problems[2].contains("line 9") && problems[2].contains("no such context"));
        assert!(problems[3].contains("line 10") && problems[3].contains("unknown key"));
    }

    #[test]
    fn digits_choose_and_unbound_keys_are_typed() {
        let map = Keymap::default();
        let three = KeyEvent::new(KeyCode::Char('3'), KeyModifiers::NONE);
        assert_eq!(map.action(Context::Walk, &three), Action::Choice('3'));
        assert_eq!(
            map.action(Context::UsersSearch, &three),
            Action::Typed(three)
        );
    }

    #[test]
    fn names_come_from_serde() {
        assert_eq!(Action::Search.name(), "search");
        assert_eq!(Action::CreatePqr.name(), "create_pqr");
        assert_eq!(Context::UserDetail.name(), "user_detail");
    }
}
