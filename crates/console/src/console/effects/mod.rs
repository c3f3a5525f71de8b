//! Runs the effects that talk to the portal, each in its own task, answering with a message.
//! A plain call of an endpoint (`Effect::Call`) runs here, the same way for every endpoint: the
//! client is the contract's `Transport`, the call makes its reply. Each feature's own effects
//! (those with more to them: debounced, superseded, streamed, under `If-Match`) run in the file
//! of its name (`effects/pqr.rs` runs `PqrEffect`s and
//! answers with `PqrReply`s), as they are grouped in `app/msg/`; this file holds the runner, its
//! slots, the drafts on disk, and the routing by group.
//! A search waits out the debounce inside its task, so a newer search (more typing) that aborts
//! it both cancels the request in flight and debounces in one move.

mod board;
mod conversations;
mod pqr;
mod session;
mod users;
mod walk;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedSender;
use tokio::task::{AbortHandle, JoinSet};

use crate::app::{BoardFigures, Effect, Msg, Reply};
use crate::drafts::{Draft, DraftStore};
use client::PortalClient;
use contract::api::{GetCallStats, GetPqrStats, GetResetStats};
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
    let (resets, calls) = (GetResetStats::default(), GetCallStats::default());
    let (pqr, resets, calls) = tokio::join!(c.call(&GetPqrStats), c.call(&resets), c.call(&calls));
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

    /// Runs `job` in its own task; its answer (a feature's reply) goes back as a message.
    fn spawn<R: Into<Reply>>(
        &mut self,
        job: impl Future<Output = R> + Send + 'static,
    ) -> AbortHandle {
        let tx = self.tx.clone();
        self.tasks.spawn(async move {
            let reply = job.await.into();
            // The console may have quit meanwhile: nobody to tell.
            let _ = tx.send(Msg::Portal(reply));
        })
    }

    /// Runs an effect: a portal's in its feature's file, the drafts' here; the others (copy,
    /// suspend, quit) belong to the loop.
    pub fn run(&mut self, effect: Effect) {
        // Forget finished tasks, so a day-long session does not pile them up.
        while self.tasks.try_join_next().is_some() {}
        let c = self.client.clone();
        match effect {
            Effect::Call(call) => {
                self.spawn(call.run(Arc::new(c)));
            }
            Effect::Session(effect) => self.run_session(c, effect),
            Effect::Users(effect) => self.run_users(c, effect),
            Effect::Walk(effect) => self.run_walk(c, effect),
            Effect::Pqr(effect) => self.run_pqr(c, effect),
            Effect::Board(effect) => self.run_board(c, effect),
            Effect::Conversations(effect) => self.run_conversations(c, effect),
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
