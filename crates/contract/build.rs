//! The catalogs' plain messages, formatted at build time.
//!
//! A message without variables always formats to the same text, so it is formatted here, once,
//! with the same Fluent bundle settings the console uses (the language's plural rules, no Unicode
//! isolation marks), into a sorted static table per language. `tr` finds such a message with a
//! binary search and never parses the catalog: the console's first frame (titles, hints, the
//! footer) no longer waits for Fluent's parser, which took about half a millisecond of it. The
//! `.ftl` files stay the one source: a test checks each table against the catalog parsed at run
//! time, message by message.

use std::fmt::Write;

use fluent_bundle::{FluentBundle, FluentResource};

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut code = String::new();
    for (lang, name) in [("es", "PLAIN_ES"), ("en", "PLAIN_EN")] {
        let path = format!("../../assets/i18n/{lang}.ftl");
        println!("cargo::rerun-if-changed={path}");
        let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let plain = plain_messages(lang, source);
        let _ = writeln!(
            code,
            "/// `{lang}.ftl`'s messages without variables, formatted, by dotted key (sorted).\n\
             pub(crate) static {name}: &[(&str, &str)] = &["
        );
        for (key, text) in plain {
            let _ = writeln!(code, "    ({key:?}, {text:?}),");
        }
        code.push_str("];\n");
    }
    std::fs::write(out.join("plain_catalog.rs"), code).expect("cannot write plain_catalog.rs");
}

/// (dotted key, text) of every message that formats without arguments and without an error,
/// sorted by key. A message that needs a variable fails to format without it and is left to the
/// run-time catalog.
fn plain_messages(lang: &str, source: String) -> Vec<(String, String)> {
    let resource = FluentResource::try_new(source)
        .unwrap_or_else(|(_, errors)| panic!("{lang}.ftl does not parse: {errors:?}"));
    let ids: Vec<String> = resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) if m.value.is_some() => {
                Some(m.id.name.to_string())
            }
            _ => None,
        })
        .collect();
    let langid: unic_langid::LanguageIdentifier = lang.parse().expect("a language id");
    let mut bundle = FluentBundle::new(vec![langid]);
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .unwrap_or_else(|errors| panic!("{lang}.ftl has duplicate messages: {errors:?}"));
    let mut plain = Vec::new();
    for id in ids {
        let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) else {
            continue;
        };
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, None, &mut errors);
        if errors.is_empty() {
            plain.push((id.replace('-', "."), text.into_owned()));
        }
    }
    plain.sort();
    plain
}
