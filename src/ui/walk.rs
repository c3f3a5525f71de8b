//! The walkthrough screen: the steps and where the caller is, what they see and what to say, the
//! branches, and the live panel of the portal's events for this user; the rule explainer and the
//! outcome form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::theme::Theme;
use super::{centered, footer_spans};
use crate::api::{CallOutcome, PolicyRule};
use crate::app::keymap::Context;
use crate::app::model::App;
use crate::app::model::{LiveState, OutcomeForm, SecretInput, WalkState};
use crate::domain::policy;
use crate::i18n::{tr, trf};

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(w) = &app.walk else {
        return;
    };
    let lang = app.lang;
    let live_rows = 5u16.min(area.height / 4).max(3);
    let [head, main, live] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(4),
        Constraint::Length(live_rows),
    ])
    .areas(area);
    let (live_text, live_style) = match w.live {
        LiveState::Connecting => (tr(lang, "walk.live_connecting"), theme.dim),
        LiveState::Live => (tr(lang, "walk.live_on"), theme.ok),
        LiveState::Reconnecting => (tr(lang, "walk.live_reconnecting"), theme.warn),
    };
    let done = w.done.iter().filter(|d| **d).count();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(format!(" {} ", w.user_name), theme.title),
            Span::styled(format!("· {} · ", w.email_masked), theme.dim),
            Span::styled(
                trf(
                    lang,
                    "walk.progress",
                    &[
                        ("done", &done.to_string()),
                        ("total", &w.script.steps.len().to_string()),
                    ],
                ),
                theme.dim,
            ),
            Span::raw(" · "),
            Span::styled(live_text, live_style),
        ])),
        head,
    );
    let steps_width = (main.width / 3).clamp(18, 30);
    let [steps, step] =
        Layout::horizontal([Constraint::Length(steps_width), Constraint::Min(20)]).areas(main);
    step_list(frame, steps, app, w, theme);
    step_view(frame, step, app, w, theme);
    live_panel(frame, live, app, w, theme);
}

fn step_list(frame: &mut Frame, area: Rect, app: &App, w: &WalkState, theme: &Theme) {
    let items: Vec<ListItem> = w
        .script
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (mark, style) = if w.done[i] {
                ("✓", theme.ok)
            } else if i == w.current {
                ("▶", theme.key)
            } else {
                ("·", theme.dim)
            };
            ListItem::new(Line::from(vec![
                Span::styled(format!("{mark} "), style),
                Span::raw(s.title.get(app.lang).to_string()),
            ]))
        })
        .collect();
    let mut state = ListState::default().with_selected(Some(w.current));
    frame.render_stateful_widget(
        List::new(items)
            .block(
                Block::new()
                    .borders(Borders::RIGHT)
                    .border_style(theme.border),
            )
            .highlight_style(theme.selected),
        area,
        &mut state,
    );
}

fn step_view(frame: &mut Frame, area: Rect, app: &App, w: &WalkState, theme: &Theme) {
    let lang = app.lang;
    let Some(step) = w.script.step(w.current) else {
        return;
    };
    let mut lines = vec![Line::styled(
        format!(
            " {}/{} · {}{}",
            w.current + 1,
            w.script.steps.len(),
            step.title.get(lang),
            if w.done[w.current] { " ✓" } else { "" }
        ),
        theme.title,
    )];
    for l in step.screen.get(lang).lines().filter(|l| !l.is_empty()) {
        lines.push(Line::styled(format!(" {l}"), theme.dim));
    }
    lines.push(Line::from(vec![
        Span::styled(format!(" {} ", tr(lang, "walk.say")), theme.key),
        Span::raw(step.say.get(lang).to_string()),
    ]));
    for b in &step.branches {
        lines.push(Line::from(vec![
            Span::styled(format!(" {} ", b.key), theme.key),
            Span::raw(b.label.get(lang).to_string()),
        ]));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

fn live_panel(frame: &mut Frame, area: Rect, app: &App, w: &WalkState, theme: &Theme) {
    let lang = app.lang;
    let rows = area.height.saturating_sub(1) as usize;
    let mut lines: Vec<Line> = w
        .events
        .iter()
        .rev()
        .take(rows)
        .rev()
        .map(|e| {
            Line::from(vec![
                Span::styled(
                    format!("{} ", crate::format::time::clock_time(e.at)),
                    theme.dim,
                ),
                Span::raw(crate::format::events::event_text(lang, e)),
            ])
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::styled(tr(lang, "walk.live_empty"), theme.dim));
    }
    frame.render_widget(
        Paragraph::new(lines).block(
            Block::new()
                .borders(Borders::TOP)
                .border_style(theme.border)
                .title(Span::styled(
                    format!(" {} ", tr(lang, "walk.live_title")),
                    theme.title,
                )),
        ),
        area,
    );
}

fn rule_line(ok: bool, text: String, theme: &Theme) -> Line<'static> {
    let (mark, style) = if ok {
        ("✓", theme.ok)
    } else {
        ("✗", theme.error)
    };
    Line::from(vec![
        Span::styled(format!(" {mark} "), style),
        Span::raw(text),
    ])
}

pub fn explainer(frame: &mut Frame, area: Rect, app: &App, input: &SecretInput, theme: &Theme) {
    let lang = app.lang;
    let rect = centered(area, 74, 20);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focus_border)
        .title(Span::styled(
            format!(" {} ", tr(lang, "explain.title")),
            theme.title,
        ))
        .title_bottom(Line::from(footer_spans(app, Context::Explainer, theme)));
    let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(block, rect);
    let [field, body] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    let [label, value] =
        Layout::horizontal([Constraint::Length(22), Constraint::Min(10)]).areas(field);
    frame.render_widget(
        Paragraph::new(tr(lang, "explain.field")).style(theme.key),
        label,
    );
    let mut masked = input.0.clone();
    masked.set_style(Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED));
    frame.render_widget(&masked, value);
    let typed = input.text();
    let broken = policy::check(&typed);
    let rule = |r: PolicyRule| crate::format::events::rule_text(lang, r).to_string();
    let mut lines = vec![Line::styled(tr(lang, "explain.rules"), theme.title)];
    for (r, key) in [
        (PolicyRule::TooShort, "explain.length"),
        (PolicyRule::MissingLowercase, "explain.lower"),
        (PolicyRule::MissingUppercase, "explain.upper"),
        (PolicyRule::MissingDigit, "explain.digit"),
        (PolicyRule::MissingSpecial, "explain.special"),
    ] {
        // The length line covers both ends (8 to 40).
        let length_broken = r == PolicyRule::TooShort && broken.contains(&PolicyRule::TooLong);
        let ok = !(typed.is_empty() || broken.contains(&r) || length_broken);
        lines.push(rule_line(ok, tr(lang, key).to_string(), theme));
    }
    let specials: Vec<String> = policy::SPECIAL_CHARACTERS
        .chars()
        .map(String::from)
        .collect();
    lines.push(Line::raw(format!("   {}", specials.join(" "))));
    lines.push(Line::styled(tr(lang, "explain.not_special"), theme.warn));
    if let Some(w) = app
        .walk
        .as_ref()
        .filter(|w| !w.last_rules.is_empty() || w.not_special_used.is_some())
    {
        lines.push(Line::styled(tr(lang, "explain.last_attempt"), theme.title));
        for r in &w.last_rules {
            lines.push(rule_line(false, rule(*r), theme));
        }
        if let Some(chars) = &w.not_special_used {
            lines.push(rule_line(
                false,
                trf(
                    lang,
                    "rule.not_special",
                    &[("chars", &format!("'{chars}'"))],
                ),
                theme,
            ));
        }
    }
    lines.push(Line::styled(tr(lang, "explain.privacy"), theme.dim));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
}

pub fn outcome(frame: &mut Frame, area: Rect, app: &App, f: &OutcomeForm, theme: &Theme) {
    let lang = app.lang;
    let rect = centered(area, 64, 13);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focus_border)
        .title(Span::styled(
            format!(" {} ", tr(lang, "outcome.title")),
            theme.title,
        ))
        .title_bottom(Line::from(footer_spans(app, Context::Outcome, theme)));
    let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(block, rect);
    let [list, note, status] = Layout::vertical([
        Constraint::Length(CallOutcome::ALL.len() as u16),
        Constraint::Min(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    let items: Vec<ListItem> = CallOutcome::ALL
        .iter()
        .map(|o| ListItem::new(tr(lang, &format!("outcome.{}", o.as_str()))))
        .collect();
    let mut state = ListState::default().with_selected(Some(f.selected));
    let style = if f.on_note { theme.dim } else { theme.selected };
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(style)
            .highlight_symbol("▶ "),
        list,
        &mut state,
    );
    let mut text = f.note.clone();
    if !f.on_note {
        text.set_cursor_style(Style::new());
    }
    text.set_block(
        Block::new()
            .borders(Borders::TOP)
            .border_style(theme.border)
            .title(tr(lang, "outcome.note")),
    );
    frame.render_widget(&text, note);
    let line = if f.pending {
        Line::styled(tr(lang, "outcome.pending"), theme.dim)
    } else if let Some(e) = &f.error {
        Line::styled(format!("✘ {e}"), theme.error)
    } else {
        Line::styled(tr(lang, "outcome.hint"), theme.dim)
    };
    frame.render_widget(Paragraph::new(line), status);
}
