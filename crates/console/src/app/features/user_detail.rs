//! The users screen's detail pane: the user and their timeline, scrolled; the same actions as the
//! list, on this user.

use crate::app::keymap::Action;
use crate::app::model::{App, DetailState, Focus, page};
use crate::app::msg::Effect;
use crate::app::toolbox::{failed, reached};
use contract::api::{Event, UserDetail};
use contract::remote::PortalError;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::global::on_action(app, action) {
        return effects;
    }
    match action {
        Action::Back => {
            app.users.focus = Focus::List;
            vec![]
        }
        Action::FocusSearch => {
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

/// A user and their timeline, if still wanted (being loaded, or the one shown).
pub(crate) fn on_reply(
    app: &mut App,
    user_id: i64,
    result: Result<(UserDetail, Vec<Event>), PortalError>,
) -> Vec<Effect> {
    let wanted = app.users.loading_detail == Some(user_id)
        || app
            .users
            .detail
            .as_ref()
            .is_some_and(|d| d.user.summary.id == user_id);
    if !wanted {
        return vec![];
    }
    app.users.loading_detail = None;
    match result {
        Ok((user, timeline)) => {
            reached(app);
            app.users.select_person(&user.summary);
            app.users.remember(&user.summary, app.now);
            app.users.detail = Some(DetailState {
                user,
                timeline,
                scroll: 0,
            });
        }
        Err(e) => failed(app, &e, Some(Effect::LoadDetail { user_id })),
    }
    vec![]
}
