//! `?`: every key of the screen underneath, from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::frame_block;
use crate::app::model::App;
use crate::i18n::{tr, trf};
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};

pub fn render(frame: &mut Frame, area: Rect, app: &App, scroll: u16, theme: &Theme) {
    let lang = app.lang;
    let ctx = app.screen_context();
    let mut lines = vec![Line::styled(
        tr(lang, &format!("help.context.{}", ctx.name())),
        theme.dim,
    )];
    for binding in app.keymap.bindings(ctx) {
        let keys: Vec<String> = binding.keys.iter().map(|k| k.to_string()).collect();
        lines.push(Line::from(vec![
            Span::styled(format!("{:>12}  ", keys.join(" ")), theme.key),
            Span::raw(tr(lang, &binding.desc)),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(tr(lang, "help.escape_note"), theme.dim));
    if let Some(outbox) = &app.demo_outbox {
        lines.push(Line::styled(
            trf(lang, "demo.outbox", &[("path", outbox)]),
            theme.dim,
        ));
    }
    let rect = centered(area, 76, area.height.saturating_sub(2));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                frame_block(tr(lang, "help.title").into(), theme).title_bottom(Line::from(
                    footer_spans(app, crate::app::keymap::Context::Help, theme),
                )),
            )
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        rect,
    );
}
