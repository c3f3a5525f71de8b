//! Words: the portal's refusals in the operator's language, dates in words that agree with time.

use helpdesk::api::ErrorCode;
use helpdesk::app::PortalError;
use helpdesk::app::messages::error_text;
use helpdesk::i18n::Lang;

/// Every code of the contract (`ErrorCode`, serde names as in `assets/openapi.yaml`).
const CODES: [&str; 20] = [
    "bad_request",
    "validation_failed",
    "unauthorized",
    "forbidden",
    "not_found",
    "conflict",
    "account_disabled",
    "account_locked",
    "address_bounced",
    "verification_required",
    "verification_locked",
    "rate_limited",
    "invalid_credentials",
    "service_busy",
    "precondition_failed",
    "precondition_required",
    "gone",
    "payload_too_large",
    "unsupported_media_type",
    "internal",
];

#[test]
fn every_error_code_reads_in_spanish_without_the_portals_english() {
    let english = "the new due date must be after 2026-03-12 and no later than 2026-03-26";
    let mut texts = std::collections::HashSet::new();
    for name in CODES {
        let code: ErrorCode = serde_json::from_value(serde_json::json!(name)).expect(name);
        assert_ne!(code, ErrorCode::Unknown, "{name} is a code of the contract");
        let err = PortalError::Api {
            status: 422,
            code,
            message: english.into(),
            request_id: "req-1".into(),
            field: None,
        };
        let es = error_text(Lang::Es, &err);
        assert!(
            !es.contains("must") && !es.contains("due date"),
            "{name}: {es}"
        );
        assert!(!es.is_empty());
        texts.insert(es);
        let en = error_text(Lang::En, &err);
        assert!(!en.contains("El portal"), "{name}: {en}");
    }
    assert!(texts.len() >= 12, "the codes are told apart: {texts:?}");
}

#[test]
fn every_field_rule_of_the_contract_reads_in_both_languages() {
    use helpdesk::api::{FieldProblem, FieldRule};
    use helpdesk::app::messages::form_refusal;
    // The rules as `assets/openapi.yaml` lists them (`details.rule`), and one from a newer portal.
    let rules = [
        "required",
        "too_long",
        "format",
        "out_of_range",
        "unknown_value",
        "a_newer_rule",
    ];
    let mut texts = std::collections::HashSet::new();
    for name in rules {
        let rule: FieldRule = serde_json::from_value(serde_json::json!(name)).expect(name);
        let err = PortalError::Api {
            status: 422,
            code: ErrorCode::ValidationFailed,
            message: String::new(),
            request_id: "req-1".into(),
            field: Some(FieldProblem {
                field: "note".into(),
                rule,
            }),
        };
        for lang in [Lang::Es, Lang::En] {
            let refusal = form_refusal(lang, &err, &["outcome", "note"]);
            assert_eq!(refusal.field, Some(1), "{name}");
            assert!(
                !refusal.text.contains("field_rule"),
                "{name}: {}",
                refusal.text
            );
            texts.insert(refusal.text);
        }
    }
    assert_eq!(texts.len(), 12, "each rule in its own words: {texts:?}");
}

#[test]
fn a_due_date_that_has_passed_reads_in_the_past() {
    use helpdesk::ui::pqr::due_in_words;
    let now: jiff::Timestamp = "2026-03-13T14:00:00Z".parse().unwrap();
    let passed = jiff::civil::date(2026, 3, 12);
    let today = jiff::civil::date(2026, 3, 13);
    assert_eq!(
        due_in_words(Lang::Es, passed, now),
        "venció el jueves 12 de marzo"
    );
    assert_eq!(
        due_in_words(Lang::Es, today, now),
        "vence el viernes 13 de marzo"
    );
    assert!(due_in_words(Lang::En, passed, now).starts_with("was due"));
}
