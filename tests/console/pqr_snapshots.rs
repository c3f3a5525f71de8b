//! The PQR screen, its editor and pickers at 80×24, in Spanish and English.

use crate::fixtures;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use fixtures::*;
use helpdesk::app::App;
use helpdesk::app::model::{DraftsOffer, Modal};
use helpdesk::app::update;
use helpdesk::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn snapshot(name: &str, build: impl Fn(Lang) -> App) {
    for lang in [Lang::Es, Lang::En] {
        let app = build(lang);
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        terminal
            .draw(|f| helpdesk::ui::view(f, &app))
            .expect("draw");
        insta::assert_snapshot!(format!("{name}_{}", lang.code()), terminal.backend());
    }
}

#[test]
fn list() {
    snapshot("pqr_list", pqr_screen);
}

#[test]
fn list_filtered() {
    snapshot("pqr_list_filtered", |lang| {
        let mut app = pqr_screen(lang);
        for c in ['e', 'e', 'm', 'o'] {
            update(&mut app, ch(c));
        }
        app
    });
}

#[test]
fn detail() {
    snapshot("pqr_detail", pqr_open);
}

#[test]
fn editor_internal() {
    snapshot("pqr_editor_internal", |lang| {
        let mut app = pqr_open(lang);
        update(&mut app, ch('n'));
        type_text(
            &mut app,
            "Se reenvió el enlace; el usuario confirma que le llegó.",
        );
        app
    });
}

#[test]
fn editor_public_with_canned_responses() {
    snapshot("pqr_editor_canned", |lang| {
        let mut app = pqr_open(lang);
        update(&mut app, ch('R'));
        type_text(&mut app, "Buen día. ::");
        app
    });
}

#[test]
fn confirm_public_reply() {
    snapshot("pqr_confirm_public", |lang| {
        let mut app = pqr_open(lang);
        update(&mut app, ch('R'));
        type_text(&mut app, "Le enviamos de nuevo el enlace.");
        update(
            &mut app,
            helpdesk::app::Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
        );
        app
    });
}

#[test]
fn status_picker() {
    snapshot("pqr_status_picker", |lang| {
        let mut app = pqr_open(lang);
        update(&mut app, ch('s'));
        app
    });
}

#[test]
fn extension_form() {
    snapshot("pqr_extension", |lang| {
        let mut app = pqr_open(lang);
        update(&mut app, ch('s'));
        update(&mut app, ch('j'));
        update(&mut app, key(KeyCode::Enter));
        type_text(&mut app, "Falta el certificado del empleador");
        app
    });
}

#[test]
fn drafts_offer() {
    snapshot("pqr_drafts", |lang| {
        let mut app = app(lang);
        app.drafts = vec![helpdesk::drafts::Draft {
            key: "k1".into(),
            pqr_id: 7,
            radicado: "PQR-2026-000007".into(),
            visibility: helpdesk::api::Visibility::Public,
            body: "Buen día, le escribimos sobre su solicitud".into(),
            saved_at: now(),
            new_pqr: None,
            conversation_id: None,
        }];
        app.modal = Some(Modal::Drafts(DraftsOffer { selected: 0 }));
        app
    });
}

#[test]
fn create_form_and_radicado() {
    snapshot("pqr_create", |lang| {
        let mut app = with_results(lang);
        update(&mut app, ch('c'));
        type_text(&mut app, "No le llega el correo.");
        app
    });
    snapshot("pqr_radicado", |lang| {
        let mut app = with_results(lang);
        let filed = pqr_summary(501, helpdesk::api::PqrStatus::Radicada, 15);
        app.modal = Some(Modal::Radicado(Box::new(filed)));
        app
    });
}

/// Whether `word` appears in `line` whole, or not at all: never as a cut prefix («Solicitant»).
fn whole_or_absent(line: &str, word: &str) -> bool {
    let cut: String = word.chars().take(4).collect();
    line.contains(word) || !line.contains(&cut)
}

#[test]
fn at_80_and_100_columns_no_header_status_or_clock_is_cut() {
    use helpdesk::i18n::tr;
    use helpdesk::ui::pqr::{legal_clock, status_label};
    use helpdesk::ui::theme::{Theme, ThemeName};
    let theme = Theme::of(ThemeName::Dark);
    for width in [80, 100] {
        for lang in [Lang::Es, Lang::En] {
            let app = pqr_screen(lang);
            let mut terminal = Terminal::new(TestBackend::new(width, 24)).expect("terminal");
            terminal
                .draw(|f| helpdesk::ui::view(f, &app))
                .expect("draw");
            let buffer = terminal.backend().buffer();
            let line = |y: u16| -> String {
                (0..width)
                    .map(|x| buffer[(x, y)].symbol().to_string())
                    .collect()
            };
            let header = line(3);
            for key in [
                "pcol.radicado",
                "pcol.type",
                "pcol.subject",
                "pcol.requester",
                "pcol.status",
                "pcol.assignee",
                "pcol.clock",
            ] {
                let word = tr(lang, key);
                assert!(
                    whole_or_absent(&header, word),
                    "{width} {lang:?} {word}: {header:?}"
                );
            }
            for (i, pqr) in app.pqr.items.iter().enumerate() {
                let row = line(4 + i as u16);
                let status = status_label(lang, pqr.status);
                assert!(row.contains(status), "{width} {lang:?} {status}: {row:?}");
                let clock = legal_clock(lang, pqr, &theme, width < 120);
                assert!(
                    row.contains(clock.content.as_ref()),
                    "{width} {lang:?} {}: {row:?}",
                    clock.content
                );
            }
        }
    }
}

/// The editor's hint fits its frame whole at 80 columns in both languages (the Spanish one was
/// cut at «predefini…»).
#[test]
fn the_editor_hint_is_whole_at_80_columns() {
    for lang in [Lang::Es, Lang::En] {
        let mut app = pqr_open(lang);
        update(&mut app, ch('n'));
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        terminal
            .draw(|f| helpdesk::ui::view(f, &app))
            .expect("draw");
        let screen = format!("{}", terminal.backend());
        let hint = helpdesk::i18n::tr(lang, "editor.hint");
        assert!(
            screen.contains(hint),
            "{lang:?}: «{hint}» not whole in\n{screen}"
        );
    }
}
