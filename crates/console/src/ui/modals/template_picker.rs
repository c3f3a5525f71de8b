//! The approved templates, each as the requester will read it (its placeholders filled from the
//! conversation; a value the conversation lacks stays `{{n}}` and is named below).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::ListItem;

use super::picker_sized;
use crate::app::keymap::Context;
use crate::app::model::{App, TemplatePicker, render_template, template_params};
use crate::ui::text::hanging;
use crate::ui::theme::Theme;
use contract::i18n::tr;

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, p: &TemplatePicker, theme: &Theme) {
    let lang = app.lang;
    let c = &app.conversations;
    let width = area.width.saturating_sub(4).min(76);
    let inner = width.saturating_sub(4);
    let summary = c
        .open_as(p.conversation_id)
        .map(|v| &v.conversation.summary);
    let items: Vec<ListItem> = match (&c.templates, summary) {
        (Some(list), Some(s)) if !list.is_empty() => list
            .iter()
            .map(|t| {
                let params = template_params(t, s);
                let mut lines = vec![Line::from(Span::styled(
                    format!("{} ({})", t.name, t.language),
                    theme.key,
                ))];
                let text = render_template(t, &params);
                lines.extend(hanging(vec![Span::raw("  ")], &text, Style::new(), inner));
                if params.iter().any(Option::is_none) {
                    let missing = tr(lang, "templates.missing");
                    lines.extend(hanging(vec![Span::raw("  ")], missing, theme.warn, inner));
                }
                ListItem::new(Text::from(lines))
            })
            .collect(),
        (Some(_), _) => vec![ListItem::new(tr(lang, "templates.none"))],
        (None, _) => vec![ListItem::new(tr(lang, "users.loading"))],
    };
    let height = items.iter().map(|i| i.height() as u16).sum::<u16>() + 2;
    picker_sized(
        frame,
        area,
        app,
        (tr(lang, "templates.title").into(), Context::TemplatePicker),
        (items, p.selected),
        (width, height.min(area.height.saturating_sub(2))),
        theme,
    );
}
