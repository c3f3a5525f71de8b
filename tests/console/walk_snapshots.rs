//! Every step of the shipped walkthrough, the rule explainer and the outcome form, at 80×24 in
//! Spanish and English.

use crate::fixtures;

use crossterm::event::KeyCode;
use fixtures::*;
use helpdesk::api::{Actor, ActorKind, Event, EventData, EventKind, PolicyRule};
use helpdesk::app::LiveUpdate;
use helpdesk::app::{App, Msg, Reply, WalkReply, update};
use helpdesk::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| helpdesk::ui::view(f, app)).expect("draw");
    terminal
}

fn walking(lang: Lang) -> App {
    let mut app = with_results(lang);
    update(&mut app, ch('w'));
    update(
        &mut app,
        Msg::Portal(Reply::Walk(WalkReply::Live {
            user_id: 1,
            update: LiveUpdate::Connected,
        })),
    );
    let events = [
        (1, EventKind::ResetRequested, EventData::default()),
        (
            2,
            EventKind::ResetLinkSent,
            EventData {
                email_masked: Some("c****z@gmail.com".into()),
                ..Default::default()
            },
        ),
        (3, EventKind::ResetLinkOpened, EventData::default()),
        (
            4,
            EventKind::ResetAttemptFailed,
            EventData {
                rules: vec![PolicyRule::MissingSpecial],
                not_special_used: Some("@".into()),
                ..Default::default()
            },
        ),
    ];
    for (id, kind, data) in events {
        let event = Event {
            id,
            at: now(),
            kind,
            user_id: Some(1),
            pqr_id: None,
            actor: Actor {
                kind: ActorKind::User,
                name: None,
            },
            data,
        };
        update(
            &mut app,
            Msg::Portal(Reply::Walk(WalkReply::Live {
                user_id: 1,
                update: LiveUpdate::Event(Box::new(event)),
            })),
        );
    }
    app
}

#[test]
fn every_step_in_both_languages() {
    for lang in [Lang::Es, Lang::En] {
        let mut app = walking(lang);
        let steps: Vec<String> = app
            .walk
            .as_ref()
            .unwrap()
            .script
            .steps
            .iter()
            .map(|s| s.id.clone())
            .collect();
        for (i, id) in steps.iter().enumerate() {
            app.walk.as_mut().unwrap().current = i;
            insta::assert_snapshot!(
                format!("walk_step_{id}_{}", lang.code()),
                render(&app).backend()
            );
        }
    }
}

#[test]
fn explainer_and_outcome() {
    for lang in [Lang::Es, Lang::En] {
        let mut app = walking(lang);
        update(&mut app, ch('x'));
        type_text(&mut app, "Portal@2026");
        insta::assert_snapshot!(
            format!("walk_explainer_{}", lang.code()),
            render(&app).backend()
        );
        update(&mut app, key(KeyCode::Esc));
        update(&mut app, ch('f'));
        insta::assert_snapshot!(
            format!("walk_outcome_{}", lang.code()),
            render(&app).backend()
        );
    }
}

/// The screen's rows as text.
fn rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// The words of `text`, whitespace-normalised: what reads the same however it wrapped.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn at_80_columns_titles_and_the_script_wrap_whole_and_keep_their_indent() {
    for lang in [Lang::Es, Lang::En] {
        let mut app = walking(lang);
        let count = app.walk.as_ref().unwrap().script.steps.len();
        for i in 0..count {
            app.walk.as_mut().unwrap().current = i;
            let step = app.walk.as_ref().unwrap().script.steps[i].clone();
            let screen = rows(&render(&app));
            // The step pane (right of the list's border): its title whole, however it wrapped.
            let pane: Vec<String> = screen[2..17]
                .iter()
                .map(|r| r.split_once('│').map_or("", |(_, right)| right).to_string())
                .collect();
            let title = step.title.get(lang);
            assert!(
                words(&pane.join(" ")).contains(&words(title)),
                "{lang:?} step {i}: title {title:?} not whole in {pane:#?}"
            );
            // The list on the left: every title whole too.
            let list: Vec<String> = screen[2..17]
                .iter()
                .map(|r| r.split_once('│').map_or("", |(left, _)| left).to_string())
                .collect();
            let list = words(&list.join(" "));
            for s in &app.walk.as_ref().unwrap().script.steps {
                assert!(
                    list.contains(&words(s.title.get(lang))),
                    "{lang:?}: {:?} not whole in the list {list:?}",
                    s.title.get(lang)
                );
            }
            // «Diga:» text: every continuation line starts under the text, not at the border.
            let say = helpdesk::i18n::tr(lang, "walk.say");
            let indent = say.chars().count() + 2;
            if let Some(at) = pane.iter().position(|r| r.starts_with(&format!(" {say} "))) {
                for line in pane[at + 1..].iter().take_while(|r| !r.trim().is_empty()) {
                    if line.trim_start().starts_with(|c: char| c.is_ascii_digit()) {
                        break; // a branch, with its own key
                    }
                    assert!(
                        line.starts_with(&" ".repeat(indent)),
                        "{lang:?} step {i}: {line:?} lost the indent"
                    );
                }
            }
        }
    }
}

/// The walkthrough with `n` more of the caller's failed tries on the live panel (after the four
/// events of [`walking`]), drawn at `w`×`h`.
fn busy_walk(lang: Lang, n: i64, (w, h): (u16, u16)) -> Terminal<TestBackend> {
    let mut app = walking(lang);
    for id in 5..5 + n {
        let event = Event {
            id,
            at: now() + jiff::SignedDuration::from_mins(id),
            kind: EventKind::ResetAttemptFailed,
            user_id: Some(1),
            pqr_id: None,
            actor: Actor {
                kind: ActorKind::User,
                name: None,
            },
            data: EventData {
                rules: vec![PolicyRule::MissingDigit],
                ..Default::default()
            },
        };
        update(
            &mut app,
            Msg::Portal(Reply::Walk(WalkReply::Live {
                user_id: 1,
                update: LiveUpdate::Event(Box::new(event)),
            })),
        );
    }
    app.width = w;
    app.height = h;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| helpdesk::ui::view(f, &app))
        .expect("draw");
    terminal
}

/// The live panel's rows: from its title to the row above the notice line and the footer.
fn live_rows(terminal: &Terminal<TestBackend>, lang: Lang) -> Vec<String> {
    let title = if lang == Lang::Es {
        "En vivo en el portal"
    } else {
        "Live on the portal"
    };
    let all = rows(terminal);
    let start = all
        .iter()
        .position(|r| r.contains(title))
        .expect("the live panel is drawn");
    all[start..all.len() - 2].to_vec()
}

#[test]
fn at_200x60_the_live_panel_uses_the_height_and_80x24_still_works() {
    // The four events of `walking` and twelve more: sixteen, one row each at 200 columns.
    let clock =
        |id: i64| helpdesk::format::time::clock_time(now() + jiff::SignedDuration::from_mins(id));
    for lang in [Lang::Es, Lang::En] {
        let tall = busy_walk(lang, 12, (200, 60));
        let panel = live_rows(&tall, lang);
        // A third of the 57 rows under the bars, where 80×24 gives it 5.
        assert!(
            panel.len() >= 19,
            "a third of the screen: {} rows\n{}",
            panel.len(),
            tall.backend()
        );
        for id in 5..17 {
            assert!(
                panel
                    .iter()
                    .any(|r| r.starts_with(&format!("{} ", clock(id)))),
                "every try of this call is there ({}):\n{}",
                clock(id),
                tall.backend()
            );
        }
        insta::assert_snapshot!(format!("walk_live_200x60_{}", lang.code()), tall.backend());
        // At 80×24 the steps keep their room: the newest tries only, never cut.
        let small = busy_walk(lang, 12, (80, 24));
        let panel = live_rows(&small, lang);
        assert!((3..=5).contains(&panel.len()), "{}", small.backend());
        assert!(
            panel
                .iter()
                .any(|r| r.starts_with(&format!("{} ", clock(16)))),
            "the newest is there:\n{}",
            small.backend()
        );
        insta::assert_snapshot!(format!("walk_live_80x24_{}", lang.code()), small.backend());
    }
}
