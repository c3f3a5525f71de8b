//! Runs the effects that talk to the portal, each in its own task, answering with a message.
//! A search waits out the debounce inside its task, so a newer search (more typing) that aborts
//! it both cancels the request in flight and debounces in one move.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::AbortHandle;

use crate::app::update::{SEARCH_LIMIT, TIMELINE_LIMIT};
use crate::app::{Effect, Msg, Reply};
use crate::client::PortalClient;

pub const SEARCH_DEBOUNCE: Duration = Duration::from_millis(150);

pub struct EffectRunner {
    client: PortalClient,
    tx: UnboundedSender<Msg>,
    search: Option<AbortHandle>,
    debounce: Duration,
}

impl EffectRunner {
    pub fn new(client: PortalClient, tx: UnboundedSender<Msg>) -> Self {
        Self {
            client,
            tx,
            search: None,
            debounce: SEARCH_DEBOUNCE,
        }
    }

    fn spawn(&self, job: impl Future<Output = Reply> + Send + 'static) -> AbortHandle {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let reply = job.await;
            // The console may have quit meanwhile: nobody to tell.
            let _ = tx.send(Msg::Portal(reply));
        })
        .abort_handle()
    }

    /// Runs a portal effect; the others (copy, suspend, quit) belong to the loop.
    pub fn run(&mut self, effect: Effect) {
        let c = self.client.clone();
        match effect {
            Effect::LoadMe => {
                self.spawn(async move { Reply::Me(c.me().await) });
            }
            Effect::Search { generation, query } => {
                if let Some(previous) = self.search.take() {
                    previous.abort();
                }
                let debounce = self.debounce;
                self.search = Some(self.spawn(async move {
                    tokio::time::sleep(debounce).await;
                    let result = c.search_users(&query, SEARCH_LIMIT).await;
                    Reply::Search { generation, result }
                }));
            }
            Effect::CancelSearch => {
                if let Some(previous) = self.search.take() {
                    previous.abort();
                }
            }
            Effect::LoadDetail { user_id } => {
                self.spawn(async move {
                    let (user, timeline) =
                        tokio::join!(c.user(user_id), c.timeline(user_id, TIMELINE_LIMIT));
                    let result = user.and_then(|u| timeline.map(|t| (u, t)));
                    Reply::Detail { user_id, result }
                });
            }
            Effect::Verify {
                user_id,
                idempotency_key,
                request,
            } => {
                self.spawn(async move {
                    let result = c.verify(user_id, &request, &idempotency_key).await;
                    Reply::Verified { user_id, result }
                });
            }
            Effect::SendResetLink {
                user_id,
                idempotency_key,
            } => {
                self.spawn(async move {
                    let result = c.send_reset_link(user_id, &idempotency_key).await;
                    Reply::ResetSent {
                        user_id,
                        idempotency_key,
                        result,
                    }
                });
            }
            Effect::Unlock {
                user_id,
                idempotency_key,
            } => {
                self.spawn(async move {
                    let result = c.unlock(user_id, &idempotency_key).await;
                    Reply::Unlocked {
                        user_id,
                        idempotency_key,
                        result,
                    }
                });
            }
            Effect::Copy(_) | Effect::Suspend | Effect::Redraw | Effect::Quit => {}
        }
    }
}
