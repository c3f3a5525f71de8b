//! Keys that mean the same on every screen when no modal is open (quit, help, palette, the
//! screens, suspend, redraw, retry): each screen's handler asks here first. And the passing of
//! time, and who the operator is.

use crate::app::keymap::Action;
use crate::app::model::{App, Confirm, ConfirmKind, Modal, PaletteState, Screen, line_input};
use crate::app::msg::{Effect, SessionReply, load_me};
use crate::app::toolbox::{failed, quit, reached, retry};
use contract::api::Operator;
use contract::i18n::trf;
use contract::remote::PortalError;

/// The action if it is one of every screen's; `None` leaves it to the screen's handler.
pub fn on_action(app: &mut App, action: Action) -> Option<Vec<Effect>> {
    Some(match action {
        Action::Quit => ask_quit(app),
        Action::Suspend => vec![Effect::Suspend],
        Action::Redraw => vec![Effect::Redraw],
        Action::Help => super::help::open(app),
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
        Action::GoConversations => super::conversations::go(app),
        Action::Retry => retry(app),
        _ => return None,
    })
}

/// `q`: quits, unless a call or unsent text would be left behind, which the operator confirms.
fn ask_quit(app: &mut App) -> Vec<Effect> {
    let lang = app.lang;
    let mut reasons = Vec::new();
    if let Some(w) = &app.walk {
        reasons.push(trf(lang, "quit.walk", &[("name", &w.user_name)]));
    }
    if !app.drafts.is_empty() {
        let n = app.drafts.len().to_string();
        reasons.push(trf(lang, "quit.drafts", &[("n", &n)]));
    }
    if reasons.is_empty() {
        return quit(app);
    }
    app.modal = Some(Modal::Confirm(Confirm {
        kind: ConfirmKind::Quit,
        user_id: 0,
        name: String::new(),
        person: reasons.join(" "),
        email_masked: String::new(),
        pending_mail: None,
    }));
    vec![]
}

/// F3 or `:pqr`: the PQR screen, loaded the first time.
pub(crate) fn go_pqr(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Pqr;
    if app.pqr.loaded || app.pqr.loading {
        return vec![];
    }
    app.pqr.reload()
}

/// F4 or `:tablero`: the dashboard, read again on every visit (the desk's stream is only followed
/// while it is on screen, so what it showed before may be old).
pub(crate) fn go_board(app: &mut App) -> Vec<Effect> {
    app.screen = Screen::Board;
    if app.board.loading {
        return vec![];
    }
    app.board.reload(std::time::Duration::ZERO)
}

pub(crate) fn on_tick(app: &mut App) -> Vec<Effect> {
    let before = app.users.cooldowns.len();
    let now = app.now;
    app.users.cooldowns.retain(|_, until| *until > now);
    let expired = before != app.users.cooldowns.len();
    let counting = app.notice.as_ref().and_then(|n| n.countdown).is_some();
    // A countdown that reached zero leaves the notice line: the resend is possible again.
    if counting && app.countdown_left().is_none() {
        app.notice = None;
    }
    // Countdowns change every second; relative times («hace 3 min») only matter with a detail open.
    // So do the WhatsApp windows' clocks on «Conversaciones».
    app.tick_redraw = expired
        || counting
        || app.wants_fast_ticks()
        || app.users.detail.is_some()
        || app.screen == Screen::Conversations;
    vec![]
}

/// The session's replies: who the operator is, and the reconnection probe's answer.
pub(crate) fn on_reply(app: &mut App, reply: SessionReply) -> Vec<Effect> {
    match reply {
        SessionReply::Me(result) => on_me(app, result),
        SessionReply::Probed(result) => super::reconnect::on_probed(app, result),
    }
}

/// `GET /me`: the operator shown in the status bar.
fn on_me(app: &mut App, result: Result<Operator, PortalError>) -> Vec<Effect> {
    match result {
        Ok(op) => {
            reached(app);
            app.operator = Some(op);
        }
        Err(e) => failed(app, &e, Some(load_me())),
    }
    vec![]
}
