//! Two things from the default keymap (`assets/keymap.toml`), into the build's output:
//! - the keymap as a static Rust table: the console reads its keys before its first frame, and
//!   a table compiled in costs it no parsing at all (the TOML parser took 0.65 ms of a start,
//!   serde_json on a JSON copy still 0.3 ms). The TOML stays the source operators and tests read.
//! - the `Action` enum: one variant per action the file binds (`resend` → `Action::Resend`), so a
//!   new action is its binding in the file and the arm that handles it, never a third edit.

use std::fmt::Write;

fn main() {
    let path = "../../assets/keymap.toml";
    println!("cargo::rerun-if-changed={path}");
    let source = std::fs::read_to_string(path).expect("cannot read assets/keymap.toml");
    let value: toml::Value = toml::from_str(&source)
        .unwrap_or_else(|e| panic!("assets/keymap.toml does not parse: {e}"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("keymap_table.rs"), default_table(&value))
        .expect("cannot write keymap_table.rs");
    std::fs::write(out.join("action.rs"), action_enum(&value)).expect("cannot write action.rs");
}

/// `resend` → `Resend`.
fn variant(name: &str) -> String {
    name.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// `DEFAULT_KEYMAP`: each section of the file with its bindings, as written (the keys are read
/// by `KeyCombo::parse` at run time, so there is one reading of a key's name).
fn default_table(keymap: &toml::Value) -> String {
    let mut code = String::from(
        "/// `assets/keymap.toml`, section by section, made by `build.rs`.\n\
         pub(crate) static DEFAULT_KEYMAP: &[(&str, &[DefaultBinding])] = &[\n",
    );
    let sections = keymap.as_table().expect("sections");
    for (section, table) in sections {
        let _ = writeln!(code, "    ({section:?}, &[");
        let bindings = table.get("bindings").and_then(|b| b.as_array());
        for binding in bindings.into_iter().flatten() {
            let text = |field: &str| binding.get(field).and_then(|v| v.as_str()).unwrap_or("");
            let action = text("action");
            let keys: Vec<&str> = binding
                .get("keys")
                .and_then(|k| k.as_array())
                .map(|keys| keys.iter().filter_map(|k| k.as_str()).collect())
                .unwrap_or_default();
            let footer = binding
                .get("footer")
                .and_then(|f| f.as_bool())
                .unwrap_or(false);
            let known = ["action", "keys", "desc", "footer"];
            if let Some(other) = binding
                .as_table()
                .and_then(|t| t.keys().find(|k| !known.contains(&k.as_str())))
            {
                panic!("[{section}] `{action}`: unknown field `{other}`");
            }
            let _ = writeln!(
                code,
                "        DefaultBinding {{ action: Action::{}, keys: &{keys:?}, desc: {:?}, label: {:?}, footer: {footer} }},",
                variant(action),
                text("desc"),
                format!("action.{action}"),
            );
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    code
}

/// `enum Action`: the actions as first met (sections in name order), each documented with its
/// help line and where it is bound; then the two the keymap never names (a digit of `branch`, a
/// key no binding claims).
fn action_enum(keymap: &toml::Value) -> String {
    // (name, the catalog id of its help line, the sections binding it)
    let mut actions: Vec<(String, String, Vec<String>)> = Vec::new();
    let sections = keymap.as_table().expect("sections");
    for (section, table) in sections {
        let bindings = table
            .get("bindings")
            .and_then(|b| b.as_array())
            .unwrap_or_else(|| panic!("[{section}] has no bindings"));
        for binding in bindings {
            let name = binding
                .get("action")
                .and_then(|a| a.as_str())
                .unwrap_or_else(|| panic!("[{section}]: a binding without an action"));
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "[{section}]: action `{name}` is not snake_case"
            );
            let desc = binding.get("desc").and_then(|d| d.as_str()).unwrap_or("");
            match actions.iter_mut().find(|(n, _, _)| n == name) {
                Some((_, _, where_)) => where_.push(section.clone()),
                None => actions.push((name.to_string(), desc.to_string(), vec![section.clone()])),
            }
        }
    }
    let mut code = String::from(
        "/// What a key means. Bound by name (snake_case) in `keymap.toml`; the handler of a context\n\
         /// matches on it. Made by `build.rs` from the actions `assets/keymap.toml` binds. Keys no\n\
         /// binding claims arrive as [`Action::Typed`], so handlers see actions only.\n\
         #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]\n\
         #[serde(rename_all = \"snake_case\")]\n\
         pub enum Action {\n",
    );
    for (name, desc, sections) in &actions {
        let variant = variant(name);
        let place = match sections.as_slice() {
            [one] => format!("`[{one}]`"),
            [first, ..] => format!("{} sections (`[{first}]`…)", sections.len()),
            [] => String::new(),
        };
        let _ = writeln!(
            code,
            "    /// `{name}`: its help line is `{desc}`; bound in {place}.\n    {variant},"
        );
    }
    code.push_str(
        "    /// A numbered choice: which of the keys bound to `branch` was pressed.\n\
         \x20   #[serde(skip)]\n\
         \x20   Choice(char),\n\
         \x20   /// A key no binding of the context claims: text for a field, or a key a form reads itself.\n\
         \x20   #[serde(skip)]\n\
         \x20   Typed(KeyEvent),\n\
         }\n",
    );
    code
}
