//! Modals drawn over the screen: help, command palette, the verification form, confirmations.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::theme::Theme;
use super::{centered, footer_spans};
use crate::app::features::palette;
use crate::app::model::{App, Confirm, ConfirmKind, Modal, PaletteState, VerifyField, VerifyForm};
use crate::format::time::{clock_time, date_time};
use crate::i18n::{tr, trf};

pub fn render(frame: &mut Frame, area: Rect, app: &App, modal: &Modal, theme: &Theme) {
    match modal {
        Modal::Help { scroll } => help(frame, area, app, *scroll, theme),
        Modal::Palette(p) => palette_modal(frame, area, app, p, theme),
        Modal::Verify(form) => verify(frame, area, app, form, theme),
        Modal::Confirm(c) => confirm(frame, area, app, c, theme),
        Modal::Editor(e) => super::pqr_modals::editor(frame, area, app, e, theme),
        Modal::ConfirmSend(d) => super::pqr_modals::confirm_send(frame, area, app, d, theme),
        Modal::StatusPicker {
            options, selected, ..
        } => super::pqr_modals::status_picker(frame, area, app, options, *selected, theme),
        Modal::Extension(f) => super::pqr_modals::extension(frame, area, app, f, theme),
        Modal::Drafts { selected } => super::pqr_modals::drafts(frame, area, app, *selected, theme),
        Modal::CreatePqr(f) => super::pqr_modals::create(frame, area, app, f, theme),
        Modal::Explainer(input) => super::walk::explainer(frame, area, app, input, theme),
        Modal::Outcome(f) => super::walk::outcome(frame, area, app, f, theme),
        Modal::Radicado(r) => super::pqr_modals::radicado(frame, area, app, r, theme),
    }
}

fn frame_block<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focus_border)
        .title(Span::styled(format!(" {title} "), theme.title))
}

fn help(frame: &mut Frame, area: Rect, app: &App, scroll: u16, theme: &Theme) {
    let lang = app.lang;
    let ctx = app.screen_context();
    let mut lines = vec![Line::styled(
        tr(lang, &format!("help.context.{}", ctx.name())),
        theme.dim,
    )];
    for binding in app.keymap.bindings(ctx) {
        let keys: Vec<String> = binding.keys.iter().map(|k| k.to_string()).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:>12}  ", keys.join(" ")), theme.key),
            Span::raw(tr(lang, &binding.desc)),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(tr(lang, "help.escape_note"), theme.dim));
    if let Some(outbox) = &app.demo_outbox {
        lines.push(Line::styled(
            trf(lang, "demo.outbox", &[("path", outbox)]),
            theme.dim,
        ));
    }
    let rect = centered(area, 76, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                frame_block(tr(lang, "help.title").into(), theme).title_bottom(Line::from(
                    footer_spans(app, crate::app::keymap::Context::Help, theme),
                )),
            )
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        rect,
    );
}

/// `▶ Label  [field]`: a form row, the label marked and the field underlined when focused.
pub(crate) fn labeled_field(
    frame: &mut Frame,
    row: Rect,
    label_width: u16,
    label: &str,
    field: &TextArea<'static>,
    focused: bool,
    theme: &Theme,
) {
    let [l, f] =
        Layout::horizontal([Constraint::Length(label_width), Constraint::Min(10)]).areas(row);
    let marker = if focused { "▶ " } else { "  " };
    let style = if focused { theme.key } else { theme.base };
    frame.render_widget(Paragraph::new(format!("{marker}{label}")).style(style), l);
    frame.render_widget(&input_widget(field, focused, theme), f);
}

fn input_widget(field: &TextArea<'static>, focused: bool, theme: &Theme) -> TextArea<'static> {
    let mut field = field.clone();
    if focused {
        field.set_style(Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED));
    } else {
        field.set_style(theme.dim);
        field.set_cursor_style(Style::new());
    }
    field
}

fn palette_modal(frame: &mut Frame, area: Rect, app: &App, p: &PaletteState, theme: &Theme) {
    let lang = app.lang;
    let query = crate::app::model::text_of(&p.input);
    let found = palette::matching(&query);
    let rect = centered(area, 50, (found.len() as u16 + 4).clamp(5, 14));
    frame.render_widget(Clear, rect);
    let block = frame_block(tr(lang, "palette.title").into(), theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [input, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(0)]).areas(inner);
    let [colon, field] =
        Layout::horizontal([Constraint::Length(2), Constraint::Min(1)]).areas(input);
    frame.render_widget(Paragraph::new(":").style(theme.key), colon);
    frame.render_widget(&input_widget(&p.input, true, theme), field);
    let items: Vec<ListItem> = if found.is_empty() {
        vec![ListItem::new(Span::styled(
            tr(lang, "palette.nothing"),
            theme.dim,
        ))]
    } else {
        found
            .iter()
            .map(|c| ListItem::new(tr(lang, c.label_key())))
            .collect()
    };
    let mut state = ListState::default().with_selected((!found.is_empty()).then_some(p.selected));
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(theme.selected)
            .highlight_symbol("▶ "),
        list,
        &mut state,
    );
}

fn verify(frame: &mut Frame, area: Rect, app: &App, form: &VerifyForm, theme: &Theme) {
    let lang = app.lang;
    let rect = centered(area, 68, 11);
    frame.render_widget(Clear, rect);
    let block = frame_block(trf(lang, "verify.title", &[("name", &form.name)]), theme)
        .title_bottom(Line::from(footer_spans(
            app,
            crate::app::keymap::Context::Verify,
            theme,
        )));
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let inner = inner.inner(ratatui::layout::Margin::new(1, 0));
    let [intro, doc, date, _, result] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(tr(lang, "verify.intro"))
            .style(theme.dim)
            .wrap(Wrap { trim: true }),
        intro,
    );
    for (row, label, field, which) in [
        (
            doc,
            "verify.document",
            &form.document,
            VerifyField::Document,
        ),
        (
            date,
            "verify.birth_date",
            &form.birth_date,
            VerifyField::BirthDate,
        ),
    ] {
        let focused = form.field == which && !form.pending;
        labeled_field(frame, row, 22, tr(lang, label), field, focused, theme);
    }
    let mut lines = Vec::new();
    if form.pending {
        lines.push(Line::styled(tr(lang, "verify.pending"), theme.dim));
    }
    if let Some(err) = &form.error {
        lines.push(Line::styled(format!("✘ {err}"), theme.error));
    }
    if let Some(r) = &form.result {
        if r.matched {
            let until = r.valid_until.map(clock_time).unwrap_or_default();
            lines.push(Line::styled(
                trf(lang, "verify.matched_until", &[("until", &until)]),
                theme.ok,
            ));
        } else {
            lines.push(Line::styled(
                trf(
                    lang,
                    "verify.no_match_left",
                    &[("n", &r.attempts_left.to_string())],
                ),
                theme.error,
            ));
        }
        if let Some(t) = r.locked_until {
            lines.push(Line::styled(
                trf(lang, "verify.locked_until", &[("when", &date_time(t))]),
                theme.error,
            ));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), result);
}

fn confirm(frame: &mut Frame, area: Rect, app: &App, c: &Confirm, theme: &Theme) {
    let lang = app.lang;
    let (title, question) = match c.kind {
        ConfirmKind::Resend => (
            tr(lang, "resend.title"),
            trf(
                lang,
                "resend.question",
                &[("email", &c.email_masked), ("name", &c.name)],
            ),
        ),
        ConfirmKind::Unlock => (
            tr(lang, "unlock.title"),
            trf(lang, "unlock.question", &[("name", &c.name)]),
        ),
    };
    let mut lines = vec![Line::raw(question)];
    let bounced = app
        .users
        .detail
        .as_ref()
        .is_some_and(|d| d.user.summary.id == c.user_id && d.user.email_bounced);
    if c.kind == ConfirmKind::Resend && bounced {
        lines.push(Line::raw(""));
        lines.push(Line::styled(tr(lang, "resend.bounced_warning"), theme.warn));
    }
    let rect = centered(area, 60, if bounced { 8 } else { 6 });
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                frame_block(title.into(), theme).title_bottom(Line::from(footer_spans(
                    app,
                    crate::app::keymap::Context::Confirm,
                    theme,
                ))),
            )
            .wrap(Wrap { trim: true }),
        rect,
    );
}
