//! The dashboard's other panels: the 30-day trend with the share answered within term, the reset
//! funnel, the password rules that refused passwords, and the calls by outcome. Each bar is a
//! ratatui `BarChart` bar with a whole-word label on its left and its number over its start.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, LineGauge, Paragraph, Sparkline};

use super::{Ctx, percent};
use crate::app::BoardFigures;
use crate::app::model::{BoardPanel, FunnelStep};
use crate::ui::text::width;
use contract::api::CallOutcome;
use contract::format::events::rule_text;
use contract::i18n::{Lang, tr, trf};

/// One labelled bar per row, the selected one marked when its panel has the focus. Labels are
/// padded to one width, so the bars start in one column; a label never shrinks (the chart gives
/// the longest label its whole width).
fn labelled_bars<'a>(
    ctx: &Ctx,
    panel: BoardPanel,
    rows: Vec<(String, u64, String)>,
    bar_style: Style,
) -> BarChart<'a> {
    let label_w = rows.iter().map(|(l, _, _)| width(l)).max().unwrap_or(0) as usize;
    let max = rows.iter().map(|(_, n, _)| *n).max().unwrap_or(0).max(1);
    let focused = ctx.focused(panel);
    let bars: Vec<Bar> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, n, text))| {
            let pad = label_w.saturating_sub(width(&label) as usize);
            let label = format!("{label}{}", " ".repeat(pad));
            let label = if focused && ctx.app.board.row == i {
                Line::styled(label, ctx.theme.selected)
            } else {
                Line::raw(label)
            };
            Bar::default()
                .value(n)
                .label(label)
                .text_value(text)
                .value_style(ctx.palette.value)
        })
        .collect();
    BarChart::horizontal(bars)
        .bar_width(1)
        .bar_gap(0)
        .max(max)
        .bar_style(bar_style)
}

/// Received and answered per day as sparklines (`spark_h` rows each) with their totals, and the
/// share answered within term as a line gauge.
pub(crate) fn trend(frame: &mut Frame, area: Rect, ctx: &Ctx, f: &BoardFigures, spark_h: u16) {
    let lang = ctx.lang();
    let block = ctx.block(tr(lang, "board.trend_title"), BoardPanel::Trend, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let received: Vec<u64> = f.pqr.daily.iter().map(|d| d.received).collect();
    let answered: Vec<u64> = f.pqr.daily.iter().map(|d| d.answered).collect();
    let labels = [
        trf(
            lang,
            "board.received",
            &[("n", &received.iter().sum::<u64>().to_string())],
        ),
        trf(
            lang,
            "board.answered",
            &[("n", &answered.iter().sum::<u64>().to_string())],
        ),
    ];
    let label_w = labels.iter().map(|l| width(l)).max().unwrap_or(0);
    let [rec_row, ans_row, gauge_row] = Layout::vertical([
        Constraint::Length(spark_h),
        Constraint::Length(spark_h),
        Constraint::Length(1),
    ])
    .areas(inner);
    let max = received
        .iter()
        .chain(answered.iter())
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    for ((row, label), (data, style)) in [rec_row, ans_row].into_iter().zip(&labels).zip([
        (&received, ctx.palette.neutral),
        (&answered, ctx.palette.good),
    ]) {
        let [l, s] = Layout::horizontal([Constraint::Length(label_w), Constraint::Min(0)])
            .spacing(1)
            .areas(row);
        frame.render_widget(Paragraph::new(label.as_str()), l);
        // The newest days when the row is narrower than the 30 days.
        let skip = data.len().saturating_sub(usize::from(s.width));
        frame.render_widget(
            Sparkline::default()
                .data(&data[skip..])
                .max(max)
                .style(style),
            s,
        );
    }
    let a = &f.pqr.answered;
    let label = if a.total == 0 {
        tr(lang, "board.in_term_none").to_string()
    } else {
        format!(
            "{} ({})",
            trf(
                lang,
                "board.in_term",
                &[
                    ("within", &a.within_term.to_string()),
                    ("total", &a.total.to_string())
                ]
            ),
            percent(lang, a.within_term, a.total)
        )
    };
    let ratio = if a.total == 0 {
        0.0
    } else {
        (a.within_term as f64 / a.total as f64).clamp(0.0, 1.0)
    };
    frame.render_widget(
        LineGauge::default()
            .ratio(ratio)
            .label(label)
            .filled_symbol(ratatui::symbols::line::THICK_HORIZONTAL)
            .unfilled_symbol(ratatui::symbols::line::HORIZONTAL)
            .filled_style(ctx.palette.good.add_modifier(Modifier::BOLD))
            .unfilled_style(ctx.theme.dim),
        gauge_row,
    );
}

/// `n (73 %)`: a count and its share of `whole` (ASCII only: the chart places it by bytes).
fn with_share(lang: Lang, n: u64, whole: u64) -> String {
    format!("{n} ({})", percent(lang, n, whole))
}

/// Duration in words: «9 minutos», «2 horas», «3 días».
fn duration_words(lang: Lang, seconds: i64) -> String {
    let s = seconds.max(0);
    let (key, n) = match s {
        0..60 => ("board.seconds", s),
        60..3600 => ("board.minutes", (s + 30) / 60),
        3600..172_800 => ("board.hours", (s + 1800) / 3600),
        // Seconds from the portal: saturating, so an absurd figure cannot overflow.
        _ => ("board.days", s.saturating_add(43_200) / 86_400),
    };
    trf(lang, key, &[("n", &n.to_string())])
}

/// Requested → sent → relayed → bounced → opened → changed → logged in, each with its share of the
/// requests; the median time to change below.
pub(crate) fn funnel(frame: &mut Frame, area: Rect, ctx: &Ctx, f: &BoardFigures) {
    let lang = ctx.lang();
    let title = trf(
        lang,
        "board.funnel_title",
        &[
            ("from", &f.resets.from.to_string()),
            ("to", &f.resets.to.to_string()),
        ],
    );
    let block = ctx.block(&title, BoardPanel::Funnel, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let requested = FunnelStep::Requested.count(f);
    let rows = FunnelStep::ALL
        .iter()
        .map(|s| {
            let n = s.count(f);
            (
                tr(lang, s.label_key()).to_string(),
                n,
                with_share(lang, n, requested),
            )
        })
        .collect();
    let [bars, median] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    frame.render_widget(
        labelled_bars(ctx, BoardPanel::Funnel, rows, ctx.palette.neutral),
        bars,
    );
    let text = match f.resets.median_seconds_to_change {
        Some(s) => trf(lang, "board.median", &[("time", &duration_words(lang, s))]),
        None => tr(lang, "board.median_none").to_string(),
    };
    frame.render_widget(Paragraph::new(text).style(ctx.theme.dim), median);
}

/// The password rules that refused new passwords, most first, in the portal guide's words.
pub(crate) fn rules(frame: &mut Frame, area: Rect, ctx: &Ctx) {
    let lang = ctx.lang();
    let block = ctx.block(tr(lang, "board.rules_title"), BoardPanel::Rules, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rules = ctx.app.board.rules();
    if rules.is_empty() {
        frame.render_widget(
            Paragraph::new(tr(lang, "board.rules_none")).style(ctx.theme.dim),
            inner,
        );
        return;
    }
    let total: u64 = rules
        .iter()
        .fold(0u64, |sum, (_, n)| sum.saturating_add(*n));
    let rows = rules
        .into_iter()
        .map(|(rule, n)| {
            (
                rule_text(lang, rule).to_string(),
                n,
                with_share(lang, n, total),
            )
        })
        .collect();
    frame.render_widget(
        labelled_bars(ctx, BoardPanel::Rules, rows, ctx.palette.bad),
        inner,
    );
}

/// Calls by how they ended, with their share of the calls.
pub(crate) fn calls(frame: &mut Frame, area: Rect, ctx: &Ctx, f: &BoardFigures) {
    let lang = ctx.lang();
    let c = &f.calls;
    let title = trf(lang, "board.calls_title", &[("n", &c.total.to_string())]);
    let block = ctx.block(&title, BoardPanel::Calls, area.width);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = CallOutcome::ALL
        .iter()
        .map(|o| {
            let n = match o {
                CallOutcome::Resuelto => c.by_outcome.resuelto,
                CallOutcome::EscaladoPqr => c.by_outcome.escalado_pqr,
                CallOutcome::IdentidadNoVerificada => c.by_outcome.identidad_no_verificada,
                _ => c.by_outcome.llamada_cortada,
            };
            let label = tr(lang, &format!("outcome.{}", o.as_str())).to_string();
            (label, n, with_share(lang, n, c.total))
        })
        .collect();
    frame.render_widget(
        labelled_bars(ctx, BoardPanel::Calls, rows, ctx.palette.neutral),
        inner,
    );
}
