//! The call's outcome form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph};

use super::{refusal_line, refused_label};
use crate::app::keymap::Context;
use crate::app::model::{App, OutcomeForm};
use crate::ui::strips::{self, Strip};
use crate::ui::text_field::text_widget;
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::api::CallOutcome;
use contract::i18n::tr;

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, f: &OutcomeForm, theme: &Theme) {
    let lang = app.lang;
    let rect = centered(area, 64, 13);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focus_border)
        .title(Span::styled(
            format!(" {} ", tr(lang, "outcome.title")),
            theme.title,
        ))
        .title_bottom(Line::from(footer_spans(app, Context::Outcome, theme)));
    let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(block, rect);
    let [list, note, status] = strips::rows(
        inner,
        [
            Strip::Fixed(CallOutcome::ALL.len() as u16),
            Strip::Rest { min: 2 },
            Strip::Fixed(1),
        ],
    );
    let items: Vec<ListItem> = CallOutcome::ALL
        .iter()
        .map(|o| ListItem::new(tr(lang, &format!("outcome.{}", o.as_str()))))
        .collect();
    let mut state = ListState::default().with_selected(Some(f.selected));
    let style = if f.on_note { theme.dim } else { theme.selected };
    frame.render_stateful_widget(
        List::new(items)
            .highlight_style(style)
            .highlight_symbol("▶ "),
        list,
        &mut state,
    );
    let mut text = text_widget(&f.note);
    text.set_placeholder_style(theme.dim);
    if !f.on_note {
        text.set_cursor_style(Style::new());
    }
    let refused = refused_label(lang, f.error.as_ref(), f.refused, &["", "outcome.note"]);
    let title = match refused {
        Some(label) => Span::styled(format!("✘ {label}"), theme.error),
        None => Span::raw(tr(lang, "outcome.note")),
    };
    text.set_block(
        Block::new()
            .borders(Borders::TOP)
            .border_style(theme.border)
            .title(title),
    );
    frame.render_widget(&text, note);
    let line = if f.pending {
        Line::styled(tr(lang, "outcome.pending"), theme.dim)
    } else if let Some(e) = &f.error {
        refusal_line(e, refused, theme)
    } else {
        Line::styled(tr(lang, "outcome.hint"), theme.dim)
    };
    frame.render_widget(Paragraph::new(line), status);
}
