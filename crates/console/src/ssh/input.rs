//! The bytes of an SSH channel as terminal events. A local terminal's events come decoded by
//! crossterm; over SSH the server gets raw bytes in packets, so they are decoded here by terminput
//! (a maintained parser of terminal input: xterm and kitty keys, UTF-8, bracketed paste), with
//! the escape timeout SSH needs: a lone ESC at the end of a packet may be the Esc key or the
//! start of a sequence whose rest is a packet away, so it is held until more bytes or the timeout.

use std::time::{Duration, Instant};

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};

const ESC: u8 = 0x1b;
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";
/// Longer than any key's sequence: past it, what is held is not a key and is dropped.
const LONGEST_SEQUENCE: usize = 64;
/// A paste larger than this is dropped whole rather than held without bound.
const LONGEST_PASTE: usize = 256 * 1024;

#[derive(Debug)]
pub(crate) struct Decoder {
    timeout: Duration,
    pending: Vec<u8>,
    since: Option<Instant>,
}

impl Decoder {
    pub(crate) fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            pending: Vec::new(),
            since: None,
        }
    }

    /// When what is held must be let go as it is (a lone Esc).
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.since.map(|s| s + self.timeout)
    }

    /// The bytes of one packet; the events they complete.
    pub(crate) fn feed(&mut self, bytes: &[u8], now: Instant) -> Vec<TermEvent> {
        let mut out = Vec::new();
        for &b in bytes {
            self.pending.push(b);
            self.step(&mut out);
        }
        self.since = if self.pending.is_empty() {
            None
        } else {
            self.since.or(Some(now))
        };
        out
    }

    /// The timeout passed: a held ESC is the Esc key; what followed it is read again on its own.
    pub(crate) fn flush(&mut self) -> Vec<TermEvent> {
        self.since = None;
        let held = std::mem::take(&mut self.pending);
        let mut out = Vec::new();
        let rest = match held.split_first() {
            Some((&ESC, rest)) => {
                out.push(TermEvent::Key(KeyEvent::new(
                    KeyCode::Esc,
                    KeyModifiers::NONE,
                )));
                rest
            }
            // An incomplete UTF-8 character that never completed: dropped.
            _ => return out,
        };
        for &b in rest {
            self.pending.push(b);
            if self.pending == [ESC] {
                continue;
            }
            self.step(&mut out);
        }
        // Whatever is still incomplete after the timeout is not a key.
        self.pending.clear();
        out
    }

    fn step(&mut self, out: &mut Vec<TermEvent>) {
        let buf = &self.pending;
        if buf.as_slice() == [ESC] {
            return; // Esc, or the start of a sequence: wait.
        }
        if buf.starts_with(PASTE_START) {
            // Bracketed paste: only its end completes it (parsing the whole paste again on every
            // byte would be quadratic).
            if buf.len() > LONGEST_PASTE {
                self.pending.clear();
            } else if buf.ends_with(PASTE_END) {
                let text = &buf[PASTE_START.len()..buf.len() - PASTE_END.len()];
                out.push(TermEvent::Paste(String::from_utf8_lossy(text).into_owned()));
                self.pending.clear();
            }
            return;
        }
        if PASTE_START.starts_with(buf) {
            return; // maybe a paste's start
        }
        match terminput::Event::parse_from(buf) {
            Ok(None) if buf.len() < LONGEST_SEQUENCE => {}
            Ok(Some(terminput::Event::Key(key))) => {
                out.push(TermEvent::Key(terminput_crossterm::to_crossterm_key(key)));
                self.pending.clear();
            }
            Ok(Some(terminput::Event::Paste(text))) => {
                out.push(TermEvent::Paste(text));
                self.pending.clear();
            }
            // Mouse reports, focus, unknown or overlong sequences: not keys, dropped.
            Ok(_) | Err(_) => self.pending.clear(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, mods: KeyModifiers) -> TermEvent {
        TermEvent::Key(KeyEvent::new(code, mods))
    }

    fn ch(c: char) -> TermEvent {
        key(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn plain_text_utf8_and_control_keys() {
        let mut d = Decoder::new(Duration::from_millis(50));
        let now = Instant::now();
        let evs = d.feed("añ\r\x7f\x15".as_bytes(), now);
        assert_eq!(
            evs,
            vec![
                ch('a'),
                ch('ñ'),
                key(KeyCode::Enter, KeyModifiers::NONE),
                key(KeyCode::Backspace, KeyModifiers::NONE),
                key(KeyCode::Char('u'), KeyModifiers::CONTROL),
            ]
        );
        assert_eq!(d.deadline(), None);
    }

    #[test]
    fn a_character_split_across_packets_is_joined() {
        let mut d = Decoder::new(Duration::from_millis(50));
        let now = Instant::now();
        let bytes = "é".as_bytes();
        assert!(d.feed(&bytes[..1], now).is_empty());
        assert_eq!(d.feed(&bytes[1..], now), vec![ch('é')]);
    }

    #[test]
    fn an_arrow_split_across_packets_is_one_key() {
        let mut d = Decoder::new(Duration::from_millis(50));
        let now = Instant::now();
        assert!(d.feed(b"\x1b", now).is_empty());
        assert!(d.deadline().is_some());
        assert!(d.feed(b"[1;5", now).is_empty());
        assert_eq!(
            d.feed(b"A", now),
            vec![key(KeyCode::Up, KeyModifiers::CONTROL)]
        );
        assert_eq!(d.deadline(), None);
    }

    #[test]
    fn a_lone_esc_is_esc_after_the_timeout() {
        let mut d = Decoder::new(Duration::from_millis(50));
        let now = Instant::now();
        assert!(d.feed(b"j\x1b", now).len() == 1);
        assert_eq!(d.deadline(), Some(now + Duration::from_millis(50)));
        assert_eq!(d.flush(), vec![key(KeyCode::Esc, KeyModifiers::NONE)]);
        assert_eq!(d.deadline(), None);
        // Esc then `[` typed after the timeout: two keys, not a sequence.
        assert!(d.feed(b"\x1b", now).is_empty());
        assert_eq!(d.flush(), vec![key(KeyCode::Esc, KeyModifiers::NONE)]);
        assert_eq!(d.feed(b"[", now), vec![ch('[')]);
    }

    #[test]
    fn alt_and_a_held_incomplete_sequence() {
        let mut d = Decoder::new(Duration::from_millis(50));
        let now = Instant::now();
        assert_eq!(
            d.feed(b"\x1bx", now),
            vec![key(KeyCode::Char('x'), KeyModifiers::ALT)]
        );
        assert!(d.feed(b"\x1b[", now).is_empty());
        let flushed = d.flush();
        assert_eq!(flushed[0], key(KeyCode::Esc, KeyModifiers::NONE));
    }

    #[test]
    fn bracketed_paste_in_pieces() {
        let mut d = Decoder::new(Duration::from_millis(50));
        let now = Instant::now();
        assert!(d.feed(b"\x1b[20", now).is_empty());
        assert!(d.feed("0~hola\x1b[31m señor".as_bytes(), now).is_empty());
        assert_eq!(
            d.feed(b"\x1b[201~q", now),
            vec![TermEvent::Paste("hola\x1b[31m señor".into()), ch('q')]
        );
    }

    #[test]
    fn mouse_reports_and_junk_are_dropped() {
        let mut d = Decoder::new(Duration::from_millis(50));
        let now = Instant::now();
        assert_eq!(d.feed(b"\x1b[<0;10;5Mk", now), vec![ch('k')]);
        assert_eq!(d.feed(b"\x1b[99999999999999999999999999x", now), vec![]);
        assert_eq!(d.feed(b"z", now), vec![ch('z')]);
    }
}
