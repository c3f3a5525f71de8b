//! The identity verification form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{frame_block, labeled_field, refusal_line, refused_label, two_field_form};
use crate::app::model::{App, VerifyField, VerifyForm};
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::format::time::{clock_time, date_time};
use contract::i18n::{tr, trf};

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, form: &VerifyForm, theme: &Theme) {
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
    let [doc, date, result] = two_field_form(frame, inner, tr(lang, "verify.intro"), theme);
    const LABELS: [&str; 2] = ["verify.document", "verify.birth_date"];
    let refused = refused_label(lang, form.error.as_ref(), form.refused, &LABELS);
    for (i, (row, label, field, which)) in [
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
    ]
    .into_iter()
    .enumerate()
    {
        let focused = form.field == which && !form.pending;
        let marked = refused.is_some() && form.refused == Some(i);
        labeled_field(
            frame,
            row,
            22,
            tr(lang, label),
            field,
            (focused, marked),
            theme,
        );
    }
    let mut lines = Vec::new();
    if form.pending {
        lines.push(Line::styled(tr(lang, "verify.pending"), theme.dim));
    }
    if let Some(err) = &form.error {
        lines.push(refusal_line(err, refused, theme));
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
