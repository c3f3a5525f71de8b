//! The reconnection probe: `GET /me` after a pause (the plain `GET /me` is an `Effect::Call`).

use client::PortalClient;

use super::EffectRunner;
use crate::app::{SessionEffect, SessionReply};
use contract::api::Me;

impl EffectRunner {
    pub(super) fn run_session(&mut self, c: PortalClient, effect: SessionEffect) {
        match effect {
            SessionEffect::Probe { after } => {
                self.spawn(async move {
                    tokio::time::sleep(after).await;
                    SessionReply::Probed(c.call(&Me).await)
                });
            }
        }
    }
}
