//! The prórroga form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::{block, labeled_field, two_field_form};
use crate::app::keymap::Context;
use crate::app::model::{App, ExtensionForm};
use crate::i18n::{tr, trf};
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};

pub fn render(frame: &mut Frame, area: Rect, app: &App, f: &ExtensionForm, theme: &Theme) {
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
    new_date.set_placeholder_text(tr(lang, "extension.date_placeholder"));
    for (row, label, field, focused) in [
        (reason, "extension.reason", &f.reason, !f.on_date),
        (date, "extension.date", &new_date, f.on_date),
    ] {
        labeled_field(frame, row, 16, tr(lang, label), field, focused, theme);
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
        lines.push(Line::styled(format!("✘ {e}"), theme.error));
    }
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true }),
        err,
    );
}
