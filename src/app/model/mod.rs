//! The console's state: plain data, drawn by `ui::view`, changed only by `update`. The whole
//! [`App`] is here with its screens and modals; each screen's and modal's own state is in the
//! file of its name (`model/verify.rs` for `features/verify.rs`).

mod board;
mod confirm;
mod create;
mod editor;
mod explainer;
mod extension;
mod outcome;
mod palette;
mod pqr;
mod users;
mod verify;
mod walk;

use jiff::Timestamp;
use ratatui_textarea::TextArea;

pub use board::{BoardPanel, BoardState, ClockState, FunnelStep, TOP_RULES};
pub use confirm::{Confirm, ConfirmKind};
pub use create::CreateForm;
pub use editor::EditorState;
pub use explainer::SecretInput;
pub use extension::ExtensionForm;
pub use outcome::OutcomeForm;
pub use palette::PaletteState;
pub use pqr::{Canned, PQR_PAGE, PqrDetailState, PqrFocus, PqrState, Scope, canned_responses};
pub use users::{DetailState, Focus, UsersState};
pub use verify::{VerifyField, VerifyForm};
pub use walk::{LIVE_KEEP, LiveState, WalkState};

use crate::api::{Operator, PqrStatus, UserSummary};
use crate::app::keymap::{Context, Keymap};
use crate::app::msg::Effect;
use crate::config::ThemeName;
use crate::drafts::Draft;
use crate::i18n::Lang;

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

/// The one-line message above the footer.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub level: Level,
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Users,
    Pqr,
    Walkthrough,
    /// The dashboard («Tablero»): the desk's figures, live.
    Board,
}

#[derive(Debug, Clone)]
pub enum Modal {
    Help {
        scroll: u16,
    },
    Palette(Box<PaletteState>),
    Verify(Box<VerifyForm>),
    Confirm(Confirm),
    Editor(Box<EditorState>),
    /// A public reply is about to be sent: the operator confirms.
    ConfirmSend(Box<Draft>),
    StatusPicker {
        pqr_id: i64,
        options: Vec<PqrStatus>,
        selected: usize,
    },
    Extension(Box<ExtensionForm>),
    /// Drafts found at start: offered back one by one.
    Drafts {
        selected: usize,
    },
    CreatePqr(Box<CreateForm>),
    Explainer(Box<SecretInput>),
    Outcome(Box<OutcomeForm>),
    /// The radicado of a PQR just filed, to read to the caller.
    Radicado(String),
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
    pub screen: Screen,
    pub users: UsersState,
    pub pqr: PqrState,
    pub board: BoardState,
    /// Drafts on disk, kept in step by the effects that save and remove them.
    pub drafts: Vec<Draft>,
    /// The walkthrough script (checked at start); the walk in progress.
    pub script: Option<std::sync::Arc<crate::walkthrough::Script>>,
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
pub fn text_of(field: &TextArea<'_>) -> String {
    field.lines().join("\n")
}

pub fn line_input(placeholder: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_placeholder_text(placeholder.to_string());
    t.set_cursor_line_style(ratatui::style::Style::new());
    t
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
            users: UsersState::new(),
            screen: Screen::Users,
            pqr: PqrState::new(),
            board: BoardState::default(),
            drafts: Vec::new(),
            script: crate::walkthrough::Script::built_in()
                .ok()
                .map(std::sync::Arc::new),
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

    /// Texts held inside widgets follow the language.
    pub fn relabel(&mut self) {
        let placeholder = crate::i18n::tr(self.lang, "users.search_placeholder").to_string();
        self.users.search.set_placeholder_text(placeholder);
    }

    /// Where the keyboard is: the modal on top, else the screen's focused pane.
    pub fn context(&self) -> Context {
        match &self.modal {
            Some(Modal::Help { .. }) => Context::Help,
            Some(Modal::Palette(_)) => Context::Palette,
            Some(Modal::Verify(_)) => Context::Verify,
            Some(Modal::Confirm(_)) => Context::Confirm,
            Some(Modal::ConfirmSend(_)) => Context::ConfirmSend,
            Some(Modal::Editor(e)) if e.canned.is_some() => Context::Canned,
            Some(Modal::Editor(_)) => Context::Editor,
            Some(Modal::StatusPicker { .. }) => Context::StatusPicker,
            Some(Modal::Drafts { .. }) => Context::Drafts,
            Some(Modal::Extension(_)) => Context::Extension,
            Some(Modal::CreatePqr(_)) => Context::Create,
            Some(Modal::Explainer(_)) => Context::Explainer,
            Some(Modal::Outcome(_)) => Context::Outcome,
            Some(Modal::Radicado(_)) => Context::Radicado,
            None => self.screen_context(),
        }
    }

    /// The context under any modal: what help describes.
    pub fn screen_context(&self) -> Context {
        match self.screen {
            Screen::Users => match self.users.focus {
                Focus::Search => Context::UsersSearch,
                Focus::List => Context::UsersList,
                Focus::Detail => Context::UserDetail,
            },
            Screen::Walkthrough => Context::Walk,
            Screen::Board => Context::Board,
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

    /// The user the actions apply to: the one open in the detail pane, else the selected row.
    pub fn target_user(&self) -> Option<&UserSummary> {
        match (&self.users.detail, self.users.focus) {
            (Some(d), Focus::Detail) => Some(&d.user.summary),
            _ => self.selected_user(),
        }
    }

    pub fn new_idempotency_key(&mut self) -> String {
        self.next_key += 1;
        format!("{}-{}", self.session, self.next_key)
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

    /// Whether the loop should tick every second (a countdown is on screen).
    pub fn wants_fast_ticks(&self) -> bool {
        self.users.cooldowns.values().any(|u| *u > self.now)
    }
}
