//! One console over one channel: the operator's portal client (their token), their drafts
//! folder, the client's language and colours, a [`Session`] drawing on the channel, and its end
//! — the operator quits, the connection drops, the idle timeout, a revoked key, the server's
//! shutdown — after which the client's terminal is restored and the channel closed.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use crossterm::event::Event as TermEvent;
use crossterm::{cursor, queue, terminal};
use russh::ChannelId;
use russh::server::Handle;
use tokio::sync::mpsc::{Receiver, Sender, UnboundedSender, channel, unbounded_channel};

use super::Shared;
use super::input::Decoder;
use super::metrics::{FrameClock, KeyToFrame};
use super::operators::Operator;
use super::writer::ChannelWriter;
use crate::app::App;
use crate::config::ThemeName;
use crate::console::Exit;
use crate::console::session::Session;
use crate::drafts::DraftStore;
use client::{ClientConfig, PortalClient};
use contract::i18n::Lang;

/// What the connection hands its console: bytes typed, and window changes.
pub(crate) enum Raw {
    Bytes(Vec<u8>),
    Resize(u16, u16),
}

/// What the client said about its terminal (pty-req and env requests).
#[derive(Debug, Default, Clone)]
pub(crate) struct ClientLook {
    pub lang: Option<Lang>,
    pub no_color: bool,
    pub term: Option<String>,
}

impl ClientLook {
    /// One environment variable from the client; whether it is one the console honours.
    pub(crate) fn set(&mut self, name: &str, value: &str) -> bool {
        match name {
            "LANG" | "LC_ALL" | "LC_MESSAGES" => {
                // es_CO.UTF-8 → es; C, POSIX or an unknown language leave it as it was.
                let code = value.split(['_', '.', '@', '-']).next().unwrap_or("");
                if let Some(lang) = Lang::parse(code)
                    && (name != "LANG" || self.lang.is_none())
                {
                    self.lang = Some(lang);
                }
                true
            }
            "NO_COLOR" => {
                self.no_color = !value.is_empty();
                true
            }
            "TERM" => {
                self.term = Some(super::limits::for_log(value));
                true
            }
            _ => false,
        }
    }

    /// The theme: NO_COLOR, or a terminal without colours, is monochrome.
    pub(crate) fn theme(&self, chosen: ThemeName) -> ThemeName {
        let colourless = matches!(
            self.term.as_deref(),
            Some("" | "dumb" | "vt52" | "vt100" | "vt102" | "vt220")
        );
        ThemeName::effective(chosen, self.no_color || colourless)
    }
}

pub(crate) struct Start {
    pub shared: Arc<Shared>,
    pub operator: Arc<Operator>,
    pub fingerprint: String,
    pub peer: SocketAddr,
    pub size: (u16, u16),
    pub look: ClientLook,
    pub handle: Handle,
    pub channel: ChannelId,
}

/// Why a console ended, for the log and the client's last line.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Why {
    Quit,
    Gone,
    Idle,
    Revoked,
    Shutdown,
}

/// The operator's drafts folder: their name made safe, and a hash so that two names never share
/// one.
pub(crate) fn drafts_dir(state_dir: &std::path::Path, operator: &str) -> std::path::PathBuf {
    use sha2::Digest;
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::new();
    for c in operator.nfd() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.trim_matches('-').chars().take(32).collect();
    let hash = hex::encode(&sha2::Sha256::digest(operator.as_bytes())[..4]);
    state_dir.join("drafts").join(format!("{slug}-{hash}"))
}

/// Starts the console; its input. Refused — why, for the log, and the catalog key of the line
/// to show — when the server is full or the portal client cannot be built.
pub(crate) fn spawn(start: Start) -> Result<Sender<Raw>, (&'static str, &'static str)> {
    let shared = start.shared.clone();
    let name = start.operator.name.clone();
    let Some(place) = OperatorPlace::take(&shared, &name) else {
        return Err(("too many sessions for this operator", "ssh.too_many_yours"));
    };
    let taken = shared.consoles.fetch_add(1, Ordering::AcqRel);
    if taken >= shared.opts.max_sessions {
        shared.consoles.fetch_sub(1, Ordering::AcqRel);
        return Err(("too many sessions", "ssh.too_many"));
    }
    let client = match PortalClient::new(
        &shared.opts.portal_url,
        start.operator.token(),
        ClientConfig::default(),
    ) {
        Ok(c) => c,
        Err(e) => {
            shared.consoles.fetch_sub(1, Ordering::AcqRel);
            tracing::error!(target: "helpdesk::ssh", error = %e, "cannot build the portal client");
            return Err(("the portal client cannot be built", "ssh.no_portal"));
        }
    };
    let (tx, rx) = channel(INPUT_QUEUE);
    let alive = shared.alive.clone();
    shared.metrics.console_opened();
    tokio::spawn(async move {
        run(start, client, rx).await;
        shared.consoles.fetch_sub(1, Ordering::AcqRel);
        shared.metrics.console_closed();
        drop(place);
        drop(alive);
    });
    Ok(tx)
}

/// Packets of input (each at most one SSH packet, 32 KiB) queued for one console.
pub(crate) const INPUT_QUEUE: usize = 64;

/// One of an operator's consoles, counted against `sessions_per_operator` while it lives.
struct OperatorPlace {
    shared: Arc<Shared>,
    name: String,
}

impl OperatorPlace {
    fn take(shared: &Arc<Shared>, name: &str) -> Option<Self> {
        let mut open = shared
            .per_operator
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let n = open.entry(name.to_string()).or_insert(0);
        if *n >= shared.opts.sessions_per_operator {
            return None;
        }
        *n += 1;
        Some(Self {
            shared: shared.clone(),
            name: name.to_string(),
        })
    }
}

impl Drop for OperatorPlace {
    fn drop(&mut self) {
        let mut open = self
            .shared
            .per_operator
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(n) = open.get_mut(&self.name) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                open.remove(&self.name);
            }
        }
    }
}

/// Leave nothing of the console on the client's terminal: synchronized output ended, modes
/// reset, the alternate screen left, the cursor shown.
fn restore(out: &mut impl Write) -> std::io::Result<()> {
    queue!(
        out,
        terminal::EndSynchronizedUpdate,
        crossterm::event::DisableBracketedPaste,
        crossterm::style::ResetColor,
        crossterm::style::SetAttribute(crossterm::style::Attribute::Reset),
        terminal::LeaveAlternateScreen,
        cursor::Show
    )?;
    out.flush()
}

fn enter(out: &mut impl Write) -> std::io::Result<()> {
    queue!(
        out,
        terminal::EnterAlternateScreen,
        crossterm::event::EnableBracketedPaste,
        cursor::Hide,
        terminal::Clear(terminal::ClearType::All)
    )?;
    out.flush()
}

async fn run(start: Start, client: PortalClient, raw: Receiver<Raw>) {
    let Start {
        shared,
        operator,
        fingerprint,
        peer,
        size,
        look,
        handle,
        channel,
    } = start;
    let (writer, pump) = ChannelWriter::new(handle, channel);
    tokio::spawn(pump);
    let mut out = writer.clone();
    let lang = operator.lang.or(look.lang).unwrap_or_default();
    let theme = look.theme(shared.opts.theme);
    let session_id = uuid::Uuid::new_v4().simple().to_string();
    let mut app = App::new(
        lang,
        theme,
        client.host(),
        &session_id,
        jiff::Timestamp::now(),
    );
    let drafts = DraftStore::new(drafts_dir(&shared.opts.state_dir, &operator.name));
    crate::console::offer_drafts(&mut app, &drafts);
    tracing::info!(target: "helpdesk::ssh", event = "console", operator = %operator.name,
        from = %peer, key = %fingerprint, lang = lang.code(), theme = theme.code(),
        term = look.term.as_deref().unwrap_or("-"), cols = size.0, rows = size.1);

    let last_input = Arc::new(AtomicU64::new(shared.now_ms()));
    let clock = KeyToFrame::new(shared.metrics.clone());
    let (events_tx, events) = unbounded_channel();
    let reader = tokio::spawn(decode(
        raw,
        events_tx,
        shared.opts.escape_timeout,
        shared.clone(),
        (last_input.clone(), clock.clone()),
    ));
    let mut why = Why::Gone;
    let result = if enter(&mut out).is_ok() {
        let writer = FrameClock::new(writer, clock);
        match Session::new(app, client, drafts, writer, size, Duration::ZERO) {
            Ok(mut session) => {
                let stop = stop(&shared, &operator, &fingerprint, &last_input, &mut why);
                let result = session.run(events, stop).await;
                drop(session);
                result
            }
            Err(e) => Err(e.into()),
        }
    } else {
        Ok(Exit::InputClosed)
    };
    reader.abort();
    if let Err(e) = &result {
        tracing::warn!(target: "helpdesk::ssh", operator = %operator.name, error = %e, "the console failed");
    }
    let why = match result {
        Ok(Exit::Quit) => Why::Quit,
        Ok(Exit::Terminated) => why,
        _ => Why::Gone,
    };
    let _ = restore(&mut out);
    let line = match why {
        Why::Idle => Some("ssh.idle"),
        Why::Revoked => Some("ssh.revoked"),
        Why::Shutdown => Some("ssh.shutdown"),
        Why::Quit | Why::Gone => None,
    };
    if let Some(key) = line {
        let _ = write!(out, "{}\r\n", contract::i18n::tr(lang, key));
    }
    out.exit(if why == Why::Quit { 0 } else { 1 });
    tracing::info!(target: "helpdesk::ssh", event = "console_end", operator = %operator.name,
        from = %peer, key = %fingerprint, reason = ?why);
}

/// Whatever ends a console from outside: the idle timeout, a reload that revokes its key, the
/// server's shutdown.
async fn stop(
    shared: &Shared,
    operator: &Operator,
    fingerprint: &str,
    last_input: &AtomicU64,
    why: &mut Why,
) -> Exit {
    let mut shutdown = shared.shutdown.subscribe();
    let mut operators = shared.operators.subscribe();
    let idle = shared.opts.idle_timeout;
    let idle_ms = u64::try_from(idle.as_millis()).unwrap_or(u64::MAX);
    let idle_check = async {
        loop {
            let last = last_input.load(Ordering::Acquire);
            let now = shared.now_ms();
            if now.saturating_sub(last) >= idle_ms {
                return;
            }
            let left = idle_ms - now.saturating_sub(last);
            tokio::time::sleep(Duration::from_millis(left)).await;
        }
    };
    let revoked = async {
        loop {
            if operators.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
            let still = operators
                .borrow_and_update()
                .get(fingerprint)
                .is_some_and(|now| now.same_access(operator));
            if !still {
                return;
            }
        }
    };
    *why = tokio::select! {
        _ = shutdown.wait_for(|down| *down) => Why::Shutdown,
        _ = idle_check => Why::Idle,
        _ = revoked => Why::Revoked,
    };
    Exit::Terminated
}

/// The channel's bytes as terminal events, with the escape timeout; every byte is activity.
async fn decode(
    mut raw: Receiver<Raw>,
    events: UnboundedSender<std::io::Result<TermEvent>>,
    timeout: Duration,
    shared: Arc<Shared>,
    (last_input, clock): (Arc<AtomicU64>, KeyToFrame),
) {
    let mut decoder = Decoder::new(timeout);
    loop {
        let deadline = decoder.deadline().map(tokio::time::Instant::from_std);
        let got = tokio::select! {
            msg = raw.recv() => match msg {
                Some(Raw::Bytes(bytes)) => {
                    last_input.store(shared.now_ms(), Ordering::Release);
                    clock.key();
                    decoder.feed(&bytes, std::time::Instant::now())
                }
                Some(Raw::Resize(cols, rows)) => vec![TermEvent::Resize(cols, rows)],
                None => return, // the input is gone: the session ends
            },
            _ = tokio::time::sleep_until(deadline.unwrap_or_else(tokio::time::Instant::now)), if deadline.is_some() => {
                decoder.flush()
            }
        };
        for ev in got {
            if events.send(Ok(ev)).is_err() {
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clients_language_and_colours() {
        let mut look = ClientLook::default();
        assert!(look.set("LANG", "en_US.UTF-8"));
        assert_eq!(look.lang, Some(Lang::En));
        assert!(look.set("LC_ALL", "es_CO.UTF-8"), "LC_ALL wins over LANG");
        assert_eq!(look.lang, Some(Lang::Es));
        assert!(look.set("LANG", "C"));
        assert_eq!(look.lang, Some(Lang::Es));
        assert!(
            !look.set("LD_PRELOAD", "/tmp/x.so"),
            "any other variable is refused"
        );
        assert_eq!(look.theme(ThemeName::Dark), ThemeName::Dark);
        look.set("TERM", "dumb");
        assert_eq!(look.theme(ThemeName::Dark), ThemeName::Mono);
        let mut look = ClientLook::default();
        look.set("NO_COLOR", "1");
        assert_eq!(look.theme(ThemeName::Light), ThemeName::Mono);
        look.set("NO_COLOR", "");
        assert_eq!(look.theme(ThemeName::Light), ThemeName::Light);
    }

    #[test]
    fn one_drafts_folder_per_operator_never_a_path() {
        let base = std::path::Path::new("/state");
        let ana = drafts_dir(base, "Ana Gómez");
        assert!(ana.starts_with("/state/drafts"));
        let name = ana.file_name().unwrap().to_str().unwrap();
        assert!(name.starts_with("ana-gomez-"), "{name}");
        assert_ne!(ana, drafts_dir(base, "Ana Gomez"), "two names, two folders");
        let odd = drafts_dir(base, "../../etc/passwd");
        assert_eq!(odd.parent(), Some(base.join("drafts").as_path()));
    }
}
