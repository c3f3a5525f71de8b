//! The dashboard's requests: its figures (after a pause, a newer read replacing an older one),
//! and the desk-wide live stream.

use client::PortalClient;

use super::{EffectRunner, load_board, supersede};
use crate::app::{BoardEffect, BoardReply, Msg};

impl EffectRunner {
    pub(super) fn run_board(&mut self, c: PortalClient, effect: BoardEffect) {
        match effect {
            BoardEffect::LoadBoard { generation, after } => {
                let handle = self.spawn(async move {
                    tokio::time::sleep(after).await;
                    BoardReply::Board {
                        generation,
                        result: load_board(&c).await,
                    }
                });
                supersede(&mut self.board, Some(handle));
            }
            BoardEffect::WatchDesk => {
                let tx = self.tx.clone();
                let handle = self.tasks.spawn(async move {
                    let (live_tx, mut live_rx) = tokio::sync::mpsc::unbounded_channel();
                    let follow = c.follow_desk(live_tx);
                    let forward = async move {
                        while let Some(update) = live_rx.recv().await {
                            let msg = Msg::Portal(BoardReply::DeskLive(update).into());
                            if tx.send(msg).is_err() {
                                return;
                            }
                        }
                    };
                    tokio::join!(follow, forward);
                });
                supersede(&mut self.desk_watch, Some(handle));
            }
            BoardEffect::UnwatchDesk => {
                supersede(&mut self.desk_watch, None);
            }
        }
    }
}
