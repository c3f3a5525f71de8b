//! `?`: every key of the screen underneath, from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{HelpBelow, frame_block};
use crate::app::keymap::Context;
use crate::app::model::{App, HelpState};
use crate::ui::text::hanging;
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::i18n::{tr, trf};

/// Draws the help; reports how far it scrolls (its rows below the frame).
pub(crate) fn render(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    help: &HelpState,
    theme: &Theme,
) -> HelpBelow {
    let scroll = help.scroll;
    let lang = app.lang;
    let ctx = app.help_context();
    let rect = centered(area, 76, area.height.saturating_sub(2));
    // Inside the frame; a description that wraps stays in its column, right of the keys.
    let inner_width = rect.width.saturating_sub(2);
    let mut lines = vec![Line::styled(
        tr(lang, &format!("help.context.{}", ctx.name())),
        theme.dim,
    )];
    for binding in app.keymap.bindings(ctx) {
        let keys: Vec<String> = binding.keys.iter().map(|k| k.to_string()).collect();
        lines.extend(hanging(
            vec![Span::styled(format!("{:>12}  ", keys.join(" ")), theme.key)],
            tr(lang, &binding.desc),
            Style::new(),
            inner_width,
        ));
    }
    lines.push(Line::raw(""));
    if matches!(
        ctx,
        Context::UsersSearch | Context::UsersList | Context::UserDetail
    ) {
        // The list shows the kind as one letter and the status as a mark: their legend.
        lines.push(Line::styled(tr(lang, "help.legend_users"), theme.dim));
    }
    lines.push(Line::styled(tr(lang, "help.escape_note"), theme.dim));
    if let Some(outbox) = &app.demo_outbox {
        lines.push(Line::styled(
            trf(lang, "demo.outbox", &[("path", outbox)]),
            theme.dim,
        ));
        // The other end of a demo call: the caller's pages, in a browser (the demo is plain http).
        let url = format!("http://{}/", app.portal_host);
        lines.push(Line::styled(
            trf(lang, "demo.caller", &[("url", &url)]),
            theme.dim,
        ));
    }
    frame.render_widget(Clear, rect);
    let text = Paragraph::new(lines)
        .block(
            frame_block(tr(lang, "help.title").into(), theme)
                .title_bottom(Line::from(footer_spans(app, Context::Help, theme))),
        )
        .wrap(Wrap { trim: false });
    let below = crate::ui::rows_below(&text, rect, inner_width);
    frame.render_widget(text.scroll((scroll, 0)), rect);
    HelpBelow(below)
}
