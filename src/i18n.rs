//! Every string the console shows lives in `assets/i18n/{es,en}.toml`. Spanish is the default: the
//! operators are in Colombia. A missing key shows the key itself (visible in review, never a panic);
//! a test keeps both catalogs holding the same keys.

use std::collections::HashMap;
use std::sync::OnceLock;

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
}

pub const ES_SOURCE: &str = include_str!("../assets/i18n/es.toml");
pub const EN_SOURCE: &str = include_str!("../assets/i18n/en.toml");

type Catalog = HashMap<String, String>;

/// Flattens `[section] key = "…"` into `section.key`.
pub fn parse_catalog(source: &str) -> Result<Catalog, String> {
    let value: toml::Table = toml::from_str(source).map_err(|e| e.to_string())?;
    let mut out = Catalog::new();
    flatten("", &value, &mut out)?;
    Ok(out)
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalog) -> Result<(), String> {
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            toml::Value::Table(t) => flatten(&key, t, out)?,
            other => return Err(format!("{key}: expected text, found {}", other.type_str())),
        }
    }
    Ok(())
}

fn catalogs() -> &'static [Catalog; 2] {
    static CATALOGS: OnceLock<[Catalog; 2]> = OnceLock::new();
    CATALOGS.get_or_init(|| {
        // The catalogs are compiled in and checked by a test, so a broken one is a build defect;
        // still, an empty catalog (keys shown as-is) beats a panic in front of an operator.
        [
            parse_catalog(ES_SOURCE).unwrap_or_default(),
            parse_catalog(EN_SOURCE).unwrap_or_default(),
        ]
    })
}

/// The text of `key` in `lang`.
pub fn tr(lang: Lang, key: &str) -> &'static str {
    let catalog = match lang {
        Lang::Es => &catalogs()[0],
        Lang::En => &catalogs()[1],
    };
    match catalog.get(key) {
        Some(text) => text.as_str(),
        None => missing(key),
    }
}

/// A missing key is shown as itself; each distinct one is interned once, so a view drawing it
/// every frame does not allocate every frame.
fn missing(key: &str) -> &'static str {
    static MISSING: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
    let mut seen = MISSING.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(k) = seen.iter().find(|k| **k == key) {
        return k;
    }
    tracing::warn!(key, "missing catalog key");
    let leaked: &'static str = Box::leak(key.to_string().into_boxed_str());
    seen.push(leaked);
    leaked
}

/// `tr` with `{name}` placeholders filled in.
pub fn trf(lang: Lang, key: &str, args: &[(&str, &str)]) -> String {
    let mut text = tr(lang, key).to_string();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_catalogs_hold_the_same_keys() {
        let es = parse_catalog(ES_SOURCE).expect("es.toml parses");
        let en = parse_catalog(EN_SOURCE).expect("en.toml parses");
        let es_keys: BTreeSet<_> = es.keys().collect();
        let en_keys: BTreeSet<_> = en.keys().collect();
        let only_es: Vec<_> = es_keys.difference(&en_keys).collect();
        let only_en: Vec<_> = en_keys.difference(&es_keys).collect();
        assert!(only_es.is_empty(), "only in es.toml: {only_es:?}");
        assert!(only_en.is_empty(), "only in en.toml: {only_en:?}");
        for (k, v) in &es {
            let placeholders = |s: &str| {
                s.split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                    .collect::<BTreeSet<_>>()
            };
            assert_eq!(placeholders(v), placeholders(&en[k]), "placeholders of {k}");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            trf(Lang::Es, "time.ago_minutes", &[("n", "3")]),
            "hace 3 min"
        );
        assert_eq!(tr(Lang::En, "no.such.key"), "no.such.key");
    }
}
