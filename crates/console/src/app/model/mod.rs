//! The console's state: plain data, drawn by `ui::view`, changed only by `update`. The whole
//! [`App`] is here with its screens and modals; each screen's and modal's own state is in the
//! file of its name (`model/verify.rs` for `features/verify.rs`).

mod board;
mod confirm;
mod conversations;
mod create;
mod drawn;
mod editor;
mod explainer;
mod extension;
mod modal;
mod outcome;
mod palette;
mod pqr;
mod text_buffer;
mod users;
mod verify;
mod walk;

use jiff::Timestamp;

pub use board::{BoardPanel, BoardState, ClockState, FunnelStep, TOP_RULES};
pub use confirm::{Confirm, ConfirmKind};
pub use conversations::{
    ConversationFocus, ConversationView, ConversationsState, RadicateForm, TemplatePicker, Window,
    render_template, template_params, window,
};
pub use create::{CREATE_FIELDS, CreateForm};
pub use drawn::Drawn;
pub(crate) use drawn::page;
pub use editor::EditorState;
pub use explainer::SecretInput;
pub use extension::ExtensionForm;
use modal::modal_context;
pub use modal::{AssignPicker, DraftsOffer, HelpState, Modal, StatusPicker};
pub use outcome::OutcomeForm;
pub use palette::PaletteState;
pub use pqr::{Canned, PQR_PAGE, PqrDetailState, PqrFocus, PqrState, Scope, canned_responses};
pub use text_buffer::{Move, TextBuffer};
pub use users::{DetailState, Focus, UsersState, person_label};
pub use verify::{VerifyField, VerifyForm};
pub use walk::{LIVE_KEEP, LiveState, WalkState};

use crate::app::keymap::{Action, Context, Keymap};
use crate::app::msg::Effect;
use crate::config::ThemeName;
use crate::drafts::Draft;
use contract::api::{Operator, UserSummary};
use contract::i18n::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connection {
    Connecting,
    Online,
    Offline,
    /// The token was refused: nothing will work until it is replaced.
    Unauthorized,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Success,
    Warning,
    Error,
}

/// The one-line message above the footer. It belongs to the screen and the person it was said
/// about: when either changes, it goes (see `dispatch::update`).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
    /// Where it was said; `None` until the update that said it ends (then stamped).
    pub subject: Option<Subject>,
    /// A resend cooldown counting down for this user until then, shown live in place of `text`.
    pub countdown: Option<(i64, Timestamp)>,
}

/// What a notice is about: a screen and the person the keys act on there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    pub screen: Screen,
    pub person: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Users,
    Pqr,
    Walkthrough,
    /// The dashboard («Tablero»): the desk's figures, live.
    Board,
    /// «Conversaciones»: WhatsApp and correo, answered from the desk.
    Conversations,
}

#[derive(Debug, Clone)]
pub struct App {
    pub lang: Lang,
    pub theme: ThemeName,
    pub keymap: Keymap,
    /// Where the demo's emails go, when this is `helpdesk demo`.
    pub demo_outbox: Option<String>,
    pub portal_host: String,
    pub operator: Option<Operator>,
    pub connection: Connection,
    pub now: Timestamp,
    pub width: u16,
    pub height: u16,
    /// What the last frame drew (pages, scroll bounds), as the view measured it.
    pub drawn: Drawn,
    pub screen: Screen,
    pub users: UsersState,
    pub pqr: PqrState,
    pub board: BoardState,
    pub conversations: ConversationsState,
    /// Drafts on disk, kept in step by the effects that save and remove them.
    pub drafts: Vec<Draft>,
    /// The walkthrough script: a support lead's, checked at start, or `None` for the built-in one,
    /// read on the first walkthrough (not before the first frame); the walk in progress.
    pub script: Option<std::sync::Arc<contract::walkthrough::Script>>,
    pub walk: Option<WalkState>,
    pub modal: Option<Modal>,
    pub notice: Option<Notice>,
    /// The last action that failed for want of a connection: `R` runs it again, same key.
    pub retry: Option<Effect>,
    /// While offline: the number of the probe under way (see `features::reconnect`).
    pub probe_attempt: Option<u32>,
    pub should_quit: bool,
    /// A tick changed something visible (a countdown, a relative time).
    pub tick_redraw: bool,
    /// Prefix of this session's idempotency keys, and the counter after it.
    pub session: String,
    pub next_key: u64,
}

/// The text of a field, lines joined (one-line fields hold a single line).
pub fn text_of(field: &TextBuffer) -> String {
    field.text()
}

pub(crate) fn line_input(placeholder: &str) -> TextBuffer {
    TextBuffer::with_placeholder(placeholder)
}

impl App {
    pub fn new(
        lang: Lang,
        theme: ThemeName,
        portal_host: &str,
        session: &str,
        now: Timestamp,
    ) -> App {
        let mut app = App {
            lang,
            theme,
            keymap: Keymap::default(),
            demo_outbox: None,
            portal_host: portal_host.to_string(),
            operator: None,
            connection: Connection::Connecting,
            now,
            width: 80,
            height: 24,
            drawn: Drawn::default(),
            users: UsersState::new(),
            screen: Screen::Users,
            pqr: PqrState::new(),
            board: BoardState::default(),
            conversations: ConversationsState::new(),
            drafts: Vec::new(),
            script: None,
            walk: None,
            modal: None,
            notice: None,
            retry: None,
            probe_attempt: None,
            should_quit: false,
            tick_redraw: false,
            session: session.to_string(),
            next_key: 0,
        };
        app.relabel();
        app
    }

    /// Placeholders held in the fields follow the language.
    pub fn relabel(&mut self) {
        let placeholder = contract::i18n::tr(self.lang, "users.search_placeholder").to_string();
        self.users.search.placeholder = placeholder;
    }

    /// Where the keyboard is: the modal on top, else the screen's focused pane.
    pub fn context(&self) -> Context {
        match &self.modal {
            Some(m) => modal_context(m),
            None => self.screen_context(),
        }
    }

    /// What help describes: the dialog it was opened over, else the screen under it.
    pub fn help_context(&self) -> Context {
        match &self.modal {
            Some(Modal::Help(HelpState {
                under: Some(under), ..
            })) => modal_context(under),
            _ => self.screen_context(),
        }
    }

    /// The context under any modal.
    pub fn screen_context(&self) -> Context {
        match self.screen {
            Screen::Users => match self.users.focus {
                Focus::Search => Context::UsersSearch,
                Focus::List => Context::UsersList,
                Focus::Detail => Context::UserDetail,
            },
            Screen::Walkthrough => Context::Walk,
            Screen::Board => Context::Board,
            Screen::Conversations => match self.conversations.focus {
                ConversationFocus::List => Context::ConversationList,
                ConversationFocus::Thread => Context::ConversationThread,
            },
            Screen::Pqr => match self.pqr.focus {
                PqrFocus::Search => Context::PqrSearch,
                PqrFocus::List => Context::PqrList,
                PqrFocus::Detail => Context::PqrDetail,
            },
        }
    }

    pub fn operator_id(&self) -> Option<i64> {
        self.operator.as_ref().map(|o| o.id)
    }

    pub fn selected_user(&self) -> Option<&UserSummary> {
        self.users.results.get(self.users.selected)
    }

    /// The screen and the person on it that the keys act on now.
    pub fn subject(&self) -> Subject {
        let person = match self.screen {
            Screen::Users => self
                .target_user()
                .map(|u| u.id)
                .or(self.users.loading_detail),
            Screen::Walkthrough => self.walk.as_ref().map(|w| w.user_id),
            Screen::Pqr => self.pqr.detail.as_ref().map(|d| d.pqr.summary.id),
            Screen::Board => None,
            Screen::Conversations => self
                .conversations
                .open
                .as_ref()
                .map(|v| v.conversation.summary.id),
        };
        Subject {
            screen: self.screen,
            person,
        }
    }

    /// The user the actions apply to: the one open in the detail pane, else the selected row;
    /// nobody while someone else's detail is on its way (opened from a PQR, say).
    pub fn target_user(&self) -> Option<&UserSummary> {
        if self
            .users
            .loading_detail
            .is_some_and(|id| self.users.selected_id() != Some(id))
        {
            return None;
        }
        match (&self.users.detail, self.users.focus) {
            (Some(d), Focus::Detail) => Some(&d.user.summary),
            _ => self.selected_user(),
        }
    }

    /// «Name · CC **4050» of `user_id`, as far as the screen knows them; `name` else.
    pub fn person(&self, user_id: i64, name: &str) -> String {
        self.users
            .detail
            .as_ref()
            .map(|d| &d.user.summary)
            .into_iter()
            .chain(self.users.results.iter())
            .find(|u| u.id == user_id)
            .map(person_label)
            .unwrap_or_else(|| name.to_string())
    }

    pub fn new_idempotency_key(&mut self) -> String {
        self.next_key += 1;
        format!("{}-{}", self.session, self.next_key)
    }

    /// Whether the footer offers `action` here: a resend that cannot work (cooldown running,
    /// address bouncing) is not offered; `r` still says why when pressed.
    pub fn offers(&self, action: Action) -> bool {
        action != Action::Resend || !self.resend_blocked()
    }

    /// A reset link to the person the keys act on cannot work now.
    pub fn resend_blocked(&self) -> bool {
        self.target_user().is_some_and(|user| {
            self.cooldown_left(user.id).is_some()
                || self
                    .users
                    .detail
                    .as_ref()
                    .is_some_and(|d| d.user.summary.id == user.id && d.user.email_bounced)
        })
    }

    /// Seconds left before the portal accepts another reset link for `user_id`.
    pub fn cooldown_left(&self, user_id: i64) -> Option<i64> {
        let until = self.users.cooldowns.get(&user_id)?;
        let left = until.as_second() - self.now.as_second();
        (left > 0).then_some(left)
    }

    /// Until when an unlock is allowed for `user_id`, as far as this console knows: the portal's
    /// word in the detail, or a match obtained from this console since.
    pub fn verified_until(&self, user_id: i64) -> Option<Timestamp> {
        self.users
            .detail
            .as_ref()
            .filter(|d| d.user.summary.id == user_id)
            .and_then(|d| d.user.verified_until)
            .into_iter()
            .chain(self.users.verified.get(&user_id).copied())
            .max()
            .filter(|until| *until > self.now)
    }

    /// The countdown on the notice line: seconds left, while its notice is the one shown.
    pub fn countdown_left(&self) -> Option<i64> {
        let (_, until) = self.notice.as_ref()?.countdown?;
        let left = until.as_second() - self.now.as_second();
        (left > 0).then_some(left)
    }

    /// Seconds since `user_id`'s call began (their detail or walkthrough first opened).
    pub fn call_seconds(&self, user_id: i64) -> Option<i64> {
        let (id, since) = self.users.call_started?;
        (id == user_id).then(|| (self.now.as_second() - since.as_second()).max(0))
    }

    /// Whether the loop should tick every second (a countdown or a call timer is on screen).
    pub fn wants_fast_ticks(&self) -> bool {
        let timer = self.users.call_started.is_some()
            && (self.walk.is_some() || self.users.detail.is_some());
        timer || self.users.cooldowns.values().any(|u| *u > self.now)
    }
}
