//! The users screen's list of results: move, open a user, and act on the selected one.

use crate::app::keymap::Action;
use crate::app::model::{App, Focus, page};
use crate::app::msg::{Effect, UsersEffect};

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if let Some(effects) = super::global::on_action(app, action) {
        return effects;
    }
    match action {
        Action::Search => {
            app.users.focus = Focus::Search;
            vec![]
        }
        Action::Down => move_selection(app, 1),
        Action::Up => move_selection(app, -1),
        Action::PageDown => move_selection(app, page(app.drawn.users_rows) as isize),
        Action::PageUp => move_selection(app, -(page(app.drawn.users_rows) as isize)),
        Action::Top => move_selection(app, isize::MIN / 2),
        Action::Bottom => move_selection(app, isize::MAX / 2),
        Action::Open => open_detail(app),
        Action::NextPane => {
            if app.users.detail.is_some() {
                app.users.focus = Focus::Detail;
            }
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

fn move_selection(app: &mut App, by: isize) -> Vec<Effect> {
    let n = app.users.results.len();
    if n == 0 {
        return vec![];
    }
    let next = (app.users.selected as isize)
        .saturating_add(by)
        .clamp(0, n as isize - 1);
    app.users.selected = next as usize;
    app.users.keep_detail_with_selection();
    vec![]
}

fn open_detail(app: &mut App) -> Vec<Effect> {
    let Some(user) = app.selected_user() else {
        return vec![];
    };
    let id = user.id;
    app.users.focus = Focus::Detail;
    if app
        .users
        .detail
        .as_ref()
        .is_some_and(|d| d.user.summary.id == id)
    {
        return vec![];
    }
    app.users.loading_detail = Some(id);
    vec![Effect::Users(UsersEffect::LoadDetail { user_id: id })]
}
