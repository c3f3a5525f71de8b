//! Confirming a public reply before it goes to the requester.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::block;
use crate::app::keymap::Context;
use crate::app::model::App;
use crate::drafts::Draft;
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::i18n::{tr, trf};

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, draft: &Draft, theme: &Theme) {
    let rect = centered(area, 64, 9);
    frame.render_widget(Clear, rect);
    let mut lines = vec![Line::styled(tr(app.lang, "editor.banner_public"), theme.ok)];
    // It goes into the thread either way; it only reaches the requester when they are reachable.
    match app.unreachable_requester(draft.pqr_id, draft.visibility) {
        None => lines.push(Line::raw(trf(
            app.lang,
            "editor.confirm_public",
            &[("radicado", &draft.radicado)],
        ))),
        Some(channel) => lines.push(Line::styled(
            format!("⚠ {}", super::editor::unreachable_words(app.lang, channel)),
            theme.warn,
        )),
    }
    lines.extend([
        Line::raw(""),
        Line::styled(format!("«{}…»", draft.preview(50)), theme.dim),
    ]);
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                block(
                    tr(app.lang, "editor.confirm_title").into(),
                    theme.focus_border,
                    theme,
                )
                .title_bottom(Line::from(footer_spans(
                    app,
                    Context::ConfirmSend,
                    theme,
                ))),
            )
            .wrap(Wrap { trim: true }),
        rect,
    );
}
