//! The radicado of a PQR just filed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::block;
use crate::app::model::App;
use crate::i18n::tr;
use crate::ui::centered;
use crate::ui::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, app: &App, radicado: &str, theme: &Theme) {
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
