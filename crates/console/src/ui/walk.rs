//! The walkthrough screen: the steps and where the caller is, what they see and what to say, the
//! branches, and the live panel of the portal's events for this user; the rule explainer and the
//! outcome form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph};

use super::text::{hanging, width};
use super::theme::Theme;
use crate::app::model::App;
use crate::app::model::{LiveState, WalkState};
use crate::ui::strips::{self, Strip};
use contract::i18n::{tr, trf};

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(w) = &app.walk else {
        return;
    };
    let lang = app.lang;
    // The live panel grows with a tall screen (a third of it, up to the events kept); at 80×24
    // the steps need the room.
    let live_rows = if area.height > 30 {
        (area.height / 3).min(crate::app::model::LIVE_KEEP as u16 + 2)
    } else {
        5u16.min(area.height / 4).max(3)
    };
    let [head, main, live] = strips::rows(
        area,
        [
            Strip::Fixed(1),
            Strip::Rest { min: 4 },
            Strip::Fixed(live_rows),
        ],
    );
    let (live_text, live_style) = match w.live {
        LiveState::Connecting => (tr(lang, "walk.live_connecting"), theme.dim),
        LiveState::Live => (tr(lang, "walk.live_on"), theme.ok),
        LiveState::Reconnecting => (tr(lang, "walk.live_reconnecting"), theme.warn),
    };
    let done = w.done.iter().filter(|d| **d).count();
    let progress = trf(
        lang,
        "walk.progress",
        &[
            ("done", &done.to_string()),
            ("total", &w.script.steps.len().to_string()),
        ],
    );
    // Most useful first; a part that does not fit whole leaves (the email first, being also in
    // the detail), so nothing on the line is cut.
    let parts = [
        (0, call_timer(app, w.user_id), theme.key),
        (3, format!(" · {}", w.email_masked), theme.dim),
        (2, format!(" · {progress}"), theme.dim),
        (1, format!(" · {live_text}"), live_style),
    ];
    let name = format!(" {}", w.user_name);
    let mut room = head.width.saturating_sub(width(&name));
    let mut keep = [false; 4];
    for rank in 0..4 {
        if let Some(i) = parts.iter().position(|p| p.0 == rank)
            && width(&parts[i].1) <= room
        {
            keep[i] = true;
            room -= width(&parts[i].1);
        }
    }
    let mut spans = vec![Span::styled(name, theme.title)];
    for (part, _) in parts.into_iter().zip(keep).filter(|(_, k)| *k) {
        spans.push(Span::styled(part.1, part.2));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), head);
    // The list is as wide as its longest title (mark and border included) while the step keeps
    // three fifths of the width; a title longer than that wraps under itself.
    let longest = w
        .script
        .steps
        .iter()
        .map(|s| width(s.title.get(lang)))
        .max()
        .unwrap_or(0);
    let steps_width = (longest + 3).clamp(18, (main.width * 2 / 5).max(18));
    let [steps, step] = strips::columns(main, [Strip::Fixed(steps_width), Strip::Rest { min: 20 }]);
    step_list(frame, steps, app, w, theme);
    step_view(frame, step, app, w, theme);
    live_panel(frame, live, app, w, theme);
}

fn step_list(frame: &mut Frame, area: Rect, app: &App, w: &WalkState, theme: &Theme) {
    let text_width = area.width.saturating_sub(1); // the border on the right
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
            ListItem::new(hanging(
                vec![Span::styled(format!("{mark} "), style)],
                s.title.get(app.lang),
                Style::new(),
                text_width,
            ))
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
    // Every text wraps under itself, right of its lead («Diga:», the branch key), so the script
    // reads as a column; the portal's mock screen is drawn as it is.
    let title = format!(
        "{}{}",
        step.title.get(lang),
        if w.done[w.current] { " ✓" } else { "" }
    );
    let mut lines = hanging(
        vec![Span::styled(
            format!(" {}/{} · ", w.current + 1, w.script.steps.len()),
            theme.title,
        )],
        &title,
        theme.title,
        area.width,
    );
    for l in step.screen.get(lang).lines().filter(|l| !l.is_empty()) {
        lines.push(Line::styled(format!(" {l}"), theme.dim));
    }
    lines.extend(hanging(
        vec![Span::styled(
            format!(" {} ", tr(lang, "walk.say")),
            theme.key,
        )],
        step.say.get(lang),
        Style::new(),
        area.width,
    ));
    for b in &step.branches {
        lines.extend(hanging(
            vec![Span::styled(format!(" {} ", b.key), theme.key)],
            b.label.get(lang),
            Style::new(),
            area.width,
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

fn live_panel(frame: &mut Frame, area: Rect, app: &App, w: &WalkState, theme: &Theme) {
    let lang = app.lang;
    let rows = area.height.saturating_sub(1) as usize;
    // The newest events that fit, each wrapped under its text after the time, never cut.
    let mut lines: Vec<Line> = Vec::new();
    for e in w.events.iter().rev() {
        let event = hanging(
            vec![Span::styled(
                format!("{} ", contract::format::time::clock_time(e.at)),
                theme.dim,
            )],
            &contract::format::events::event_text(lang, e),
            Style::new(),
            area.width,
        );
        if lines.len() + event.len() > rows {
            break;
        }
        lines.splice(0..0, event);
    }
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

/// « · ◷ llamada 03:12»: how long this caller has been on the line (since their detail or the
/// walkthrough was first opened in this call).
pub(crate) fn call_timer(app: &App, user_id: i64) -> String {
    app.call_seconds(user_id)
        .map(|s| {
            let time = format!("{:02}:{:02}", s / 60, s % 60);
            format!(
                " · {}",
                trf(app.lang, "users.call_timer", &[("time", &time)])
            )
        })
        .unwrap_or_default()
}
