//! A channel as the `std::io::Write` a console session draws on: bytes gather in a buffer and
//! leave as one SSH data message per flush (one frame), through a pump task that owns the
//! channel's handle and, when every writer is gone, ends the channel (exit status, EOF, close).

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use russh::ChannelId;
use russh::server::Handle;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// Frames queued for a client that reads nothing: past this the session is ended instead of
/// holding the server's memory.
const MAX_QUEUED: usize = 8 * 1024 * 1024;

pub(crate) enum Out {
    Data(Vec<u8>),
    /// The last message: the exit status, then EOF and close.
    Exit(u32),
}

pub(crate) struct ChannelWriter {
    tx: UnboundedSender<Out>,
    buf: Vec<u8>,
    queued: Arc<AtomicUsize>,
}

impl ChannelWriter {
    /// A writer for `channel` and the pump that sends what it writes (spawn it).
    pub(crate) fn new(handle: Handle, channel: ChannelId) -> (Self, impl Future<Output = ()>) {
        let (tx, rx) = unbounded_channel();
        let queued = Arc::new(AtomicUsize::new(0));
        let pump = pump(handle, channel, rx, queued.clone());
        (
            ChannelWriter {
                tx,
                buf: Vec::with_capacity(16 * 1024),
                queued,
            },
            pump,
        )
    }

    /// Ends the channel after everything written so far.
    pub(crate) fn exit(mut self, status: u32) {
        let _ = self.flush();
        let _ = self.tx.send(Out::Exit(status));
    }
}

/// Another writer on the same channel, with its own buffer (the server keeps one to restore the
/// client's terminal after the session).
impl Clone for ChannelWriter {
    fn clone(&self) -> Self {
        ChannelWriter {
            tx: self.tx.clone(),
            buf: Vec::new(),
            queued: self.queued.clone(),
        }
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let n = self.buf.len();
        if self.queued.fetch_add(n, Ordering::AcqRel) + n > MAX_QUEUED {
            return Err(io::Error::new(
                io::ErrorKind::WouldBlock,
                "the client reads nothing",
            ));
        }
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(16 * 1024));
        self.tx
            .send(Out::Data(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the channel is closed"))
    }
}

async fn pump(
    handle: Handle,
    channel: ChannelId,
    mut rx: UnboundedReceiver<Out>,
    queued: Arc<AtomicUsize>,
) {
    let mut status = None;
    while let Some(out) = rx.recv().await {
        match out {
            Out::Data(chunk) => {
                let n = chunk.len();
                let sent = handle.data(channel, chunk).await;
                queued.fetch_sub(n, Ordering::AcqRel);
                if sent.is_err() {
                    return; // the connection is gone
                }
            }
            Out::Exit(code) => {
                status = Some(code);
                break;
            }
        }
    }
    if let Some(code) = status {
        let _ = handle.exit_status_request(channel, code).await;
    }
    let _ = handle.eof(channel).await;
    let _ = handle.close(channel).await;
}
