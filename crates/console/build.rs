//! Two things from the default keymap (`assets/keymap.toml`), into the build's output:
//! - the keymap as JSON: the console reads its keys before its first frame, and serde_json does
//!   that in a tenth of the TOML parser's time (0.1 ms against 0.65 ms, release). The TOML stays
//!   the source operators and tests read.
//! - the `Action` enum: one variant per action the file binds (`resend` → `Action::Resend`), so a
//!   new action is its binding in the file and the arm that handles it, never a third edit.

use std::fmt::Write;

fn main() {
    let path = "../../assets/keymap.toml";
    println!("cargo::rerun-if-changed={path}");
    let source = std::fs::read_to_string(path).expect("cannot read assets/keymap.toml");
    let value: toml::Value = toml::from_str(&source)
        .unwrap_or_else(|e| panic!("assets/keymap.toml does not parse: {e}"));
    let json = serde_json::to_string(&value).expect("the keymap as JSON");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("keymap.json"), json).expect("cannot write keymap.json");
    std::fs::write(out.join("action.rs"), action_enum(&value)).expect("cannot write action.rs");
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
        let variant: String = name
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect();
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
