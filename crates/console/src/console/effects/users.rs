//! The users screen's requests: the debounced search, a user with their timeline, the reset link,
//! the unlock.

use client::PortalClient;

use super::{EffectRunner, supersede};
use crate::app::msg::{SEARCH_LIMIT, TIMELINE_LIMIT};
use crate::app::{UsersEffect, UsersReply};

impl EffectRunner {
    pub(super) fn run_users(&mut self, c: PortalClient, effect: UsersEffect) {
        match effect {
            UsersEffect::Search { generation, query } => {
                let debounce = self.debounce;
                let handle = self.spawn(async move {
                    tokio::time::sleep(debounce).await;
                    let result = c.search_users(&query, SEARCH_LIMIT).await;
                    UsersReply::Search { generation, result }
                });
                supersede(&mut self.search, Some(handle));
            }
            UsersEffect::CancelSearch => {
                supersede(&mut self.search, None);
            }
            UsersEffect::LoadDetail { user_id } => {
                self.spawn(async move {
                    let (user, timeline) =
                        tokio::join!(c.user(user_id), c.timeline(user_id, TIMELINE_LIMIT));
                    let result = user.and_then(|u| timeline.map(|t| (u, t)));
                    UsersReply::Detail { user_id, result }
                });
            }
            UsersEffect::SendResetLink {
                user_id,
                idempotency_key,
            } => {
                self.spawn(async move {
                    let result = c.send_reset_link(user_id, &idempotency_key).await;
                    UsersReply::ResetSent {
                        user_id,
                        idempotency_key,
                        result,
                    }
                });
            }
            UsersEffect::Unlock {
                user_id,
                idempotency_key,
            } => {
                self.spawn(async move {
                    let result = c.unlock(user_id, &idempotency_key).await;
                    UsersReply::Unlocked {
                        user_id,
                        idempotency_key,
                        result,
                    }
                });
            }
        }
    }
}
