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
                ("sanitize", &[][..]),
                ("api", &["sanitize"][..]),
                ("domain", &["api", "sanitize"][..]),
                ("i18n", &[][..]),
                ("format", &["api", "domain", "i18n"][..]),
                ("walkthrough", &["api", "i18n"][..]),
                ("remote", &["api", "sanitize"][..]),
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
                    "{}: module `{module}` has no place in the layers (add it to tests/contract/layers.rs and ARCHITECTURE.md)",
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

/// The portal's concerns, as folders of `crates/portal/src`: a module in one of them is a node of
/// its own (`http/pqr/…` is `http::pqr`), so a domain module naming the HTTP error type is no
/// circle with the handlers that call the domain.
const PORTAL_CONCERNS: [&str; 4] = ["http", "jobs", "seed", "storage"];

/// What a concern never names: background jobs and the storage never call the HTTP side; the
/// HTTP side neither runs the jobs nor seeds; nothing but the crate root (which starts the jobs)
/// names the jobs or the seeding.
fn portal_forbidden(from: &str) -> &'static [&'static str] {
    match from {
        "jobs" => &["http", "seed"],
        "storage" => &["http", "jobs", "seed"],
        "http" => &["jobs", "seed"],
        "seed" => &["jobs"],
        _ => &["jobs", "seed"],
    }
}

/// The node a portal file belongs to: its top module, or `concern::module` inside a concern.
fn portal_node(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).expect("under src");
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    match parts.as_slice() {
        [concern, module, ..] if PORTAL_CONCERNS.contains(&concern.as_str()) && module != "mod" => {
            format!("{concern}::{module}")
        }
        [first, ..] => first.clone(),
        [] => String::new(),
    }
}

/// The nodes a line of a portal file names: `crate::x…` (and `crate::http::y…` as `http::y`),
/// and `super::y` from a file directly under a concern's folder (`concern_of_super`; `""` for a
/// file directly under src/, whose `super::y` is the node `y`).
fn portal_named(line: &str, concern_of_super: Option<&str>) -> Vec<String> {
    let mut named = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        let root = ident_at(rest);
        if PORTAL_CONCERNS.contains(&root.as_str()) {
            let after = &rest[root.len()..];
            if let Some(inner) = after.strip_prefix("::") {
                if let Some(group) = inner.strip_prefix('{') {
                    for sub in crate_roots(&format!("crate::{{{group}")) {
                        named.push(format!("{root}::{sub}"));
                    }
                } else {
                    named.push(format!("{root}::{}", ident_at(inner)));
                }
                continue;
            }
        }
        if let Some(group) = rest.strip_prefix('{') {
            named.extend(crate_roots(&format!("crate::{{{group}")));
        } else {
            named.push(root);
        }
    }
    if let Some(concern) = concern_of_super {
        let node = |sub: String| match concern {
            "" => sub,
            _ => format!("{concern}::{sub}"),
        };
        let mut rest = line;
        while let Some(i) = rest.find("super::") {
            rest = &rest[i + "super::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                named.extend(
                    crate_roots(&format!("crate::{{{group}"))
                        .into_iter()
                        .map(node),
                );
            } else {
                named.push(node(ident_at(rest)));
            }
        }
    }
    named
}

/// The portal laid out by concern (`http/`, `jobs/`, `seed/`, `storage/` beside the domain's
/// modules): no concern names one it may not ([`portal_forbidden`]), and no modules name one
/// another in a circle (search and users once did). The crate root (`lib.rs`, the shared
/// state, the start of the jobs) is below all.
#[test]
fn the_portal_modules_respect_their_concerns_without_cycles() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/portal/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let names: BTreeSet<String> = files
        .iter()
        .map(|f| portal_node(&src, f))
        .filter(|n| n != "lib")
        .collect();
    let top = |node: &str| node.split("::").next().unwrap_or("").to_string();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in &files {
        let me = portal_node(&src, file);
        if me == "lib" {
            continue;
        }
        // `super::x` names a sibling node from a file directly under src/ or a concern's folder.
        let parent = file.parent().expect("parent");
        let concern_of_super = if parent == src.as_path() {
            Some("")
        } else {
            PORTAL_CONCERNS
                .iter()
                .copied()
                .find(|c| parent == src.join(c).as_path())
        };
        let rel = file.strip_prefix(&src).expect("rel").display().to_string();
        let text = std::fs::read_to_string(file).expect("read");
        for (n, line) in text.lines().map(code).enumerate() {
            let named = portal_named(line, concern_of_super);
            for name in named {
                if top(&name) != top(&me)
                    && portal_forbidden(&top(&me)).contains(&top(&name).as_str())
                {
                    problems.push(format!("{rel}:{}: `{me}` may not name `{name}`", n + 1));
                }
                // A concern named whole (`crate::http::router` from outside) is its module's node.
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
    assert!(
        names.contains("http::router") && names.contains("jobs::sweep"),
        "the concerns were not found: {names:?}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
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

/// One hop by name: every section of `assets/keymap.toml` is a context of the registry
/// (`crates/console/src/app/keymap/registry.rs`, which makes the dispatch table) handled by the
/// module of the same name in `crates/console/src/app/features/`.
#[test]
fn every_keymap_section_has_its_handler_of_the_same_name() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let keymap = std::fs::read_to_string(root.join("assets/keymap.toml")).expect("keymap");
    let registry = std::fs::read_to_string(root.join("crates/console/src/app/keymap/registry.rs"))
        .expect("registry");
    // `UsersSearch => users_search …`: the context and its module, the same name.
    let entries: Vec<(String, String)> = registry
        .lines()
        .map(code)
        .filter_map(|l| {
            let (context, rest) = l.trim().split_once(" => ")?;
            let is_entry = context.starts_with(|c: char| c.is_ascii_uppercase())
                && ident_at(context) == context;
            is_entry.then(|| (context.to_string(), ident_at(rest)))
        })
        .collect();
    for (context, module) in &entries {
        let snake: String = context
            .chars()
            .enumerate()
            .flat_map(|(i, c)| match (i, c.is_ascii_uppercase()) {
                (0, _) | (_, false) => vec![c.to_ascii_lowercase()],
                _ => vec!['_', c.to_ascii_lowercase()],
            })
            .collect();
        assert_eq!(
            &snake, module,
            "the context {context} is handled by `{module}`"
        );
    }
    let sections: Vec<&str> = keymap
        .lines()
        .filter_map(|l| l.strip_prefix('[')?.strip_suffix(']'))
        .collect();
    assert!(sections.len() > 10, "{sections:?}");
    assert_eq!(
        sections.len(),
        entries.len(),
        "one section per registered context"
    );
    for name in sections {
        let file = root.join(format!("crates/console/src/app/features/{name}.rs"));
        assert!(
            file.exists(),
            "[{name}] has no crates/console/src/app/features/{name}.rs"
        );
        assert!(
            entries.iter().any(|(_, module)| module == name),
            "[{name}] is not a context of the registry"
        );
    }
}

/// Portal files that may still hold SQL outside `storage/`, each with its reason. Remove a line
/// when its file's SQL moves into `storage/`; never add one for a request handler.
const SQL_OUTSIDE_STORAGE: &[(&str, &str)] = &[];

/// The portal's SQL lives in `storage/`: every other module calls a storage function (which takes
/// the caller's connection or transaction) instead of writing a statement, so a table's queries,
/// their indexes and their errors are read in one place. A string literal of a portal file outside
/// `storage/` that holds a statement (`SELECT`, `INSERT … INTO`, `UPDATE … SET`, `DELETE FROM`,
/// `REPLACE INTO`, `CREATE TABLE/INDEX/TRIGGER/VIEW`) fails this test, unless the file is listed in
/// [`SQL_OUTSIDE_STORAGE`]. A file's `#[cfg(test)]` module is not read: a test may set its rows up.
#[test]
fn the_portal_writes_its_sql_only_in_storage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/portal/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut found = Vec::new();
    let mut scanned = 0;
    for file in &files {
        let rel = file
            .strip_prefix(&src)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if rel.starts_with("storage/") || SQL_OUTSIDE_STORAGE.iter().any(|(f, _)| *f == rel) {
            continue;
        }
        scanned += 1;
        let text = std::fs::read_to_string(file).expect("read");
        let code = text.split("\n#[cfg(test)]").next().unwrap_or_default();
        for literal in string_literals(code) {
            if let Some(statement) = sql_statement(&literal) {
                let start: String = literal.split_whitespace().collect::<Vec<_>>().join(" ");
                let start: String = start.chars().take(70).collect();
                found.push(format!("{rel}: {statement} in \"{start}\""));
            }
        }
    }
    assert!(scanned > 30, "only {scanned} portal files read");
    for (file, _) in SQL_OUTSIDE_STORAGE {
        assert!(
            src.join(file).exists(),
            "{file} is listed in SQL_OUTSIDE_STORAGE but does not exist"
        );
    }
    assert!(
        found.is_empty(),
        "SQL outside crates/portal/src/storage/ (move it behind a storage function):\n{}",
        found.join("\n")
    );
}

/// The contents of the string literals of Rust code (plain, raw, byte), comments skipped.
fn string_literals(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && !ident_char(chars.get(i.wrapping_sub(1)))
        {
            // r"…", r#"…"#: ends at the quote followed by as many hashes.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                i += 1;
                continue;
            }
            let start = j + 1;
            let mut k = start;
            while k < chars.len()
                && !(chars[k] == '"' && (0..hashes).all(|h| chars.get(k + 1 + h) == Some(&'#')))
            {
                k += 1;
            }
            out.push(chars[start..k.min(chars.len())].iter().collect());
            i = k + 1 + hashes;
        } else if c == '"' {
            let mut k = i + 1;
            let mut s = String::new();
            while k < chars.len() && chars[k] != '"' {
                if chars[k] == '\\' {
                    k += 1;
                }
                if let Some(ch) = chars.get(k) {
                    s.push(*ch);
                }
                k += 1;
            }
            out.push(s);
            i = k + 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '"'); a lifetime ('a) has no closing quote after one char.
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else {
            i += 1;
        }
    }
    out
}

fn ident_char(c: Option<&char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || *c == '_')
}

/// The SQL statement a literal holds, by its upper-case keywords: `SELECT`, `INSERT [OR x] INTO`,
/// `UPDATE t SET`, `DELETE FROM`, `REPLACE INTO`, `CREATE TABLE|INDEX|TRIGGER|VIEW`.
fn sql_statement(literal: &str) -> Option<&'static str> {
    let words: Vec<&str> = literal
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let at = |i: usize| words.get(i).copied().unwrap_or("");
    (0..words.len()).find_map(|i| match words[i] {
        "SELECT" => Some("SELECT"),
        "INSERT" if at(i + 1) == "INTO" || at(i + 3) == "INTO" => Some("INSERT"),
        "UPDATE" if at(i + 2) == "SET" => Some("UPDATE"),
        "DELETE" if at(i + 1) == "FROM" => Some("DELETE"),
        "REPLACE" if at(i + 1) == "INTO" => Some("REPLACE"),
        "CREATE" if matches!(at(i + 1), "TABLE" | "INDEX" | "TRIGGER" | "VIEW") => Some("CREATE"),
        _ => None,
    })
}

#[test]
fn the_sql_scan_sees_every_kind_of_literal_and_no_comment() {
    let code = r####"
        // SELECT in a comment is prose
        /* DELETE FROM t in a block comment */
        let a = "SELECT id FROM users WHERE id = ?1";
        let b = r#"UPDATE users SET "status" = 'x'"#;
        let c = format!("INSERT OR REPLACE INTO t VALUES ({n})");
        let d = r"DELETE FROM web_sessions";
        let e = "a \"quoted\" Select of the menu, update the set";
        let f = '"'; let g: &'static str = "CREATE INDEX i ON t (c)";
    "####;
    let found: Vec<_> = string_literals(code)
        .iter()
        .filter_map(|l| sql_statement(l))
        .collect();
    assert_eq!(found, ["SELECT", "UPDATE", "INSERT", "DELETE", "CREATE"]);
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
