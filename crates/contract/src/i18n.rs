//! Every string the console shows lives in the Project Fluent catalogs `assets/i18n/{es,en}.ftl`.
//! Spanish is the default: the operators are in Colombia. Fluent gives counts their CLDR plural
//! forms in both languages («1 resultado», «21 resultados»; «1 result», «21 results»).
//!
//! Call sites name a message by its dotted key, `section.key` (`"pqr.thread"`); in the `.ftl` files
//! its id is the same with `-` for the dots (`pqr-thread`); `_` separates words inside a part.
//! Arguments are text; a value that is an integer is passed to Fluent as a number, so selectors
//! (`{ $n -> [one] … *[other] … }`) pick the right form.
//!
//! To add a message: the same id in `es.ftl` and `en.ftl`, with the same variables (a test checks
//! both, and another renders every message with counts 0, 1, 2 and 21). Any count gets a selector
//! with a `*[other]` default.
//!
//! A missing key shows the key itself (visible in review, never a panic) and is logged once; a
//! formatting error is logged once per key and the text is still shown. A message without
//! variables is formatted at build time (`build.rs`), so `tr` is a binary search in a static table
//! (views call it every frame) and the console's first frame never waits for Fluent's parser; the
//! catalog is parsed on the first message that takes arguments.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, OnceLock, RwLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use fluent_syntax::ast;
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Es,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "es" | "español" | "espanol" | "spanish" => Some(Lang::Es),
            "en" | "english" | "inglés" | "ingles" => Some(Lang::En),
            _ => None,
        }
    }
    /// The locale whose CLDR plural rules the catalog follows. (A constant that parses; the
    /// fallback, «und», would only lose the plural forms, and a test checks them.)
    fn langid(self) -> unic_langid::LanguageIdentifier {
        self.code().parse().unwrap_or_default()
    }
}

pub(crate) const ES_SOURCE: &str = include_str!("../../../assets/i18n/es.ftl");
pub(crate) const EN_SOURCE: &str = include_str!("../../../assets/i18n/en.ftl");

/// The source of `lang`'s catalog.
pub fn source(lang: Lang) -> &'static str {
    match lang {
        Lang::Es => ES_SOURCE,
        Lang::En => EN_SOURCE,
    }
}

/// The dotted key of a Fluent message id (`pqr-thread` → `pqr.thread`).
fn dotted(id: &str) -> String {
    id.replace('-', ".")
}

/// The Fluent message id of a dotted key (`pqr.thread` → `pqr-thread`).
fn fluent_id(key: &str) -> String {
    key.replace('.', "-")
}

/// The dotted keys of the messages in a Fluent source, or the parser's complaints.
pub fn parse_catalog(source: &str) -> Result<Vec<String>, String> {
    match fluent_syntax::parser::parse(source) {
        Ok(resource) => Ok(messages(&resource).map(|m| dotted(m.id.name)).collect()),
        Err((_, errors)) => Err(format!("{errors:?}")),
    }
}

fn messages<'r, 's>(
    resource: &'r ast::Resource<&'s str>,
) -> impl Iterator<Item = &'r ast::Message<&'s str>> {
    resource.body.iter().filter_map(|entry| match entry {
        ast::Entry::Message(m) => Some(m),
        _ => None,
    })
}

/// The variables a message uses, in its value and attributes, selectors included.
#[cfg(test)]
fn message_variables<'s>(message: &ast::Message<&'s str>) -> BTreeSet<&'s str> {
    let mut out = BTreeSet::new();
    let patterns = message
        .value
        .iter()
        .chain(message.attributes.iter().map(|a| &a.value));
    for pattern in patterns {
        pattern_variables(pattern, &mut out);
    }
    out
}

fn pattern_variables<'s>(pattern: &ast::Pattern<&'s str>, out: &mut BTreeSet<&'s str>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables<'s>(expression: &ast::Expression<&'s str>, out: &mut BTreeSet<&'s str>) {
    match expression {
        ast::Expression::Inline(inline) => inline_variables(inline, out),
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
    }
}

fn inline_variables<'s>(inline: &ast::InlineExpression<&'s str>, out: &mut BTreeSet<&'s str>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name);
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. }
        | ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for arg in &arguments.positional {
                inline_variables(arg, out);
            }
            for arg in &arguments.named {
                inline_variables(&arg.value, out);
            }
        }
        _ => {}
    }
}

struct Catalog {
    bundle: FluentBundle<FluentResource>,
    /// The messages formatted without arguments so far, by dotted key: what `tr` hands out.
    /// Each text is leaked once, so at most one per message of the catalog.
    plain: RwLock<HashMap<String, &'static str>>,
}

impl Catalog {
    fn load(lang: Lang) -> Catalog {
        // The catalogs are compiled in and checked by tests, so a broken one is a build defect;
        // still, whatever parsed (keys shown as-is for the rest) beats a panic in front of an
        // operator.
        let resource = match FluentResource::try_new(source(lang).to_owned()) {
            Ok(r) => r,
            Err((r, errors)) => {
                tracing::warn!(lang = lang.code(), ?errors, "catalog does not parse");
                r
            }
        };
        let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
        // Unicode isolation marks around arguments would upset the terminal's column widths.
        bundle.set_use_isolating(false);
        if let Err(errors) = bundle.add_resource(resource) {
            tracing::warn!(
                lang = lang.code(),
                ?errors,
                "catalog has duplicate messages"
            );
        }
        Catalog {
            bundle,
            plain: RwLock::new(HashMap::new()),
        }
    }

    /// The text of `key` without arguments, formatted on its first use; `None` when there is no
    /// such message.
    fn plain(&self, key: &str) -> Option<&'static str> {
        let known = self.plain.read().unwrap_or_else(|e| e.into_inner());
        if let Some(text) = known.get(key) {
            return Some(text);
        }
        drop(known);
        let id = fluent_id(key);
        let (text, errors) = render(&self.bundle, &id, None)?;
        // A message with variables read through `tr` shows its placeholders; only a message
        // that needs none can be broken here.
        if !errors.is_empty() && !self.has_variables(&id) {
            format_failed(key, &errors);
        }
        let mut known = self.plain.write().unwrap_or_else(|e| e.into_inner());
        Some(
            known
                .entry(key.to_string())
                .or_insert_with(|| Box::leak(text.into_boxed_str())),
        )
    }

    /// Whether the value of message `id` uses variables.
    fn has_variables(&self, id: &str) -> bool {
        let mut vars = BTreeSet::new();
        if let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) {
            pattern_variables(pattern, &mut vars);
        }
        !vars.is_empty()
    }
}

/// Each language's catalog is parsed on its first use: a console in Spanish never pays for the
/// English one before its first frame.
fn catalog(lang: Lang) -> &'static Catalog {
    static ES: OnceLock<Catalog> = OnceLock::new();
    static EN: OnceLock<Catalog> = OnceLock::new();
    match lang {
        Lang::Es => ES.get_or_init(|| Catalog::load(Lang::Es)),
        Lang::En => EN.get_or_init(|| Catalog::load(Lang::En)),
    }
}

/// The message `id` formatted with `args`, and what went wrong doing it; `None` when there is no
/// such message (or it has no value).
fn render(
    bundle: &FluentBundle<FluentResource>,
    id: &str,
    args: Option<&FluentArgs>,
) -> Option<(String, Vec<FluentError>)> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned();
    Some((text, errors))
}

/// The messages without variables, formatted by `build.rs`: `PLAIN_ES`, `PLAIN_EN`.
mod prebuilt {
    include!(concat!(env!("OUT_DIR"), "/plain_catalog.rs"));
}

/// `key`'s text when it is a message without variables, formatted at build time.
fn prebuilt(lang: Lang, key: &str) -> Option<&'static str> {
    let table = match lang {
        Lang::Es => prebuilt::PLAIN_ES,
        Lang::En => prebuilt::PLAIN_EN,
    };
    let at = table.binary_search_by(|(k, _)| (*k).cmp(key)).ok()?;
    table.get(at).map(|(_, text)| *text)
}

/// The text of `key` in `lang`.
pub fn tr(lang: Lang, key: &str) -> &'static str {
    if let Some(text) = prebuilt(lang, key) {
        return text;
    }
    // A message that takes variables (shown with its placeholders) or no message at all.
    match catalog(lang).plain(key) {
        Some(text) => text,
        None => missing(key),
    }
}

/// A missing key is shown as itself; each distinct one is interned once (and logged once), so a
/// view drawing it every frame does not allocate every frame.
fn missing(key: &str) -> &'static str {
    static MISSING: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut seen = MISSING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(k) = seen.iter().find(|k| **k == key) {
        return k;
    }
    tracing::warn!(key, "missing catalog key");
    let leaked: &'static str = Box::leak(key.to_string().into_boxed_str());
    seen.push(leaked);
    leaked
}

/// Logs a message's formatting errors, once per key.
fn format_failed(key: &str, errors: &[FluentError]) {
    static LOGGED: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    let mut logged = LOGGED.lock().unwrap_or_else(|e| e.into_inner());
    if logged
        .get_or_insert_with(HashSet::new)
        .insert(key.to_string())
    {
        tracing::warn!(key, ?errors, "catalog message does not format");
    }
}

/// An argument as Fluent sees it: an integer (exactly as written, small enough to be exact as
/// Fluent's f64) is a number, so plural selectors apply; anything else is text.
fn arg_value(value: &str) -> FluentValue<'_> {
    const EXACT: u64 = 1 << 53;
    match value.parse::<i64>() {
        Ok(n) if n.unsigned_abs() <= EXACT && n.to_string() == value => FluentValue::from(n),
        _ => FluentValue::from(value),
    }
}

/// `tr` with arguments: `trf(lang, "pqr.thread", &[("n", "3")])` fills `{ $n }`.
pub fn trf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut fluent_args = FluentArgs::with_capacity(args.len());
    for (name, value) in args {
        fluent_args.set(*name, arg_value(value));
    }
    match render(&catalog(lang).bundle, &fluent_id(key), Some(&fluent_args)) {
        Some((text, errors)) => {
            if !errors.is_empty() {
                format_failed(key, &errors);
            }
            text
        }
        None => missing(key).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Every message of a catalog and its variables, by dotted key.
    fn shape(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
        let resource = fluent_syntax::parser::parse(source(lang))
            .unwrap_or_else(|(_, e)| panic!("{}.ftl parses: {e:?}", lang.code()));
        messages(&resource)
            .map(|m| {
                assert!(m.value.is_some(), "{} has no value", m.id.name);
                let vars = message_variables(m).into_iter().map(String::from).collect();
                (dotted(m.id.name), vars)
            })
            .collect()
    }

    #[test]
    fn both_catalogs_hold_the_same_messages_and_variables() {
        let es = shape(Lang::Es);
        let en = shape(Lang::En);
        let only_es: Vec<_> = es.keys().filter(|k| !en.contains_key(*k)).collect();
        let only_en: Vec<_> = en.keys().filter(|k| !es.contains_key(*k)).collect();
        assert!(only_es.is_empty(), "only in es.ftl: {only_es:?}");
        assert!(only_en.is_empty(), "only in en.ftl: {only_en:?}");
        for (key, vars) in &es {
            assert_eq!(vars, &en[key], "variables of {key}");
        }
        assert!(es.len() > 300, "{} messages", es.len());
        assert_eq!(parse_catalog(ES_SOURCE).map(|k| k.len()), Ok(es.len()));
    }

    #[test]
    fn every_message_renders_with_counts_0_1_2_and_21() {
        for lang in [Lang::Es, Lang::En] {
            let bundle = &catalog(lang).bundle;
            for (key, vars) in shape(lang) {
                for n in [0_i64, 1, 2, 21] {
                    let mut args = FluentArgs::new();
                    for v in &vars {
                        args.set(v.as_str(), n);
                    }
                    let (text, errors) = render(bundle, &fluent_id(&key), Some(&args))
                        .unwrap_or_else(|| panic!("{key} missing in {}", lang.code()));
                    let at = format!("{key} ({}) with {n}: {text:?}", lang.code());
                    assert!(errors.is_empty(), "{at}: {errors:?}");
                    assert!(!text.contains(['{', '}', '$']), "{at}");
                    assert!(
                        !text.contains(['\u{2068}', '\u{2069}']),
                        "{at}: isolation marks"
                    );
                    assert!(!text.trim().is_empty() && text != key, "{at}");
                    // The same through the public entry points, as the views call them.
                    let n = n.to_string();
                    let str_args: Vec<(&str, &str)> =
                        vars.iter().map(|v| (v.as_str(), n.as_str())).collect();
                    assert_eq!(trf(lang, &key, &str_args), text, "{at}");
                    if vars.is_empty() {
                        assert_eq!(tr(lang, &key), text, "{at}");
                    }
                }
            }
        }
    }

    #[test]
    fn counts_agree_in_both_languages() {
        let es = |key: &str, n: &str| trf(Lang::Es, key, &[("n", n)]);
        let en = |key: &str, n: &str| trf(Lang::En, key, &[("n", n)]);
        assert_eq!(es("pqr.thread", "1"), "Hilo (1 mensaje)");
        assert_eq!(es("pqr.thread", "21"), "Hilo (21 mensajes)");
        assert_eq!(en("pqr.thread", "1"), "Thread (1 message)");
        assert_eq!(en("pqr.thread", "0"), "Thread (0 messages)");
        assert_eq!(es("users.count", "0"), "0 resultados");
        assert_eq!(es("users.count", "1"), "1 resultado");
        assert_eq!(es("users.count", "21"), "21 resultados");
        assert_eq!(en("users.count", "1"), "1 result");
        assert_eq!(en("users.count", "21"), "21 results");
        assert_eq!(es("clock.left", "1"), "queda 1 día hábil");
        assert_eq!(es("clock.left", "2"), "quedan 2 días hábiles");
        assert_eq!(es("clock.overdue", "1"), "vencida hace 1 día hábil");
        assert_eq!(en("clock.left_short", "1"), "1 business day");
        assert_eq!(es("clock.overdue_short", "21"), "vencida 21 días");
        assert_eq!(es("conflict.messages", "1"), "1 mensaje nuevo en el hilo");
        assert_eq!(en("pqr.count", "7"), "7 PQRs");
        // Spanish CLDR: a million is «many», which falls back to «other».
        assert_eq!(es("users.count", "1000000"), "1000000 resultados");
        assert_eq!(
            trf(Lang::Es, "walk.progress", &[("done", "1"), ("total", "1")]),
            "1/1 paso"
        );
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            trf(Lang::Es, "time.ago_minutes", &[("n", "3")]),
            "hace 3 min"
        );
        // Text that only looks like a number stays as written.
        assert_eq!(
            trf(Lang::Es, "users.none", &[("q", "007")]),
            "Ningún usuario coincide con «007»."
        );
        assert_eq!(
            trf(Lang::En, "cli.login_prompt", &[]),
            "Operator token (not shown): "
        );
        assert_eq!(
            tr(Lang::Es, "cli.no_portal").lines().count(),
            3,
            "multi-line messages keep their lines"
        );
        assert_eq!(tr(Lang::En, "no.such.key"), "no.such.key");
        assert_eq!(trf(Lang::En, "no.such.key", &[("n", "1")]), "no.such.key");
    }

    #[test]
    fn the_prebuilt_texts_are_the_catalog_formatted_at_run_time() {
        for lang in [Lang::Es, Lang::En] {
            let table = match lang {
                Lang::Es => prebuilt::PLAIN_ES,
                Lang::En => prebuilt::PLAIN_EN,
            };
            assert!(
                table.windows(2).all(|w| w[0].0 < w[1].0),
                "{}: sorted, each key once",
                lang.code()
            );
            let bundle = &catalog(lang).bundle;
            for (key, text) in table {
                let (formatted, errors) = render(bundle, &fluent_id(key), None)
                    .unwrap_or_else(|| panic!("{key} is in {}.ftl", lang.code()));
                assert!(errors.is_empty(), "{key}: {errors:?}");
                assert_eq!(*text, formatted, "{key} in {}", lang.code());
            }
            // Every message that needs no variable is prebuilt; the others are not.
            for (key, vars) in shape(lang) {
                assert_eq!(
                    prebuilt(lang, &key).is_some(),
                    vars.is_empty(),
                    "{key} in {}: variables {vars:?}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn tr_hands_out_the_same_text_every_call() {
        // Views call `tr` every frame: a lookup, never a fresh formatting.
        assert!(std::ptr::eq(
            tr(Lang::Es, "app.title"),
            tr(Lang::Es, "app.title")
        ));
        assert!(std::ptr::eq(tr(Lang::En, "nope.x"), tr(Lang::En, "nope.x")));
    }
}
