//! The users screen's requests: the debounced search, a user with their timeline (two reads, one
//! reply; the reset link and the unlock are `Effect::Call`s).

use client::PortalClient;

use super::{EffectRunner, supersede};
use crate::app::msg::{SEARCH_LIMIT, TIMELINE_LIMIT};
use crate::app::{UsersEffect, UsersReply};
use contract::api::{GetUser, UserTimeline};

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
                    let user = GetUser { user_id };
                    let timeline = UserTimeline {
                        user_id,
                        limit: TIMELINE_LIMIT,
                    };
                    let (user, timeline) = tokio::join!(c.call(&user), c.call(&timeline));
                    let result = user.and_then(|u| timeline.map(|t| (u, t.items)));
                    UsersReply::Detail { user_id, result }
                });
            }
        }
    }
}
