//! The dashboard («Tablero»): the desk's figures as ratatui charts. At 80×24 the panels come in
//! two pages (the legal clock with the 30-day trend; the reset funnel with the refused rules and
//! the calls) and Tab moves between them; from 120×40 all five are on one screen. Every bar
//! carries its number and a whole-word label, so the screen reads without colour (`NO_COLOR`).

mod clock;
mod panels;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::pane_block;
use super::text::fit_words;
use super::theme::{Theme, ThemeName};
use crate::app::model::{App, BoardPanel};
use crate::ui::strips::{self, Strip};
use contract::api::{Role, StatsScope};
use contract::i18n::{Lang, tr, trf};

/// From this size every panel is on one screen.
const LARGE_WIDTH: u16 = 120;
const LARGE_HEIGHT: u16 = 40;

/// Bars of each meaning, in colour when there is colour; plain blocks without (the number on
/// every bar says what colour would).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Palette {
    pub bad: Style,
    pub warn: Style,
    pub soon: Style,
    pub good: Style,
    pub neutral: Style,
    /// The number written over the start of a bar.
    pub value: Style,
}

impl Palette {
    fn of(name: ThemeName) -> Palette {
        if name == ThemeName::Mono {
            let plain = Style::new();
            return Palette {
                bad: plain,
                warn: plain,
                soon: plain,
                good: plain,
                neutral: plain,
                value: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            };
        }
        Palette {
            bad: Style::new().fg(Color::Red),
            warn: Style::new().fg(Color::Yellow),
            soon: Style::new().fg(Color::Cyan),
            good: Style::new().fg(Color::Green),
            neutral: Style::new().fg(Color::Blue),
            value: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        }
    }
}

/// What every panel's drawing needs.
pub(crate) struct Ctx<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
    pub palette: Palette,
}

impl Ctx<'_> {
    pub(crate) fn lang(&self) -> Lang {
        self.app.lang
    }

    pub(crate) fn focused(&self, panel: BoardPanel) -> bool {
        self.app.board.panel() == panel
    }

    /// The panel's top-bordered block, its title cut at a whole word.
    pub(crate) fn block(&self, title: &str, panel: BoardPanel, width: u16) -> Block<'static> {
        let title = fit_words(title, width.saturating_sub(2)).into_owned();
        pane_block(format!(" {title} "), self.focused(panel), self.theme)
    }
}

/// `part` of `whole` in whole percent, in the language's way («73 %», «73%»).
pub(crate) fn percent(lang: Lang, part: u64, whole: u64) -> String {
    // Counts come from the portal: in u128 no product or sum of two u64 can overflow.
    let pct = (u128::from(part) * 100 + u128::from(whole) / 2)
        .checked_div(u128::from(whole))
        .unwrap_or(0);
    trf(lang, "board.pct", &[("pct", &pct.to_string())])
}

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let ctx = Ctx {
        app,
        theme,
        palette: Palette::of(app.theme),
    };
    let [head, body] = strips::rows(area, [Strip::Fixed(1), Strip::REST]);
    let large = area.width >= LARGE_WIDTH && area.height >= LARGE_HEIGHT;
    header(frame, head, &ctx, large);
    let Some(figures) = &app.board.figures else {
        let text = if app.board.loading {
            tr(app.lang, "board.loading")
        } else {
            ""
        };
        frame.render_widget(Paragraph::new(text).style(theme.dim), body);
        return;
    };
    if large {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                .spacing(2)
                .areas(body);
        clock_and_trend(frame, left, &ctx, figures, 8);
        right_column(frame, right, &ctx, figures);
        return;
    }
    if first_page(app.board.panel()) {
        clock_and_trend(frame, body, &ctx, figures, 3);
    } else {
        right_column(frame, body, &ctx, figures);
    }
}

/// The clock panel as tall as its rows (within what the trend leaves it), the trend below with
/// sparklines of up to `spark_max` rows in the rest.
fn clock_and_trend(
    frame: &mut Frame,
    area: Rect,
    ctx: &Ctx,
    figures: &crate::app::BoardFigures,
    spark_max: u16,
) {
    let min_trend = 4;
    let clock_h =
        clock::height(figures.pqr.by_assignee.len()).min(area.height.saturating_sub(min_trend));
    let spark_h = ((area.height - clock_h).saturating_sub(2) / 2).clamp(1, spark_max);
    let [clock_area, trend_area, _] = Layout::vertical([
        Constraint::Length(clock_h),
        Constraint::Length(spark_h * 2 + 2),
        Constraint::Min(0),
    ])
    .areas(area);
    clock::render(frame, clock_area, ctx, figures);
    panels::trend(frame, trend_area, ctx, figures, spark_h);
}

/// The funnel, the refused rules and the calls, one above the other.
fn right_column(frame: &mut Frame, area: Rect, ctx: &Ctx, figures: &crate::app::BoardFigures) {
    let rules = ctx.app.board.rules().len().max(1) as u16;
    let [funnel, rules_area, calls] = Layout::vertical([
        Constraint::Length(9),
        Constraint::Length(rules + 1),
        Constraint::Length(5),
    ])
    .areas(area);
    panels::funnel(frame, funnel, ctx, figures);
    panels::rules(frame, rules_area, ctx);
    panels::calls(frame, calls, ctx, figures);
}

fn first_page(panel: BoardPanel) -> bool {
    matches!(panel, BoardPanel::Clock | BoardPanel::Trend)
}

/// «Tablero · toda la mesa de ayuda · en vivo», and at 80×24 which page this is.
fn header(frame: &mut Frame, area: Rect, ctx: &Ctx, large: bool) {
    let lang = ctx.lang();
    let board = &ctx.app.board;
    // The portal's word once it answered; before, what the operator's role will get.
    let desk = match board.figures.as_ref().map(|f| f.pqr.scope) {
        Some(scope) => scope == StatsScope::Desk,
        None => ctx
            .app
            .operator
            .as_ref()
            .is_some_and(|o| o.role == Role::Supervisor),
    };
    let scope = tr(
        lang,
        if desk {
            "board.scope_desk"
        } else {
            "board.scope_mine"
        },
    );
    let title = trf(lang, "board.title", &[("scope", scope)]);
    let (live, live_style) = if board.live {
        (tr(lang, "board.live"), ctx.theme.ok)
    } else {
        (tr(lang, "board.not_live"), ctx.theme.dim)
    };
    let mut spans = vec![
        Span::styled(title, ctx.theme.title),
        Span::raw(" · "),
        Span::styled(live.to_string(), live_style),
    ];
    if !large && board.figures.is_some() {
        let page = if first_page(board.panel()) { 1 } else { 2 };
        let more = format!("  [{page}/2 · {}]", tr(lang, "board.more"));
        let used: usize = spans.iter().map(Span::width).sum();
        if used + super::text::width(&more) as usize <= area.width as usize {
            spans.push(Span::styled(more, ctx.theme.dim));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
