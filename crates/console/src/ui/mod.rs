//! `view(state)`: draws, decides nothing. One module per screen or modal; this one lays out the
//! frame: status bar, the screen, the notice line and the footer of keys.

pub(crate) mod board;
pub(crate) mod conversations;
pub(crate) mod modals;
pub mod pqr;
pub(crate) mod pqr_detail;
pub(crate) mod strips;
pub(crate) mod table;
pub(crate) mod text;
pub(crate) mod text_field;
pub mod theme;
pub(crate) mod users;
pub(crate) mod walk;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::keymap::Context;
use crate::app::model::{App, Connection, Drawn, Level, Screen};
use crate::app::toolbox::with_retry_hint;
use contract::i18n::{tr, trf};
use strips::Strip;
use theme::Theme;

/// Below this the console asks for a bigger terminal instead of drawing a broken screen.
pub(crate) const MIN_WIDTH: u16 = 60;
pub(crate) const MIN_HEIGHT: u16 = 20;

/// Draws the frame (what a test looks at; the runner uses [`draw`]).
pub fn view(frame: &mut Frame, app: &App) {
    draw(frame, app);
}

/// Draws the frame and says what it drew (`App::drawn` takes it): the rows of the lists and
/// panes, how far a thread scrolls, where the editor's text scrolled to.
pub fn draw(frame: &mut Frame, app: &App) -> Drawn {
    let mut drawn = Drawn::default();
    let area = frame.area();
    let theme = Theme::of(app.theme);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, app, &theme);
        return drawn;
    }
    let [status, body, notice, footer] = strips::rows(
        area,
        [
            Strip::Fixed(1),
            Strip::REST,
            Strip::Fixed(1),
            Strip::Fixed(1),
        ],
    );
    status_bar(frame, status, app, &theme);
    match app.screen {
        Screen::Users => users::render(frame, body, app, &theme, &mut drawn),
        Screen::Pqr => pqr::render(frame, body, app, &theme, &mut drawn),
        Screen::Walkthrough => walk::render(frame, body, app, &theme),
        Screen::Board => board::render(frame, body, app, &theme),
        Screen::Conversations => conversations::render(frame, body, app, &theme, &mut drawn),
    }
    notice_line(frame, notice, app, &theme);
    footer_keys(frame, footer, app, &theme);
    if let Some(modal) = &app.modal {
        modals::render(frame, area, app, modal, &theme, &mut drawn);
    }
    drawn
}

/// The rows of a list drawn in `area` (a pane's top border and the header take two).
pub(crate) fn list_rows(area: Rect) -> u16 {
    area.height.saturating_sub(2).max(1)
}

/// How many rows of `text` (wrapped at `width`, its block included) fall below `area` when it
/// is not scrolled: how far it scrolls.
pub(crate) fn rows_below(text: &Paragraph, area: Rect, width: u16) -> u16 {
    let below = text
        .line_count(width)
        .saturating_sub(usize::from(area.height));
    u16::try_from(below).unwrap_or(u16::MAX)
}

fn too_small(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let text = trf(
        app.lang,
        "screen.too_small",
        &[
            ("w", &area.width.to_string()),
            ("h", &area.height.to_string()),
            ("min_w", &MIN_WIDTH.to_string()),
            ("min_h", &MIN_HEIGHT.to_string()),
        ],
    );
    let y = area.height / 2;
    let line_area = Rect::new(
        area.x,
        area.y + y.saturating_sub(1),
        area.width,
        area.height - y.saturating_sub(1),
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(theme.warn)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        line_area,
    );
}

fn status_bar(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    let operator = match &app.operator {
        Some(op) => format!(
            "{} · {}",
            op.name,
            tr(lang, &format!("role.{}", op.role.as_str()))
        ),
        None => tr(lang, "conn.no_operator").into(),
    };
    let (conn_key, conn_style) = match app.connection {
        Connection::Connecting => ("conn.connecting", theme.bar),
        Connection::Online => ("conn.online", theme.bar),
        Connection::Offline => ("conn.offline", theme.error),
        Connection::Unauthorized => ("conn.unauthorized", theme.error),
    };
    let screen = tr(
        lang,
        match app.screen {
            Screen::Pqr => "screen.pqr",
            Screen::Users => "screen.users",
            Screen::Walkthrough => "screen.walk",
            Screen::Board => "screen.board",
            Screen::Conversations => "screen.conversations",
        },
    );
    let badge_width = if app.demo_outbox.is_some() { 6 } else { 0 };
    // The most useful first: what screen, who, connected or not; the app's name and the host
    // only when the width allows.
    let title = format!(" {} · {screen} ", tr(lang, "app.title"));
    let host = format!("│ {} ", app.portal_host);
    let fixed = format!("│ {operator} ");
    let conn = tr(lang, conn_key).to_string();
    let width = |parts: &[&str]| {
        parts
            .iter()
            .map(|p| unicode_width::UnicodeWidthStr::width(*p))
            .sum::<usize>()
    };
    let room = area.width as usize;
    let short_title = format!(" {screen} ");
    let (title, host) = if width(&[&title, &fixed, &host, "│ ", &conn]) + badge_width <= room {
        (title, host)
    } else if width(&[&short_title, &fixed, &host, "│ ", &conn]) + badge_width <= room {
        (short_title, host)
    } else {
        (short_title, String::new())
    };
    let mut left = vec![
        Span::styled(title, theme.bar.patch(theme.title)),
        Span::styled(format!("{fixed}{host}│ "), theme.bar),
        Span::styled(conn, conn_style),
    ];
    let badge = app
        .demo_outbox
        .as_ref()
        .map(|_| Span::styled(" DEMO ", theme.demo));
    let used: usize =
        left.iter().map(Span::width).sum::<usize>() + badge.as_ref().map_or(0, Span::width);
    left.push(Span::styled(
        " ".repeat((area.width as usize).saturating_sub(used)),
        theme.bar,
    ));
    left.extend(badge);
    frame.render_widget(Paragraph::new(Line::from(left)).style(theme.bar), area);
}

fn notice_line(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let lang = app.lang;
    // A countdown is a notice of its own: a newer notice replaces it.
    let countdown = app
        .countdown_left()
        .map(|s| trf(lang, "resend.wait", &[("s", &s.to_string())]));
    let (style, text) = match (app.connection, countdown, &app.notice) {
        (Connection::Offline, _, _) => (
            theme.error,
            with_retry_hint(app, tr(lang, "banner.offline").to_string()),
        ),
        (Connection::Unauthorized, _, _) => {
            (theme.error, tr(lang, "banner.unauthorized").to_string())
        }
        (_, Some(c), _) => (theme.warn, format!("◷ {c}")),
        (_, None, Some(n)) => {
            let (style, mark) = match n.level {
                Level::Info => (theme.base, "·"),
                Level::Success => (theme.ok, "✔"),
                Level::Warning => (theme.warn, "!"),
                Level::Error => (theme.error, "✘"),
            };
            (style, format!("{mark} {}", n.text))
        }
        (_, None, None) => match &app.demo_outbox {
            Some(outbox) => (theme.dim, trf(lang, "demo.outbox", &[("path", outbox)])),
            None => (theme.dim, String::new()),
        },
    };
    // One row: a notice longer than the terminal ends at a whole word with «…».
    let text = text::fit_words(&text, area.width).into_owned();
    frame.render_widget(Paragraph::new(text).style(style), area);
}

/// The keys that work here, from the keymap itself.
pub(crate) fn footer_spans(app: &App, ctx: Context, theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    // What cannot work here now (a resend during the cooldown) is not offered.
    let offered = app.keymap.bindings(ctx).iter();
    for binding in offered.filter(|b| b.footer && app.offers(b.action)) {
        // A run of digit keys (the walkthrough's branches) reads as «1-9».
        let keys: Vec<String> = match (binding.keys.first(), binding.keys.last()) {
            (Some(first), Some(last))
                if binding.keys.len() > 2
                    && binding.keys.iter().all(
                        |k| matches!(k.code, crossterm::event::KeyCode::Char(c) if c.is_ascii_digit()),
                    ) =>
            {
                vec![format!("{first}-{last}")]
            }
            _ => binding.keys.iter().take(1).map(|k| k.to_string()).collect(),
        };
        // Single spaces between entries: the Spanish footer of the results fits 80 columns.
        let lead = if spans.is_empty() { "" } else { " " };
        spans.push(Span::styled(format!("{lead}{}", keys.join("/")), theme.key));
        spans.push(Span::styled(
            format!(" {}", tr(app.lang, &binding.label)),
            theme.dim,
        ));
    }
    spans
}

fn footer_keys(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let spans = fit_footer(footer_spans(app, app.context(), theme), area.width);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The footer's entries (key and label, two spans each) that fit `width`, whole: the last two
/// (help and quit, in every screen) stay, and the ones before them leave from the end.
fn fit_footer(spans: Vec<Span<'static>>, width: u16) -> Vec<Span<'static>> {
    let mut entries: Vec<Vec<Span<'static>>> = spans.chunks(2).map(<[_]>::to_vec).collect();
    let size = |e: &[Span]| e.iter().map(Span::width).sum::<usize>();
    while entries.len() > 2 && entries.iter().map(|e| size(e)).sum::<usize>() > usize::from(width) {
        entries.remove(entries.len() - 3);
    }
    let mut out: Vec<Span<'static>> = entries.into_iter().flatten().collect();
    // The first entry has no leading space; one that moved to the front keeps none either.
    if let Some(first) = out.first_mut() {
        first.content = first.content.trim_start().to_string().into();
    }
    out
}

/// A list above and, when there is one, a detail pane below it: the list keeps a third of the
/// height (between 4 rows and `max_list_rows`), the detail the rest.
pub(crate) fn list_and_detail(
    area: Rect,
    with_detail: bool,
    max_list_rows: u16,
) -> (Rect, Option<Rect>) {
    if !with_detail {
        return (area, None);
    }
    // A tall screen gives the list two fifths of its height (at 200×60, 22 rows instead of 12);
    // at 80×24 the detail needs the room.
    let rows = if area.height > 40 {
        area.height * 2 / 5
    } else {
        (area.height / 3).clamp(4, max_list_rows)
    };
    let [list, detail] = strips::rows(area, [Strip::Fixed(rows), Strip::REST]);
    (list, Some(detail))
}

/// The top-bordered block of a pane, its border showing whether it has the focus.
pub(crate) fn pane_block<'a>(
    title: String,
    focused: bool,
    theme: &Theme,
) -> ratatui::widgets::Block<'a> {
    ratatui::widgets::Block::new()
        .borders(ratatui::widgets::Borders::TOP)
        .title(Span::styled(title, theme.title))
        .border_style(if focused {
            theme.focus_border
        } else {
            theme.border
        })
}

/// A centred rectangle of at most `w`×`h` inside `area`.
pub(crate) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}
