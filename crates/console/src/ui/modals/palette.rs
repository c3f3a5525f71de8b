//! `:`: the command palette.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Clear, List, ListItem, ListState, Paragraph};

use super::{frame_block, input_widget};
use crate::app::features::palette as commands;
use crate::app::model::{App, PaletteState};
use crate::ui::centered;
use crate::ui::strips::{self, Strip};
use crate::ui::theme::Theme;
use contract::i18n::tr;

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, p: &PaletteState, theme: &Theme) {
    let lang = app.lang;
    let query = crate::app::model::text_of(&p.input);
    let found = commands::matching(&query);
    let rect = centered(area, 50, (found.len() as u16 + 4).clamp(5, 14));
    frame.render_widget(Clear, rect);
    let block = frame_block(tr(lang, "palette.title").into(), theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [input, list] = strips::rows(inner, [Strip::Fixed(2), Strip::REST]);
    let [colon, field] = strips::columns(input, [Strip::Fixed(2), Strip::Rest { min: 1 }]);
    frame.render_widget(Paragraph::new(":").style(theme.key), colon);
    frame.render_widget(&input_widget(&p.input, true, theme), field);
    let items: Vec<ListItem> = if found.is_empty() {
        vec![ListItem::new(Span::styled(
            tr(lang, "palette.nothing"),
            theme.dim,
        ))]
    } else {
        found
            .iter()
            .map(|c| ListItem::new(tr(lang, c.label_key())))
            .collect()
    };
    let mut state = ListState::default().with_selected((!found.is_empty()).then_some(p.selected));
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(theme.selected)
            .highlight_symbol("▶ "),
        list,
        &mut state,
    );
}
