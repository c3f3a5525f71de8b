//! The dialogs that name the person acted on and ask before what cannot be undone, at 60×20,
//! 80×24 and 200×60 in both languages (insta snapshots of ratatui's `TestBackend`).

use crate::fixtures;

use crossterm::event::KeyCode;
use fixtures::*;
use helpdesk::api::PqrStatus;
use helpdesk::app::model::Modal;
use helpdesk::app::{App, Effect, PqrEffect, PqrReply, Reply, update};
use helpdesk::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

const SIZES: [(u16, u16); 3] = [(60, 20), (80, 24), (200, 60)];

fn snapshot(name: &str, build: impl Fn(Lang) -> App) {
    for lang in [Lang::Es, Lang::En] {
        for (w, h) in SIZES {
            let mut app = build(lang);
            app.width = w;
            app.height = h;
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            terminal
                .draw(|f| helpdesk::ui::view(f, &app))
                .expect("draw");
            insta::assert_snapshot!(
                format!("{name}_{w}x{h}_{}", lang.code()),
                terminal.backend()
            );
        }
    }
}

#[test]
fn unlock_names_the_person_and_the_document() {
    snapshot("safety_unlock", |lang| {
        let mut app = with_detail(lang, true);
        update(&mut app, ch('u'));
        app
    });
}

#[test]
fn resolving_asks_first() {
    snapshot("safety_resolve", |lang| {
        let mut app = pqr_open(lang);
        update(&mut app, ch('s'));
        update(&mut app, ch('j'));
        update(&mut app, ch('j'));
        update(&mut app, key(KeyCode::Enter));
        app
    });
}

#[test]
fn quitting_during_a_call_asks_first() {
    snapshot("safety_quit", |lang| {
        let mut app = with_results(lang);
        update(&mut app, ch('w'));
        update(&mut app, ch('q'));
        app
    });
}

#[test]
fn the_radicado_with_its_legal_due_date() {
    snapshot("safety_radicado", |lang| {
        let mut app = with_results(lang);
        let filed = pqr_summary(501, PqrStatus::Radicada, 15);
        app.modal = Some(Modal::Radicado(Box::new(filed)));
        app
    });
}

/// The prórroga form open on PQR 7 (status picker, «prorrogada»).
fn extension_form(lang: Lang) -> App {
    let mut app = pqr_open(lang);
    update(&mut app, ch('s'));
    update(&mut app, ch('j'));
    update(&mut app, key(KeyCode::Enter));
    app
}

#[test]
fn the_extension_form_shows_the_due_date_and_the_latest_allowed() {
    snapshot("safety_extension", extension_form);
}

#[test]
fn a_refused_extension_marks_the_date_the_portal_named() {
    snapshot("safety_extension_refused", |lang| {
        let mut app = extension_form(lang);
        type_text(&mut app, "falta el certificado del empleador");
        update(&mut app, key(KeyCode::Tab));
        type_text(&mut app, "2026-09-01");
        let effects = update(&mut app, key(KeyCode::Enter));
        let [Effect::Pqr(PqrEffect::PatchPqr { patch, .. })] = effects.as_slice() else {
            panic!("{effects:?}")
        };
        // As the portal answers a date past the latest the law allows.
        let refused = helpdesk::app::PortalError::Api {
            status: 422,
            code: helpdesk::api::ErrorCode::ValidationFailed,
            message: "the new due date must be after 2026-03-12 and no later than 2026-03-26 \
                      (twice the legal term)"
                .into(),
            request_id: "r".into(),
            field: Some(helpdesk::api::FieldProblem {
                field: "new_due_date".into(),
                rule: helpdesk::api::FieldRule::OutOfRange,
            }),
        };
        update(
            &mut app,
            helpdesk::app::Msg::Portal(Reply::Pqr(PqrReply::Patched {
                id: 7,
                patch: patch.clone(),
                result: Err(refused),
            })),
        );
        app
    });
}

#[test]
fn footers_keep_whole_entries_and_help_and_quit_at_60_columns() {
    for lang in [Lang::Es, Lang::En] {
        let walking = |lang| {
            let mut a = with_results(lang);
            update(&mut a, ch('w'));
            a
        };
        for app in [with_detail(lang, true), pqr_open(lang), walking(lang)] {
            let mut terminal = Terminal::new(TestBackend::new(60, 20)).expect("terminal");
            terminal
                .draw(|f| helpdesk::ui::view(f, &app))
                .expect("draw");
            let buffer = terminal.backend().buffer();
            let footer: String = (0..60)
                .map(|x| buffer[(x, 19)].symbol().to_string())
                .collect();
            let quit = if lang == Lang::Es {
                "q salir"
            } else {
                "q quit"
            };
            assert!(footer.trim_end().ends_with(quit), "{footer:?}");
            assert!(footer.contains("? "), "help stays: {footer:?}");
        }
    }
}

#[test]
fn assigning_a_ticket_to_a_colleague() {
    snapshot("safety_assign", |lang| {
        let mut app = pqr_open(lang);
        update(&mut app, ch('A'));
        let colleagues = ["Ana Agente", "Bruno Ortiz", "Sofía Supervisora"]
            .iter()
            .zip(1..)
            .map(|(name, id)| helpdesk::api::PqrAssignee {
                id,
                name: (*name).into(),
            })
            .collect();
        update(
            &mut app,
            helpdesk::app::Msg::Portal(Reply::Pqr(PqrReply::Assignees {
                pqr_id: 7,
                result: Ok(colleagues),
            })),
        );
        app
    });
}
