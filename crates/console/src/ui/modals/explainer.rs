//! The password rules explainer.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::app::keymap::Context;
use crate::app::model::{App, SecretInput};
use crate::ui::strips::{self, Strip};
use crate::ui::text_field::text_widget;
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::api::PolicyRule;
use contract::domain::policy;
use contract::i18n::{tr, trf};

fn rule_line(ok: bool, text: String, theme: &Theme) -> Line<'static> {
    let (mark, style) = if ok {
        ("✓", theme.ok)
    } else {
        ("✗", theme.error)
    };
    Line::from(vec![
        Span::styled(format!(" {mark} "), style),
        Span::raw(text),
    ])
}

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, input: &SecretInput, theme: &Theme) {
    let lang = app.lang;
    let rect = centered(area, 74, 20);
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.focus_border)
        .title(Span::styled(
            format!(" {} ", tr(lang, "explain.title")),
            theme.title,
        ))
        .title_bottom(Line::from(footer_spans(app, Context::Explainer, theme)));
    let inner = block.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(block, rect);
    let [field, body] = strips::rows(inner, [Strip::Fixed(2), Strip::Rest { min: 1 }]);
    let [label, value] = strips::columns(field, [Strip::Fixed(22), Strip::Rest { min: 10 }]);
    frame.render_widget(
        Paragraph::new(tr(lang, "explain.field")).style(theme.key),
        label,
    );
    let mut masked = text_widget(&input.0);
    masked.set_mask_char('•');
    masked.set_style(Style::new().add_modifier(ratatui::style::Modifier::UNDERLINED));
    frame.render_widget(&masked, value);
    let typed = input.text();
    let broken = policy::check(&typed);
    let rule = |r: PolicyRule| contract::format::events::rule_text(lang, r).to_string();
    let mut lines = vec![Line::styled(tr(lang, "explain.rules"), theme.title)];
    for (r, key) in [
        (PolicyRule::TooShort, "explain.length"),
        (PolicyRule::MissingLowercase, "explain.lower"),
        (PolicyRule::MissingUppercase, "explain.upper"),
        (PolicyRule::MissingDigit, "explain.digit"),
        (PolicyRule::MissingSpecial, "explain.special"),
    ] {
        // The length line covers both ends (8 to 40).
        let length_broken = r == PolicyRule::TooShort && broken.contains(&PolicyRule::TooLong);
        let ok = !(typed.is_empty() || broken.contains(&r) || length_broken);
        lines.push(rule_line(ok, tr(lang, key).to_string(), theme));
    }
    let specials: Vec<String> = policy::SPECIAL_CHARACTERS
        .chars()
        .map(String::from)
        .collect();
    lines.push(Line::raw(format!("   {}", specials.join(" "))));
    lines.push(Line::styled(tr(lang, "explain.not_special"), theme.warn));
    if let Some(w) = app
        .walk
        .as_ref()
        .filter(|w| !w.last_rules.is_empty() || w.not_special_used.is_some())
    {
        lines.push(Line::styled(tr(lang, "explain.last_attempt"), theme.title));
        for r in &w.last_rules {
            lines.push(rule_line(false, rule(*r), theme));
        }
        if let Some(chars) = &w.not_special_used {
            lines.push(rule_line(
                false,
                trf(
                    lang,
                    "rule.not_special",
                    &[("chars", &format!("'{chars}'"))],
                ),
                theme,
            ));
        }
    }
    lines.push(Line::styled(tr(lang, "explain.privacy"), theme.dim));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
}
