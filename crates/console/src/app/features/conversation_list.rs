//! The «Conversaciones» queue: moving through it, opening a thread, which conversations it shows
//! (whose, and open, closed or all).

use crate::app::keymap::Action;
use crate::app::model::{App, Level};
use crate::app::msg::Effect;
use crate::app::toolbox::notice;
use contract::i18n::tr;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    // F5: what failed, again; when nothing did, the queue read again.
    if action == Action::Retry && app.retry.is_none() {
        return app.conversations.reload();
    }
    if let Some(effects) = super::global::on_action(app, action) {
        return effects;
    }
    let c = &mut app.conversations;
    let last = c.items.len().saturating_sub(1);
    match action {
        Action::Down => c.selected = (c.selected + 1).min(last),
        Action::Up => c.selected = c.selected.saturating_sub(1),
        Action::Top => c.selected = 0,
        Action::Bottom => c.selected = last,
        Action::FilterScope => {
            // Everything the operator may see ↔ their own and the unassigned.
            c.query.assignee = match c.query.assignee {
                None => Some("me_or_none"),
                Some(_) => None,
            };
            c.selected = 0;
            let key = if c.query.assignee.is_some() {
                "conversation.scope_mine"
            } else {
                "conversation.scope_all"
            };
            let effects = c.reload();
            notice(app, Level::Info, tr(app.lang, key));
            return effects;
        }
        Action::FilterStatus => {
            // Open (the working queue) → closed → every status.
            c.query.status = match c.query.status {
                "open" => "closed",
                "closed" => "all",
                _ => "open",
            };
            c.selected = 0;
            return c.reload();
        }
        Action::Open => {
            if let Some(id) = c.selected_item().map(|s| s.id) {
                return super::conversations::open(app, id);
            }
        }
        _ => {}
    }
    vec![]
}
