//! State of the «Conversaciones» screen (WhatsApp and correo): the queue as the portal orders it,
//! the open thread with its ETag, the approved templates; and the two modals of a thread (the
//! template picker when the window is closed, the radicating form).

use jiff::Timestamp;

use super::{TextBuffer, line_input};
use crate::app::msg::{ConversationsEffect, Effect};
use contract::api::{
    Channel, ConversationDetail, ConversationSummary, ConversationTemplate, PqrType,
};
use contract::remote::ConversationQuery;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationFocus {
    List,
    Thread,
}

#[derive(Debug, Clone)]
pub struct ConversationView {
    pub conversation: ConversationDetail,
    pub etag: String,
    /// Lines scrolled up from the newest message (0: the end of the thread is in view).
    pub scroll: u16,
}

#[derive(Debug, Clone)]
pub struct ConversationsState {
    pub focus: ConversationFocus,
    pub query: ConversationQuery,
    /// Bumped by every reload; older pages are dropped.
    pub generation: u64,
    pub loading: bool,
    pub loaded: bool,
    pub items: Vec<ConversationSummary>,
    pub selected: usize,
    pub open: Option<ConversationView>,
    pub loading_open: Option<i64>,
    /// The approved templates (`None` until read).
    pub templates: Option<Vec<ConversationTemplate>>,
    /// The desk's live stream is connected (the «en vivo» mark).
    pub live: bool,
}

impl ConversationsState {
    pub fn new() -> Self {
        Self {
            focus: ConversationFocus::List,
            query: ConversationQuery::default(),
            generation: 0,
            loading: false,
            loaded: false,
            items: Vec::new(),
            selected: 0,
            open: None,
            loading_open: None,
            templates: None,
            live: false,
        }
    }

    /// Reads the queue again (a new generation: answers to older reads are dropped).
    pub fn reload(&mut self) -> Vec<Effect> {
        vec![self.load()]
    }

    /// The read of the queue as one effect (a new generation).
    pub fn load(&mut self) -> Effect {
        self.generation += 1;
        self.loading = true;
        Effect::Conversations(ConversationsEffect::LoadConversations {
            generation: self.generation,
            query: self.query.clone(),
        })
    }

    pub fn selected_item(&self) -> Option<&ConversationSummary> {
        self.items.get(self.selected)
    }

    /// The open conversation, if it is `id`.
    pub fn open_as(&self, id: i64) -> Option<&ConversationView> {
        self.open
            .as_ref()
            .filter(|v| v.conversation.summary.id == id)
    }
}

impl Default for ConversationsState {
    fn default() -> Self {
        Self::new()
    }
}

/// WhatsApp's 24-hour rule for one conversation, now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// Free text allowed for this many more minutes.
    Open { minutes: i64 },
    /// Only an approved template may be sent.
    Closed,
    /// Correo (or another channel): no window.
    None,
}

pub fn window(c: &ConversationSummary, now: Timestamp) -> Window {
    if c.channel != Channel::Whatsapp {
        return Window::None;
    }
    match c.window_closes_at {
        Some(closes) if closes > now => Window::Open {
            minutes: (closes.as_second() - now.as_second()) / 60,
        },
        _ => Window::Closed,
    }
}

/// A template's parameters, filled from the conversation: `{{1}}` the requester's first name,
/// `{{2}}` the radicado of the PQR filed from it (the summary carries it). `None` where the
/// conversation has no value.
pub fn template_params(t: &ConversationTemplate, c: &ConversationSummary) -> Vec<Option<String>> {
    let first_name = c
        .requester_name
        .split_whitespace()
        .next()
        .map(str::to_string);
    (1..=t.placeholders)
        .map(|n| match n {
            1 => first_name.clone(),
            2 => c.radicado.clone(),
            _ => None,
        })
        .collect()
}

/// The template's text as the requester will read it (a missing value shows as `{{n}}`).
pub fn render_template(t: &ConversationTemplate, params: &[Option<String>]) -> String {
    params
        .iter()
        .enumerate()
        .fold(t.body.clone(), |text, (i, p)| match p {
            Some(p) => text.replace(&format!("{{{{{}}}}}", i + 1), p),
            None => text,
        })
}

/// The template picker (`t`, or `R` with the window closed).
#[derive(Debug, Clone)]
pub struct TemplatePicker {
    pub conversation_id: i64,
    pub selected: usize,
    /// Chosen once per picker: Enter twice (or F5 after a timeout) sends once.
    pub idempotency_key: String,
}

/// Filing the conversation as a PQR (`p`): the type and a subject; the thread is the body.
#[derive(Debug, Clone)]
pub struct RadicateForm {
    pub conversation_id: i64,
    pub pqr_type: PqrType,
    pub subject: TextBuffer,
    pub error: Option<String>,
}

impl RadicateForm {
    pub fn new(conversation_id: i64, placeholder: &str) -> Self {
        Self {
            conversation_id,
            pqr_type: PqrType::Peticion,
            subject: line_input(placeholder),
            error: None,
        }
    }
}
