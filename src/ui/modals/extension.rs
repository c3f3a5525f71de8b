//! The prórroga form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::{block, labeled_field, two_field_form};
use crate::app::keymap::Context;
use crate::app::model::{App, ExtensionForm};
use crate::i18n::tr;
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};

pub fn render(frame: &mut Frame, area: Rect, app: &App, f: &ExtensionForm, theme: &Theme) {
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
    let [reason, date, err] = two_field_form(frame, inner, tr(lang, "extension.intro"), theme);
    for (row, label, field, focused) in [
        (reason, "extension.reason", &f.reason, !f.on_date),
        (date, "extension.date", &f.new_date, f.on_date),
    ] {
        labeled_field(frame, row, 16, tr(lang, label), field, focused, theme);
    }
    if let Some(e) = &f.error {
        frame.render_widget(Paragraph::new(format!("✘ {e}")).style(theme.error), err);
    }
}
