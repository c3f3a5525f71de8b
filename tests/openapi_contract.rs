//! `assets/openapi.yaml` and the reference router describe the same API.

use std::collections::BTreeSet;

use helpdesk::api::{ErrorCode, EventKind, PolicyRule, PqrStatus, PqrType};
use helpdesk::portal::router::ROUTES;
use serde_json::Value;

fn document() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/openapi.yaml"))
        .unwrap();
    serde_yaml_ng::from_str(&text).expect("valid YAML")
}

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

#[test]
fn the_document_and_the_router_have_the_same_routes() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            if item.get(method).is_some() {
                documented.insert((method.to_string(), path.clone()));
            }
        }
    }
    let served: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let missing: Vec<_> = served.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&served).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "served but not documented: {missing:?}\ndocumented but not served: {extra:?}"
    );
}

#[test]
fn every_operation_is_named_and_answers() {
    let doc = document();
    let mut ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(ids.insert(id.to_string()), "duplicate operationId {id}");
            assert!(
                !op["responses"].as_object().unwrap().is_empty(),
                "{method} {path}"
            );
        }
    }
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "$ref" {
                    out.push(v.as_str().unwrap().to_string());
                } else {
                    collect_refs(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| collect_refs(i, out)),
        _ => {}
    }
}

#[test]
fn every_reference_resolves() {
    let doc = document();
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 50);
    for r in refs {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("external ref {r}"));
        assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
    }
}

fn documented_enum(doc: &Value, schema: &str) -> BTreeSet<String> {
    doc["components"]["schemas"][schema]["enum"]
        .as_array()
        .unwrap_or_else(|| panic!("{schema}"))
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

fn names<T: serde::Serialize>(values: &[T]) -> BTreeSet<String> {
    values
        .iter()
        .map(|v| {
            serde_json::to_value(v)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Every error code; the match fails to compile when a variant is added, so this cannot fall behind.
fn error_codes() -> Vec<ErrorCode> {
    use ErrorCode::*;
    let all = vec![
        BadRequest,
        ValidationFailed,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        AccountDisabled,
        AccountLocked,
        AddressBounced,
        VerificationRequired,
        VerificationLocked,
        RateLimited,
        InvalidCredentials,
        ServiceBusy,
        PreconditionFailed,
        PreconditionRequired,
        Gone,
        PayloadTooLarge,
        UnsupportedMediaType,
        Internal,
    ];
    for c in &all {
        match c {
            BadRequest | ValidationFailed | Unauthorized | Forbidden | NotFound | Conflict
            | AccountDisabled | AccountLocked | AddressBounced | VerificationRequired
            | VerificationLocked | RateLimited | InvalidCredentials | ServiceBusy
            | PreconditionFailed | PreconditionRequired | Gone | PayloadTooLarge
            | UnsupportedMediaType | Internal | Unknown => {}
        }
    }
    all
}

/// Every event kind, kept complete the same way.
fn event_kinds() -> Vec<EventKind> {
    use EventKind::*;
    let all = vec![
        ResetRequested,
        ResetLinkSent,
        ResetEmailBounced,
        ResetLinkOpened,
        ResetAttemptFailed,
        PasswordChanged,
        LoginSucceeded,
        LoginFailed,
        AccountLocked,
        AccountUnlocked,
        VerificationSucceeded,
        VerificationFailed,
        VerificationLocked,
        PqrCreated,
        PqrUpdated,
        PqrMessageAdded,
        CallOutcomeRecorded,
    ];
    for k in &all {
        match k {
            ResetRequested
            | ResetLinkSent
            | ResetEmailBounced
            | ResetLinkOpened
            | ResetAttemptFailed
            | PasswordChanged
            | LoginSucceeded
            | LoginFailed
            | AccountLocked
            | AccountUnlocked
            | VerificationSucceeded
            | VerificationFailed
            | VerificationLocked
            | PqrCreated
            | PqrUpdated
            | PqrMessageAdded
            | CallOutcomeRecorded
            | Unknown => {}
        }
    }
    all
}

#[test]
fn enums_match_the_rust_types() {
    let doc = document();
    assert_eq!(documented_enum(&doc, "ErrorCode"), names(&error_codes()));
    assert_eq!(documented_enum(&doc, "EventKind"), names(&event_kinds()));
    assert_eq!(documented_enum(&doc, "PqrStatus"), names(&PqrStatus::ALL));
    assert_eq!(documented_enum(&doc, "PqrType"), names(&PqrType::ALL));
    let rules = [
        PolicyRule::TooShort,
        PolicyRule::TooLong,
        PolicyRule::MissingLowercase,
        PolicyRule::MissingUppercase,
        PolicyRule::MissingDigit,
        PolicyRule::MissingSpecial,
    ];
    assert_eq!(documented_enum(&doc, "PolicyRule"), names(&rules));
    assert_eq!(
        doc["components"]["schemas"]["PasswordPolicy"]["properties"]["special_characters"]["const"],
        helpdesk::domain::policy::SPECIAL_CHARACTERS
    );
}
