//! The terminal's life cycle: raw mode and the alternate screen on entry; restored on quit, on
//! panic (the message printed after the restore, with the log's path), on SIGTERM and SIGHUP;
//! Ctrl-Z suspends and `fg` resumes.

pub(crate) mod escape;

use std::io::{self, BufWriter, Stdout};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode,
    enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;

/// The local terminal's backend: buffered, so that a frame leaves in one write.
pub type Backend = CrosstermBackend<BufWriter<Stdout>>;

static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen, bracketed paste, no cursor: the local terminal is the console's.
pub fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )
}

/// The local terminal as a session's output: buffered, so that a frame leaves in one write.
pub(crate) fn local_output() -> BufWriter<Stdout> {
    BufWriter::with_capacity(64 * 1024, io::stdout())
}

/// Puts the terminal back as it was; safe to call twice and from the panic hook.
pub(crate) fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    // Errors are ignored: after SIGHUP there may be no terminal left to write to.
    let mut out = io::stdout();
    let _ = execute!(
        out,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// SIGTERM, SIGHUP and SIGINT: the signals that end a local console through its handler.
#[cfg(unix)]
fn ending_signals() -> libc::sigset_t {
    // SAFETY: a zeroed sigset_t is then initialised by sigemptyset before any other use.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for signal in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
            libc::sigaddset(&mut set, signal);
        }
        set
    }
}

/// Keeps SIGTERM, SIGHUP and SIGINT pending on this thread (and on the threads it starts from
/// now on) until [`release_signals`]: the local console draws its first frame before its runtime
/// listens for them, and one sent meanwhile must still end it through the handler that restores
/// the terminal, not kill it in the alternate screen.
#[cfg(unix)]
pub fn hold_signals() {
    let set = ending_signals();
    // SAFETY: changes this thread's signal mask only, with a valid set.
    unsafe {
        libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut());
    }
}

/// Lets the held signals through on this thread: one that came meanwhile is delivered now, to
/// the handler just installed.
#[cfg(unix)]
pub(crate) fn release_signals() {
    let set = ending_signals();
    // SAFETY: as in `hold_signals`.
    unsafe {
        libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut());
    }
}

#[cfg(not(unix))]
pub fn hold_signals() {}

#[cfg(not(unix))]
pub(crate) fn release_signals() {}

/// Restores the terminal before the panic is reported, so the message is readable, then names
/// the log file.
pub fn install_panic_hook(log_path: Option<PathBuf>) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
        if let Some(path) = &log_path {
            eprintln!("helpdesk: the log is at {}", path.display());
        }
    }));
}

/// Ctrl-Z: give the terminal back, stop; on `fg`, take it again. Returns the terminal's size
/// then (it may have changed meanwhile); the caller redraws everything.
#[cfg(unix)]
pub(crate) fn suspend() -> io::Result<(u16, u16)> {
    restore();
    // SAFETY: raising a signal on our own process; SIGTSTP's default action stops it until SIGCONT.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide
    )?;
    crossterm::terminal::size()
}

#[cfg(not(unix))]
pub(crate) fn suspend() -> io::Result<(u16, u16)> {
    crossterm::terminal::size()
}

/// Logs go to a file with private permissions (0600, never through a link), never to the screen.
pub fn init_file_log(path: &Path) -> anyhow::Result<()> {
    use anyhow::Context;
    let file = crate::config::open_private_append(path)
        .with_context(|| format!("cannot open the log {}", path.display()))?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("HELPDESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
    Ok(())
}
