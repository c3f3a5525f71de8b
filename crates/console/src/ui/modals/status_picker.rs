//! The ticket's next status; for one that cannot be undone, the question before it is sent.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, ListItem, Paragraph, Wrap};

use super::{frame_block, picker};
use crate::app::keymap::Context;
use crate::app::model::{App, StatusPicker};
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::api::PqrStatus;
use contract::i18n::{tr, trf};

pub(crate) fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    state: &StatusPicker,
    theme: &Theme,
) {
    let (options, selected, confirming) = (&state.options, state.selected, state.confirming);
    if let (true, Some(status)) = (confirming, options.get(selected)) {
        return question(frame, area, app, *status, theme);
    }
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

/// «¿Marcar 2026-000123 como Resuelta? No se puede deshacer.»
fn question(frame: &mut Frame, area: Rect, app: &App, status: PqrStatus, theme: &Theme) {
    let lang = app.lang;
    let radicado = app
        .pqr
        .detail
        .as_ref()
        .map(|d| d.pqr.summary.radicado.clone())
        .unwrap_or_default();
    let lines = vec![
        Line::raw(trf(
            lang,
            "pqr.confirm_final",
            &[
                ("radicado", &radicado),
                ("status", crate::ui::pqr::status_label(lang, status)),
            ],
        )),
        Line::styled(tr(lang, "pqr.confirm_final_note"), theme.warn),
    ];
    let rect = centered(area, 60, 6);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                frame_block(tr(lang, "pqr.status_title").into(), theme)
                    .title_bottom(Line::from(footer_spans(app, Context::StatusPicker, theme))),
            )
            .wrap(Wrap { trim: true }),
        rect,
    );
}
