//! The escape timeout SSH needs. crossterm reads a lone ESC byte as the Esc key when nothing else
//! is in the same read; over a slow link the rest of an arrow key (`ESC [ A`) or of Alt-x
//! (`ESC x`) may arrive a packet later, as the characters `[` `A`. This joiner holds a lone Esc
//! for a few milliseconds and, if the rest follows, rebuilds the key that was meant.

use std::time::{Duration, Instant};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

#[derive(Debug)]
pub struct EscapeJoiner {
    timeout: Duration,
    pending: Vec<KeyEvent>,
    since: Option<Instant>,
}

fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn is_plain(key: &KeyEvent, code: KeyCode) -> bool {
    key.code == code
        && (key.modifiers - KeyModifiers::SHIFT).is_empty()
        && key.kind != KeyEventKind::Release
}

/// The key a CSI/SS3 tail (after `ESC [` or `ESC O`) stands for.
fn decode(intro: char, tail: &str) -> Option<KeyCode> {
    Some(match (intro, tail) {
        (_, "A") => KeyCode::Up,
        (_, "B") => KeyCode::Down,
        (_, "C") => KeyCode::Right,
        (_, "D") => KeyCode::Left,
        (_, "H") | ('[', "1~") | ('[', "7~") => KeyCode::Home,
        (_, "F") | ('[', "4~") | ('[', "8~") => KeyCode::End,
        ('[', "2~") => KeyCode::Insert,
        ('[', "3~") => KeyCode::Delete,
        ('[', "5~") => KeyCode::PageUp,
        ('[', "6~") => KeyCode::PageDown,
        ('[', "Z") => KeyCode::BackTab,
        ('O', "P") => KeyCode::F(1),
        ('O', "Q") => KeyCode::F(2),
        ('O', "R") => KeyCode::F(3),
        ('O', "S") => KeyCode::F(4),
        ('[', "15~") => KeyCode::F(5),
        _ => return None,
    })
}

impl EscapeJoiner {
    pub fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            pending: Vec::new(),
            since: None,
        }
    }

    /// When the held keys must be let go as they are.
    pub fn deadline(&self) -> Option<Instant> {
        self.since.map(|s| s + self.timeout)
    }

    /// The timeout passed: what was held is what the operator typed.
    pub fn flush(&mut self) -> Vec<KeyEvent> {
        self.since = None;
        std::mem::take(&mut self.pending)
    }

    /// Feeds one key; returns the keys that are now certain.
    pub fn push(&mut self, key: KeyEvent, now: Instant) -> Vec<KeyEvent> {
        if self.pending.is_empty() {
            if is_plain(&key, KeyCode::Esc) && key.kind == KeyEventKind::Press {
                self.pending.push(key);
                self.since = Some(now);
                return vec![];
            }
            return vec![key];
        }
        if self.deadline().is_some_and(|d| now > d) {
            let mut out = self.flush();
            out.extend(self.push(key, now));
            return out;
        }
        let KeyCode::Char(c) = key.code else {
            // Esc then a special key: both stand.
            let mut out = self.flush();
            out.extend(self.push(key, now));
            return out;
        };
        if self.pending.len() == 1 {
            return match c {
                '[' | 'O' if (key.modifiers - KeyModifiers::SHIFT).is_empty() => {
                    self.pending.push(key);
                    vec![]
                }
                _ => {
                    // ESC x split across packets is Alt-x.
                    self.flush();
                    vec![KeyEvent::new(key.code, key.modifiers | KeyModifiers::ALT)]
                }
            };
        }
        self.pending.push(key);
        let intro = match self.pending[1].code {
            KeyCode::Char(i) => i,
            _ => '[',
        };
        let tail: String = self.pending[2..]
            .iter()
            .filter_map(|k| match k.code {
                KeyCode::Char(c) => Some(c),
                _ => None,
            })
            .collect();
        let finished = c.is_ascii_alphabetic() || c == '~';
        if finished {
            self.flush();
            // An unknown sequence is dropped rather than typed into a field as garbage.
            return decode(intro, &tail).map(plain).into_iter().collect();
        }
        if tail.len() > 6 || !(c.is_ascii_digit() || c == ';') {
            return self.flush();
        }
        vec![]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ch(c: char) -> KeyEvent {
        plain(KeyCode::Char(c))
    }

    fn feed(j: &mut EscapeJoiner, keys: &[KeyEvent], t: Instant) -> Vec<KeyEvent> {
        keys.iter().flat_map(|k| j.push(*k, t)).collect()
    }

    #[test]
    fn split_arrow_keys_are_rebuilt() {
        let t = Instant::now();
        let mut j = EscapeJoiner::new(Duration::from_millis(50));
        assert_eq!(
            feed(&mut j, &[plain(KeyCode::Esc), ch('['), ch('A')], t),
            vec![plain(KeyCode::Up)]
        );
        assert_eq!(
            feed(&mut j, &[plain(KeyCode::Esc), ch('['), ch('5'), ch('~')], t),
            vec![plain(KeyCode::PageUp)]
        );
        assert_eq!(
            feed(&mut j, &[plain(KeyCode::Esc), ch('O'), ch('P')], t),
            vec![plain(KeyCode::F(1))]
        );
        assert!(j.deadline().is_none());
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
        assert!(
            feed(
                &mut j,
                &[plain(KeyCode::Esc), ch('['), ch('9'), ch('9'), ch('q')],
                t
            )
            .is_empty()
        );
        assert_eq!(feed(&mut j, &[ch('j')], t), vec![ch('j')]);
    }
}
