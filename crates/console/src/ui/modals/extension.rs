//! The prórroga form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::{block, labeled_field, refusal_line, refused_label, two_field_form};
use crate::app::keymap::Context;
use crate::app::model::{App, ExtensionForm};
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::i18n::{tr, trf};

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, f: &ExtensionForm, theme: &Theme) {
    let lang = app.lang;
    let rect = centered(area, 68, 12);
    frame.render_widget(Clear, rect);
    let b = block(
        tr(lang, "extension.title").into(),
        theme.focus_border,
        theme,
    )
    .title_bottom(Line::from(footer_spans(app, Context::Extension, theme)));
    let inner = b.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(b, rect);
    let [reason, date, err] = two_field_form(frame, inner, tr(lang, "extension.intro"), theme);
    // The placeholder in the operator's language (the form is built without one).
    let mut new_date = f.new_date.clone();
    new_date.placeholder = tr(lang, "extension.date_placeholder").to_string();
    const LABELS: [&str; 2] = ["extension.reason", "extension.date"];
    let refused = refused_label(lang, f.error.as_ref(), f.refused, &LABELS);
    for (i, (row, label, field, focused)) in [
        (reason, LABELS[0], &f.reason, !f.on_date),
        (date, LABELS[1], &new_date, f.on_date),
    ]
    .into_iter()
    .enumerate()
    {
        let marked = refused.is_some() && f.refused == Some(i);
        labeled_field(
            frame,
            row,
            16,
            tr(lang, label),
            field,
            (focused, marked),
            theme,
        );
    }
    // The dates to choose between: the current due date and the latest the law allows.
    let mut lines = Vec::new();
    if let Some(d) = app
        .pqr
        .detail
        .as_ref()
        .filter(|d| d.pqr.summary.id == f.pqr_id)
    {
        let due = d.pqr.summary.due_date.to_string();
        let text = match d.pqr.latest_extension_date {
            Some(latest) => trf(
                lang,
                "extension.dates",
                &[("due", &due), ("latest", &latest.to_string())],
            ),
            None => trf(lang, "extension.due_only", &[("due", &due)]),
        };
        lines.push(Line::styled(text, theme.key));
    }
    if let Some(e) = &f.error {
        lines.push(refusal_line(e, refused, theme));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        err,
    );
}
