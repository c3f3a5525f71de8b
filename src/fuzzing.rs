//! Entry points for fuzzing (the cargo-fuzz targets in `fuzz/` and the stable smoke driver in
//! `tests/contract/fuzz_smoke.rs` call these): each takes arbitrary bytes, must never panic, and asserts
//! the invariant of its parser.

use crate::api::{ErrorBody, Event, Ingress, Page, PqrDetail, UserDetail, UserSummary};
use crate::domain::sanitize::{is_clean_line, is_dangerous, sanitize, sanitize_line};

/// No dangerous character survives; clean text is unchanged; sanitising twice changes nothing.
pub fn sanitize_bytes(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let line = sanitize_line(&text);
    assert!(!line.chars().any(|c| is_dangerous(c, false)));
    assert!(is_clean_line(&line));
    assert_eq!(sanitize_line(&line), line);
    let body = sanitize(&text);
    assert!(!body.chars().any(|c| is_dangerous(c, true)));
    assert_eq!(sanitize(&body), body);
    if is_clean_line(&text) {
        assert_eq!(body, text);
    }
}

fn clean(s: &str) {
    assert!(!s.chars().any(|c| is_dangerous(c, false)), "{s:?}");
}

/// Portal answers: decoding never panics, and whatever decodes comes out of ingress clean.
pub fn api_decode(data: &[u8]) {
    if let Ok(page) = serde_json::from_slice::<Page<UserSummary>>(data) {
        for u in page.sanitized().items {
            clean(&u.full_name);
            clean(&u.email_masked);
        }
    }
    if let Ok(d) = serde_json::from_slice::<UserDetail>(data) {
        clean(&d.sanitized().summary.full_name);
    }
    if let Ok(e) = serde_json::from_slice::<Event>(data) {
        let e = e.sanitized();
        if let Some(n) = &e.actor.name {
            clean(n);
        }
    }
    if let Ok(p) = serde_json::from_slice::<PqrDetail>(data) {
        let p = p.sanitized();
        clean(&p.summary.subject);
        for m in &p.messages {
            assert!(!m.body.chars().any(|c| is_dangerous(c, true)));
        }
    }
    let _ = serde_json::from_slice::<ErrorBody>(data);
}

/// Walkthrough scripts: never a panic; an accepted script only points at steps that exist.
pub fn walkthrough_script(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(script) = crate::walkthrough::Script::parse(text) {
        let n = script.steps.len();
        assert!(script.start < n);
        for s in &script.steps {
            assert!(s.next.is_none_or(|i| i < n));
            for b in &s.branches {
                if let crate::walkthrough::script::BranchTarget::Goto(i) = b.target {
                    assert!(i < n);
                }
            }
        }
    }
}

/// `config.toml` and its `[keys]`: never a panic.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(file) = toml::from_str::<crate::config::FileConfig>(text) {
        let _ = crate::app::keymap::Keymap::with_overrides(&file.key_overrides(text));
    }
    let _ = crate::i18n::parse_catalog(text);
}
