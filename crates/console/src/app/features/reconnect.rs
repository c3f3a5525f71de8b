//! Back online by itself. While the portal cannot be reached the console probes it (`GET /me`)
//! with a growing pause, and when it answers, the read that was on screen (the search, the PQR
//! list, an open detail) runs again. An action (a resend, an unlock, a reply) never does: it waits
//! for the operator's F5, because running it unseen could surprise the caller on the line.

use std::time::Duration;

use crate::app::messages::error_text;
use crate::app::model::{App, Connection, Level, Screen, text_of};
use crate::app::msg::{ConversationsEffect, Effect, PqrEffect, SessionEffect, UsersEffect};
use crate::app::toolbox::{again, connection_after, is_read, notice, reached, with_retry_hint};
use contract::api::Operator;
use contract::i18n::tr;
use contract::remote::PortalError;

/// The pause before probe number `attempt` (0-based): 1, 2, 4, 8, 16, then every 30 seconds, plus
/// up to a quarter second that differs between sessions, so that fifty consoles do not all knock
/// at once when the portal comes back.
pub fn backoff(attempt: u32, session: &str) -> Duration {
    let base = 1000u64 << attempt.min(5);
    let spread = session.bytes().fold(u64::from(attempt), |h, b| {
        h.wrapping_mul(31).wrapping_add(u64::from(b))
    }) % 250;
    Duration::from_millis(base.min(30_000) + spread)
}

/// After every update: the first time the console finds itself offline, the probing starts.
pub(crate) fn after_update(app: &mut App, effects: &mut Vec<Effect>) {
    if app.connection == Connection::Offline && app.probe_attempt.is_none() {
        app.probe_attempt = Some(0);
        effects.push(Effect::Session(SessionEffect::Probe {
            after: backoff(0, &app.session),
        }));
    }
}

/// The answer to a probe.
pub(crate) fn on_probed(app: &mut App, result: Result<Operator, PortalError>) -> Vec<Effect> {
    let was_offline = app.connection == Connection::Offline;
    match result {
        Ok(operator) => {
            app.operator = Some(operator);
            reached(app);
        }
        Err(e) => connection_after(app, &e),
    }
    if app.connection == Connection::Offline {
        let attempt = app.probe_attempt.map_or(1, |a| a.saturating_add(1));
        app.probe_attempt = Some(attempt);
        return vec![Effect::Session(SessionEffect::Probe {
            after: backoff(attempt, &app.session),
        })];
    }
    app.probe_attempt = None;
    match app.connection {
        Connection::Online if was_offline => back_online(app),
        Connection::Unauthorized => {
            notice(
                app,
                Level::Error,
                error_text(app.lang, &PortalError::Unauthorized),
            );
            vec![]
        }
        _ => vec![],
    }
}

/// The reads on screen, again; a failed action stays for F5. A detail that failed to open while
/// the portal was away (so neither open nor loading any more) is one of them: it is the read
/// waiting for F5.
fn back_online(app: &mut App) -> Vec<Effect> {
    let mut effects = Vec::new();
    let failed_user = match &app.retry {
        Some(Effect::Users(UsersEffect::LoadDetail { user_id })) => Some(*user_id),
        _ => None,
    };
    let failed_pqr = match &app.retry {
        Some(Effect::Pqr(PqrEffect::LoadPqr { id })) => Some(*id),
        _ => None,
    };
    let failed_conversation = match &app.retry {
        Some(Effect::Conversations(ConversationsEffect::LoadConversation { id })) => Some(*id),
        _ => None,
    };
    match app.screen {
        Screen::Users => {
            // The query in the field: a search that failed offline has not been shown yet.
            let query = text_of(&app.users.search);
            if !query.trim().is_empty() {
                effects.push(again(
                    app,
                    Effect::Users(UsersEffect::Search {
                        generation: 0,
                        query,
                    }),
                ));
            }
            let open = app.users.detail.as_ref().map(|d| d.user.summary.id);
            if let Some(user_id) = open.or(app.users.loading_detail).or(failed_user) {
                effects.push(again(
                    app,
                    Effect::Users(UsersEffect::LoadDetail { user_id }),
                ));
            }
        }
        Screen::Pqr => {
            effects.extend(app.pqr.reload());
            let open = app.pqr.detail.as_ref().map(|d| d.pqr.summary.id);
            if let Some(id) = open.or(app.pqr.loading_detail).or(failed_pqr) {
                effects.push(again(app, Effect::Pqr(PqrEffect::LoadPqr { id })));
            }
        }
        // The walkthrough's live stream resumes on its own, from the last event it saw.
        Screen::Walkthrough => {}
        Screen::Board => effects.extend(app.board.reload(Duration::ZERO)),
        Screen::Conversations => {
            effects.extend(app.conversations.reload());
            let open = app.conversations.open.as_ref();
            if let Some(id) = open
                .map(|v| v.conversation.summary.id)
                .or(app.conversations.loading_open)
                .or(failed_conversation)
            {
                effects.push(again(
                    app,
                    Effect::Conversations(ConversationsEffect::LoadConversation { id }),
                ));
            }
        }
    }
    // A read that failed has just run again; an action is still the operator's to retry.
    let action_pending = app.retry.as_ref().is_some_and(|e| !is_read(e));
    if !action_pending {
        app.retry = None;
    }
    let text = with_retry_hint(app, tr(app.lang, "conn.back").to_string());
    notice(app, Level::Success, text);
    effects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pause_grows_to_half_a_minute_and_differs_between_sessions() {
        let ms = |a, s| backoff(a, s).as_millis();
        assert!((1000..1250).contains(&ms(0, "a")));
        assert!((2000..2250).contains(&ms(1, "a")));
        assert!((16_000..16_250).contains(&ms(4, "a")));
        assert!((30_000..30_250).contains(&ms(5, "a")));
        assert!((30_000..30_250).contains(&ms(40, "a")));
        assert_ne!(ms(3, "session-one"), ms(3, "session-two"));
    }
}
