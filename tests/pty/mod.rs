//! Runs the built `helpdesk` in a pseudo-terminal (portable-pty) and reads its screen through a
//! vt100 parser, as an operator's terminal would.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).expect("not zero")
}

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    /// Every byte the program wrote, and the screen they make.
    pub output: Arc<Mutex<(Vec<u8>, vt100::Parser)>>,
    /// What arrived and when, kept by the thread that reads the terminal (which does nothing
    /// else, so a frame's last bytes are read when they come, not after the emulator has
    /// parsed the first ones), with a signal per chunk read and per chunk parsed.
    news: Arc<(Mutex<News>, Condvar)>,
}

#[derive(Default)]
struct News {
    raw: Vec<u8>,
    /// Each chunk read: the offset in `raw` where it ends and when it arrived.
    chunks: Vec<(usize, Instant)>,
    /// Chunks the emulator has taken into the screen.
    parsed: usize,
}

impl News {
    /// When the chunk holding the end of the first `text` in the raw output arrived.
    fn arrival_of(&self, text: &str) -> Option<Instant> {
        let end = self
            .raw
            .windows(text.len().max(1))
            .position(|w| w == text.as_bytes())?
            + text.len();
        self.chunks
            .iter()
            .find(|(upto, _)| *upto >= end)
            .map(|(_, at)| *at)
    }
}

impl Pty {
    pub fn spawn(args: &[&str], home: &Path, env: &[(&str, &str)], rows: u16, cols: u16) -> Pty {
        Self::spawn_program(env!("CARGO_BIN_EXE_helpdesk"), args, home, env, rows, cols)
    }

    /// Another program in the pseudo-terminal (the OpenSSH client, for the SSH-served console).
    pub fn spawn_program(
        program: &str,
        args: &[&str],
        home: &Path,
        env: &[(&str, &str)],
        rows: u16,
        cols: u16,
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("HOME", home);
        cmd.env("XDG_CONFIG_HOME", home.join("config"));
        cmd.env("XDG_DATA_HOME", home.join("data"));
        cmd.env("TMPDIR", home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn helpdesk");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let output = Arc::new(Mutex::new((
            Vec::new(),
            vt100::Parser::new(nz(rows), nz(cols), 0),
        )));
        let news = Arc::new((Mutex::new(News::default()), Condvar::new()));
        let (chunks_tx, chunks_rx) = std::sync::mpsc::channel::<Vec<u8>>();
        let arrivals = news.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                let at = Instant::now();
                if n == 0 {
                    break;
                }
                let mut news = arrivals.0.lock().unwrap();
                news.raw.extend_from_slice(&buf[..n]);
                let end = news.raw.len();
                news.chunks.push((end, at));
                arrivals.1.notify_all();
                drop(news);
                if chunks_tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let sink = output.clone();
        let parsed = news.clone();
        std::thread::spawn(move || {
            for chunk in chunks_rx {
                let mut out = sink.lock().unwrap();
                out.0.extend_from_slice(&chunk);
                out.1.process(&chunk);
                // Counted under `output`'s lock: a reader of the screen sees it with its count.
                parsed.0.lock().unwrap().parsed += 1;
                parsed.1.notify_all();
            }
        });
        Pty {
            child,
            master: pair.master,
            writer,
            output,
            news,
        }
    }

    pub fn screen(&self) -> String {
        self.output.lock().unwrap().1.screen().contents()
    }

    pub fn bytes(&self) -> usize {
        self.output.lock().unwrap().0.len()
    }

    pub fn raw(&self) -> Vec<u8> {
        self.output.lock().unwrap().0.clone()
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush keys");
    }

    pub fn resize(&self, rows: u16, cols: u16) {
        // The emulator takes the new size first, as a terminal window does.
        self.output.lock().unwrap().1.set_size(nz(rows), nz(cols));
        self.resize_pty_only(rows, cols);
    }

    /// Resizes the pseudo-terminal only, not the emulator reading it: a size no emulator in
    /// this process should allocate (65535×65535), sent on by the program inside (ssh).
    pub fn resize_pty_only(&self, rows: u16, cols: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize");
    }

    /// Waits until the screen shows `text`; panics with the screen after `timeout`. Wakes when
    /// output is parsed, not on a polling tick.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> Instant {
        let start = Instant::now();
        loop {
            let (shown, parsed) = {
                let out = self.output.lock().unwrap();
                let parsed = self.news.0.lock().unwrap().parsed;
                (out.1.screen().contents().contains(text), parsed)
            };
            if shown {
                return Instant::now();
            }
            let left = timeout.saturating_sub(start.elapsed());
            if left.is_zero() {
                panic!(
                    "«{text}» not on screen after {timeout:?}:\n{}",
                    self.screen()
                );
            }
            let news = self.news.0.lock().unwrap();
            // Until another chunk is parsed (or the deadline): one parsed meanwhile is seen.
            let _ = self
                .news
                .1
                .wait_timeout_while(news, left, |n| n.parsed == parsed)
                .unwrap();
        }
    }

    /// Waits until the program has written `text` (its bytes, as the terminal received them);
    /// when the chunk that completed it arrived. What the startup benchmark measures with: the
    /// emulator's parsing of a long frame does not delay the reading of its last bytes.
    pub fn wait_for_bytes(&self, text: &str, timeout: Duration) -> Instant {
        let start = Instant::now();
        let mut news = self.news.0.lock().unwrap();
        loop {
            if let Some(at) = news.arrival_of(text) {
                return at;
            }
            let left = timeout.saturating_sub(start.elapsed());
            assert!(
                !left.is_zero(),
                "«{text}» not written after {timeout:?}:\n{}",
                String::from_utf8_lossy(&news.raw)
            );
            let chunks = news.chunks.len();
            news = self
                .news
                .1
                .wait_timeout_while(news, left, |n| n.chunks.len() == chunks)
                .unwrap()
                .0;
        }
    }

    /// Waits for the program to exit; its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status.exit_code();
            }
            if start.elapsed() > timeout {
                let _ = self.child.kill();
                panic!("helpdesk did not exit:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// `helpdesk demo` with 20 users and no PQRs at 80×24 in `home/demo`, once it is online, and its
/// portal's base URL as the status bar shows it (the demo's portal picks its own port).
pub fn small_demo(home: &Path, wait: Duration) -> (Pty, String) {
    let dir = home.join("demo");
    let args = [
        "demo",
        "--dir",
        dir.to_str().expect("utf-8"),
        "--users",
        "20",
        "--pqrs",
        "0",
    ];
    let t = Pty::spawn(&args, home, &[], 24, 80);
    t.wait_for("en línea", wait);
    let screen = t.screen();
    let at = screen
        .find("127.0.0.1:")
        .expect("the portal host in the status bar");
    let host: String = screen[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ':')
        .collect();
    (t, format!("http://{host}"))
}

/// Shift-Tab as a terminal sends it (`ESC [ Z`) in the verification form of Sandra Milena (the
/// demo's cédula 52987123, prefilled): it moves back to the birth date, where `1990` is typed —
/// not appended to the document. Then `Esc` closes the form and `q` quits.
pub fn shift_tab_in_the_verification(t: &mut Pty, wait: Duration) {
    t.send("52987123");
    t.wait_for("Sandra Milena", wait);
    t.send("\r");
    t.send("v");
    t.wait_for("Verificar identidad", wait);
    t.wait_for("52987123", wait);
    t.send("\x1b[Z");
    t.send("1990");
    t.wait_for("1990", wait);
    assert!(
        !t.screen().contains("529871231990"),
        "Shift-Tab moved to the birth date:\n{}",
        t.screen()
    );
}

/// `Esc`, then `q` on its own (not read as Alt-q); the console exits cleanly.
pub fn esc_and_quit(t: &mut Pty, wait: Duration) {
    t.send("\x1b");
    std::thread::sleep(Duration::from_millis(500));
    t.send("q");
    assert_eq!(t.wait_exit(wait), 0);
}
