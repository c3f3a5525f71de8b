//! Confirming a reset link or an unlock.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::frame_block;
use crate::app::model::{App, Confirm, ConfirmKind};
use crate::ui::theme::Theme;
use crate::ui::{centered, footer_spans};
use contract::format::mail::waiting_words;
use contract::i18n::{tr, trf};

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, c: &Confirm, theme: &Theme) {
    let lang = app.lang;
    let (title, question) = match c.kind {
        ConfirmKind::Resend => (
            tr(lang, "resend.title"),
            trf(
                lang,
                "resend.question",
                &[("email", &c.email_masked), ("name", &c.name)],
            ),
        ),
        ConfirmKind::Unlock => (
            tr(lang, "unlock.title"),
            trf(lang, "unlock.question", &[("name", &c.name)]),
        ),
        ConfirmKind::Quit => (tr(lang, "quit.title"), tr(lang, "quit.question").into()),
    };
    let mut lines = vec![
        Line::styled(c.person.clone(), theme.title),
        Line::raw(question),
    ];
    let bounced = app
        .users
        .detail
        .as_ref()
        .is_some_and(|d| d.user.summary.id == c.user_id && d.user.email_bounced);
    if c.kind == ConfirmKind::Resend && bounced {
        lines.push(Line::raw(""));
        lines.push(Line::styled(tr(lang, "resend.bounced_warning"), theme.warn));
    }
    // The last link has not left yet: a new one voids it, and the caller may still get the old.
    let pending = c
        .pending_mail
        .as_ref()
        .filter(|_| c.kind == ConfirmKind::Resend);
    if let Some(m) = pending {
        let why = waiting_words(lang, m.state, m.retry_at);
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            trf(lang, "mail.still_queued", &[("why", &why)]),
            theme.warn,
        ));
    }
    // The person (or, to quit, what would be left) may take two lines at 60 columns.
    let rows = 8 + if bounced { 2 } else { 0 } + if pending.is_some() { 4 } else { 0 };
    let rect = centered(area, 60, rows);
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(
                frame_block(title.into(), theme).title_bottom(Line::from(footer_spans(
                    app,
                    crate::app::keymap::Context::Confirm,
                    theme,
                ))),
            )
            .wrap(Wrap { trim: true }),
        rect,
    );
}
