//! The PQR modals: the note/reply editor with its INTERNA/PÚBLICA banner, the send confirmation,
//! the status picker, the extension form and the drafts found at start.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};

use super::theme::Theme;
use super::{centered, footer_spans};
use crate::api::{PqrStatus, Visibility};
use crate::app::keymap::Context;
use crate::app::model::App;
use crate::app::model::{CreateForm, EditorState, ExtensionForm, canned_responses};
use crate::drafts::Draft;
use crate::format::time::date_time;
use crate::i18n::{tr, trf};

fn block<'a>(title: String, style: Style, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(format!(" {title} "), theme.title))
}

fn banner(app: &App, visibility: Visibility, theme: &Theme) -> (String, Style) {
    match visibility {
        Visibility::Public => (
            tr(app.lang, "editor.banner_public").to_string(),
            theme.ok.patch(theme.bar),
        ),
        _ => (
            tr(app.lang, "editor.banner_internal").to_string(),
            theme.warn.patch(theme.bar),
        ),
    }
}

pub fn editor(frame: &mut Frame, area: Rect, app: &App, e: &EditorState, theme: &Theme) {
    let rect = centered(
        area,
        area.width.saturating_sub(4).min(100),
        area.height.saturating_sub(2),
    );
    frame.render_widget(Clear, rect);
    let (text, style) = banner(app, e.draft.visibility, theme);
    let title = trf(app.lang, "editor.title", &[("radicado", &e.draft.radicado)]);
    let b = block(title, style, theme).title_bottom(Line::from(footer_spans(
        app,
        Context::Editor,
        theme,
    )));
    let inner = b.inner(rect);
    frame.render_widget(b, rect);
    let [top, body, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(format!(" {text} ")).style(style), top);
    frame.render_widget(&e.text, body);
    frame.render_widget(
        Paragraph::new(tr(app.lang, "editor.hint")).style(theme.dim),
        hint,
    );
    if let Some(selected) = e.canned {
        let canned = canned_responses();
        let items: Vec<ListItem> = canned
            .iter()
            .map(|c| ListItem::new(c.title.clone()))
            .collect();
        let r = centered(body, 50, canned.len() as u16 + 2);
        frame.render_widget(Clear, r);
        let mut state = ListState::default().with_selected(Some(selected));
        frame.render_stateful_widget(
            List::new(items)
                .block(block(
                    tr(app.lang, "editor.canned").into(),
                    theme.focus_border,
                    theme,
                ))
                .highlight_style(theme.selected)
                .highlight_symbol("▶ "),
            r,
            &mut state,
        );
    }
}

pub fn confirm_send(frame: &mut Frame, area: Rect, app: &App, draft: &Draft, theme: &Theme) {
    let rect = centered(area, 64, 9);
    frame.render_widget(Clear, rect);
    let lines = vec![
        Line::styled(tr(app.lang, "editor.banner_public"), theme.ok),
        Line::raw(trf(
            app.lang,
            "editor.confirm_public",
            &[("radicado", &draft.radicado)],
        )),
        Line::raw(""),
        Line::styled(format!("«{}…»", draft.preview(50)), theme.dim),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                block(
                    tr(app.lang, "editor.confirm_title").into(),
                    theme.focus_border,
                    theme,
                )
                .title_bottom(Line::from(footer_spans(
                    app,
                    Context::ConfirmSend,
                    theme,
                ))),
            )
            .wrap(Wrap { trim: true }),
        rect,
    );
}

fn picker(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    (title, ctx): (String, Context),
    items: Vec<ListItem>,
    selected: usize,
    theme: &Theme,
) {
    let rect = centered(area, 64, items.len() as u16 + 2);
    frame.render_widget(Clear, rect);
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(
        List::new(items)
            .block(
                block(title, theme.focus_border, theme)
                    .title_bottom(Line::from(footer_spans(app, ctx, theme))),
            )
            .highlight_style(theme.selected)
            .highlight_symbol("▶ "),
        rect,
        &mut state,
    );
}

pub fn status_picker(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    options: &[PqrStatus],
    selected: usize,
    theme: &Theme,
) {
    let items = options
        .iter()
        .map(|s| ListItem::new(super::pqr::status_label(app.lang, *s)))
        .collect();
    picker(
        frame,
        area,
        app,
        (
            tr(app.lang, "pqr.status_title").into(),
            Context::StatusPicker,
        ),
        items,
        selected,
        theme,
    );
}

pub fn drafts(frame: &mut Frame, area: Rect, app: &App, selected: usize, theme: &Theme) {
    let items = app
        .drafts
        .iter()
        .map(|d| {
            let kind = if d.visibility == Visibility::Public {
                "thread.public"
            } else {
                "thread.internal"
            };
            let target = match &d.new_pqr {
                Some(new) => trf(app.lang, "drafts.new_pqr", &[("name", &new.user_name)]),
                None => d.radicado.clone(),
            };
            ListItem::new(format!(
                "{} [{}] {} · {}",
                target,
                tr(app.lang, kind),
                date_time(d.saved_at),
                d.preview(30)
            ))
        })
        .collect();
    picker(
        frame,
        area,
        app,
        (tr(app.lang, "drafts.title").into(), Context::Drafts),
        items,
        selected,
        theme,
    );
}

pub fn extension(frame: &mut Frame, area: Rect, app: &App, f: &ExtensionForm, theme: &Theme) {
    let lang = app.lang;
    let rect = centered(area, 68, 10);
    frame.render_widget(Clear, rect);
    let b = block(
        tr(lang, "extension.title").into(),
        theme.focus_border,
        theme,
    )
    .title_bottom(Line::from(footer_spans(app, Context::Extension, theme)));
    let inner = b.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(b, rect);
    let [intro, reason, date, _, err] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(tr(lang, "extension.intro"))
            .style(theme.dim)
            .wrap(Wrap { trim: true }),
        intro,
    );
    for (row, label, field, focused) in [
        (reason, "extension.reason", &f.reason, !f.on_date),
        (date, "extension.date", &f.new_date, f.on_date),
    ] {
        super::modals::labeled_field(frame, row, 16, tr(lang, label), field, focused, theme);
    }
    if let Some(e) = &f.error {
        frame.render_widget(Paragraph::new(format!("✘ {e}")).style(theme.error), err);
    }
}

pub fn create(frame: &mut Frame, area: Rect, app: &App, f: &CreateForm, theme: &Theme) {
    let lang = app.lang;
    let rect = centered(
        area,
        area.width.saturating_sub(4).min(90),
        area.height.saturating_sub(2).min(18),
    );
    frame.render_widget(Clear, rect);
    let b = block(
        trf(lang, "create.title", &[("name", &f.user_name)]),
        theme.focus_border,
        theme,
    )
    .title_bottom(Line::from(footer_spans(app, Context::Create, theme)));
    let inner = b.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(b, rect);
    let [kind, channel, subject, notes, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(inner);
    let label = |i: usize, key: &str| {
        let focused = f.field == i;
        Span::styled(
            format!("{}{:<14}", if focused { "▶ " } else { "  " }, tr(lang, key)),
            if focused { theme.key } else { theme.base },
        )
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            label(0, "create.type"),
            Span::raw(format!("‹ {} ›", super::pqr::type_label(lang, f.pqr_type))),
        ])),
        kind,
    );
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            label(1, "create.channel"),
            Span::raw(format!(
                "‹ {} ›",
                tr(lang, &format!("channel.{}", f.channel.as_str()))
            )),
        ])),
        channel,
    );
    let [sl, sv] = Layout::horizontal([Constraint::Length(16), Constraint::Min(10)]).areas(subject);
    frame.render_widget(Paragraph::new(Line::from(label(2, "create.subject"))), sl);
    let mut field = f.subject.clone();
    if f.field != 2 {
        field.set_cursor_style(Style::new());
    }
    frame.render_widget(&field, sv);
    let [nl, nv] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(notes);
    frame.render_widget(Paragraph::new(Line::from(label(3, "create.notes"))), nl);
    let mut body = f.notes.clone();
    if f.field != 3 {
        body.set_cursor_style(Style::new());
    }
    frame.render_widget(&body, nv);
    let line = if f.pending {
        Line::styled(tr(lang, "create.pending"), theme.dim)
    } else if let Some(e) = &f.error {
        Line::styled(format!("✘ {e}"), theme.error)
    } else {
        Line::styled(tr(lang, "create.hint"), theme.dim)
    };
    frame.render_widget(Paragraph::new(line), status);
}

pub fn radicado(frame: &mut Frame, area: Rect, app: &App, radicado: &str, theme: &Theme) {
    let rect = centered(area, 60, 7);
    frame.render_widget(Clear, rect);
    let lines = vec![
        Line::raw(tr(app.lang, "create.done")),
        Line::raw(""),
        Line::styled(format!("   {radicado}"), theme.title),
        Line::raw(""),
        Line::styled(tr(app.lang, "create.copied"), theme.dim),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(block(
            tr(app.lang, "create.done_title").into(),
            theme.focus_border,
            theme,
        )),
        rect,
    );
}
