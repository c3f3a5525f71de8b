//! Modals drawn over the screen: one module per modal, named like its context
//! (`ui/modals/verify.rs` draws what `app/features/verify.rs` decides); the frames they share.

mod assign;
mod confirm;
mod confirm_send;
mod create;
mod drafts;
mod editor;
mod explainer;
mod extension;
mod help;
mod outcome;
mod palette;
mod radicado;
mod radicate;
mod status_picker;
mod template_picker;
mod verify;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, List, ListItem, ListState, Paragraph};
use ratatui_textarea::TextArea;

use crate::app::keymap::{Context, with_registry};
use crate::app::model::{App, Drawn, Modal, TextBuffer};
use crate::ui::strips::{self, Strip};
use crate::ui::text_field::text_widget;
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::api::Visibility;
use contract::i18n::tr;

/// What a modal's view hands back to the model about what it drew; most report nothing.
trait Report {
    fn report(self, drawn: &mut Drawn);
}

impl Report for () {
    fn report(self, _drawn: &mut Drawn) {}
}

/// The help's rows below its frame when not scrolled: how far it scrolls.
pub(crate) struct HelpBelow(pub u16);

impl Report for HelpBelow {
    fn report(self, drawn: &mut Drawn) {
        drawn.help_below = self.0;
    }
}

/// The editor's text as drawn: its first row and column, and its rows.
pub(crate) struct EditorView(pub (u16, u16), pub u16);

impl Report for EditorView {
    fn report(self, drawn: &mut Drawn) {
        drawn.editor = Some((self.0, self.1));
    }
}

/// The render table, made from the registry of contexts (`app/keymap/registry.rs`): each modal
/// is drawn by `ui/modals/<module>.rs`'s `render(frame, area, app, &state, theme)`, so a modal
/// registered without its view does not compile; what a view reports of what it drew (the
/// help's rows below its frame, the editor's scroll) goes into `drawn` ([`Report`]).
macro_rules! define_render {
    (
        screens {
            $($(#[$sm:meta])* $s:ident => $smod:ident $([$sp:ident])?,)*
        }
        modals {
            $($(#[$mm:meta])* $m:ident => $mmod:ident: $mv:ident($mt:ty) $([$mp:ident])?,)*
        }
        modes {
            $($(#[$om:meta])* $o:ident => $omod:ident: $ov:ident if $opred:path $([$op:ident])?,)*
        }
    ) => {
        pub(crate) fn render(
            frame: &mut Frame,
            area: Rect,
            app: &App,
            modal: &Modal,
            theme: &Theme,
            drawn: &mut Drawn,
        ) {
            match modal {
                $(Modal::$mv(state) => $mmod::render(frame, area, app, state, theme).report(drawn),)*
            }
        }
    };
}

with_registry!(define_render);

pub(crate) fn frame_block<'a>(title: String, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focus_border)
        .title(Span::styled(format!(" {title} "), theme.title))
}

/// A two-field form under a dimmed intro (verification, prórroga): draws the intro and hands back
/// the two field rows and the space below them, for the answer or the error.
pub(crate) fn two_field_form(
    frame: &mut Frame,
    inner: Rect,
    intro: &str,
    theme: &Theme,
) -> [Rect; 3] {
    let [intro_area, first, second, _, below] = strips::rows(
        inner,
        [
            Strip::Fixed(2),
            Strip::Fixed(1),
            Strip::Fixed(1),
            Strip::Fixed(1),
            Strip::REST,
        ],
    );
    frame.render_widget(
        Paragraph::new(intro)
            .style(theme.dim)
            .wrap(ratatui::widgets::Wrap { trim: true }),
        intro_area,
    );
    [first, second, below]
}

/// `▶ Label  [field]`: a form row, the label marked and the field underlined when focused; the
/// label marked `✘` in the error colour when the portal refused this field.
pub(crate) fn labeled_field(
    frame: &mut Frame,
    row: Rect,
    label_width: u16,
    label: &str,
    field: &TextBuffer,
    (focused, refused): (bool, bool),
    theme: &Theme,
) {
    let [l, f] = strips::columns(row, [Strip::Fixed(label_width), Strip::Rest { min: 10 }]);
    let (marker, style) = field_mark(focused, refused, theme);
    frame.render_widget(Paragraph::new(format!("{marker}{label}")).style(style), l);
    frame.render_widget(&input_widget(field, focused, theme), f);
}

/// A form label's marker and style: `✘` for a field the portal refused, `▶` for the focused one.
pub(crate) fn field_mark(focused: bool, refused: bool, theme: &Theme) -> (&'static str, Style) {
    match (refused, focused) {
        (true, _) => ("✘ ", theme.error),
        (false, true) => ("▶ ", theme.key),
        (false, false) => ("  ", theme.base),
    }
}

/// The form's error: `✘ Label: words` when the portal named one of its fields, `✘ words` else.
pub(crate) fn refusal_line(error: &str, label: Option<&str>, theme: &Theme) -> Line<'static> {
    let text = match label {
        Some(label) => format!("✘ {label}: {error}"),
        None => format!("✘ {error}"),
    };
    Line::styled(text, theme.error)
}

/// The label of the refused field, while the form shows its error (`""`: a field without one).
pub(crate) fn refused_label(
    lang: contract::i18n::Lang,
    error: Option<&String>,
    refused: Option<usize>,
    labels: &[&str],
) -> Option<&'static str> {
    error?;
    let key = labels.get(refused?).filter(|key| !key.is_empty())?;
    Some(tr(lang, key))
}

pub(crate) fn input_widget(field: &TextBuffer, focused: bool, theme: &Theme) -> TextArea<'static> {
    let mut field = text_widget(field);
    field.set_placeholder_style(theme.dim);
    if focused {
        field.set_style(Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED));
    } else {
        field.set_style(theme.dim);
        field.set_cursor_style(Style::new());
    }
    field
}

pub(crate) fn block<'a>(title: String, style: Style, theme: &Theme) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(format!(" {title} "), theme.title))
}

pub(crate) fn banner(app: &App, visibility: Visibility, theme: &Theme) -> (String, Style) {
    match visibility {
        Visibility::Public => (
            tr(app.lang, "editor.banner_public").to_string(),
            theme.ok.patch(theme.bar),
        ),
        _ => (
            tr(app.lang, "editor.banner_internal").to_string(),
            theme.warn.patch(theme.bar),
        ),
    }
}

pub(crate) fn picker(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    title: (String, Context),
    items: Vec<ListItem>,
    selected: usize,
    theme: &Theme,
) {
    let height = items.len() as u16 + 2;
    picker_sized(
        frame,
        area,
        app,
        title,
        (items, selected),
        (64, height),
        theme,
    );
}

/// A picker of items of any height (several lines each), `width`×`height`.
pub(crate) fn picker_sized(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    (title, ctx): (String, Context),
    (items, selected): (Vec<ListItem>, usize),
    (width, height): (u16, u16),
    theme: &Theme,
) {
    let rect = centered(area, width, height);
    frame.render_widget(Clear, rect);
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(
        List::new(items)
            .block(
                block(title, theme.focus_border, theme)
                    .title_bottom(Line::from(footer_spans(app, ctx, theme))),
            )
            .highlight_style(theme.selected)
            .highlight_symbol("▶ "),
        rect,
        &mut state,
    );
}
