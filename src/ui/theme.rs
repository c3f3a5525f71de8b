//! Colours, and the monochrome theme that `NO_COLOR` forces: every state that colour shows is also
//! shown by text or by reverse video, so nothing depends on colour alone.

use ratatui::style::{Color, Modifier, Style};

/// The theme's name is a setting (chosen in `config.toml`, `--theme` or the palette).
pub use crate::config::ThemeName;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub base: Style,
    pub dim: Style,
    pub title: Style,
    pub bar: Style,
    pub key: Style,
    pub selected: Style,
    pub focus_border: Style,
    pub border: Style,
    pub ok: Style,
    pub warn: Style,
    pub error: Style,
    pub demo: Style,
}

impl Theme {
    pub fn of(name: ThemeName) -> Theme {
        let bold = Modifier::BOLD;
        match name {
            ThemeName::Mono => Theme {
                base: Style::new(),
                dim: Style::new(),
                title: Style::new().add_modifier(bold),
                bar: Style::new().add_modifier(Modifier::REVERSED),
                key: Style::new().add_modifier(bold),
                selected: Style::new().add_modifier(Modifier::REVERSED | bold),
                focus_border: Style::new().add_modifier(bold),
                border: Style::new(),
                ok: Style::new().add_modifier(bold),
                warn: Style::new().add_modifier(bold | Modifier::UNDERLINED),
                error: Style::new().add_modifier(bold | Modifier::REVERSED),
                demo: Style::new().add_modifier(bold | Modifier::REVERSED),
            },
            ThemeName::Dark | ThemeName::Light => {
                let (fg, dim, bar_bg, accent) = if name == ThemeName::Dark {
                    (Color::Reset, Color::DarkGray, Color::DarkGray, Color::Cyan)
                } else {
                    (Color::Reset, Color::Gray, Color::Gray, Color::Blue)
                };
                Theme {
                    base: Style::new().fg(fg),
                    dim: Style::new().fg(dim),
                    title: Style::new().fg(accent).add_modifier(bold),
                    bar: Style::new().bg(bar_bg).fg(Color::White),
                    key: Style::new().fg(accent).add_modifier(bold),
                    // Reverse video, so the selection shows even where colours are lost.
                    selected: Style::new().add_modifier(Modifier::REVERSED | bold),
                    focus_border: Style::new().fg(accent),
                    border: Style::new().fg(dim),
                    ok: Style::new().fg(Color::Green).add_modifier(bold),
                    warn: Style::new().fg(Color::Yellow).add_modifier(bold),
                    error: Style::new().fg(Color::Red).add_modifier(bold),
                    demo: Style::new()
                        .bg(Color::Magenta)
                        .fg(Color::White)
                        .add_modifier(bold),
                }
            }
        }
    }
}
