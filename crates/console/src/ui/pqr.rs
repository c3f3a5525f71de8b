//! The PQR screen: the filtered list with the legal clock, and the detail with its thread.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Table, TableState};

use super::table::Column;
use super::text::width;
use super::theme::Theme;
use crate::app::model::App;
use crate::app::model::{Drawn, PqrFocus, Scope};
use crate::ui::strips::{self, Strip};
use contract::api::{PqrStatus, PqrSummary, PqrType};
use contract::i18n::{Lang, tr, trf};

pub fn status_label(lang: Lang, s: PqrStatus) -> &'static str {
    tr(lang, &format!("pqr_status.{}", s.as_str()))
}

pub fn type_label(lang: Lang, t: PqrType) -> &'static str {
    tr(lang, &format!("pqr_type.{}", t.as_str()))
}

fn type_short(lang: Lang, t: PqrType) -> &'static str {
    tr(lang, &format!("pqr_type_short.{}", t.as_str()))
}

/// Whether the legal clock runs in this status.
fn clock_runs(s: PqrStatus) -> bool {
    matches!(
        s,
        PqrStatus::Radicada | PqrStatus::EnTramite | PqrStatus::Prorrogada
    )
}

/// The legal clock in words and its urgency style: «vence hoy», «quedan 3 días hábiles»,
/// «vencida hace 2 días». `short` is for the list's narrow column.
pub fn legal_clock(lang: Lang, p: &PqrSummary, theme: &Theme, short: bool) -> Span<'static> {
    if !clock_runs(p.status) {
        let key = if p.status == PqrStatus::EnEsperaUsuario {
            "clock.paused"
        } else {
            "clock.stopped"
        };
        return Span::styled(tr(lang, key).to_string(), theme.dim);
    }
    let n = p.business_days_left;
    let suffix = if short { "_short" } else { "" };
    let (key, style) = match n {
        ..0 => (format!("clock.overdue{suffix}"), theme.error),
        0 => (format!("clock.today{suffix}"), theme.error),
        1..=3 => (format!("clock.left{suffix}"), theme.warn),
        _ => (format!("clock.left{suffix}"), theme.ok),
    };
    let text = trf(lang, &key, &[("n", &n.unsigned_abs().to_string())]);
    // Under NO_COLOR the words carry it; in the long form a mark makes overdue ones stand out.
    let mark = if n < 0 && !short { "!" } else { "" };
    Span::styled(format!("{mark}{text}"), style)
}

/// «vence el jueves 10 de diciembre»; «venció el …» once the day has passed in Bogotá.
pub fn due_in_words(lang: Lang, date: jiff::civil::Date, now: jiff::Timestamp) -> String {
    let weekday = tr(
        lang,
        &format!("weekday.{}", date.weekday().to_monday_one_offset()),
    );
    let month = tr(lang, &format!("month.{}", date.month()));
    let key = if date < contract::format::time::today(now) {
        "clock.due_was"
    } else {
        "clock.due_on"
    };
    trf(
        lang,
        key,
        &[
            ("weekday", weekday),
            ("day", &date.day().to_string()),
            ("month", month),
        ],
    )
}

pub fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, drawn: &mut Drawn) {
    let show_detail = app.pqr.detail.is_some() || app.pqr.loading_detail.is_some();
    let [filters, rest] = strips::rows(area, [Strip::Fixed(1), Strip::REST]);
    filter_line(frame, filters, app, theme);
    let (list, detail) =
        super::list_and_detail(rest, show_detail && app.pqr.focus == PqrFocus::Detail, 10);
    table(frame, list, app, theme);
    drawn.pqr_rows = super::list_rows(list);
    if let Some(detail) = detail {
        drawn.pqr_detail_below = super::pqr_detail::render(frame, detail, app, theme);
        drawn.pqr_detail_rows = super::pane_block(String::new(), false, theme)
            .inner(detail)
            .height;
    }
}

fn filter_line(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let p = &app.pqr;
    let mut spans = vec![Span::styled(
        format!(" {} › ", tr(lang, "pqr.search_label")),
        theme.dim,
    )];
    let focused = p.focus == PqrFocus::Search && app.modal.is_none();
    let text = crate::app::model::text_of(&p.search);
    // What is typed stays; the placeholder is the first to leave when the line is full.
    let placeholder = text.is_empty() && !focused;
    let shown = if placeholder {
        tr(lang, "pqr.search_placeholder").to_string()
    } else if focused {
        format!("{text}▏")
    } else {
        text
    };
    let shown_style = if focused {
        Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED)
    } else {
        theme.dim
    };
    let scope = match p.scope {
        Scope::Queue => tr(lang, "pqr.scope_queue").to_string(),
        Scope::All => tr(lang, "pqr.scope_all").to_string(),
        Scope::Mine => tr(lang, "pqr.scope_mine").to_string(),
        Scope::Unassigned => tr(lang, "pqr.scope_none").to_string(),
        Scope::Operator(_) => trf(lang, "pqr.scope_operator", &[("name", &p.assignee_name)]),
        Scope::User(_) => trf(lang, "pqr.scope_user", &[("name", &p.assignee_name)]),
    };
    let mut chips = vec![scope];
    if let Some(s) = p.status {
        chips.push(status_label(lang, s).to_string());
    } else if p.open_only {
        chips.push(tr(lang, "pqr.status_open").into());
    }
    if let Some(t) = p.pqr_type {
        chips.push(type_label(lang, t).to_string());
    }
    if p.overdue {
        chips.push(tr(lang, "pqr.chip_overdue").into());
    }
    if p.due_today {
        chips.push(tr(lang, "pqr.chip_today").into());
    }
    // Most urgent first is the default (and the queue's order): only the reverse is a chip, so
    // the queue's chips and the count fit in 80 columns.
    if p.descending {
        chips.push(tr(lang, "pqr.sort_desc").into());
    }
    let state = if p.loading {
        tr(lang, "users.searching").to_string()
    } else if p.loaded {
        let more = if p.next_cursor.is_some() { "+" } else { "" };
        trf(
            lang,
            "pqr.count",
            &[("n", &format!("{}{more}", p.items.len()))],
        )
    } else {
        String::new()
    };
    // The count first, then the chips in order, then the placeholder: each whole or not at all.
    let state = format!("  {state}");
    let mut room = area
        .width
        .saturating_sub(spans.iter().map(|s| width(&s.content)).sum::<u16>())
        .saturating_sub(if placeholder { 0 } else { width(&shown) })
        .saturating_sub(width(&state));
    let mut kept = Vec::new();
    for chip in chips {
        let chip = format!(" [{chip}]");
        if width(&chip) > room {
            break;
        }
        room -= width(&chip);
        kept.push(chip);
    }
    if !placeholder || width(&shown) < room {
        spans.push(Span::styled(shown, shown_style));
        spans.push(Span::raw(" "));
    }
    spans.push(Span::styled(kept.concat(), theme.key));
    spans.push(Span::styled(state, theme.dim));
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn table(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let p = &app.pqr;
    let focused = p.focus == PqrFocus::List && app.modal.is_none();
    let block = super::pane_block(String::new(), focused, theme);
    if p.items.is_empty() {
        let text = if p.loading || !p.loaded {
            tr(lang, "users.loading")
        } else {
            tr(lang, "pqr.none")
        };
        frame.render_widget(Paragraph::new(text).style(theme.dim).block(block), area);
        return;
    }
    // Only the rows that fit are built: the list stays instant with 100,000 tickets loaded.
    let visible = usize::from(super::list_rows(area));
    // Page-aligned: moving within a page repaints two rows; only crossing a page repaints them
    // all (a scrolling window would repaint every row on every key, over SSH).
    let offset = p.selected - p.selected % visible;
    let wide = area.width >= 120;
    let page: Vec<&PqrSummary> = p.items.iter().skip(offset).take(visible).collect();
    let (header, rows, widths) =
        super::table::build(columns(lang, &page, wide, theme), area.width, theme.title);
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(1)
        .row_highlight_style(theme.selected)
        .highlight_symbol("▶")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(Some(p.selected - offset));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The list's columns: the radicado and the legal clock always, whole; then the status, the
/// subject (stretching, fitted at word boundaries), the assignee, the type and the requester, the
/// last ones leaving first when the terminal is narrow.
fn columns<'a>(lang: Lang, page: &[&'a PqrSummary], wide: bool, theme: &Theme) -> Vec<Column<'a>> {
    let cells = |f: &dyn Fn(&'a PqrSummary) -> Span<'a>| page.iter().map(|t| f(t)).collect();
    vec![
        Column::fixed(
            tr(lang, "pcol.radicado"),
            0,
            cells(&|t| Span::raw(t.radicado.as_str())),
        ),
        Column::fixed(
            tr(lang, "pcol.type"),
            4,
            cells(&|t| {
                Span::raw(if wide {
                    type_label(lang, t.pqr_type)
                } else {
                    type_short(lang, t.pqr_type)
                })
            }),
        ),
        Column::stretch(
            tr(lang, "pcol.subject"),
            14,
            22,
            cells(&|t| Span::raw(t.subject.as_str())),
        ),
        Column::fixed(
            tr(lang, "pcol.requester"),
            5,
            cells(&|t| Span::raw(t.requester.name.as_str())),
        ),
        Column::fixed(
            tr(lang, "pcol.status"),
            1,
            cells(&|t| Span::raw(status_label(lang, t.status))),
        ),
        Column::fixed(
            tr(lang, "pcol.assignee"),
            3,
            cells(&|t| {
                Span::raw(t.assignee.as_ref().map_or("—", |a| {
                    if wide {
                        a.name.as_str()
                    } else {
                        a.name.split_whitespace().next().unwrap_or("—")
                    }
                }))
            }),
        ),
        Column::fixed(
            tr(lang, "pcol.clock"),
            0,
            cells(&|t| legal_clock(lang, t, theme, !wide)),
        ),
    ]
}
