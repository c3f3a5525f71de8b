//! Runs the effects that talk to the portal, each in its own task, answering with a message.
//! A search waits out the debounce inside its task, so a newer search (more typing) that aborts
//! it both cancels the request in flight and debounces in one move.

use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::{AbortHandle, JoinSet};

use crate::app::msg::{SEARCH_LIMIT, TIMELINE_LIMIT};
use crate::app::{BoardFigures, Effect, Msg, Reply};
use crate::drafts::{Draft, DraftStore};
use client::PortalClient;
use contract::api::{NewConversationMessage, NewPqrMessage};
use contract::remote::PortalError;

pub(crate) const SEARCH_DEBOUNCE: Duration = Duration::from_millis(150);

/// A draft is written this long after the last keystroke (and at once on exit or a signal).
pub(crate) const DRAFT_DEBOUNCE: Duration = Duration::from_millis(300);

pub struct EffectRunner {
    client: PortalClient,
    tx: UnboundedSender<Msg>,
    /// Every task this runner started: aborted together when the console ends (dropping the
    /// set aborts them too), so no request or live stream outlives it and holds a connection.
    tasks: JoinSet<()>,
    search: Option<AbortHandle>,
    pqr_list: Option<AbortHandle>,
    conversation_list: Option<AbortHandle>,
    watch: Option<AbortHandle>,
    /// The dashboard's read (waiting out its pause, or out): a newer one replaces it.
    board: Option<AbortHandle>,
    /// The desk-wide live stream, while the dashboard is on screen.
    desk_watch: Option<AbortHandle>,
    debounce: Duration,
    drafts: DraftStore,
    /// The newest unsaved version of each draft, and when it is due.
    pending_drafts: Vec<Draft>,
    draft_deadline: Option<tokio::time::Instant>,
}

/// The dashboard's three stats calls, at once; the first refusal is the answer.
pub async fn load_board(c: &PortalClient) -> Result<BoardFigures, PortalError> {
    let (pqr, resets, calls) = tokio::join!(
        c.pqr_stats(),
        c.reset_stats(None, None),
        c.call_stats(None, None)
    );
    Ok(BoardFigures {
        pqr: pqr?,
        resets: resets?,
        calls: calls?,
    })
}

/// A newer task of a kind takes the slot; the one it replaces is cancelled (its request dropped).
fn supersede(slot: &mut Option<AbortHandle>, new: Option<AbortHandle>) {
    if let Some(previous) = std::mem::replace(slot, new) {
        previous.abort();
    }
}

impl EffectRunner {
    pub fn new(client: PortalClient, tx: UnboundedSender<Msg>, drafts: DraftStore) -> Self {
        Self {
            client,
            tx,
            tasks: JoinSet::new(),
            search: None,
            pqr_list: None,
            conversation_list: None,
            watch: None,
            board: None,
            desk_watch: None,
            debounce: SEARCH_DEBOUNCE,
            drafts,
            pending_drafts: Vec::new(),
            draft_deadline: None,
        }
    }

    pub fn draft_deadline(&self) -> Option<tokio::time::Instant> {
        self.draft_deadline
    }

    /// Writes every pending draft now (debounce expired, or the console is going away).
    pub fn flush_drafts(&mut self) {
        self.draft_deadline = None;
        for draft in std::mem::take(&mut self.pending_drafts) {
            if let Err(e) = self.drafts.save(&draft) {
                tracing::error!(key = %draft.key, error = %e, "cannot save a draft");
            }
        }
    }

    /// Aborts every task still running: searches, actions, the live stream.
    pub fn abort_all(&mut self) {
        self.tasks.abort_all();
    }

    fn spawn(&mut self, job: impl Future<Output = Reply> + Send + 'static) -> AbortHandle {
        let tx = self.tx.clone();
        self.tasks.spawn(async move {
            let reply = job.await;
            // The console may have quit meanwhile: nobody to tell.
            let _ = tx.send(Msg::Portal(reply));
        })
    }

    /// Runs a portal effect; the others (copy, suspend, quit) belong to the loop.
    pub fn run(&mut self, effect: Effect) {
        // Forget finished tasks, so a day-long session does not pile them up.
        while self.tasks.try_join_next().is_some() {}
        let c = self.client.clone();
        match effect {
            Effect::LoadMe => {
                self.spawn(async move { Reply::Me(c.me().await) });
            }
            Effect::Probe { after } => {
                self.spawn(async move {
                    tokio::time::sleep(after).await;
                    Reply::Probed(c.me().await)
                });
            }
            Effect::Search { generation, query } => {
                let debounce = self.debounce;
                let handle = self.spawn(async move {
                    tokio::time::sleep(debounce).await;
                    let result = c.search_users(&query, SEARCH_LIMIT).await;
                    Reply::Search { generation, result }
                });
                supersede(&mut self.search, Some(handle));
            }
            Effect::CancelSearch => {
                supersede(&mut self.search, None);
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
            Effect::LoadPqrs {
                generation,
                query,
                cursor,
            } => {
                let append = cursor.is_some();
                let debounce = if append {
                    Duration::ZERO
                } else {
                    self.debounce
                };
                let handle = self.spawn(async move {
                    tokio::time::sleep(debounce).await;
                    let result = c.list_pqrs(&query, cursor.as_deref()).await;
                    Reply::Pqrs {
                        generation,
                        append,
                        result,
                    }
                });
                if !append {
                    supersede(&mut self.pqr_list, Some(handle));
                }
            }
            Effect::LoadAssignees { pqr_id } => {
                self.spawn(async move {
                    Reply::Assignees {
                        pqr_id,
                        result: c.pqr_assignees().await,
                    }
                });
            }
            Effect::LoadPqr { id } => {
                self.spawn(async move {
                    Reply::Pqr {
                        id,
                        result: c.pqr(id).await,
                    }
                });
            }
            Effect::PatchPqr { id, etag, patch } => {
                self.spawn(async move {
                    let result = c.patch_pqr(id, &etag, &patch).await;
                    Reply::Patched { id, patch, result }
                });
            }
            Effect::SendMessage(draft) => {
                // The draft on disk must hold the key before the request leaves.
                self.pending_drafts.retain(|d| d.key != draft.key);
                if let Err(e) = self.drafts.save(&draft) {
                    tracing::error!(error = %e, "cannot save the draft before sending it");
                }
                if let Some(id) = draft.conversation_id {
                    self.spawn(async move {
                        let message = NewConversationMessage::Text {
                            body: draft.body.clone(),
                        };
                        let result = c.answer_conversation(id, &message, &draft.key).await;
                        let sent = Effect::SendMessage(draft);
                        Reply::Answered { id, sent, result }
                    });
                    return;
                }
                self.spawn(async move {
                    let message = NewPqrMessage {
                        visibility: draft.visibility,
                        body: draft.body.clone(),
                    };
                    let result = c.add_pqr_message(draft.pqr_id, &message, &draft.key).await;
                    Reply::MessageSent { draft, result }
                });
            }
            Effect::CreatePqr {
                idempotency_key,
                new,
            } => {
                self.spawn(async move {
                    let result = c.create_pqr(&new, &idempotency_key).await;
                    Reply::Created {
                        idempotency_key,
                        result,
                    }
                });
            }
            Effect::Watch { user_id } => {
                let tx = self.tx.clone();
                let handle = self.tasks.spawn(async move {
                    let (live_tx, mut live_rx) = tokio::sync::mpsc::unbounded_channel();
                    let follow = c.follow_user(user_id, live_tx);
                    let forward = async move {
                        while let Some(update) = live_rx.recv().await {
                            if tx
                                .send(Msg::Portal(Reply::Live { user_id, update }))
                                .is_err()
                            {
                                return;
                            }
                        }
                    };
                    tokio::join!(follow, forward);
                });
                supersede(&mut self.watch, Some(handle));
            }
            Effect::Unwatch => {
                supersede(&mut self.watch, None);
            }
            Effect::LoadBoard { generation, after } => {
                let handle = self.spawn(async move {
                    tokio::time::sleep(after).await;
                    Reply::Board {
                        generation,
                        result: load_board(&c).await,
                    }
                });
                supersede(&mut self.board, Some(handle));
            }
            Effect::WatchDesk => {
                let tx = self.tx.clone();
                let handle = self.tasks.spawn(async move {
                    let (live_tx, mut live_rx) = tokio::sync::mpsc::unbounded_channel();
                    let follow = c.follow_desk(live_tx);
                    let forward = async move {
                        while let Some(update) = live_rx.recv().await {
                            let msg = Msg::Portal(Reply::DeskLive(update));
                            if tx.send(msg).is_err() {
                                return;
                            }
                        }
                    };
                    tokio::join!(follow, forward);
                });
                supersede(&mut self.desk_watch, Some(handle));
            }
            Effect::UnwatchDesk => {
                supersede(&mut self.desk_watch, None);
            }
            Effect::RecordOutcome {
                user_id,
                idempotency_key,
                outcome,
            } => {
                self.spawn(async move {
                    let result = c.record_outcome(user_id, &outcome, &idempotency_key).await;
                    Reply::OutcomeRecorded { user_id, result }
                });
            }
            Effect::LoadConversations { generation, query } => {
                let handle = self.spawn(async move {
                    let result = c.list_conversations(&query, None).await;
                    Reply::Conversations { generation, result }
                });
                supersede(&mut self.conversation_list, Some(handle));
            }
            Effect::LoadConversation { id } => {
                self.spawn(async move {
                    Reply::Conversation {
                        id,
                        result: c.conversation(id).await,
                    }
                });
            }
            Effect::LoadTemplates => {
                self.spawn(async move { Reply::Templates(c.conversation_templates().await) });
            }
            Effect::PatchConversation { id, etag, patch } => {
                self.spawn(async move {
                    let result = c.patch_conversation(id, &etag, &patch).await;
                    Reply::ConversationPatched { id, result }
                });
            }
            Effect::AnswerConversation {
                id,
                idempotency_key,
                message,
            } => {
                self.spawn(async move {
                    let result = c.answer_conversation(id, &message, &idempotency_key).await;
                    let sent = Effect::AnswerConversation {
                        id,
                        idempotency_key,
                        message,
                    };
                    Reply::Answered { id, sent, result }
                });
            }
            Effect::RadicateConversation { id, etag, new } => {
                self.spawn(async move {
                    let result = c.radicate_conversation(id, &etag, &new).await;
                    Reply::Radicated { id, result }
                });
            }
            Effect::SaveDraft(draft) => {
                self.pending_drafts.retain(|d| d.key != draft.key);
                self.pending_drafts.push(draft);
                self.draft_deadline = Some(tokio::time::Instant::now() + DRAFT_DEBOUNCE);
            }
            Effect::RemoveDraft(key) => {
                self.pending_drafts.retain(|d| d.key != key);
                if let Err(e) = self.drafts.remove(&key) {
                    tracing::error!(error = %e, "cannot remove a sent draft");
                }
            }
            Effect::Copy(_) | Effect::Suspend | Effect::Redraw | Effect::Quit => {}
        }
    }
}
