//! A headless console: the real update function and effects runner, driven by scripted keys
//! against a portal with faults injected. Counts what an operator would see and what the portal
//! ended up with.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use helpdesk::app::PortalError;
use helpdesk::app::model::{Level, Modal};
use helpdesk::app::{
    App, Effect, Msg, PqrReply, Reply, SessionReply, UsersReply, VerifyReply, WalkReply, update,
};
use helpdesk::client::{ClientConfig, PortalClient};
use helpdesk::console::effects::EffectRunner;
use helpdesk::drafts::DraftStore;
use helpdesk::i18n::Lang;
use helpdesk::ui::theme::ThemeName;
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};

#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub failures_seen: u64,
    pub failures_shown: u64,
    pub retries: u64,
    pub links_confirmed: u64,
    pub notes_confirmed: u64,
    pub gave_up: u64,
}

pub struct Session {
    pub app: App,
    runner: EffectRunner,
    rx: UnboundedReceiver<Msg>,
    pub drafts: DraftStore,
    pub counts: Counts,
}

fn reply_error(r: &Reply) -> Option<&PortalError> {
    match r {
        Reply::Session(SessionReply::Me(Err(e)))
        | Reply::Users(UsersReply::Search { result: Err(e), .. })
        | Reply::Users(UsersReply::Detail { result: Err(e), .. })
        | Reply::Verify(VerifyReply::Verified { result: Err(e), .. })
        | Reply::Users(UsersReply::ResetSent { result: Err(e), .. })
        | Reply::Users(UsersReply::Unlocked { result: Err(e), .. })
        | Reply::Pqr(PqrReply::Pqrs { result: Err(e), .. })
        | Reply::Pqr(PqrReply::Pqr { result: Err(e), .. })
        | Reply::Pqr(PqrReply::Patched { result: Err(e), .. })
        | Reply::Pqr(PqrReply::MessageSent { result: Err(e), .. })
        | Reply::Pqr(PqrReply::Created { result: Err(e), .. })
        | Reply::Walk(WalkReply::OutcomeRecorded { result: Err(e), .. }) => Some(e),
        _ => None,
    }
}

impl Session {
    pub fn new(base: &str, token: &str, drafts: DraftStore, name: &str) -> Session {
        let config = ClientConfig {
            connect_timeout: Duration::from_secs(2),
            request_timeout: Duration::from_secs(5),
            get_attempts: 3,
            backoff_base: Duration::from_millis(20),
            ..ClientConfig::default()
        };
        let client = PortalClient::new(base, token, config).expect("client");
        let (tx, rx) = unbounded_channel();
        let mut app = App::new(
            Lang::Es,
            ThemeName::Mono,
            "soak",
            name,
            helpdesk::domain::clock::SystemClock.now_ts(),
        );
        app.width = 80;
        app.height = 24;
        let mut runner = EffectRunner::new(client, tx, drafts.clone());
        runner.run(helpdesk::app::load_me());
        Session {
            app,
            runner,
            rx,
            drafts,
            counts: Counts::default(),
        }
    }

    fn apply(&mut self, msg: Msg) {
        self.app.now = jiff::Timestamp::now();
        let error = match &msg {
            Msg::Portal(r) => reply_error(r).cloned(),
            _ => None,
        };
        for effect in update(&mut self.app, msg) {
            match effect {
                Effect::Copy(_) | Effect::Suspend | Effect::Redraw | Effect::Quit => {}
                other => self.runner.run(other),
            }
        }
        self.runner.flush_drafts();
        if let Some(e) = error {
            // A reply dropped as stale (an older search generation) is not the operator's business.
            self.counts.failures_seen += 1;
            let shown = self
                .app
                .notice
                .as_ref()
                .is_some_and(|n| matches!(n.level, Level::Error | Level::Warning))
                || matches!(&self.app.modal, Some(Modal::Verify(f)) if f.error.is_some())
                || matches!(e, PortalError::RateLimited { .. });
            if shown {
                self.counts.failures_shown += 1;
            } else {
                eprintln!("failure not shown: {e:?}, notice {:?}", self.app.notice);
            }
        }
    }

    pub fn key(&mut self, code: KeyCode) {
        self.apply(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    }

    pub fn ctrl(&mut self, c: char) {
        self.apply(Msg::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::CONTROL,
        )));
    }

    pub fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    /// Processes replies until `done` holds; `None` after `timeout`.
    pub async fn until(
        &mut self,
        timeout: Duration,
        mut done: impl FnMut(&App) -> bool,
    ) -> Option<()> {
        let deadline = Instant::now() + timeout;
        loop {
            if done(&self.app) {
                return Some(());
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            match tokio::time::timeout(left, self.rx.recv()).await {
                Ok(Some(msg)) => self.apply(msg),
                _ => return if done(&self.app) { Some(()) } else { None },
            }
        }
    }

    /// Waits for `done`; while the operator sees a failure and a retry is offered, presses F5.
    pub async fn until_with_retries(
        &mut self,
        mut done: impl FnMut(&App) -> bool,
        retry_key: KeyCode,
    ) -> bool {
        for _ in 0..60 {
            if self
                .until(Duration::from_millis(1500), &mut done)
                .await
                .is_some()
            {
                return true;
            }
            if self.app.retry.is_some() {
                self.counts.retries += 1;
                self.key(retry_key);
            }
        }
        self.counts.gave_up += 1;
        false
    }
}

/// `SystemClock::now` under a name that reads well here.
trait NowTs {
    fn now_ts(&self) -> jiff::Timestamp;
}

impl NowTs for helpdesk::domain::clock::SystemClock {
    fn now_ts(&self) -> jiff::Timestamp {
        use helpdesk::domain::clock::Clock;
        self.now()
    }
}
