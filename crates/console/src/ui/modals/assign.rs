//! Assigning a ticket: the colleagues the portal allows, the current assignee marked.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::ListItem;

use super::picker;
use crate::app::keymap::Context;
use crate::app::model::{App, AssignPicker};
use crate::ui::theme::Theme;
use contract::i18n::{tr, trf};

pub(crate) fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    state: &AssignPicker,
    theme: &Theme,
) {
    let (options, selected) = (state.options.as_deref(), state.selected);
    let lang = app.lang;
    let pqr = app.pqr.detail.as_ref().map(|d| &d.pqr.summary);
    let current = pqr.and_then(|p| p.assignee.as_ref()).map(|a| a.id);
    let radicado = pqr.map(|p| p.radicado.as_str()).unwrap_or_default();
    let items = match options {
        None => vec![ListItem::new(tr(lang, "users.loading"))],
        Some(list) => list
            .iter()
            .map(|a| {
                let mark = if Some(a.id) == current { " ✓" } else { "" };
                ListItem::new(format!("{}{mark}", a.name))
            })
            .collect(),
    };
    picker(
        frame,
        area,
        app,
        (
            trf(lang, "pqr.assign_title", &[("radicado", radicado)]),
            Context::Assign,
        ),
        items,
        selected,
        theme,
    );
}
