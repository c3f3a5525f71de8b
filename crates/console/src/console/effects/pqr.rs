//! The PQR screen's requests: the list (debounced, a newer first page replacing an older one), a
//! ticket, a change, a message (a draft, saved before it leaves), a new ticket.

use std::time::Duration;

use client::PortalClient;

use super::{EffectRunner, supersede};
use crate::app::{ConversationsReply, Effect, PqrEffect, PqrReply};
use contract::api::{NewConversationMessage, NewPqrMessage};

impl EffectRunner {
    pub(super) fn run_pqr(&mut self, c: PortalClient, effect: PqrEffect) {
        match effect {
            PqrEffect::LoadPqrs {
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
                    PqrReply::Pqrs {
                        generation,
                        append,
                        result,
                    }
                });
                if !append {
                    supersede(&mut self.pqr_list, Some(handle));
                }
            }
            PqrEffect::LoadPqr { id } => {
                self.spawn(async move {
                    PqrReply::Pqr {
                        id,
                        result: c.pqr(id).await,
                    }
                });
            }
            PqrEffect::PatchPqr { id, etag, patch } => {
                self.spawn(async move {
                    let result = c.patch_pqr(id, &etag, &patch).await;
                    PqrReply::Patched { id, patch, result }
                });
            }
            PqrEffect::SendMessage(draft) => {
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
                        let sent = Effect::Pqr(PqrEffect::SendMessage(draft));
                        ConversationsReply::Answered { id, sent, result }
                    });
                    return;
                }
                self.spawn(async move {
                    let message = NewPqrMessage {
                        visibility: draft.visibility,
                        body: draft.body.clone(),
                    };
                    let result = c.add_pqr_message(draft.pqr_id, &message, &draft.key).await;
                    PqrReply::MessageSent { draft, result }
                });
            }
        }
    }
}
