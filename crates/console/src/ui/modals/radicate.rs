//! Filing a conversation as a PQR: the type (Tab or ← →) and the subject; the thread is the body.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{frame_block, labeled_field, two_field_form};
use crate::app::keymap::Context;
use crate::app::model::{App, RadicateForm};
use crate::ui::pqr::type_label;
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::i18n::tr;

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, f: &RadicateForm, theme: &Theme) {
    let lang = app.lang;
    let rect = centered(area, area.width.saturating_sub(4).min(70), 9);
    frame.render_widget(Clear, rect);
    let b = frame_block(tr(lang, "radicate.title").into(), theme)
        .title_bottom(Line::from(footer_spans(app, Context::Radicate, theme)));
    let inner = b.inner(rect);
    frame.render_widget(b, rect);
    let [kind, subject, error] = two_field_form(frame, inner, tr(lang, "radicate.intro"), theme);
    let label = format!("  {:<10}", tr(lang, "radicate.type"));
    frame.render_widget(
        Paragraph::new(format!("{label}◀ {} ▶", type_label(lang, f.pqr_type))),
        kind,
    );
    labeled_field(
        frame,
        subject,
        12,
        tr(lang, "radicate.subject"),
        &f.subject,
        (true, false),
        theme,
    );
    if let Some(e) = &f.error {
        frame.render_widget(
            Paragraph::new(e.as_str())
                .style(theme.error)
                .wrap(Wrap { trim: true }),
            error,
        );
    }
}
