//! Confirming a reset link or an unlock (opened by `r` and `u` on a user): Enter sends it, once,
//! under a fresh Idempotency-Key.

use crate::app::keymap::Action;
use crate::app::model::{App, ConfirmKind, Level, Modal};
use crate::app::msg::Effect;
use crate::app::toolbox::notice;
use contract::i18n::tr;

pub fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Back => {
            app.modal = None;
            vec![]
        }
        Action::Confirm => {
            let Some(Modal::Confirm(c)) = app.modal.take() else {
                return vec![];
            };
            let idempotency_key = app.new_idempotency_key();
            match c.kind {
                ConfirmKind::Resend => {
                    notice(app, Level::Info, tr(app.lang, "resend.sending"));
                    vec![super::users::reset_link_call(c.user_id, idempotency_key)]
                }
                ConfirmKind::Quit => crate::app::toolbox::quit(app),
                ConfirmKind::Unlock => {
                    notice(app, Level::Info, tr(app.lang, "unlock.sending"));
                    vec![super::users::unlock_call(c.user_id, idempotency_key)]
                }
            }
        }
        _ => vec![],
    }
}
