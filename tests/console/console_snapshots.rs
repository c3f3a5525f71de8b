//! Every screen and modal of the console at 80×24, in Spanish and in English (insta snapshots of
//! ratatui's `TestBackend`), plus the guarantees that snapshots cannot show: no colour under
//! NO_COLOR, no panic at any size, no control character from the portal on screen.

use crate::fixtures;

use crossterm::event::KeyCode;
use fixtures::*;
use helpdesk::api::{ErrorCode, VerificationResult};
use helpdesk::app::PortalError;
use helpdesk::app::model::{App, Connection};
use helpdesk::app::{Msg, Reply, UsersReply, VerifyReply, update};
use helpdesk::i18n::Lang;
use helpdesk::ui::theme::ThemeName;
use jiff::SignedDuration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn render(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| helpdesk::ui::view(f, app)).expect("draw");
    terminal
}

fn snapshot(name: &str, build: impl Fn(Lang) -> App) {
    for lang in [Lang::Es, Lang::En] {
        let app = build(lang);
        let terminal = render(&app, 80, 24);
        insta::assert_snapshot!(format!("{name}_{}", lang.code()), terminal.backend());
    }
}

#[test]
fn start() {
    snapshot("start", app);
}

#[test]
fn demo_start() {
    snapshot("demo_start", |lang| {
        let mut app = app(lang);
        app.demo_outbox = Some("/tmp/helpdesk-demo-x/outbox".into());
        app
    });
}

#[test]
fn results() {
    snapshot("results", with_results);
}

/// The text of row `y` of the screen.
fn row_text(terminal: &Terminal<TestBackend>, y: u16) -> String {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.width)
        .map(|x| buffer[(x, y)].symbol().to_string())
        .collect()
}

#[test]
fn at_80_columns_the_results_show_a_long_full_name_whole() {
    // The name is how the operator confirms the caller: a 34-character Colombian full name reads
    // whole at 80 columns, in both languages; the lower-value columns give way, never the name.
    let long = "María Fernanda Castañeda Rodríguez";
    for lang in [Lang::Es, Lang::En] {
        let mut app = app(lang);
        type_text(&mut app, "castañeda");
        let mut people = users();
        people[0].full_name = long.into();
        answer_search(&mut app, people);
        let terminal = render(&app, 80, 24);
        let first = row_text(&terminal, 4);
        assert!(first.contains(long), "{lang:?}: {first:?}");
        // The kind is one letter (its legend in the help) and the status a mark and a word.
        assert!(first.contains(" E "), "{lang:?}: {first:?}");
        assert!(first.contains("■ "), "{lang:?}: {first:?}");
    }
}

#[test]
fn no_results() {
    snapshot("no_results", |lang| {
        let mut app = app(lang);
        type_text(&mut app, "zzz");
        answer_search(&mut app, vec![]);
        app
    });
}

#[test]
fn detail() {
    snapshot("detail", |lang| with_detail(lang, false));
}

#[test]
fn verify_form() {
    snapshot("verify_form", |lang| {
        let mut app = with_detail(lang, false);
        update(&mut app, ch('v'));
        type_text(&mut app, "80123456");
        update(&mut app, key(KeyCode::Tab));
        type_text(&mut app, "1985-02-27");
        app
    });
}

#[test]
fn verify_no_match() {
    snapshot("verify_no_match", |lang| {
        let mut app = with_detail(lang, false);
        update(&mut app, ch('v'));
        type_text(&mut app, "80123456");
        update(&mut app, key(KeyCode::Tab));
        type_text(&mut app, "1985-02-28");
        update(&mut app, key(KeyCode::Enter));
        let result = VerificationResult {
            matched: false,
            attempts_left: 0,
            locked_until: Some(now() + SignedDuration::from_mins(30)),
            valid_until: None,
        };
        update(
            &mut app,
            Msg::Portal(Reply::Verify(VerifyReply::Verified {
                user_id: 1,
                result: Ok(result),
            })),
        );
        app
    });
}

#[test]
fn confirm_resend() {
    snapshot("confirm_resend", |lang| {
        let mut app = with_results(lang);
        update(&mut app, ch('r'));
        app
    });
}

#[test]
fn countdown() {
    snapshot("countdown", |lang| {
        let mut app = with_results(lang);
        update(&mut app, ch('r'));
        update(&mut app, key(KeyCode::Enter));
        update(
            &mut app,
            Msg::Portal(Reply::Users(UsersReply::ResetSent {
                user_id: 1,
                idempotency_key: "k".into(),
                result: Err(PortalError::RateLimited {
                    retry_after: 42,
                    code: ErrorCode::RateLimited,
                }),
            })),
        );
        app
    });
}

#[test]
fn confirm_unlock() {
    snapshot("confirm_unlock", |lang| {
        let mut app = with_detail(lang, true);
        update(&mut app, ch('u'));
        app
    });
}

#[test]
fn help() {
    snapshot("help", |lang| {
        let mut app = with_results(lang);
        update(&mut app, ch('?'));
        app
    });
}

#[test]
fn palette() {
    snapshot("palette", |lang| {
        let mut app = with_results(lang);
        update(&mut app, ch(':'));
        type_text(&mut app, "tema");
        app
    });
}

#[test]
fn offline() {
    snapshot("offline", |lang| {
        let mut app = with_results(lang);
        update(&mut app, ch('j'));
        update(
            &mut app,
            Msg::Portal(Reply::Users(UsersReply::Detail {
                user_id: 2,
                result: Err(PortalError::Offline("x".into())),
            })),
        );
        app.connection = Connection::Offline;
        app
    });
}

#[test]
fn server_error() {
    snapshot("server_error", |lang| {
        let mut app = with_results(lang);
        update(&mut app, key(KeyCode::Enter));
        update(
            &mut app,
            Msg::Portal(Reply::Users(UsersReply::Detail {
                user_id: 1,
                result: Err(PortalError::Server {
                    status: 500,
                    request_id: "3f2a9c".into(),
                }),
            })),
        );
        app
    });
}

#[test]
fn too_small() {
    for lang in [Lang::Es, Lang::En] {
        let terminal = render(&with_results(lang), 50, 15);
        insta::assert_snapshot!(format!("too_small_{}", lang.code()), terminal.backend());
    }
}

fn cells(buffer: &Buffer) -> impl Iterator<Item = &ratatui::buffer::Cell> {
    buffer.content.iter()
}

#[test]
fn no_color_means_no_colour_and_the_selection_still_shows() {
    let mut app = with_detail(Lang::Es, false);
    app.theme = ThemeName::effective(ThemeName::Dark, true);
    app.users.focus = helpdesk::app::model::Focus::List;
    let terminal = render(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    for cell in cells(buffer) {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "colour at {cell:?}"
        );
    }
    // The selected row (Carlos, row 4) is in reverse video.
    let row: String = (0..80)
        .map(|x| buffer[(x, 4)].symbol().to_string())
        .collect();
    assert!(row.contains("Carlos"), "{row}");
    assert!(buffer[(5, 4)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn every_size_from_1x1_to_300x100_draws_without_panic() {
    let mut states = vec![
        app(Lang::Es),
        with_results(Lang::Es),
        with_detail(Lang::En, true),
    ];
    let mut with_modal = with_detail(Lang::Es, false);
    update(&mut with_modal, ch('v'));
    states.push(with_modal);
    let mut with_help = with_results(Lang::En);
    update(&mut with_help, ch('?'));
    states.push(with_help);
    let sizes = (1..=300u16)
        .step_by(13)
        .chain([59, 60, 61, 80, 300])
        .flat_map(|w| {
            (1..=100u16)
                .step_by(9)
                .chain([19, 20, 21, 24, 100])
                .map(move |h| (w, h))
        });
    for (w, h) in sizes {
        for state in &mut states {
            update(
                state,
                Msg::Resize {
                    width: w,
                    height: h,
                },
            );
            render(state, w, h);
        }
    }
}

#[test]
fn hostile_text_never_reaches_the_screen_raw() {
    // What the client's ingress does to every answer, then the view: no control character survives.
    use helpdesk::api::Ingress;
    let mut app = with_results(Lang::Es);
    let hostile = "Nombre \u{1b}[31mRojo\u{1b}]0;pwned\u{7} \u{9b}2J \u{202e}LORRENACIO\u{200b}";
    let mut user = users()[0].clone();
    user.full_name = hostile.into();
    app.users.results[0] = user.sanitized();
    let terminal = render(&app, 80, 24);
    for cell in cells(terminal.backend().buffer()) {
        for c in cell.symbol().chars() {
            assert!(
                !helpdesk::domain::sanitize::is_dangerous(c, false),
                "{c:?} on screen"
            );
        }
    }
}

#[test]
fn the_demos_help_says_where_the_caller_opens_the_portal() {
    // A demo is a call with both ends here: the help names the caller's address beside the outbox.
    for (lang, words) in [
        (
            Lang::Es,
            "DEMO · quien llama abre http://127.0.0.1:8080/ en un navegador",
        ),
        (
            Lang::En,
            "DEMO · the caller opens http://127.0.0.1:8080/ in a browser",
        ),
    ] {
        let mut app = with_results(lang);
        app.demo_outbox = Some("/tmp/helpdesk-demo-x/outbox".into());
        update(&mut app, ch('?'));
        let terminal = render(&app, 160, 80);
        let screen: String = (0..80).map(|y| row_text(&terminal, y) + "\n").collect();
        assert!(screen.contains(words), "{screen}");
        let mut plain = app.clone();
        plain.demo_outbox = None;
        let terminal = render(&plain, 160, 80);
        let screen: String = (0..80).map(|y| row_text(&terminal, y) + "\n").collect();
        assert!(!screen.contains("DEMO"), "only in a demo");
    }
}

/// Whether `text` (a row of the screen) ends with a date, `2026-03-02`, cut from its time.
fn ends_with_a_bare_date(text: &str) -> bool {
    let t: Vec<char> = text
        .trim_end_matches([' ', '│', '\u{a0}'])
        .chars()
        .collect();
    let n = t.len();
    n >= 10
        && t[n - 10..].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == '-',
            _ => c.is_ascii_digit(),
        })
}

#[test]
fn at_60_columns_the_detail_keeps_each_date_with_its_time() {
    for lang in [Lang::Es, Lang::En] {
        // Every dated state at once: locked, verification locked, verified; and the dates line.
        let mut app = with_detail(lang, true);
        // A user who never had a link or changed the password: «— · Created: date time» is
        // where an English line used to break between the date and the time.
        if let Some(d) = app.users.detail.as_mut() {
            d.user.verification_locked_until = Some(now() + SignedDuration::from_mins(25));
            d.user.last_reset_link_at = None;
            d.user.password_changed_at = None;
        }
        app.width = 60;
        app.height = 24;
        let terminal = render(&app, 60, 24);
        let buffer = terminal.backend().buffer();
        for y in 0..24 {
            let row: String = (0..60).map(|x| buffer[(x, y)].symbol()).collect();
            assert!(
                !ends_with_a_bare_date(&row),
                "row {y} leaves a date without its time:\n{}",
                terminal.backend()
            );
        }
        insta::assert_snapshot!(
            format!("detail_dates_60x24_{}", lang.code()),
            terminal.backend()
        );
    }
}
