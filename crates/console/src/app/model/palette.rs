//! State of the command palette (`:`).

use ratatui_textarea::TextArea;

#[derive(Debug, Clone)]
pub struct PaletteState {
    pub input: TextArea<'static>,
    pub selected: usize,
}
