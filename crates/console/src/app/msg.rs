//! What reaches the update function (messages) and what it asks the edge to do (effects).

use crossterm::event::KeyEvent;

use super::portal_types::BoardFigures;
use crate::drafts::Draft;
use contract::api::{
    ConversationDetail, ConversationPatch, ConversationSummary, ConversationTemplate,
    NewConversationMessage, NewPqrFromConversation, RadicatedConversation,
};
use contract::api::{
    Event, Operator, Page, ResetLinkSent, UnlockResult, UserDetail, UserSummary,
    VerificationRequest, VerificationResult,
};
use contract::api::{NewPqr, PqrDetail, PqrMessage, PqrPatch, PqrSummary};
use contract::remote::{ConversationQuery, LiveUpdate, PortalError, PqrQuery};

/// How many rows a search asks for: a page of results is all an operator reads.
pub(crate) const SEARCH_LIMIT: u32 = 50;
/// How many timeline events the detail pane loads.
pub(crate) const TIMELINE_LIMIT: u32 = 50;

// Messages are moved once each, a few per keystroke: boxing the big replies would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// Time passed (the clock itself is `App::now`, set by the loop before each message).
    Tick,
    Portal(Reply),
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Reply {
    Me(Result<Operator, PortalError>),
    /// The answer to a reconnection probe.
    Probed(Result<Operator, PortalError>),
    Search {
        generation: u64,
        result: Result<Page<UserSummary>, PortalError>,
    },
    Detail {
        user_id: i64,
        result: Result<(UserDetail, Vec<Event>), PortalError>,
    },
    Verified {
        user_id: i64,
        result: Result<VerificationResult, PortalError>,
    },
    ResetSent {
        user_id: i64,
        idempotency_key: String,
        result: Result<ResetLinkSent, PortalError>,
    },
    Unlocked {
        user_id: i64,
        idempotency_key: String,
        result: Result<UnlockResult, PortalError>,
    },
    Pqrs {
        generation: u64,
        append: bool,
        result: Result<Page<PqrSummary>, PortalError>,
    },
    Pqr {
        id: i64,
        result: Result<(PqrDetail, String), PortalError>,
    },
    Patched {
        id: i64,
        patch: PqrPatch,
        result: Result<(PqrDetail, String), PortalError>,
    },
    MessageSent {
        draft: Draft,
        result: Result<PqrMessage, PortalError>,
    },
    Created {
        idempotency_key: String,
        result: Result<PqrDetail, PortalError>,
    },
    Live {
        user_id: i64,
        update: LiveUpdate,
    },
    OutcomeRecorded {
        user_id: i64,
        result: Result<Event, PortalError>,
    },
    /// Whom this operator may assign tickets to (`A` on a PQR).
    Assignees {
        pqr_id: i64,
        result: Result<Vec<contract::api::PqrAssignee>, PortalError>,
    },
    /// The dashboard's figures (the three stats calls together).
    Board {
        generation: u64,
        result: Result<BoardFigures, PortalError>,
    },
    /// News from the desk-wide live stream the dashboard keeps while it is on screen.
    DeskLive(LiveUpdate),
    Conversations {
        generation: u64,
        result: Result<Page<ConversationSummary>, PortalError>,
    },
    Conversation {
        id: i64,
        result: Result<(ConversationDetail, String), PortalError>,
    },
    Templates(Result<Vec<ConversationTemplate>, PortalError>),
    ConversationPatched {
        id: i64,
        result: Result<(ConversationDetail, String), PortalError>,
    },
    /// An answer posted: `sent` is the effect that posted it (a draft's send, or a template's),
    /// to run again with the same key when it failed.
    Answered {
        id: i64,
        sent: Effect,
        result: Result<ConversationDetail, PortalError>,
    },
    Radicated {
        id: i64,
        result: Result<RadicatedConversation, PortalError>,
    },
}

/// I/O the update function asks for; the runner performs it and answers with a [`Reply`].
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    LoadMe,
    /// Offline: ask the portal again after this pause (`GET /me`), to go back online by itself.
    Probe {
        after: std::time::Duration,
    },
    /// Debounced by the runner; a newer search cancels an older one still in flight.
    Search {
        generation: u64,
        query: String,
    },
    CancelSearch,
    LoadDetail {
        user_id: i64,
    },
    Verify {
        user_id: i64,
        idempotency_key: String,
        request: VerificationRequest,
    },
    SendResetLink {
        user_id: i64,
        idempotency_key: String,
    },
    Unlock {
        user_id: i64,
        idempotency_key: String,
    },
    LoadPqrs {
        generation: u64,
        query: PqrQuery,
        cursor: Option<String>,
    },
    LoadPqr {
        id: i64,
    },
    /// `GET /pqr/assignees`, for the assign picker opened on ticket `pqr_id`.
    LoadAssignees {
        pqr_id: i64,
    },
    /// A change under If-Match (`etag`).
    PatchPqr {
        id: i64,
        etag: String,
        patch: PqrPatch,
    },
    /// Posts the draft's text with the draft's key as Idempotency-Key.
    SendMessage(Draft),
    CreatePqr {
        idempotency_key: String,
        new: NewPqr,
    },
    /// Follow the user's live events (one user at a time).
    Watch {
        user_id: i64,
    },
    Unwatch,
    /// The dashboard's figures: the three stats calls at once, after `after` (zero, or the
    /// settling pause of a reload a live event asked for). A newer load cancels an older one.
    LoadBoard {
        generation: u64,
        after: std::time::Duration,
    },
    /// Follow the whole desk's live events (while the dashboard is on screen).
    WatchDesk,
    UnwatchDesk,
    RecordOutcome {
        user_id: i64,
        idempotency_key: String,
        outcome: contract::api::NewCallOutcome,
    },
    /// The conversation queue (`GET /conversations`); a newer read cancels an older one.
    LoadConversations {
        generation: u64,
        query: ConversationQuery,
    },
    LoadConversation {
        id: i64,
    },
    LoadTemplates,
    /// Assign, close, reopen or link under If-Match (`etag`).
    PatchConversation {
        id: i64,
        etag: String,
        patch: ConversationPatch,
    },
    /// A template's answer (a draft's answer goes as [`Effect::SendMessage`]).
    AnswerConversation {
        id: i64,
        idempotency_key: String,
        message: NewConversationMessage,
    },
    RadicateConversation {
        id: i64,
        etag: String,
        new: NewPqrFromConversation,
    },
    /// Written to disk (debounced by the runner; flushed on exit and on signals).
    SaveDraft(Draft),
    RemoveDraft(String),
    /// OSC 52: the terminal (even over SSH) puts the text in the operator's clipboard.
    Copy(String),
    Suspend,
    /// Ctrl-L: repaint the whole screen (after line noise over SSH, say).
    Redraw,
    Quit,
}
