//! Every answer the integration tests receive from the portal is checked against
//! `assets/openapi.yaml`: the status must be documented for the operation, the content type
//! documented for that status, and a JSON body valid against the documented schema (response
//! schemas are closed, so a field added to a Rust type and forgotten in the contract fails).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use reqwest::Method;
use serde_json::Value;

struct Contract {
    doc: Value,
    /// Compiled schemas by JSON pointer into the document.
    validators: Mutex<HashMap<String, std::sync::Arc<jsonschema::Validator>>>,
}

fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/openapi.yaml"))
                .expect("the contract is readable");
        Contract {
            doc: serde_yaml_ng::from_str(&text).expect("the contract is valid YAML"),
            validators: Mutex::new(HashMap::new()),
        }
    })
}

/// `~` and `/` escaped for a JSON pointer.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// The documented path template that `path` is an instance of; literal segments win over
/// `{parameters}`.
fn template_of(doc: &Value, path: &str) -> Option<String> {
    let segments: Vec<&str> = path.split('/').collect();
    doc["paths"]
        .as_object()?
        .keys()
        .filter_map(|template| {
            let parts: Vec<&str> = template.split('/').collect();
            if parts.len() != segments.len() {
                return None;
            }
            let mut literal = 0;
            for (t, s) in parts.iter().zip(&segments) {
                if t.starts_with('{') && t.ends_with('}') {
                    if s.is_empty() {
                        return None;
                    }
                } else if t == s {
                    literal += 1;
                } else {
                    return None;
                }
            }
            Some((literal, template.clone()))
        })
        .max()
        .map(|(_, t)| t)
}

/// Follows `$ref`s between response objects; returns the pointer of the object reached.
fn resolve(doc: &Value, mut pointer: String) -> Result<String, String> {
    for _ in 0..8 {
        let node = doc
            .pointer(&pointer)
            .ok_or_else(|| format!("{pointer} is not in the contract"))?;
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) => pointer = r.trim_start_matches('#').to_string(),
            None => return Ok(pointer),
        }
    }
    Err(format!("{pointer}: too many references"))
}

/// The compiled schema at `schema_pointer` of `doc`; cached for the real contract.
fn validator(
    doc: &Value,
    cached: bool,
    schema_pointer: &str,
) -> std::sync::Arc<jsonschema::Validator> {
    let compile = || {
        // The schema with the document's components beside it, so `#/components/...`
        // references resolve as written.
        let mut root = doc
            .pointer(schema_pointer)
            .cloned()
            .unwrap_or_else(|| panic!("{schema_pointer} is in the contract"));
        root["$schema"] = Value::from("https://json-schema.org/draft/2020-12/schema");
        root["components"] = doc["components"].clone();
        std::sync::Arc::new(
            jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&root)
                .unwrap_or_else(|e| panic!("schema {schema_pointer} compiles: {e}")),
        )
    };
    if !cached {
        return compile();
    }
    let mut cache = contract()
        .validators
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    cache
        .entry(schema_pointer.to_string())
        .or_insert_with(compile)
        .clone()
}

/// Checks one answer against the contract: documented status, documented content type, a
/// JSON body valid against its schema. `body` is `None` for a stream that is not read here.
pub fn check_answer(
    method: &Method,
    path: &str,
    status: u16,
    content_type: Option<&str>,
    body: Option<&[u8]>,
) -> Result<(), String> {
    check_in(
        &contract().doc,
        true,
        method,
        path,
        status,
        content_type,
        body,
    )
}

/// As [`check_answer`], against another version of the contract (a test of the check itself).
pub fn check_answer_against(
    doc: &Value,
    method: &Method,
    path: &str,
    status: u16,
    content_type: Option<&str>,
    body: Option<&[u8]>,
) -> Result<(), String> {
    check_in(doc, false, method, path, status, content_type, body)
}

/// The contract as parsed from `assets/openapi.yaml`.
pub fn document() -> &'static Value {
    &contract().doc
}

fn check_in(
    doc: &Value,
    cached: bool,
    method: &Method,
    path: &str,
    status: u16,
    content_type: Option<&str>,
    body: Option<&[u8]>,
) -> Result<(), String> {
    let what = format!("{method} {path} → {status}");
    let media = content_type
        .map(|c| {
            c.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    // HEAD is GET without the body (HTTP semantics; the router answers it for every GET).
    let is_head = method == Method::HEAD;
    let body = if is_head { None } else { body };
    let method_name = if is_head {
        "get".to_string()
    } else {
        method.as_str().to_lowercase()
    };
    let operation = template_of(doc, path).and_then(|t| {
        let pointer = format!("/paths/{}/{method_name}", escape(&t));
        doc.pointer(&pointer).map(|_| pointer)
    });
    let Some(operation) = operation else {
        // Not a documented operation: the router's fallbacks, always the JSON error shape.
        if !matches!(status, 404 | 405) {
            return Err(format!(
                "{what}: not a documented operation, yet not 404/405"
            ));
        }
        return match body {
            Some(body) => check_json(
                doc,
                cached,
                &what,
                "/components/schemas/ErrorBody",
                &media,
                body,
            ),
            None => Ok(()),
        };
    };
    let response = resolve(doc, format!("{operation}/responses/{status}"))
        .map_err(|_| format!("{what}: status {status} is not documented for this operation"))?;
    let content = doc.pointer(&format!("{response}/content"));
    let Some(content) = content.and_then(Value::as_object) else {
        return match body {
            Some(b) if !b.is_empty() => Err(format!("{what}: a body where the contract has none")),
            _ => Ok(()),
        };
    };
    if !content.contains_key(&media) {
        return Err(format!(
            "{what}: content type {media:?} is not documented (documented: {:?})",
            content.keys().collect::<Vec<_>>()
        ));
    }
    let Some(body) = body else { return Ok(()) };
    if media != "application/json" {
        return Ok(());
    }
    check_json(
        doc,
        cached,
        &what,
        &format!("{response}/content/{}/schema", escape(&media)),
        &media,
        body,
    )
}

fn check_json(
    doc: &Value,
    cached: bool,
    what: &str,
    schema_pointer: &str,
    media: &str,
    body: &[u8],
) -> Result<(), String> {
    if media != "application/json" {
        return Err(format!("{what}: expected application/json, got {media:?}"));
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| format!("{what}: the body is not JSON: {e}"))?;
    let validator = validator(doc, cached, schema_pointer);
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("  at {}: {e}", e.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{what}: the body breaks the contract ({schema_pointer}):\n{}\nbody: {value}",
            errors.join("\n")
        ))
    }
}

/// What is wrong with `value` by the schema at `schema_pointer` of `doc` (empty: nothing).
pub fn schema_errors(doc: &Value, schema_pointer: &str, value: &Value) -> Vec<String> {
    validator(doc, false, schema_pointer)
        .iter_errors(value)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect()
}

/// The documented headers of an answer: every `required` one is there, and every documented one
/// that is there has the documented form (an ETag `"v3"`, a Retry-After in seconds…).
pub fn check_headers(
    method: &Method,
    path: &str,
    status: u16,
    headers: &reqwest::header::HeaderMap,
) -> Result<(), String> {
    let doc = &contract().doc;
    let method_name = if method == Method::HEAD {
        "get".to_string()
    } else {
        method.as_str().to_lowercase()
    };
    let Some(template) = template_of(doc, path) else {
        return Ok(());
    };
    let pointer = format!(
        "/paths/{}/{method_name}/responses/{status}",
        escape(&template)
    );
    let Ok(response) = resolve(doc, pointer) else {
        return Ok(()); // an undocumented status is reported by `check_answer`
    };
    let what = format!("{method} {path} → {status}");
    let documented = doc
        .pointer(&format!("{response}/headers"))
        .and_then(Value::as_object);
    for name in documented.into_iter().flatten().map(|(name, _)| name) {
        let header = resolve(doc, format!("{response}/headers/{}", escape(name)))?;
        let required = doc
            .pointer(&format!("{header}/required"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let Some(value) = headers.get(name.as_str()) else {
            if required {
                return Err(format!("{what}: the required header {name} is missing"));
            }
            continue;
        };
        let text = value
            .to_str()
            .map_err(|_| format!("{what}: header {name} is not text"))?;
        let schema = format!("{header}/schema");
        let is_integer = doc.pointer(&format!("{schema}/type")) == Some(&Value::from("integer"));
        let value = match text.parse::<i64>() {
            Ok(n) if is_integer => Value::from(n),
            _ => Value::from(text),
        };
        let errors = schema_errors(doc, &schema, &value);
        if !errors.is_empty() {
            return Err(format!(
                "{what}: header {name}: {text:?} breaks the contract: {errors:?}"
            ));
        }
    }
    Ok(())
}
