//! Drafts found at start, offered back.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::ListItem;

use super::picker;
use crate::app::keymap::Context;
use crate::app::model::{App, DraftsOffer};
use crate::ui::theme::Theme;
use contract::api::Visibility;
use contract::format::time::date_time;
use contract::i18n::{tr, trf};

pub(crate) fn render(frame: &mut Frame, area: Rect, app: &App, offer: &DraftsOffer, theme: &Theme) {
    let selected = offer.selected;
    let items = app
        .drafts
        .iter()
        .map(|d| {
            let kind = if d.visibility == Visibility::Public {
                "thread.public"
            } else {
                "thread.internal"
            };
            let target = match &d.new_pqr {
                Some(new) => trf(app.lang, "drafts.new_pqr", &[("name", &new.user_name)]),
                None => d.radicado.clone(),
            };
            ListItem::new(format!(
                "{} [{}] {} · {}",
                target,
                tr(app.lang, kind),
                date_time(d.saved_at),
                d.preview(30)
            ))
        })
        .collect();
    picker(
        frame,
        area,
        app,
        (tr(app.lang, "drafts.title").into(), Context::Drafts),
        items,
        selected,
        theme,
    );
}
