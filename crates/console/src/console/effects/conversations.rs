//! The conversations' requests: the queue (a newer read replacing an older one), a thread, the
//! a change, a template's answer, filing one as a PQR, the radicado of that PQR.

use client::PortalClient;

use super::{EffectRunner, supersede};
use crate::app::{ConversationsEffect, ConversationsReply, Effect};

impl EffectRunner {
    pub(super) fn run_conversations(&mut self, c: PortalClient, effect: ConversationsEffect) {
        match effect {
            ConversationsEffect::LoadConversations { generation, query } => {
                let handle = self.spawn(async move {
                    let result = c.list_conversations(&query, None).await;
                    ConversationsReply::Conversations { generation, result }
                });
                supersede(&mut self.conversation_list, Some(handle));
            }
            ConversationsEffect::LoadConversation { id } => {
                self.spawn(async move {
                    ConversationsReply::Conversation {
                        id,
                        result: c.conversation(id).await,
                    }
                });
            }
            ConversationsEffect::PatchConversation { id, etag, patch } => {
                self.spawn(async move {
                    let result = c.patch_conversation(id, &etag, &patch).await;
                    ConversationsReply::ConversationPatched { id, result }
                });
            }
            ConversationsEffect::AnswerConversation {
                id,
                idempotency_key,
                message,
            } => {
                self.spawn(async move {
                    let result = c.answer_conversation(id, &message, &idempotency_key).await;
                    let sent = Effect::Conversations(ConversationsEffect::AnswerConversation {
                        id,
                        idempotency_key,
                        message,
                    });
                    ConversationsReply::Answered { id, sent, result }
                });
            }
            ConversationsEffect::RadicateConversation { id, etag, new } => {
                self.spawn(async move {
                    let result = c.radicate_conversation(id, &etag, &new).await;
                    ConversationsReply::Radicated { id, result }
                });
            }
        }
    }
}
