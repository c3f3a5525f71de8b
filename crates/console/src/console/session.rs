//! One console as a value: its state, its effects runner (with its drafts store), and its
//! renderer, built from a stream of terminal events in and a writer out with its own size — not
//! the process's stdin and stdout — so several consoles run in one process (the SSH server gives
//! each channel its own). The local terminal is one such session (`console::run`).

use std::io::{self, Write};
use std::time::Duration;

use crossterm::event::Event as TermEvent;
use crossterm::queue;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures::FutureExt;
use jiff::Timestamp;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use tokio::time::Instant;

use super::Exit;
use super::effects::EffectRunner;
use crate::app::{App, Effect, Msg, update};
use crate::drafts::DraftStore;
use crate::terminal::escape::EscapeJoiner;
use client::PortalClient;

/// How often time-dependent text («hace 3 min») is refreshed while nothing else happens.
const SLOW_TICK: Duration = Duration::from_secs(30);
const FAST_TICK: Duration = Duration::from_secs(1);

/// Where a session draws: a ratatui terminal over any writer.
pub type Screen<W> = Terminal<SessionBackend<W>>;

/// What stopping the whole terminal takes (Ctrl-Z on a local terminal); a served session has
/// none. It returns the terminal's size once it is back.
pub(crate) type SuspendHook = fn() -> io::Result<(u16, u16)>;

/// crossterm's backend over the session's writer, answering with the session's own size: the
/// terminal of a served session is at the other end of a channel, not the process's own (which
/// crossterm would ask, and which a server does not have).
pub struct SessionBackend<W: Write> {
    inner: CrosstermBackend<W>,
    size: Size,
}

impl<W: Write> Write for SessionBackend<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.inner.write(bytes)
    }
    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for SessionBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> io::Result<()> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }
    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }
    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// A ratatui terminal of `width`×`height` cells over `output`.
fn screen<W: Write>(output: W, (width, height): (u16, u16)) -> io::Result<Screen<W>> {
    let size = Rect::new(0, 0, width, height);
    let backend = SessionBackend {
        inner: CrosstermBackend::new(output),
        size: Size::new(width, height),
    };
    Terminal::with_options(
        backend,
        TerminalOptions {
            viewport: Viewport::Fixed(size),
        },
    )
}

/// One frame inside a synchronized update: the terminal shows it whole, never half-drawn.
/// What the frame drew (its lists' rows, the editor's scroll) goes back to the model, which
/// pages and scrolls by it on the next key.
fn draw<W: Write>(screen: &mut Screen<W>, app: &mut App) -> io::Result<()> {
    let mut drawn = crate::app::model::Drawn::default();
    queue!(screen.backend_mut(), BeginSynchronizedUpdate)?;
    screen.draw(|f| drawn = crate::ui::draw(f, app))?;
    queue!(screen.backend_mut(), EndSynchronizedUpdate)?;
    app.drawn(drawn);
    Write::flush(screen.backend_mut())
}

/// Draws `app`'s first frame on `output`, `width`×`height` cells, before the rest of a session
/// exists (no runtime, no HTTP client, no drafts): the local console shows it while those are
/// built beside it, then goes on with [`Session::on_screen`].
pub fn first_frame<W: Write>(
    app: &mut App,
    output: W,
    (width, height): (u16, u16),
) -> io::Result<Screen<W>> {
    let mut screen = screen(output, (width, height))?;
    app.width = width;
    app.height = height;
    app.now = Timestamp::now();
    draw(&mut screen, app)?;
    Ok(screen)
}

/// Terminal events in: a channel, so that the loop drains what is waiting without polling a
/// source outside its waker. `Err` ends the session (the input is gone).
pub(crate) type Input = UnboundedReceiver<io::Result<TermEvent>>;

pub struct Session<W: Write> {
    pub app: App,
    runner: EffectRunner,
    replies: UnboundedReceiver<Msg>,
    screen: Screen<W>,
    size: Rect,
    joiner: EscapeJoiner,
    suspend: Option<SuspendHook>,
}

impl<W: Write> Session<W> {
    /// A console drawing on `output`, `width`×`height` cells, talking to the portal through
    /// `client`, keeping its drafts in `drafts`.
    pub fn new(
        app: App,
        client: PortalClient,
        drafts: DraftStore,
        output: W,
        (width, height): (u16, u16),
        escape_timeout: Duration,
    ) -> io::Result<Self> {
        let screen = screen(output, (width, height))?;
        Ok(Self::on_screen(app, client, drafts, screen, escape_timeout))
    }

    /// A console on a screen that may already show its first frame ([`first_frame`]): its next
    /// frame is drawn as a difference from it.
    pub fn on_screen(
        app: App,
        client: PortalClient,
        drafts: DraftStore,
        screen: Screen<W>,
        escape_timeout: Duration,
    ) -> Self {
        let Size { width, height } = screen.backend().size;
        let (tx, replies) = unbounded_channel();
        let mut session = Session {
            app,
            runner: EffectRunner::new(client, tx, drafts),
            replies,
            screen,
            size: Rect::new(0, 0, width, height),
            joiner: EscapeJoiner::new(escape_timeout),
            suspend: None,
        };
        session.app.width = width;
        session.app.height = height;
        session
    }

    /// Lets Ctrl-Z stop the terminal (only a local one can).
    pub fn with_suspend(mut self, hook: SuspendHook) -> Self {
        self.suspend = Some(hook);
        self
    }

    /// Runs until the operator quits, the input ends, or `stop` resolves (a signal, a server
    /// shutting down); whatever ends it, the drafts are written.
    pub async fn run(
        &mut self,
        mut input: Input,
        stop: impl Future<Output = Exit>,
    ) -> anyhow::Result<Exit> {
        let result = self.event_loop(&mut input, stop).await;
        // Whatever ended the loop (quit, a signal, an error), nothing typed is lost, and no
        // search or live stream outlives the console holding a connection to the portal.
        self.runner.abort_all();
        self.runner.flush_drafts();
        result
    }

    async fn event_loop(
        &mut self,
        input: &mut Input,
        stop: impl Future<Output = Exit>,
    ) -> anyhow::Result<Exit> {
        let mut stop = std::pin::pin!(stop);
        self.app.now = Timestamp::now();
        // The first frame first: the request for the operator would otherwise take the other
        // core (connecting, TLS) while the frame is drawn.
        self.draw()?;
        self.runner.run(crate::app::load_me());
        let mut next_tick = Instant::now() + SLOW_TICK;
        loop {
            let mut msgs = Vec::new();
            let esc_deadline = self.joiner.deadline().map(Instant::from_std);
            let draft_deadline = self.runner.draft_deadline();
            tokio::select! {
                ev = input.recv() => match ev {
                    Some(Ok(ev)) => self.push_event(ev, &mut msgs),
                    Some(Err(e)) => {
                        tracing::error!(error = %e, "terminal input failed");
                        return Ok(Exit::InputClosed);
                    }
                    None => return Ok(Exit::InputClosed),
                },
                Some(msg) = self.replies.recv() => msgs.push(msg),
                _ = tokio::time::sleep_until(esc_deadline.unwrap_or_else(Instant::now)), if esc_deadline.is_some() => {
                    msgs.extend(self.joiner.flush().into_iter().map(Msg::Key));
                }
                _ = tokio::time::sleep_until(next_tick) => {
                    msgs.push(Msg::Tick);
                    next_tick = Instant::now() + if self.app.wants_fast_ticks() { FAST_TICK } else { SLOW_TICK };
                }
                _ = tokio::time::sleep_until(draft_deadline.unwrap_or_else(Instant::now)), if draft_deadline.is_some() => {
                    self.runner.flush_drafts();
                }
                exit = &mut stop => return Ok(exit),
            }
            // Coalesce: everything already waiting joins this frame.
            while let Some(Some(Ok(ev))) = input.recv().now_or_never() {
                self.push_event(ev, &mut msgs);
            }
            while let Ok(msg) = self.replies.try_recv() {
                msgs.push(msg);
            }
            let mut redraw = false;
            for msg in msgs {
                redraw |= self.apply(msg)?;
            }
            if self.app.should_quit {
                return Ok(Exit::Quit);
            }
            if self.app.wants_fast_ticks() {
                next_tick = next_tick.min(Instant::now() + FAST_TICK);
            }
            if redraw {
                self.draw()?;
            }
        }
    }

    fn push_event(&mut self, ev: TermEvent, msgs: &mut Vec<Msg>) {
        match ev {
            // Keys are never logged: they are passwords, verification answers and notes.
            TermEvent::Key(key) => {
                let now = std::time::Instant::now();
                msgs.extend(self.joiner.push(key, now).into_iter().map(Msg::Key));
            }
            TermEvent::Paste(text) => msgs.push(Msg::Paste(text)),
            TermEvent::Resize(width, height) => msgs.push(Msg::Resize { width, height }),
            _ => {}
        }
    }

    /// One message through `update`, its effects run; whether the screen needs drawing.
    fn apply(&mut self, msg: Msg) -> io::Result<bool> {
        let is_tick = matches!(msg, Msg::Tick);
        if let Msg::Resize { width, height } = msg {
            self.size = Rect::new(0, 0, width, height);
            self.screen.backend_mut().size = Size::new(width, height);
            self.screen.resize(self.size)?;
        }
        self.app.now = Timestamp::now();
        let mut redraw = false;
        let mut resumed_at = None;
        for effect in update(&mut self.app, msg) {
            match effect {
                Effect::Quit => {}
                Effect::Suspend => {
                    if let Some(suspend) = self.suspend {
                        resumed_at = Some(suspend()?);
                    }
                }
                Effect::Copy(text) => self.copy_osc52(&text)?,
                Effect::Redraw => {
                    // Forget what is on the screen, so the next frame is drawn whole.
                    self.screen.resize(self.size)?;
                    redraw = true;
                }
                other => self.runner.run(other),
            }
        }
        if let Some((width, height)) = resumed_at {
            // Back from a stop: the terminal may have another size, and forgot what was on it.
            self.apply(Msg::Resize { width, height })?;
            redraw = true;
        }
        Ok(redraw || !is_tick || self.app.tick_redraw)
    }

    fn draw(&mut self) -> io::Result<()> {
        draw(&mut self.screen, &mut self.app)
    }

    /// OSC 52: the operator's terminal puts `text` in its clipboard, even over SSH.
    fn copy_osc52(&mut self, text: &str) -> io::Result<()> {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
        let out = self.screen.backend_mut();
        write!(out, "\x1b]52;c;{encoded}\x07")?;
        Write::flush(out)
    }
}
