//! The legal clock by assignee: a row per assignee (unassigned first), a column per state of the
//! clock (overdue, due today, due soon, in time), each cell a horizontal bar with its number, each
//! column on its own scale (it compares the assignees). The selected cell is what Enter opens.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, Paragraph};

use super::Ctx;
use crate::app::BoardFigures;
use crate::app::model::{BoardPanel, ClockState};
use crate::ui::strips::{self, Strip};
use crate::ui::text::{fit_words, width};
use contract::i18n::{tr, trf};

/// Columns between the name column and each state's column.
const GAP: u16 = 1;
/// The name column: as wide as the longest name, within these bounds.
const NAME_MIN: u16 = 8;
const NAME_MAX: u16 = 22;

/// The rows the panel needs for `assignees` rows: its title, the states' header, the rows, and
/// the line of tickets waiting on the requester.
pub(crate) fn height(assignees: usize) -> u16 {
    u16::try_from(assignees.max(1))
        .unwrap_or(u16::MAX)
        .saturating_add(3)
}

pub(crate) fn render(frame: &mut Frame, area: Rect, ctx: &Ctx, figures: &BoardFigures) {
    let lang = ctx.lang();
    let board = &ctx.app.board;
    let focused = ctx.focused(BoardPanel::Clock);
    let title = trf(
        lang,
        "board.clock_title",
        &[("n", &figures.pqr.clock.open.to_string())],
    );
    let block = ctx.block(&title, BoardPanel::Clock, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = &figures.pqr.by_assignee;
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(tr(lang, "board.no_open")).style(ctx.theme.dim),
            inner,
        );
        return;
    }
    let names: Vec<String> = rows
        .iter()
        .map(|r| match &r.assignee {
            Some(a) => a.name.clone(),
            None => tr(lang, "board.unassigned").to_string(),
        })
        .collect();
    let name_w = names
        .iter()
        .map(|n| width(n))
        .max()
        .unwrap_or(0)
        .clamp(NAME_MIN, NAME_MAX);
    let [head, body, foot] = strips::rows(inner, [Strip::Fixed(1), Strip::REST, Strip::Fixed(1)]);
    // Rows that fit; the selection stays in view.
    let visible = usize::from(body.height).max(1);
    let first = board.row.saturating_sub(visible - 1);
    let shown = first..(first + visible).min(rows.len());

    let mut constraints = vec![Constraint::Length(name_w)];
    constraints.extend(ClockState::ALL.iter().map(|_| Constraint::Fill(1)));
    let layout = Layout::horizontal(constraints).spacing(GAP);
    let head_cells = layout.split(head);
    let body_cells = layout.split(body);

    for (i, state) in ClockState::ALL.iter().enumerate() {
        let cell = head_cells[i + 1];
        let label = fit_words(tr(lang, state.label_key()), cell.width).into_owned();
        let style = if focused && board.col == i {
            ctx.theme.selected
        } else {
            ctx.theme.title
        };
        frame.render_widget(Paragraph::new(Line::styled(label, style)), cell);
        // Each state on its own scale: the column compares the assignees (who is overloaded).
        let max = rows
            .iter()
            .map(|r| state.count(&r.counts))
            .max()
            .unwrap_or(0)
            .max(1);
        let bar_style = match state {
            ClockState::Overdue => ctx.palette.bad,
            ClockState::DueToday => ctx.palette.warn,
            ClockState::DueSoon => ctx.palette.soon,
            ClockState::InTime => ctx.palette.good,
        };
        let bars: Vec<Bar> = rows[shown.clone()]
            .iter()
            .enumerate()
            .map(|(k, r)| {
                let n = state.count(&r.counts);
                let selected = focused && board.col == i && board.row == first + k;
                let value_style = if selected {
                    ctx.palette.value.add_modifier(Modifier::UNDERLINED)
                } else {
                    ctx.palette.value
                };
                Bar::default()
                    .value(n)
                    .text_value(n.to_string())
                    .value_style(value_style)
            })
            .collect();
        let chart = BarChart::horizontal(bars)
            .bar_width(1)
            .bar_gap(0)
            .group_gap(0)
            .max(max)
            .bar_style(bar_style);
        frame.render_widget(chart, body_cells[i + 1]);
    }
    let name_lines: Vec<Line> = names[shown.clone()]
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let text = fit_words(n, name_w).into_owned();
            if focused && board.row == first + k {
                Line::styled(text, ctx.theme.selected)
            } else {
                Line::raw(text)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(name_lines), body_cells[0]);
    let suspended = trf(
        lang,
        "board.suspended",
        &[("n", &figures.pqr.clock.suspended.to_string())],
    );
    frame.render_widget(
        Paragraph::new(fit_words(&suspended, foot.width).into_owned()).style(ctx.theme.dim),
        foot,
    );
}
