//! The escape timeout SSH needs. crossterm reads a lone ESC byte as the Esc key when nothing else
//! is in the same read; over a slow link the rest of an arrow key (`ESC [ 1 ; 5 A`) or of Alt-x
//! (`ESC x`) may arrive a packet later, as the characters `[` `1` `;` `5` `A`. This joiner holds
//! a lone Esc for a few milliseconds and, if the rest follows, rebuilds the key that was meant.
//!
//! The bytes held are decoded by terminput, a maintained parser of raw terminal input (the same
//! one the SSH server can use on the bytes of its channel), not by a table of our own.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Longer than any key's escape sequence: past it, what is held is not a key.
const LONGEST_SEQUENCE: usize = 16;

#[derive(Debug)]
pub(crate) struct EscapeJoiner {
    timeout: Duration,
    /// The keys held as crossterm reported them, let go unchanged when the timeout passes.
    held: Vec<KeyEvent>,
    /// The same keys as the bytes the terminal sent (`ESC` and what followed).
    bytes: Vec<u8>,
    since: Option<Instant>,
}

/// What the bytes after a lone ESC stand for.
#[derive(Debug, PartialEq)]
pub(crate) enum Decoded {
    /// A prefix of a key: wait for more.
    Incomplete,
    Key(KeyEvent),
    /// Not a key (an unknown sequence, a mouse report): dropped rather than typed into a field.
    NotAKey,
}

/// Decodes one key from raw terminal bytes (xterm and kitty encodings).
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    match terminput::Event::parse_from(bytes) {
        Ok(None) => Decoded::Incomplete,
        Ok(Some(terminput::Event::Key(key))) => {
            Decoded::Key(terminput_crossterm::to_crossterm_key(key))
        }
        Ok(Some(_)) | Err(_) => Decoded::NotAKey,
    }
}

fn is_lone_esc(key: &KeyEvent) -> bool {
    key.code == KeyCode::Esc && key.modifiers.is_empty() && key.kind == KeyEventKind::Press
}

/// The character a key is when it stands for a byte of a sequence crossterm read on its own.
fn sequence_char(key: &KeyEvent) -> Option<char> {
    match key.code {
        KeyCode::Char(c)
            if (key.modifiers - KeyModifiers::SHIFT).is_empty()
                && key.kind == KeyEventKind::Press =>
        {
            Some(c)
        }
        _ => None,
    }
}

impl EscapeJoiner {
    pub(crate) fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            held: Vec::new(),
            bytes: Vec::new(),
            since: None,
        }
    }

    /// When the held keys must be let go as they are.
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.since.map(|s| s + self.timeout)
    }

    /// The timeout passed: what was held is what the operator typed.
    pub(crate) fn flush(&mut self) -> Vec<KeyEvent> {
        self.since = None;
        self.bytes.clear();
        std::mem::take(&mut self.held)
    }

    /// Feeds one key; returns the keys that are now certain. A zero timeout joins nothing: the
    /// keys come already joined (the SSH server decodes its channel's bytes itself).
    pub(crate) fn push(&mut self, key: KeyEvent, now: Instant) -> Vec<KeyEvent> {
        if self.timeout.is_zero() {
            return vec![key];
        }
        if self.held.is_empty() {
            if is_lone_esc(&key) {
                self.held.push(key);
                self.bytes.push(0x1b);
                self.since = Some(now);
                return vec![];
            }
            return vec![key];
        }
        let late = self.deadline().is_some_and(|d| now > d);
        let Some(c) = sequence_char(&key).filter(|_| !late) else {
            // Too late to belong to the held Esc, or Esc then a special key: both stand.
            let mut out = self.flush();
            out.extend(self.push(key, now));
            return out;
        };
        self.held.push(key);
        let mut utf8 = [0; 4];
        self.bytes
            .extend_from_slice(c.encode_utf8(&mut utf8).as_bytes());
        match decode(&self.bytes) {
            Decoded::Incomplete if self.bytes.len() <= LONGEST_SEQUENCE => vec![],
            Decoded::Key(joined) => {
                self.flush();
                vec![joined]
            }
            Decoded::Incomplete | Decoded::NotAKey => {
                self.flush();
                vec![]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ch(c: char) -> KeyEvent {
        KeyEvent::new(
            KeyCode::Char(c),
            if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            },
        )
    }

    fn feed(j: &mut EscapeJoiner, keys: &[KeyEvent], t: Instant) -> Vec<KeyEvent> {
        keys.iter().flat_map(|k| j.push(*k, t)).collect()
    }

    /// What crossterm reports when `ESC` ends one read and `rest` is the next.
    fn split_after_esc(rest: &str) -> Vec<KeyEvent> {
        std::iter::once(plain(KeyCode::Esc))
            .chain(rest.chars().map(ch))
            .collect()
    }

    /// What crossterm reports for `packets` read one after another: it waits for the rest of an
    /// incomplete sequence across reads, except after a lone ESC that ends a read, which it
    /// reports as Esc at once. (terminput's parser is derived from crossterm's, so decoding the
    /// buffer with it models crossterm's own.)
    fn crossterm_reads(packets: &[&[u8]]) -> Vec<KeyEvent> {
        let mut out = Vec::new();
        let mut buffer = Vec::new();
        for packet in packets {
            for (i, byte) in packet.iter().enumerate() {
                buffer.push(*byte);
                let more = i + 1 < packet.len();
                if buffer == [0x1b] {
                    if !more {
                        out.push(plain(KeyCode::Esc));
                        buffer.clear();
                    }
                    continue;
                }
                match decode(&buffer) {
                    Decoded::Incomplete => {}
                    Decoded::Key(key) => {
                        out.push(key);
                        buffer.clear();
                    }
                    Decoded::NotAKey => buffer.clear(),
                }
            }
        }
        out
    }

    /// Every key crossterm produces without the kitty protocol, with every modifier it reports;
    /// not Alt with Enter, Tab, Backspace, Esc or a Ctrl letter (`ESC` and a control byte): split,
    /// those are Esc then the key, as an operator typing Esc then Enter must get both.
    fn every_key() -> Vec<KeyEvent> {
        let mut special = vec![
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Insert,
            KeyCode::Delete,
        ];
        special.extend((1..=12).map(KeyCode::F));
        let modifier_sets: Vec<KeyModifiers> = (0..8u8)
            .map(|bits| {
                let mut m = KeyModifiers::NONE;
                for (bit, flag) in [
                    KeyModifiers::SHIFT,
                    KeyModifiers::ALT,
                    KeyModifiers::CONTROL,
                ]
                .into_iter()
                .enumerate()
                {
                    if bits & (1 << bit) != 0 {
                        m |= flag;
                    }
                }
                m
            })
            .collect();
        let mut keys: Vec<KeyEvent> = special
            .iter()
            .flat_map(|code| modifier_sets.iter().map(|m| KeyEvent::new(*code, *m)))
            .collect();
        for c in (' '..='~').chain(['á', 'é', 'ñ', 'Ñ', '¿', '€']) {
            keys.push(ch(c));
            // Alt-[ and Alt-O are the CSI and SS3 introducers: no terminal can tell them apart.
            if c != '[' && c != 'O' {
                let alt = ch(c);
                keys.push(KeyEvent::new(alt.code, alt.modifiers | KeyModifiers::ALT));
            }
        }
        // Ctrl-I and Ctrl-M are the bytes of Tab and Enter.
        keys.extend(
            ('a'..='z')
                .filter(|c| !matches!(c, 'i' | 'm'))
                .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
        );
        keys.push(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
        keys.extend(
            [
                KeyCode::Enter,
                KeyCode::Tab,
                KeyCode::Backspace,
                KeyCode::Esc,
            ]
            .map(plain),
        );
        keys
    }

    fn xterm_bytes(key: KeyEvent) -> Vec<u8> {
        let key = terminput_crossterm::to_terminput_key(key).expect("a key terminput knows");
        let mut buf = [0u8; 32];
        let n = terminput::Event::Key(key)
            .encode(&mut buf, terminput::Encoding::Xterm)
            .expect("an encodable key");
        buf[..n].to_vec()
    }

    #[test]
    fn every_key_split_at_every_byte_boundary_decodes_to_the_same_key() {
        let t = Instant::now();
        let mut checked = 0;
        for key in every_key() {
            let bytes = xterm_bytes(key);
            assert_eq!(crossterm_reads(&[&bytes]), vec![key], "{key:?} read whole");
            for cut in 1..bytes.len() {
                let (first, second) = bytes.split_at(cut);
                let reported = crossterm_reads(&[first, second]);
                let mut j = EscapeJoiner::new(Duration::from_millis(50));
                let mut keys = feed(&mut j, &reported, t);
                keys.extend(j.flush()); // the timeout passes after the last packet
                assert_eq!(keys, vec![key], "{key:?} split as {first:?} + {second:?}");
                checked += 1;
            }
        }
        assert!(checked >= 1000, "only {checked} splits checked");
    }

    #[test]
    fn split_arrow_keys_are_rebuilt() {
        let t = Instant::now();
        let mut j = EscapeJoiner::new(Duration::from_millis(50));
        assert_eq!(
            feed(&mut j, &split_after_esc("[A"), t),
            vec![plain(KeyCode::Up)]
        );
        assert_eq!(
            feed(&mut j, &split_after_esc("[5~"), t),
            vec![plain(KeyCode::PageUp)]
        );
        assert_eq!(
            feed(&mut j, &split_after_esc("OP"), t),
            vec![plain(KeyCode::F(1))]
        );
        assert!(j.deadline().is_none());
    }

    #[test]
    fn a_split_modified_arrow_is_rebuilt_with_its_modifiers() {
        let t = Instant::now();
        let mut j = EscapeJoiner::new(Duration::from_millis(50));
        assert_eq!(
            feed(&mut j, &split_after_esc("[1;5A"), t),
            vec![KeyEvent::new(KeyCode::Up, KeyModifiers::CONTROL)]
        );
        assert_eq!(
            feed(&mut j, &split_after_esc("[1;3D"), t),
            vec![KeyEvent::new(KeyCode::Left, KeyModifiers::ALT)]
        );
    }

    #[test]
    fn split_f6_to_f12_are_recognised() {
        let t = Instant::now();
        let mut j = EscapeJoiner::new(Duration::from_millis(50));
        let tails = ["17~", "18~", "19~", "20~", "21~", "23~", "24~"];
        for (n, tail) in (6u8..=12).zip(tails) {
            assert_eq!(
                feed(&mut j, &split_after_esc(&format!("[{tail}")), t),
                vec![plain(KeyCode::F(n))],
                "F{n}"
            );
        }
    }

    #[test]
    fn esc_then_letter_is_alt() {
        let t = Instant::now();
        let mut j = EscapeJoiner::new(Duration::from_millis(50));
        assert_eq!(
            feed(&mut j, &[plain(KeyCode::Esc), ch('x')], t),
            vec![KeyEvent::new(KeyCode::Char('x'), KeyModifiers::ALT)]
        );
    }

    #[test]
    fn a_lone_esc_is_let_go_at_the_deadline() {
        let t = Instant::now();
        let mut j = EscapeJoiner::new(Duration::from_millis(50));
        assert!(j.push(plain(KeyCode::Esc), t).is_empty());
        assert_eq!(j.deadline(), Some(t + Duration::from_millis(50)));
        assert_eq!(j.flush(), vec![plain(KeyCode::Esc)]);
        // A key after the deadline does not join the held Esc.
        assert!(j.push(plain(KeyCode::Esc), t).is_empty());
        let late = t + Duration::from_millis(80);
        assert_eq!(j.push(ch('j'), late), vec![plain(KeyCode::Esc), ch('j')]);
    }

    #[test]
    fn a_half_sequence_is_let_go_as_typed_at_the_deadline() {
        let t = Instant::now();
        let mut j = EscapeJoiner::new(Duration::from_millis(50));
        assert!(feed(&mut j, &split_after_esc("["), t).is_empty());
        assert_eq!(j.flush(), split_after_esc("["));
    }

    #[test]
    fn esc_esc_and_esc_enter_stand() {
        let t = Instant::now();
        let mut j = EscapeJoiner::new(Duration::from_millis(50));
        assert_eq!(
            feed(&mut j, &[plain(KeyCode::Esc), plain(KeyCode::Enter)], t),
            vec![plain(KeyCode::Esc), plain(KeyCode::Enter)]
        );
        assert!(
            feed(&mut j, &[plain(KeyCode::Esc), plain(KeyCode::Esc)], t)
                == vec![plain(KeyCode::Esc)]
        );
        assert_eq!(j.flush(), vec![plain(KeyCode::Esc)]);
    }

    #[test]
    fn unknown_sequences_are_dropped_not_typed() {
        let t = Instant::now();
        let mut j = EscapeJoiner::new(Duration::from_millis(50));
        assert!(feed(&mut j, &split_after_esc("[99q"), t).is_empty());
        assert_eq!(feed(&mut j, &[ch('j')], t), vec![ch('j')]);
    }
}
