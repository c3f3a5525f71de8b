//! The dashboard at 80×24 (two pages) and 160×48 (every panel), in Spanish and English, and
//! without colour every bar's number on screen.

use crate::fixtures;

use crossterm::event::KeyCode;
use fixtures::*;
use helpdesk::app::update;
use helpdesk::app::{App, BoardFigures};
use helpdesk::i18n::Lang;
use helpdesk::ui::theme::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| helpdesk::ui::view(f, app)).expect("draw");
    terminal
}

fn snapshot(name: &str, w: u16, h: u16, build: impl Fn(Lang) -> App) {
    for lang in [Lang::Es, Lang::En] {
        let mut app = build(lang);
        app.width = w;
        app.height = h;
        let terminal = draw(&app, w, h);
        insta::assert_snapshot!(format!("{name}_{}", lang.code()), terminal.backend());
    }
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn board_80x24_clock_and_trend() {
    snapshot("board_80x24_page1", 80, 24, board_screen);
}

#[test]
fn board_80x24_funnel_rules_calls() {
    snapshot("board_80x24_page2", 80, 24, |lang| {
        let mut app = board_screen(lang);
        update(&mut app, key(KeyCode::Tab));
        update(&mut app, key(KeyCode::Tab));
        app
    });
}

#[test]
fn board_160x48() {
    snapshot("board_160x48", 160, 48, board_screen);
}

#[test]
fn board_loading() {
    snapshot("board_loading", 80, 24, |lang| {
        let mut app = app(lang);
        update(&mut app, key(KeyCode::F(4)));
        app
    });
}

/// Each number a bar stands for, as the screen should print it.
fn bar_numbers(f: &BoardFigures) -> Vec<String> {
    let mut out = Vec::new();
    for row in &f.pqr.by_assignee {
        let c = &row.counts;
        for n in [c.overdue, c.due_today, c.due_soon, c.in_time] {
            out.push(n.to_string());
        }
    }
    let n = &f.resets.funnel;
    for v in [
        n.requested_public + n.requested_by_operator,
        n.sent,
        n.bounced,
        n.link_opened,
        n.password_changed,
        n.logged_in,
    ] {
        out.push(v.to_string());
    }
    for r in &f.resets.refused_rules {
        out.push(r.count.to_string());
    }
    let c = &f.calls.by_outcome;
    for v in [
        c.resuelto,
        c.escalado_pqr,
        c.identidad_no_verificada,
        c.llamada_cortada,
    ] {
        out.push(v.to_string());
    }
    out
}

#[test]
fn without_colour_every_bar_shows_its_number() {
    let figures = board_figures();
    for lang in [Lang::Es, Lang::En] {
        for (w, h) in [(80, 24), (160, 48)] {
            let mut app = board_screen(lang);
            app.theme = ThemeName::Mono;
            let mut text = String::new();
            // Both pages at 80×24; one at 160×48.
            for _ in 0..2 {
                text.push_str(&screen_text(&draw(&app, w, h)));
                update(&mut app, key(KeyCode::Tab));
                update(&mut app, key(KeyCode::Tab));
            }
            // Every clock bar: its own row, in its own column, starts with its number.
            for row in &figures.pqr.by_assignee {
                let c = &row.counts;
                let line = text
                    .lines()
                    .find(|l| {
                        row.assignee.as_ref().map_or(
                            l.starts_with(if lang == Lang::Es {
                                "Sin asignar"
                            } else {
                                "Unassigned"
                            }),
                            |a| l.starts_with(a.name.split(' ').next().unwrap_or("")),
                        )
                    })
                    .unwrap_or_else(|| panic!("row of {row:?} in\n{text}"));
                let numbers: Vec<String> = line
                    .split(|ch: char| !ch.is_ascii_digit())
                    .filter(|s| !s.is_empty())
                    .take(4) // at 160 columns the funnel follows on the same line
                    .map(String::from)
                    .collect();
                let want: Vec<String> = [c.overdue, c.due_today, c.due_soon, c.in_time]
                    .iter()
                    .map(u64::to_string)
                    .collect();
                assert_eq!(numbers, want, "{lang:?} {w}x{h}: {line}");
            }
            for n in bar_numbers(&figures) {
                assert!(
                    text.contains(&format!("{n} (")) || text.contains(&format!(" {n}")),
                    "{lang:?} {w}x{h}: {n} missing in\n{text}"
                );
            }
            // No label cut inside a word: every whole-word label is on screen whole.
            for key in [
                "board.overdue",
                "board.due_today",
                "board.due_soon",
                "board.in_time",
                "board.funnel_requested",
                "board.funnel_logged_in",
            ] {
                let label = helpdesk::i18n::tr(lang, key);
                assert!(text.contains(label), "{lang:?} {w}x{h}: {label}");
            }
            for rule in &figures.resets.refused_rules {
                let label = helpdesk::format::events::rule_text(lang, rule.rule);
                assert!(text.contains(label), "{lang:?} {w}x{h}: {label}");
            }
        }
    }
}

#[test]
fn board_help() {
    snapshot("board_help", 80, 24, |lang| {
        let mut app = board_screen(lang);
        update(&mut app, ch('?'));
        app
    });
}
