//! The users screen's detail pane: the user and their timeline, scrolled; the same actions as the
//! list, on this user.

use crate::app::keymap::Action;
use crate::app::model::{App, Focus, page};
use crate::app::msg::Effect;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::global::on_action(app, action) {
        return effects;
    }
    match action {
        Action::Back => {
            app.users.focus = Focus::List;
            vec![]
        }
        Action::Search => {
            app.users.focus = Focus::Search;
            vec![]
        }
        Action::Down
        | Action::Up
        | Action::PageDown
        | Action::PageUp
        | Action::Top
        | Action::Bottom => {
            scroll(app, action);
            vec![]
        }
        Action::Verify => super::verify::start(app),
        Action::Resend => super::users::resend(app),
        Action::Unlock => super::users::unlock(app),
        Action::Copy => super::users::copy(app),
        Action::CreatePqr => super::create::start(app),
        Action::UserPqrs => super::users::pqrs(app),
        Action::LinkConversation => super::conversations::link_user(app),
        Action::CallerBack => super::users::history(app, -1),
        Action::CallerForward => super::users::history(app, 1),
        Action::Walk => super::walk::start(app),
        Action::RevokeLinks => super::users::revoke_links(app),
        _ => vec![],
    }
}

fn scroll(app: &mut App, action: Action) {
    let page = page(app.drawn.user_detail_rows);
    let max = app.drawn.user_detail_below;
    if let Some(d) = &mut app.users.detail {
        d.scroll = match action {
            Action::Down => d.scroll.saturating_add(1),
            Action::Up => d.scroll.saturating_sub(1),
            Action::PageDown => d.scroll.saturating_add(page),
            Action::PageUp => d.scroll.saturating_sub(page),
            Action::Top => 0,
            _ => max,
        }
        .min(max);
    }
}
