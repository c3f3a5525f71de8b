//! The ticket's next status.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::ListItem;

use super::picker;
use crate::api::PqrStatus;
use crate::app::keymap::Context;
use crate::app::model::App;
use crate::i18n::tr;
use crate::ui::theme::Theme;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    options: &[PqrStatus],
    selected: usize,
    theme: &Theme,
) {
    let items = options
        .iter()
        .map(|s| ListItem::new(crate::ui::pqr::status_label(app.lang, *s)))
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
