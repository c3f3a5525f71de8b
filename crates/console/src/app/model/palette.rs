//! State of the command palette (`:`).

use super::TextBuffer;

#[derive(Debug, Clone)]
pub struct PaletteState {
    pub input: TextBuffer,
    pub selected: usize,
}
