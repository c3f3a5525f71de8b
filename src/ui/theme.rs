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
            // A light terminal: fixed colours of the 256-colour palette (the same on every
            // terminal, unlike the 16 named ones a light palette often washes out), each at
            // least 4.5:1 against white (the test below computes it).
            ThemeName::Light => Theme {
                base: Style::new().fg(Color::Reset),
                dim: Style::new().fg(LIGHT_DIM),
                title: Style::new().fg(LIGHT_ACCENT).add_modifier(bold),
                bar: Style::new().bg(Color::Indexed(238)).fg(Color::Indexed(231)),
                key: Style::new().fg(LIGHT_ACCENT).add_modifier(bold),
                selected: Style::new().add_modifier(Modifier::REVERSED | bold),
                focus_border: Style::new().fg(LIGHT_ACCENT),
                border: Style::new().fg(LIGHT_DIM),
                ok: Style::new().fg(Color::Indexed(22)).add_modifier(bold),
                warn: Style::new().fg(Color::Indexed(94)).add_modifier(bold),
                error: Style::new().fg(Color::Indexed(124)).add_modifier(bold),
                demo: Style::new()
                    .bg(Color::Indexed(90))
                    .fg(Color::Indexed(231))
                    .add_modifier(bold),
            },
            ThemeName::Dark => {
                let (fg, dim, bar_bg, accent) =
                    (Color::Reset, Color::DarkGray, Color::DarkGray, Color::Cyan);
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

/// The light theme's grey for secondary text (#585858) and its blue (#005faf).
const LIGHT_DIM: Color = Color::Indexed(240);
const LIGHT_ACCENT: Color = Color::Indexed(25);

#[cfg(test)]
mod tests {
    use super::{Color, Theme, ThemeName};

    /// A colour of the 256-colour palette as RGB (the 6×6×6 cube and the grey ramp are fixed;
    /// the light theme uses nothing else). `Reset` is the light terminal's black on white.
    fn rgb(c: Color, background: bool) -> (u8, u8, u8) {
        const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
        match c {
            Color::Reset if background => (255, 255, 255),
            Color::Reset => (0, 0, 0),
            Color::Indexed(i @ 16..=231) => {
                let i = i - 16;
                (
                    LEVELS[usize::from(i / 36)],
                    LEVELS[usize::from(i / 6 % 6)],
                    LEVELS[usize::from(i % 6)],
                )
            }
            Color::Indexed(i @ 232..=255) => {
                let g = 8 + 10 * (i - 232);
                (g, g, g)
            }
            Color::Rgb(r, g, b) => (r, g, b),
            other => panic!("the light theme uses fixed colours only, not {other:?}"),
        }
    }

    fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }

    /// WCAG's contrast ratio.
    fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_text_of_the_light_theme_reads_at_4_5_to_1_on_its_background() {
        let t = Theme::of(ThemeName::Light);
        for (name, style) in [
            ("base", t.base),
            ("dim", t.dim),
            ("title", t.title),
            ("bar", t.bar),
            ("key", t.key),
            ("focus_border", t.focus_border),
            ("border", t.border),
            ("ok", t.ok),
            ("warn", t.warn),
            ("error", t.error),
            ("demo", t.demo),
        ] {
            let fg = rgb(style.fg.unwrap_or(Color::Reset), false);
            let bg = rgb(style.bg.unwrap_or(Color::Reset), true);
            let ratio = contrast(fg, bg);
            assert!(ratio >= 4.5, "{name}: {ratio:.2}:1");
        }
        // Checks the check: the old light grey on white fails it.
        assert!(contrast((229, 229, 229), (255, 255, 255)) < 4.5);
    }
}
