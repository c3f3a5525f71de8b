//! The walkthrough screen: the steps and where the caller is, what they see and what to say, the
//! branches, and the live panel of the portal's events for this user; the rule explainer and the
//! outcome form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::model::App;
use crate::app::model::{LiveState, WalkState};
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
