//! The layers of ARCHITECTURE.md that the compiler cannot see. The crates (`crates/contract`,
//! `portal`, `client`, `console`, the `helpdesk` package on top) are walls Cargo holds: a crate
//! cannot name one it does not depend on. Inside a crate every module could name every other, so
//! this test reads every `crate::…` path (and, in the console, every `client::…` path) of every
//! file and fails on a module naming a sibling it may not (the app naming the ui or the HTTP
//! client…), with the file and line. Glob imports are refused too: where a name comes from must
//! be readable where it is used.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each crate's source folder and, for each of its top-level modules, the siblings (and, for the
/// console, the `client` crate) it may name. Anything not listed is forbidden.
type Rules = BTreeMap<&'static str, &'static [&'static str]>;

fn allowed() -> Vec<(&'static str, Rules)> {
    vec![
        // The contract: the API's types, the rules, the catalogs, the formatting of both.
        (
            "crates/contract/src",
            BTreeMap::from([
                ("api", &[][..]),
                ("domain", &["api"][..]),
                ("i18n", &[][..]),
                ("format", &["api", "domain", "i18n"][..]),
                ("walkthrough", &["api", "i18n"][..]),
                ("remote", &["api"][..]),
            ]),
        ),
        // The console: settings, drafts and the terminal's raw helpers; its decisions, then its
        // drawing; then the runner (the only part that calls the HTTP client), and the console
        // served over SSH at the edge beside it.
        (
            "crates/console/src",
            BTreeMap::from([
                ("config", &[][..]),
                ("drafts", &["config"][..]),
                ("terminal", &["config"][..]),
                ("app", &["config", "drafts"][..]),
                ("ui", &["app", "config", "drafts"][..]),
                (
                    "console",
                    &["app", "ui", "client", "config", "drafts", "terminal"][..],
                ),
                (
                    "ssh",
                    &[
                        "console", "app", "ui", "client", "config", "drafts", "terminal",
                    ][..],
                ),
            ]),
        ),
        // The binary's package: the commands on top of everything, the fuzzing entry points
        // beside them (never the commands, the servers or the screens).
        (
            "src",
            BTreeMap::from([
                ("cli", &["*"][..]),
                (
                    "fuzzing",
                    &[
                        "app",
                        "client",
                        "api",
                        "domain",
                        "i18n",
                        "walkthrough",
                        "config",
                    ][..],
                ),
            ]),
        ),
    ]
}

/// Inside `app`, the keymap and the messages, then the model, then the toolbox the features
/// share, then the features, then the dispatch: a lower part never names a higher one
/// (`app/<part>` → the parts it may name, besides itself).
fn app_parts() -> BTreeMap<&'static str, &'static [&'static str]> {
    BTreeMap::from([
        ("keymap", &[][..]),
        ("msg", &[][..]),
        ("model", &["keymap", "msg"][..]),
        ("toolbox", &["model", "msg", "keymap"][..]),
        ("features", &["model", "msg", "keymap", "toolbox"][..]),
        (
            "dispatch",
            &["model", "msg", "keymap", "toolbox", "features"][..],
        ),
    ])
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a line, without its `//` comment (strings holding `//` are rare enough here).
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(i) => &line[..i],
        None => line,
    }
}

fn ident_at(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

/// The first path segment after every `crate::` (and after each item of a `crate::{a, b::c}`).
fn crate_roots(text: &str) -> Vec<String> {
    let mut roots = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item_start = true;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if c.is_whitespace() => {}
                    _ if item_start => {
                        item_start = false;
                        roots.push(ident_at(&group[j..]));
                    }
                    _ => {}
                }
            }
        } else {
            roots.push(ident_at(rest));
        }
    }
    roots
}

/// Every `client::` path that starts a path (the HTTP client crate, named from the console).
fn client_roots(text: &str) -> Vec<String> {
    let mut roots = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("client::") {
        let at = from + i;
        let before = text[..at].chars().next_back();
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            roots.push("client".to_string());
        }
        from = at + "client::".len();
    }
    roots
}

/// `app/model/users.rs` under a crate's `src` → ("app", Some("model")); `config.rs` → ("config", None).
fn module_of(src: &Path, file: &Path) -> (String, Option<String>) {
    let rel = file.strip_prefix(src).expect("under src");
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    (parts[0].clone(), parts.get(1).cloned())
}

/// `use super::x` from `src/app/features/users.rs` names `app/features/x`: the app part named.
fn app_part_named(file_part: &str, file: &Path, line: &str) -> Vec<String> {
    let mut named = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::app::") {
        rest = &rest[i + "crate::app::".len()..];
        named.push(ident_at(rest));
    }
    // `super::` in a file directly under src/app names a sibling part.
    let depth = file
        .components()
        .skip_while(|c| c.as_os_str() != "app")
        .count();
    if depth == 2 {
        let mut rest = line;
        while let Some(i) = rest.find("super::") {
            rest = &rest[i + "super::".len()..];
            let name = ident_at(rest);
            if name != file_part && !name.is_empty() {
                named.push(name);
            }
        }
    }
    named
}

fn app_part(name: &str) -> &str {
    // Small files of the app stand for the part they belong to.
    match name {
        "msg" | "portal_types" => "msg",
        "keymap" => "keymap",
        "toolbox" | "messages" => "toolbox",
        "dispatch" => "dispatch",
        "model" => "model",
        _ => "features",
    }
}

#[test]
fn every_module_names_only_the_layers_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let parts = app_parts();
    let mut problems = Vec::new();
    let mut seen_modules = BTreeSet::new();
    for (dir, rules) in allowed() {
        let src = root.join(dir);
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        files.sort();
        for file in &files {
            let (module, sub) = module_of(&src, file);
            if module == "lib" || module == "main" {
                continue;
            }
            seen_modules.insert(module.clone());
            let Some(may) = rules.get(module.as_str()) else {
                problems.push(format!(
                    "{}: module `{module}` has no place in the layers (add it to tests/layers.rs and ARCHITECTURE.md)",
                    file.display()
                ));
                continue;
            };
            let text = std::fs::read_to_string(file).expect("read");
            let rel = file.strip_prefix(root).expect("rel").display().to_string();
            for (n, line) in text.lines().enumerate() {
                let line = code(line);
                let mut named = crate_roots(line);
                if dir == "crates/console/src" {
                    named.extend(client_roots(line));
                }
                for name in named {
                    if name != module && !may.contains(&name.as_str()) && !may.contains(&"*") {
                        problems.push(format!("{rel}:{}: `{module}` may not name `{name}`", n + 1));
                    }
                }
                let trimmed = line.trim();
                if trimmed.starts_with("use ") || trimmed.starts_with("pub use ") {
                    let glob =
                        trimmed.contains("::*") || trimmed.contains("*}") || trimmed.contains("*,");
                    // `use super::*;` in a `#[cfg(test)] mod tests` is the test idiom: local and plain.
                    if glob && !(line.starts_with("    ") && trimmed == "use super::*;") {
                        problems.push(format!("{rel}:{}: glob import `{trimmed}`", n + 1));
                    }
                }
                if module == "app"
                    && let Some(sub) = sub.as_ref().filter(|s| *s != "mod")
                {
                    let mine = app_part(sub);
                    let may_parts = parts.get(mine).copied().unwrap_or(&[]);
                    for named in app_part_named(sub, file, line) {
                        let theirs = app_part(&named);
                        if theirs != mine && !may_parts.contains(&theirs) {
                            problems.push(format!(
                                "{rel}:{}: app's `{mine}` may not name `{named}` (part `{theirs}`)",
                                n + 1
                            ));
                        }
                    }
                }
            }
        }
    }
    assert!(
        seen_modules.contains("app") && seen_modules.contains("api"),
        "the walk over the crates found nothing"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// Depth-first: a node met again while still on the path closes a cycle.
fn visit(
    n: &str,
    edges: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(i) = path.iter().position(|p| p == n) {
        let mut cycle = path[i..].to_vec();
        cycle.push(n.to_string());
        return Some(cycle);
    }
    if !done.insert(n.to_string()) {
        return None;
    }
    path.push(n.to_string());
    for m in edges.get(n).into_iter().flatten() {
        if let Some(c) = visit(m, edges, path, done) {
            return Some(c);
        }
    }
    path.pop();
    None
}

/// The features (`crates/console/src/app/features/*.rs`) may call one another, but never in a circle: a
/// newcomer reads them from the leaves up.
#[test]
fn the_features_call_one_another_without_cycles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/console/src/app/features");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let names: BTreeSet<String> = files
        .iter()
        .filter_map(|f| f.file_stem().map(|s| s.to_string_lossy().to_string()))
        .filter(|n| n != "mod")
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let me = file
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(file).expect("read");
        for line in text.lines().map(code) {
            for prefix in ["super::", "crate::app::features::"] {
                let mut rest = line;
                while let Some(i) = rest.find(prefix) {
                    rest = &rest[i + prefix.len()..];
                    let name = ident_at(rest);
                    if name != me && names.contains(&name) {
                        edges.entry(me.clone()).or_default().insert(name);
                    }
                }
            }
        }
    }
    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 5,
        "no calls found: {edges:?}"
    );
    let mut done = BTreeSet::new();
    for n in &names {
        if let Some(cycle) = visit(n, &edges, &mut Vec::new(), &mut done) {
            panic!(
                "features call one another in a circle: {}",
                cycle.join(" → ")
            );
        }
    }
}

/// The portal's modules name one another without a circle either (search and users once did,
/// through the user row both read; it lives in `user_rows.rs` below both now). A module's files
/// are one node (`pqr/…` is `pqr`); the crate root (`lib.rs`, the shared state) is below all.
#[test]
fn the_portal_modules_name_one_another_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/portal/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let node = |file: &Path| module_of(&src, file).0;
    let names: BTreeSet<String> = files
        .iter()
        .map(|f| node(f))
        .filter(|n| n != "lib")
        .collect();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let me = node(file);
        if me == "lib" {
            continue;
        }
        // `super::` names a sibling only from a file directly under src/.
        let top = file.parent() == Some(src.as_path());
        let text = std::fs::read_to_string(file).expect("read");
        for line in text.lines().map(code) {
            let mut named = crate_roots(line);
            if top {
                let mut rest = line;
                while let Some(i) = rest.find("super::") {
                    rest = &rest[i + "super::".len()..];
                    if let Some(group) = rest.strip_prefix('{') {
                        named.extend(crate_roots(&format!("crate::{{{group}")));
                    } else {
                        named.push(ident_at(rest));
                    }
                }
            }
            for name in named {
                if name != me && names.contains(&name) {
                    edges.entry(me.clone()).or_default().insert(name);
                }
            }
        }
    }
    assert!(
        edges.values().map(BTreeSet::len).sum::<usize>() > 20,
        "no imports found: {edges:?}"
    );
    let mut done = BTreeSet::new();
    for n in &names {
        if let Some(cycle) = visit(n, &edges, &mut Vec::new(), &mut done) {
            panic!(
                "portal modules name one another in a circle: {}",
                cycle.join(" → ")
            );
        }
    }
}

#[test]
fn the_parser_sees_grouped_and_inline_paths() {
    assert_eq!(
        crate_roots("use crate::{api::Event, ui::theme, i18n};"),
        ["api", "ui", "i18n"]
    );
    assert_eq!(
        crate_roots("let x = crate::client::live::LiveUpdate::Connected;"),
        ["client"]
    );
    assert_eq!(crate_roots("use crate::{a::{b, c}, d};"), ["a", "d"]);
    assert_eq!(
        client_roots("use client::PortalClient; let c = api_client::x; a::client::y"),
        ["client"]
    );
}

/// One hop by name: every section of `assets/keymap.toml` is handled by the module of the same
/// name in `crates/console/src/app/features/`, through the dispatch table.
#[test]
fn every_keymap_section_has_its_handler_of_the_same_name() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let keymap = std::fs::read_to_string(root.join("assets/keymap.toml")).expect("keymap");
    let dispatch =
        std::fs::read_to_string(root.join("crates/console/src/app/dispatch.rs")).expect("dispatch");
    let sections: Vec<&str> = keymap
        .lines()
        .filter_map(|l| l.strip_prefix('[')?.strip_suffix(']'))
        .collect();
    assert!(sections.len() > 10, "{sections:?}");
    for name in sections {
        let file = root.join(format!("crates/console/src/app/features/{name}.rs"));
        assert!(
            file.exists(),
            "[{name}] has no crates/console/src/app/features/{name}.rs"
        );
        assert!(
            dispatch.contains(&format!("=> {name}::on_action,")),
            "[{name}] is not dispatched to {name}::on_action"
        );
    }
}

/// The console's model is plain data: the app names no drawing crate (ratatui, its text area
/// widget), which only the view and the runner use. Cargo cannot hold this wall: the app and
/// the view are one crate.
#[test]
fn the_app_names_no_drawing_crate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/console/src/app");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    assert!(
        files.len() > 20,
        "{} files under {}",
        files.len(),
        dir.display()
    );
    let mut problems = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        for (i, line) in text.lines().enumerate() {
            if code(line).contains("ratatui") {
                problems.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
