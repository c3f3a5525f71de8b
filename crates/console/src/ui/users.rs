//! The users screen: search field, results table and the detail pane with the timeline.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Table, TableState, Wrap};

use super::table::Column;
use super::text::keep_dates_whole;
use super::theme::Theme;
use crate::app::model::{App, DetailState, Drawn, Focus};
use crate::ui::strips::{self, Strip};
use contract::api::{MailState, UserKind, UserStatus, UserSummary};
use contract::domain::masking::compact_mask;
use contract::format::time::{date_time, relative};
use contract::i18n::{Lang, tr, trf};

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, theme: &Theme, drawn: &mut Drawn) {
    let show_detail = app.users.detail.is_some() || app.users.loading_detail.is_some();
    let [search, rest] = strips::rows(area, [Strip::Fixed(1), Strip::REST]);
    search_line(frame, search, app, theme);
    let (table, detail) = super::list_and_detail(rest, show_detail, 12);
    results(frame, table, app, theme);
    drawn.users_rows = super::list_rows(table);
    if let Some(detail) = detail {
        drawn.user_detail_below = detail_pane(frame, detail, app, theme);
        drawn.user_detail_rows = super::pane_block(String::new(), false, theme)
            .inner(detail)
            .height;
    }
}

fn search_line(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let focused = app.users.focus == Focus::Search && app.modal.is_none();
    let label = format!(" {} › ", tr(lang, "users.search_label"));
    let count = if app.users.searching {
        tr(lang, "users.searching").to_string()
    } else if app.users.shown_query.is_empty() {
        String::new()
    } else {
        let n = app.users.results.len().to_string();
        let key = if app.users.more_results {
            "users.count_more"
        } else {
            "users.count"
        };
        trf(lang, key, &[("n", &n)])
    };
    let label_w = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
    let count_w = unicode_width::UnicodeWidthStr::width(count.as_str()) as u16 + 1;
    let [l, input, c] = strips::columns(
        area,
        [
            Strip::Fixed(label_w),
            Strip::Rest { min: 10 },
            Strip::Fixed(count_w),
        ],
    );
    let label_style = if focused {
        theme.focus_border.patch(theme.title)
    } else {
        theme.dim
    };
    frame.render_widget(Paragraph::new(label).style(label_style), l);
    let mut field = super::text_field::text_widget(&app.users.search);
    // The placeholder's colour is the theme's (the widget's own grey would ignore NO_COLOR).
    field.set_placeholder_style(theme.dim);
    field.set_style(if focused {
        Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED)
    } else {
        theme.base
    });
    if !focused {
        field.set_cursor_style(Style::new());
    }
    frame.render_widget(&field, input);
    frame.render_widget(Paragraph::new(count).style(theme.dim).right_aligned(), c);
}

pub(crate) fn kind_label(lang: Lang, kind: UserKind) -> &'static str {
    tr(lang, &format!("kind.{}", kind.as_str()))
}

/// The kind as one letter for the list (the legend is in the help; the detail says it in full).
pub(crate) fn kind_letter(lang: Lang, kind: UserKind) -> &'static str {
    tr(lang, &format!("kind_letter.{}", kind.as_str()))
}

/// A status in words with a symbol, so it reads without colour.
pub(crate) fn status_badge(lang: Lang, status: UserStatus, theme: &Theme) -> Span<'static> {
    let (mark, style) = match status {
        UserStatus::Active => ("●", theme.ok),
        UserStatus::Locked => ("■", theme.error),
        UserStatus::Disabled => ("○", theme.dim),
        UserStatus::PendingActivation => ("◌", theme.warn),
        UserStatus::Unknown => ("?", theme.dim),
    };
    Span::styled(
        format!(
            "{mark} {}",
            tr(lang, &format!("status.{}", status.as_str()))
        ),
        style,
    )
}

fn results(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let focused = app.users.focus == Focus::List && app.modal.is_none();
    let block = super::pane_block(String::new(), focused, theme);
    if app.users.results.is_empty() {
        let text = if app.users.shown_query.is_empty() {
            tr(lang, "users.hint").to_string()
        } else {
            trf(lang, "users.none", &[("q", &app.users.shown_query)])
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(theme.dim)
                .block(block)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    // Only the visible page is laid out: column widths come from what is on screen.
    let visible = usize::from(super::list_rows(area));
    let offset = app.users.selected - app.users.selected % visible;
    let page: Vec<&UserSummary> = app
        .users
        .results
        .iter()
        .skip(offset)
        .take(visible)
        .collect();
    let (header, rows, widths) =
        super::table::build(columns(lang, &page, app, theme), area.width, theme.title);
    let table = Table::new(rows, widths)
        .header(header)
        .block(block)
        .column_spacing(1)
        .row_highlight_style(theme.selected)
        .highlight_symbol("▶")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    // Page-aligned scrolling, as in the PQR list: cheap frames for j/k over a slow link.
    let mut state = TableState::default().with_selected(Some(app.users.selected - offset));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The results' columns, most useful first: the name is how the operator confirms the caller, so
/// it keeps 30 columns, takes up to 42 for a long one, and the rest give way (the last login first, then the email), whole.
fn columns<'a>(lang: Lang, page: &[&'a UserSummary], app: &App, theme: &Theme) -> Vec<Column<'a>> {
    let cells = |f: &dyn Fn(&'a UserSummary) -> Span<'a>| page.iter().map(|u| f(u)).collect();
    vec![
        Column::stretch(
            tr(lang, "col.name"),
            30,
            42,
            cells(&|u| Span::raw(u.full_name.as_str())),
        ),
        Column::fixed(
            tr(lang, "col.status"),
            1,
            cells(&|u| status_badge(lang, u.status, theme)),
        ),
        Column::fixed(
            tr(lang, "col.document"),
            2,
            cells(&|u| {
                Span::raw(format!(
                    "{} {}",
                    u.document_type.as_str(),
                    compact_mask(&u.document_masked)
                ))
            }),
        ),
        Column::fixed(
            tr(lang, "col.kind"),
            3,
            cells(&|u| Span::raw(kind_letter(lang, u.kind))),
        ),
        Column::shrinking(
            tr(lang, "col.email"),
            4,
            14,
            cells(&|u| Span::raw(compact_mask(&u.email_masked))),
        ),
        Column::fixed(
            tr(lang, "col.last_login"),
            5,
            cells(&|u| {
                Span::raw(
                    u.last_login_at
                        .map(|t| relative(lang, t, app.now))
                        .unwrap_or_else(|| tr(lang, "users.never").into()),
                )
            }),
        ),
    ]
}

/// Draws the user's detail; answers how far it scrolls.
fn detail_pane(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) -> u16 {
    let focused = app.users.focus == Focus::Detail && app.modal.is_none();
    let title = app
        .users
        .detail
        .as_ref()
        .map(|d| {
            let id = d.user.summary.id;
            format!(
                " {}{} ",
                d.user.summary.full_name,
                super::walk::call_timer(app, id)
            )
        })
        .unwrap_or_default();
    let block = super::pane_block(title, focused, theme);
    match &app.users.detail {
        Some(d)
            if app
                .users
                .loading_detail
                .is_none_or(|id| id == d.user.summary.id) =>
        {
            let lines = detail_lines(app, d, theme);
            let text = Paragraph::new(lines)
                .block(block)
                .wrap(Wrap { trim: false });
            let below = super::rows_below(&text, area, area.width);
            frame.render_widget(text.scroll((d.scroll, 0)), area);
            below
        }
        _ => {
            frame.render_widget(
                Paragraph::new(tr(app.lang, "users.loading"))
                    .style(theme.dim)
                    .block(block),
                area,
            );
            0
        }
    }
}

fn detail_lines<'a>(app: &App, d: &'a DetailState, theme: &Theme) -> Vec<Line<'a>> {
    let lang = app.lang;
    let u = &d.user;
    let s = &u.summary;
    let now = app.now;
    let mut lines = vec![Line::from(vec![
        Span::raw(format!(
            "{} {} · {} · {} · {} · ",
            s.document_type.as_str(),
            compact_mask(&s.document_masked),
            compact_mask(&s.email_masked),
            compact_mask(&s.phone_masked),
            kind_label(lang, s.kind)
        )),
        status_badge(lang, s.status, theme),
    ])];
    let mut state: Vec<Span> = Vec::new();
    // Wrapped at 60 columns, a date never leaves its time behind.
    let when = |t| {
        let at = keep_dates_whole(&date_time(t)).into_owned();
        format!("{at} ({})", relative(lang, t, now))
    };
    if let Some(t) = u.locked_until.filter(|t| *t > now) {
        state.push(Span::styled(
            trf(lang, "detail.locked_until", &[("when", &when(t))]),
            theme.error,
        ));
    }
    if let Some(t) = u.verification_locked_until.filter(|t| *t > now) {
        state.push(Span::styled(
            trf(lang, "detail.verification_locked", &[("when", &when(t))]),
            theme.error,
        ));
    }
    let verified = app.verified_until(s.id);
    if let Some(t) = verified {
        state.push(Span::styled(
            trf(lang, "detail.verified_until", &[("when", &when(t))]),
            theme.ok,
        ));
    }
    if u.email_bounced {
        state.push(Span::styled(tr(lang, "detail.email_bounced"), theme.warn));
    }
    if !state.is_empty() {
        let mut joined = Vec::new();
        for (i, span) in state.into_iter().enumerate() {
            if i > 0 {
                joined.push(Span::raw(" · "));
            }
            joined.push(span);
        }
        lines.push(Line::from(joined));
    }
    let opt = |t: Option<jiff::Timestamp>| {
        t.map(|t| relative(lang, t, now))
            .unwrap_or_else(|| "—".into())
    };
    lines.push(Line::styled(
        trf(
            lang,
            "detail.dates",
            &[
                ("link", &opt(u.last_reset_link_at)),
                ("changed", &opt(u.password_changed_at)),
                ("created", &keep_dates_whole(&date_time(u.created_at))),
            ],
        ),
        theme.dim,
    ));
    if let Some(m) = &u.last_reset_mail {
        // Where the last reset link's email stands: what the operator can tell the caller.
        let state = contract::format::mail::state_words(
            lang,
            m.state,
            m.at,
            m.retry_at,
            m.status_code.as_deref(),
        );
        let style = match m.state {
            MailState::Relayed => theme.dim,
            MailState::Queued | MailState::Deferred => theme.warn,
            _ => theme.error,
        };
        lines.push(Line::styled(
            trf(lang, "mail.last_link", &[("state", &state)]),
            style,
        ));
    }
    lines.push(Line::styled(tr(lang, "detail.timeline"), theme.title));
    if d.timeline.is_empty() {
        lines.push(Line::styled(tr(lang, "detail.no_events"), theme.dim));
    }
    for e in &d.timeline {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} {:>11}  ", date_time(e.at), relative(lang, e.at, now)),
                theme.dim,
            ),
            Span::raw(
                keep_dates_whole(&contract::format::events::event_text(lang, e)).into_owned(),
            ),
        ]));
    }
    lines
}
