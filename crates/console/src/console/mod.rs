//! The console's runner. A console is a [`session::Session`]: its state, effects runner, drafts
//! and renderer as one value over any input and output; [`run`] is the local terminal's session
//! (stdin's events, stdout, the process's signals).

pub mod effects;
pub mod session;

use std::time::Duration;

use crossterm::event::EventStream;
use futures::StreamExt;
use tokio::signal::unix::{SignalKind, signal};

use crate::app::App;
use crate::terminal;
use client::PortalClient;
use session::Session;

/// Why the loop ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Terminated,
    HungUp,
    InputClosed,
    /// SIGINT (from `kill -INT`; in raw mode Ctrl-C is a key).
    Interrupted,
}

impl Exit {
    /// The process's exit code: 128 + the signal's number, as shells report it.
    pub fn code(&self) -> u8 {
        match self {
            Exit::Quit => 0,
            Exit::Terminated => 143,
            Exit::HungUp => 129,
            Exit::Interrupted => 130,
            Exit::InputClosed => 1,
        }
    }
}

/// Runs what is left to do after the console (stopping an embedded portal, flushing): a first
/// signal already ended the console, so a second SIGTERM, SIGINT or SIGHUP ends the process at
/// once instead of being caught and ignored while a shutdown waits.
pub async fn or_exit_on_signal<T>(work: impl Future<Output = T>) -> T {
    let signals = [
        SignalKind::terminate(),
        SignalKind::interrupt(),
        SignalKind::hangup(),
    ];
    let mut streams = Vec::new();
    for kind in signals {
        match signal(kind) {
            Ok(s) => streams.push((kind, s)),
            Err(e) => tracing::warn!(error = %e, "cannot listen for a signal"),
        }
    }
    if streams.is_empty() {
        return work.await;
    }
    let any_signal = futures::future::select_all(streams.iter_mut().map(|(kind, s)| {
        Box::pin(async move {
            match s.recv().await {
                Some(()) => *kind,
                None => std::future::pending().await,
            }
        })
    }));
    tokio::select! {
        done = work => done,
        (kind, _, _) = any_signal => {
            terminal::restore();
            let number = kind.as_raw_value();
            tracing::warn!(signal = number, "second signal while shutting down: exiting now");
            std::process::exit(128 + number);
        }
    }
}

/// Drafts left by a crash or a dropped connection are offered back first, in a modal.
pub fn offer_drafts(app: &mut App, drafts: &crate::drafts::DraftStore) {
    offer_found(app, load_drafts(drafts));
}

/// The drafts on disk; an unreadable one is logged and left out.
pub fn load_drafts(drafts: &crate::drafts::DraftStore) -> Vec<crate::drafts::Draft> {
    let (found, problems) = drafts.load_all();
    for p in problems {
        tracing::warn!("unreadable draft: {p}");
    }
    found
}

/// Offers `found` back in a modal, if there is any.
pub fn offer_found(app: &mut App, found: Vec<crate::drafts::Draft>) {
    if !found.is_empty() {
        app.drafts = found;
        app.modal = Some(crate::app::model::Modal::Drafts(
            crate::app::model::DraftsOffer { selected: 0 },
        ));
    }
}

/// Runs the console on the local terminal until the operator quits or a signal ends it; the
/// terminal is restored on every way out.
pub async fn run(
    client: PortalClient,
    app: App,
    escape_timeout: Duration,
    drafts: crate::drafts::DraftStore,
) -> anyhow::Result<Exit> {
    terminal::enter()?;
    let result = async {
        let size = crossterm::terminal::size()?;
        let output = terminal::local_output();
        let session = Session::new(app, client, drafts, output, size, escape_timeout)?;
        run_local(session).await
    }
    .await;
    terminal::restore();
    result
}

/// The local terminal, entered, showing a first frame: [`run_drawn`] goes on from it. Dropped
/// instead (what the console needed besides the frame failed), it restores the terminal.
pub struct LocalScreen(Option<session::Screen<std::io::BufWriter<std::io::Stdout>>>);

impl Drop for LocalScreen {
    fn drop(&mut self) {
        if self.0.is_some() {
            terminal::restore();
        }
    }
}

/// Enters the local terminal and draws `app`'s first frame, before the runtime, the HTTP client
/// or the drafts exist ([`session::first_frame`]); on failure the terminal is restored.
pub fn draw_first(app: &mut App) -> anyhow::Result<LocalScreen> {
    terminal::enter()?;
    let screen = crossterm::terminal::size()
        .and_then(|size| session::first_frame(app, terminal::local_output(), size));
    match screen {
        Ok(screen) => Ok(LocalScreen(Some(screen))),
        Err(e) => {
            terminal::restore();
            Err(e.into())
        }
    }
}

/// [`run`] on the terminal [`draw_first`] drew on: the next frame is drawn as a difference from
/// the first; the terminal is restored on every way out.
pub async fn run_drawn(
    client: PortalClient,
    app: App,
    mut screen: LocalScreen,
    escape_timeout: Duration,
    drafts: crate::drafts::DraftStore,
) -> anyhow::Result<Exit> {
    let result = match screen.0.take() {
        Some(screen) => {
            run_local(Session::on_screen(
                app,
                client,
                drafts,
                screen,
                escape_timeout,
            ))
            .await
        }
        None => Err(anyhow::anyhow!("the console's screen was already used")),
    };
    terminal::restore();
    result
}

async fn run_local(session: Session<std::io::BufWriter<std::io::Stdout>>) -> anyhow::Result<Exit> {
    let mut session = session.with_suspend(terminal::suspend);
    // Terminal input is read by its own task into a channel: the loop can then drain whatever is
    // waiting without polling the stream outside its waker (which would lose wake-ups).
    let (term_tx, term_rx) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        let mut events = EventStream::new();
        while let Some(ev) = events.next().await {
            let failed = ev.is_err();
            if term_tx.send(ev).is_err() || failed {
                break;
            }
        }
    });
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    // Listened for now: a signal held while the first frame was drawn comes through.
    terminal::release_signals();
    let signals = async move {
        tokio::select! {
            _ = sigterm.recv() => Exit::Terminated,
            _ = sighup.recv() => Exit::HungUp,
            _ = sigint.recv() => Exit::Interrupted,
        }
    };
    let result = session.run(term_rx, signals).await;
    reader.abort();
    result
}
