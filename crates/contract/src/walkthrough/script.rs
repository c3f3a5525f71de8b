//! A walkthrough script: steps with what the caller sees, what the operator says, the live events
//! that complete each step and the branches. [`Script::parse`] checks it whole and reports every
//! problem with its line: unknown or unreachable steps, dead ends without an outcome, a text
//! missing in one language, unknown events, actions or outcomes.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::api::{CallOutcome, EventKind};
use crate::i18n::Lang;

/// A text in both languages.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
pub struct Text {
    #[serde(default)]
    pub es: String,
    #[serde(default)]
    pub en: String,
}

impl Text {
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Es => &self.es,
            Lang::En => &self.en,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScript {
    start: Spanned<String>,
    #[serde(default)]
    step: Vec<Spanned<RawStep>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    id: Spanned<String>,
    #[serde(default)]
    title: Text,
    #[serde(default)]
    screen: Text,
    #[serde(default)]
    say: Text,
    #[serde(default)]
    done_when: Vec<Spanned<String>>,
    next: Option<Spanned<String>>,
    #[serde(default)]
    end: bool,
    #[serde(default)]
    branch: Vec<Spanned<RawBranch>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBranch {
    key: Spanned<String>,
    #[serde(default)]
    label: Text,
    goto: Option<Spanned<String>>,
    action: Option<Spanned<String>>,
    outcome: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BranchAction {
    /// Send the reset link again.
    Resend,
    /// Open the password rule explainer.
    Explain,
    /// Hand off to a prefilled PQR.
    Pqr,
}

#[derive(Debug, Clone, PartialEq)]
pub enum BranchTarget {
    Goto(usize),
    Action(BranchAction),
    Outcome(CallOutcome),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub key: char,
    pub label: Text,
    pub target: BranchTarget,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub id: String,
    pub title: Text,
    pub screen: Text,
    pub say: Text,
    pub done_when: Vec<EventKind>,
    pub next: Option<usize>,
    pub end: bool,
    pub branches: Vec<Branch>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    pub start: usize,
    pub steps: Vec<Step>,
}

/// One problem of a script, at a line (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

fn line_of(source: &str, span: &Range<usize>) -> usize {
    source[..span.start.min(source.len())].matches('\n').count() + 1
}

fn event_kind(name: &str) -> Option<EventKind> {
    serde_json::from_value::<EventKind>(serde_json::Value::String(name.to_string()))
        .ok()
        .filter(|k| *k != EventKind::Unknown)
}

impl Script {
    pub fn built_in() -> Result<Script, Vec<Problem>> {
        // Parsed once per process: every console (one per SSH session) starts with it.
        static BUILT_IN: std::sync::OnceLock<Result<Script, Vec<Problem>>> =
            std::sync::OnceLock::new();
        BUILT_IN
            .get_or_init(|| Script::parse(super::BUILT_IN))
            .clone()
    }

    /// Reads and checks a script; every problem found, each with its line.
    pub fn parse(source: &str) -> Result<Script, Vec<Problem>> {
        let raw: RawScript = toml::from_str(source).map_err(|e| {
            vec![Problem {
                line: e.span().map_or(1, |s| line_of(source, &s)),
                message: e.message().to_string(),
            }]
        })?;
        let mut problems = Vec::new();
        let mut problem = |span: &Range<usize>, message: String| {
            problems.push(Problem {
                line: line_of(source, span),
                message,
            })
        };
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, s) in raw.step.iter().enumerate() {
            let id = s.get_ref().id.get_ref().as_str();
            if id.trim().is_empty() {
                problem(&s.get_ref().id.span(), "a step needs an id".into());
            } else if index.insert(id, i).is_some() {
                problem(
                    &s.get_ref().id.span(),
                    format!("step «{id}» is defined twice"),
                );
            }
        }
        let resolve = |target: &Spanned<String>, problem: &mut dyn FnMut(&Range<usize>, String)| {
            let found = index.get(target.get_ref().as_str()).copied();
            if found.is_none() {
                problem(
                    &target.span(),
                    format!("unknown step «{}»", target.get_ref()),
                );
            }
            found
        };
        let start = resolve(&raw.start, &mut problem);
        let mut steps = Vec::new();
        for s in &raw.step {
            let span = s.span();
            let r = s.get_ref();
            let id = r.id.get_ref().clone();
            for (name, text) in [("title", &r.title), ("screen", &r.screen), ("say", &r.say)] {
                for (lang, value) in [("es", &text.es), ("en", &text.en)] {
                    if value.trim().is_empty() {
                        problem(&span, format!("step «{id}»: {name} has no «{lang}» text"));
                    }
                }
            }
            let mut done_when = Vec::new();
            for k in &r.done_when {
                match event_kind(k.get_ref()) {
                    Some(kind) => done_when.push(kind),
                    None => problem(&k.span(), format!("unknown event «{}»", k.get_ref())),
                }
            }
            let next = r.next.as_ref().and_then(|n| resolve(n, &mut problem));
            let mut branches = Vec::new();
            let mut keys = HashSet::new();
            for b in &r.branch {
                let rb = b.get_ref();
                let mut chars = rb.key.get_ref().chars();
                let key = match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_ascii_digit() && c != '0' => c,
                    _ => {
                        problem(
                            &rb.key.span(),
                            format!("branch key «{}» must be one digit 1-9", rb.key.get_ref()),
                        );
                        '?'
                    }
                };
                if !keys.insert(key) {
                    problem(
                        &rb.key.span(),
                        format!("step «{id}»: branch key «{key}» used twice"),
                    );
                }
                for (lang, value) in [("es", &rb.label.es), ("en", &rb.label.en)] {
                    if value.trim().is_empty() {
                        problem(
                            &b.span(),
                            format!("step «{id}»: branch {key} has no «{lang}» label"),
                        );
                    }
                }
                let targets = [rb.goto.is_some(), rb.action.is_some(), rb.outcome.is_some()];
                if targets.iter().filter(|t| **t).count() != 1 {
                    problem(
                        &b.span(),
                        format!(
                            "step «{id}»: branch {key} needs exactly one of goto, action, outcome"
                        ),
                    );
                    continue;
                }
                let target = if let Some(g) = &rb.goto {
                    resolve(g, &mut problem).map(BranchTarget::Goto)
                } else if let Some(a) = &rb.action {
                    match a.get_ref().as_str() {
                        "resend" => Some(BranchTarget::Action(BranchAction::Resend)),
                        "explain" => Some(BranchTarget::Action(BranchAction::Explain)),
                        "pqr" => Some(BranchTarget::Action(BranchAction::Pqr)),
                        other => {
                            problem(
                                &a.span(),
                                format!("unknown action «{other}» (resend, explain, pqr)"),
                            );
                            None
                        }
                    }
                } else {
                    let o = rb
                        .outcome
                        .as_ref()
                        .map(|o| (o.span(), o.get_ref().clone()))
                        .unwrap_or_default();
                    match CallOutcome::ALL.into_iter().find(|c| c.as_str() == o.1) {
                        Some(c) => Some(BranchTarget::Outcome(c)),
                        None => {
                            problem(&o.0, format!("unknown outcome «{}»", o.1));
                            None
                        }
                    }
                };
                if let Some(target) = target {
                    branches.push(Branch {
                        key,
                        label: rb.label.clone(),
                        target,
                    });
                }
            }
            let leads_on = r.next.is_some()
                || r.end
                || branches
                    .iter()
                    .any(|b| matches!(b.target, BranchTarget::Goto(_) | BranchTarget::Outcome(_)));
            if !leads_on {
                problem(
                    &span,
                    format!(
                        "step «{id}» is a dead end: give it a next step, a branch, or end = true"
                    ),
                );
            }
            steps.push(Step {
                id,
                title: r.title.clone(),
                screen: r.screen.clone(),
                say: r.say.clone(),
                done_when,
                next,
                end: r.end,
                branches,
            });
        }
        if let Some(start) = start {
            let mut seen = vec![false; steps.len()];
            let mut stack = vec![start];
            while let Some(i) = stack.pop() {
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                stack.extend(steps[i].next);
                stack.extend(steps[i].branches.iter().filter_map(|b| match b.target {
                    BranchTarget::Goto(g) => Some(g),
                    _ => None,
                }));
            }
            for (i, s) in raw.step.iter().enumerate() {
                if !seen[i] {
                    problem(
                        &s.get_ref().id.span(),
                        format!(
                            "step «{}» cannot be reached from «{}»",
                            steps[i].id,
                            raw.start.get_ref()
                        ),
                    );
                }
            }
            if !steps.iter().any(|s| s.end) {
                problem(
                    &raw.start.span(),
                    "no step has end = true: the call can never be closed".into(),
                );
            }
        }
        problems.sort_by_key(|p| p.line);
        match (problems.is_empty(), start) {
            (true, Some(start)) => Ok(Script { start, steps }),
            _ => Err(problems),
        }
    }

    /// The steps in the order the script lists them, from `start`.
    pub fn step(&self, i: usize) -> Option<&Step> {
        self.steps.get(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_script_passes() {
        let script = Script::built_in().unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(script.steps[script.start].id, "olvido");
        assert!(script.steps.len() >= 7);
    }

    fn problems(source: &str) -> Vec<String> {
        Script::parse(source)
            .err()
            .unwrap_or_default()
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    const OK: &str = r#"start = "a"
[[step]]
id = "a"
title = { es = "A", en = "A" }
screen = { es = "s", en = "s" }
say = { es = "d", en = "d" }
next = "b"
[[step]]
id = "b"
title = { es = "B", en = "B" }
screen = { es = "s", en = "s" }
say = { es = "d", en = "d" }
end = true
"#;

    #[test]
    fn a_minimal_script_passes() {
        assert!(Script::parse(OK).is_ok());
    }

    #[test]
    fn broken_scripts_fail_at_the_right_line() {
        assert_eq!(
            problems(&OK.replace("next = \"b\"", "next = \"zz\"")),
            vec![
                "line 7: unknown step «zz»",
                "line 9: step «b» cannot be reached from «a»"
            ]
        );
        assert_eq!(
            problems(&OK.replace(
                "say = { es = \"d\", en = \"d\" }\nend",
                "say = { es = \"d\", en = \"\" }\nend"
            )),
            vec!["line 8: step «b»: say has no «en» text"]
        );
        assert_eq!(
            problems(&OK.replace("end = true", "")),
            vec![
                "line 1: no step has end = true: the call can never be closed",
                "line 8: step «b» is a dead end: give it a next step, a branch, or end = true"
            ]
        );
        assert_eq!(
            problems(&OK.replace("next = \"b\"", "next = \"b\"\ndone_when = [\"teleported\"]")),
            vec!["line 8: unknown event «teleported»"]
        );
        let syntax = problems("start = \"a\"\n[[step]\n");
        assert_eq!(syntax.len(), 1);
        assert!(syntax[0].starts_with("line 2: "), "{syntax:?}");
    }
}
