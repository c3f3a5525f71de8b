//! The console's event loop: terminal events, portal replies, signals and ticks in; `update`;
//! effects out; a frame drawn only when something changed, once per burst of events.

pub mod effects;

use std::time::Duration;

use crossterm::event::{Event as TermEvent, EventStream};
use futures::StreamExt;
use jiff::Timestamp;
use tokio::signal::unix::{SignalKind, signal};
use tokio::time::Instant;

use crate::app::{App, Effect, Msg, update};
use crate::client::PortalClient;
use crate::terminal::{self, escape::EscapeJoiner};
use effects::EffectRunner;

/// How often time-dependent text («hace 3 min») is refreshed while nothing else happens.
const SLOW_TICK: Duration = Duration::from_secs(30);
const FAST_TICK: Duration = Duration::from_secs(1);

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

fn push_event(ev: TermEvent, joiner: &mut EscapeJoiner, msgs: &mut Vec<Msg>) {
    match ev {
        // Keys are never logged: they are passwords, verification answers and notes.
        TermEvent::Key(key) => {
            let now = std::time::Instant::now();
            msgs.extend(joiner.push(key, now).into_iter().map(Msg::Key));
        }
        TermEvent::Paste(text) => msgs.push(Msg::Paste(text)),
        TermEvent::Resize(width, height) => msgs.push(Msg::Resize { width, height }),
        _ => {}
    }
}

/// Runs the console until the operator quits or a signal ends it; the terminal is restored on
/// every way out.
pub async fn run(
    client: PortalClient,
    mut app: App,
    escape_timeout: Duration,
    drafts: crate::drafts::DraftStore,
) -> anyhow::Result<Exit> {
    let mut tui = terminal::enter()?;
    let result = event_loop(&mut tui, client, &mut app, escape_timeout, drafts).await;
    terminal::restore();
    result
}

async fn event_loop(
    tui: &mut terminal::Tui,
    client: PortalClient,
    app: &mut App,
    escape_timeout: Duration,
    drafts: crate::drafts::DraftStore,
) -> anyhow::Result<Exit> {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Msg>();
    let mut runner = EffectRunner::new(client, tx, drafts);
    // Terminal input is read by its own task into a channel: the loop can then drain whatever is
    // waiting without polling the stream outside its waker (which would lose wake-ups).
    let (term_tx, mut term_rx) = tokio::sync::mpsc::unbounded_channel();
    let reader = tokio::spawn(async move {
        let mut events = EventStream::new();
        while let Some(ev) = events.next().await {
            let failed = ev.is_err();
            if term_tx.send(ev).is_err() || failed {
                break;
            }
        }
    });
    let result = dispatch(tui, &mut runner, &mut term_rx, &mut rx, app, escape_timeout).await;
    // Whatever ended the loop (quit, SIGHUP, SIGTERM, an error), nothing typed is lost, and no
    // search or live stream outlives the console holding a connection to the portal.
    runner.abort_all();
    runner.flush_drafts();
    reader.abort();
    result
}

async fn dispatch(
    tui: &mut terminal::Tui,
    runner: &mut EffectRunner,
    term_rx: &mut tokio::sync::mpsc::UnboundedReceiver<std::io::Result<TermEvent>>,
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<Msg>,
    app: &mut App,
    escape_timeout: Duration,
) -> anyhow::Result<Exit> {
    let mut joiner = EscapeJoiner::new(escape_timeout);
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let size = tui.size()?;
    app.width = size.width;
    app.height = size.height;
    app.now = Timestamp::now();
    runner.run(Effect::LoadMe);
    terminal::draw(tui, |f| crate::ui::view(f, app))?;
    let mut next_tick = Instant::now() + SLOW_TICK;
    loop {
        let mut msgs = Vec::new();
        let esc_deadline = joiner.deadline().map(Instant::from_std);
        let draft_deadline = runner.draft_deadline();
        tokio::select! {
            ev = term_rx.recv() => match ev {
                Some(Ok(ev)) => push_event(ev, &mut joiner, &mut msgs),
                Some(Err(e)) => {
                    tracing::error!(error = %e, "terminal input failed");
                    return Ok(Exit::InputClosed);
                }
                None => return Ok(Exit::InputClosed),
            },
            Some(msg) = rx.recv() => msgs.push(msg),
            _ = tokio::time::sleep_until(esc_deadline.unwrap_or_else(Instant::now)), if esc_deadline.is_some() => {
                msgs.extend(joiner.flush().into_iter().map(Msg::Key));
            }
            _ = tokio::time::sleep_until(next_tick) => {
                msgs.push(Msg::Tick);
                next_tick = Instant::now() + if app.wants_fast_ticks() { FAST_TICK } else { SLOW_TICK };
            }
            _ = tokio::time::sleep_until(draft_deadline.unwrap_or_else(Instant::now)), if draft_deadline.is_some() => {
                runner.flush_drafts();
            }
            _ = sigterm.recv() => return Ok(Exit::Terminated),
            _ = sighup.recv() => return Ok(Exit::HungUp),
            _ = sigint.recv() => return Ok(Exit::Interrupted),
        }
        // Coalesce: everything already waiting joins this frame.
        while let Ok(Ok(ev)) = term_rx.try_recv() {
            push_event(ev, &mut joiner, &mut msgs);
        }
        while let Ok(msg) = rx.try_recv() {
            msgs.push(msg);
        }
        let mut redraw = false;
        for msg in msgs {
            let is_tick = matches!(msg, Msg::Tick);
            app.now = Timestamp::now();
            for effect in update(app, msg) {
                match effect {
                    Effect::Quit => {}
                    Effect::Suspend => {
                        terminal::suspend(tui)?;
                        redraw = true;
                    }
                    Effect::Copy(text) => terminal::copy_osc52(tui, &text)?,
                    Effect::Redraw => {
                        terminal::full_redraw(tui)?;
                        redraw = true;
                    }
                    other => runner.run(other),
                }
            }
            redraw |= !is_tick || app.tick_redraw;
        }
        if app.should_quit {
            return Ok(Exit::Quit);
        }
        if app.wants_fast_ticks() {
            next_tick = next_tick.min(Instant::now() + FAST_TICK);
        }
        if redraw {
            terminal::draw(tui, |f| crate::ui::view(f, app))?;
        }
    }
}
