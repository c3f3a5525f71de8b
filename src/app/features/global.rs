//! Keys that mean the same on every screen when no modal is open (quit, help, palette, the
//! screens, suspend, redraw, retry): each screen's handler asks here first. And the passing of
//! time, and who the operator is.

use crate::api::Operator;
use crate::app::keymap::Action;
use crate::app::model::{App, Level, Modal, PaletteState, Screen, line_input};
use crate::app::msg::Effect;
use crate::app::portal_types::PortalError;
use crate::app::toolbox::{failed, quit, reached, retry};

/// The action if it is one of every screen's; `None` leaves it to the screen's handler.
pub fn on_action(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    Some(match action {
        Action::Quit => quit(app),
        Action::Suspend => vec![Effect::Suspend],
        Action::Redraw => vec![Effect::Redraw],
        Action::Help => {
            app.modal = Some(Modal::Help { scroll: 0 });
            vec![]
        }
        Action::Palette => {
            app.modal = Some(Modal::Palette(Box::new(PaletteState {
                input: line_input(""),
                selected: 0,
            })));
            vec![]
        }
        Action::GoUsers => {
            app.screen = Screen::Users;
            vec![]
        }
        Action::GoPqr => go_pqr(app),
        Action::GoBoard => go_board(app),
        Action::Retry => retry(app),
        _ => return None,
    })
}

/// F3 or `:pqr`: the PQR screen, loaded the first time.
pub fn go_pqr(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Pqr;
    if app.pqr.loaded || app.pqr.loading {
        return vec![];
    }
    app.pqr.reload()
}

/// F4 or `:tablero`: the dashboard, read again on every visit (the desk's stream is only followed
/// while it is on screen, so what it showed before may be old).
pub fn go_board(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Board;
    if app.board.loading {
        return vec![];
    }
    app.board.reload(std::time::Duration::ZERO)
}

pub fn on_tick(app: &mut App) -> Vec<Effect> {
    let before = app.users.cooldowns.len();
    let now = app.now;
    app.users.cooldowns.retain(|_, until| *until > now);
    let expired = before != app.users.cooldowns.len();
    // Countdowns change every second; relative times («hace 3 min») only matter with a detail open.
    app.tick_redraw = expired || app.wants_fast_ticks() || app.users.detail.is_some();
    if expired
        && app.users.cooldowns.is_empty()
        && app
            .notice
            .as_ref()
            .is_some_and(|n| n.level == Level::Warning)
    {
        app.notice = None;
    }
    vec![]
}

/// `GET /me`: the operator shown in the status bar.
pub fn on_me(app: &mut App, result: Result<Operator, PortalError>) -> Vec<Effect> {
    match result {
        Ok(op) => {
            reached(app);
            app.operator = Some(op);
        }
        Err(e) => failed(app, &e, Some(Effect::LoadMe)),
    }
    vec![]
}
