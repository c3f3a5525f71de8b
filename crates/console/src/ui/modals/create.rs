//! The new PQR form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use ratatui_textarea::WrapMode;

use super::{block, field_mark, refusal_line, refused_label};
use crate::app::keymap::Context;
use crate::app::model::{App, CreateForm};
use crate::ui::strips::{self, Strip};
use crate::ui::text_field::text_widget;
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::api::ReplyChannel;
use contract::domain::masking::compact_mask;
use contract::i18n::{tr, trf};

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, f: &CreateForm, theme: &Theme) {
    let lang = app.lang;
    let rect = centered(
        area,
        area.width.saturating_sub(4).min(90),
        area.height.saturating_sub(2).min(20),
    );
    frame.render_widget(Clear, rect);
    let b = block(
        trf(
            lang,
            "create.title",
            &[("name", &app.person(f.user_id, &f.user_name))],
        ),
        theme.focus_border,
        theme,
    )
    .title_bottom(Line::from(footer_spans(app, Context::Create, theme)));
    let inner = b.inner(rect).inner(ratatui::layout::Margin::new(1, 0));
    frame.render_widget(b, rect);
    let [kind, channel, subject, notes, reply, reply_note, status] = strips::rows(
        inner,
        [
            Strip::Fixed(1),
            Strip::Fixed(1),
            Strip::Fixed(1),
            Strip::Rest { min: 3 },
            Strip::Fixed(1),
            Strip::Fixed(1),
            Strip::Fixed(1),
        ],
    );
    const LABELS: [&str; 4] = [
        "create.type",
        "create.channel",
        "create.subject",
        "create.notes",
    ];
    let refused = refused_label(lang, f.error.as_ref(), f.refused, &LABELS);
    let label = |i: usize, key: &str| {
        let marked = refused.is_some() && f.refused == Some(i);
        let (marker, style) = field_mark(f.field == i, marked, theme);
        Span::styled(format!("{marker}{:<14}", tr(lang, key)), style)
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            label(0, "create.type"),
            Span::raw(format!(
                "‹ {} ›",
                crate::ui::pqr::type_label(lang, f.pqr_type)
            )),
        ])),
        kind,
    );
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            label(1, "create.channel"),
            Span::raw(format!(
                "‹ {} ›",
                tr(lang, &format!("channel.{}", f.channel.as_str()))
            )),
        ])),
        channel,
    );
    let [sl, sv] = strips::columns(subject, [Strip::Fixed(16), Strip::Rest { min: 10 }]);
    frame.render_widget(Paragraph::new(Line::from(label(2, "create.subject"))), sl);
    let mut field = text_widget(&f.subject);
    field.set_placeholder_style(theme.dim);
    if f.field != 2 {
        field.set_cursor_style(Style::new());
    }
    frame.render_widget(&field, sv);
    let [nl, nv] = strips::rows(notes, [Strip::Fixed(1), Strip::Rest { min: 1 }]);
    frame.render_widget(Paragraph::new(Line::from(label(3, "create.notes"))), nl);
    let mut body = text_widget(&f.notes);
    body.set_wrap_mode(WrapMode::WordOrGlyph);
    body.set_placeholder_style(theme.dim);
    if f.field != 3 {
        body.set_cursor_style(Style::new());
    }
    frame.render_widget(&body, nv);
    // Where the answers go, with the registered contact they go to (masked: the portal has it whole).
    let (contact, note) = match f.reply_channel {
        ReplyChannel::Correo => (compact_mask(&f.email_masked), None),
        ReplyChannel::Whatsapp => (
            compact_mask(&f.phone_masked),
            Some("create.reply_whatsapp_note"),
        ),
        _ => (String::new(), Some("create.reply_none_note")),
    };
    let missing = match f.reply_channel {
        ReplyChannel::Correo => f.email_masked.trim().is_empty(),
        ReplyChannel::Whatsapp => f.phone_masked.trim().is_empty(),
        _ => false,
    };
    let mut spans = vec![
        label(4, "create.reply_channel"),
        Span::raw(format!(
            "‹ {} › ",
            tr(lang, &format!("reply_channel.{}", f.reply_channel.as_str()))
        )),
    ];
    if missing {
        spans.push(Span::styled(tr(lang, "create.no_contact"), theme.warn));
    } else {
        spans.push(Span::styled(contact, theme.dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), reply);
    if let Some(note) = note {
        frame.render_widget(
            Paragraph::new(Line::styled(format!("  {}", tr(lang, note)), theme.warn)),
            reply_note,
        );
    }
    let line = if f.pending {
        Line::styled(tr(lang, "create.pending"), theme.dim)
    } else if let Some(e) = &f.error {
        refusal_line(e, refused, theme)
    } else {
        Line::styled(tr(lang, "create.hint"), theme.dim)
    };
    frame.render_widget(Paragraph::new(line), status);
}
