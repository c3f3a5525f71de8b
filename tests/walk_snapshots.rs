//! Every step of the shipped walkthrough, the rule explainer and the outcome form, at 80×24 in
//! Spanish and English.

mod fixtures;

use crossterm::event::KeyCode;
use fixtures::*;
use helpdesk::api::{Actor, ActorKind, Event, EventData, EventKind, PolicyRule};
use helpdesk::app::LiveUpdate;
use helpdesk::app::{App, Msg, Reply, update};
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
        Msg::Portal(Reply::Live {
            user_id: 1,
            update: LiveUpdate::Connected,
        }),
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
            Msg::Portal(Reply::Live {
                user_id: 1,
                update: LiveUpdate::Event(Box::new(event)),
            }),
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
