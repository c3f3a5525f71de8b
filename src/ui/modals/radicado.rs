//! The PQR just filed: the radicado and the legal due date, to read to the caller.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::block;
use crate::api::PqrSummary;
use crate::app::model::App;
use crate::i18n::{tr, trf};
use crate::ui::centered;
use crate::ui::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, app: &App, pqr: &PqrSummary, theme: &Theme) {
    let lang = app.lang;
    let rect = centered(area, 60, 9);
    frame.render_widget(Clear, rect);
    let due = crate::ui::pqr::due_in_words(lang, pqr.due_date, app.now);
    let lines = vec![
        Line::raw(tr(lang, "create.done")),
        Line::raw(""),
        Line::styled(format!("   {}", pqr.radicado), theme.title),
        Line::raw(""),
        Line::raw(trf(
            lang,
            "create.due",
            &[
                ("due", &due),
                ("date", &pqr.due_date.to_string()),
                ("n", &pqr.business_days_left.to_string()),
            ],
        )),
        Line::styled(tr(lang, "create.copied"), theme.dim),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .block(block(
                tr(lang, "create.done_title").into(),
                theme.focus_border,
                theme,
            ))
            .wrap(Wrap { trim: false }),
        rect,
    );
}
