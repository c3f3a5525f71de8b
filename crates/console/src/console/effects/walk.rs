//! The walkthrough's requests: following one user's live events.

use client::PortalClient;

use super::{EffectRunner, supersede};
use crate::app::{Msg, WalkEffect, WalkReply};

impl EffectRunner {
    pub(super) fn run_walk(&mut self, c: PortalClient, effect: WalkEffect) {
        match effect {
            WalkEffect::Watch { user_id } => {
                let tx = self.tx.clone();
                let handle = self.tasks.spawn(async move {
                    let (live_tx, mut live_rx) = tokio::sync::mpsc::unbounded_channel();
                    let follow = c.follow_user(user_id, live_tx);
                    let forward = async move {
                        while let Some(update) = live_rx.recv().await {
                            let reply = WalkReply::Live { user_id, update };
                            if tx.send(Msg::Portal(reply.into())).is_err() {
                                return;
                            }
                        }
                    };
                    tokio::join!(follow, forward);
                });
                supersede(&mut self.watch, Some(handle));
            }
            WalkEffect::Unwatch => {
                supersede(&mut self.watch, None);
            }
        }
    }
}
