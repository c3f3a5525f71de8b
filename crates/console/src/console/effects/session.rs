//! `GET /me`: who the operator is, now or after the reconnection pause.

use client::PortalClient;

use super::EffectRunner;
use crate::app::{SessionEffect, SessionReply};

impl EffectRunner {
    pub(super) fn run_session(&mut self, c: PortalClient, effect: SessionEffect) {
        match effect {
            SessionEffect::LoadMe => {
                self.spawn(async move { SessionReply::Me(c.me().await) });
            }
            SessionEffect::Probe { after } => {
                self.spawn(async move {
                    tokio::time::sleep(after).await;
                    SessionReply::Probed(c.me().await)
                });
            }
        }
    }
}
