//! The conversations of the guide's channels (WhatsApp, correo): the queue, one thread with its
//! ETag, changes under `If-Match`, answers with an `Idempotency-Key`, radicating. Every answer
//! goes through ingress before the console sees it (the requester's words above all).

use reqwest::Method;

use super::PortalClient;
use contract::api::Ingress;
use contract::api::{
    ConversationDetail, ConversationPatch, ConversationSummary, NewConversationMessage,
    NewPqrFromConversation, Page, RadicatedConversation,
};
use contract::remote::{ConversationQuery, PortalError};

impl PortalClient {
    /// One page of the queue, in the portal's order (oldest unanswered first, closing windows
    /// before the rest).
    pub async fn list_conversations(
        &self,
        filter: &ConversationQuery,
        cursor: Option<&str>,
    ) -> Result<Page<ConversationSummary>, PortalError> {
        let mut query = filter.pairs();
        if let Some(c) = cursor {
            query.push(("cursor", c.to_string()));
        }
        let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
        self.get::<Page<ConversationSummary>>("/api/v1/conversations", &query)
            .await
            .map(Ingress::sanitized)
    }

    /// A conversation with its thread, and its ETag for the next change (empty when the portal
    /// sent none: then [`Self::patch_conversation`] and [`Self::radicate_conversation`] refuse).
    pub async fn conversation(&self, id: i64) -> Result<(ConversationDetail, String), PortalError> {
        let (detail, etag) = self
            .get_with_etag::<ConversationDetail>(&format!("/api/v1/conversations/{id}"), &[])
            .await?;
        Ok((detail.sanitized(), etag))
    }

    /// Assign, close, reopen or link under `If-Match`; a 412 means it changed since it was read.
    pub async fn patch_conversation(
        &self,
        id: i64,
        etag: &str,
        patch: &ConversationPatch,
    ) -> Result<(ConversationDetail, String), PortalError> {
        let (detail, etag) = self
            .if_match::<_, ConversationDetail>(
                Method::PATCH,
                &format!("/api/v1/conversations/{id}"),
                etag,
                patch,
            )
            .await?;
        Ok((detail.sanitized(), etag))
    }

    /// An answer on the conversation's channel; the key makes a retried send land once.
    pub async fn answer_conversation(
        &self,
        id: i64,
        message: &NewConversationMessage,
        idempotency_key: &str,
    ) -> Result<ConversationDetail, PortalError> {
        self.action(
            &format!("/api/v1/conversations/{id}/messages"),
            message,
            idempotency_key,
        )
        .await
        .map(Ingress::sanitized)
    }

    /// Files the conversation as a PQR (under `If-Match`: the thread the operator read).
    pub async fn radicate_conversation(
        &self,
        id: i64,
        etag: &str,
        new: &NewPqrFromConversation,
    ) -> Result<RadicatedConversation, PortalError> {
        let path = format!("/api/v1/conversations/{id}/pqr");
        let (filed, _) = self
            .if_match::<_, RadicatedConversation>(Method::POST, &path, etag, new)
            .await?;
        Ok(filed.sanitized())
    }
}
