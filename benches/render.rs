//! Render time of the users screen (50 results, detail with timeline open) at 80×24 and 200×60,
//! and the PQR list with 100,000 tickets loaded, through ratatui's TestBackend: the cost of
//! `view` plus ratatui's diff, without terminal I/O.
//!
//!     cargo bench --bench render

#[path = "../tests/fixtures/mod.rs"]
mod fixtures;

use criterion::{Criterion, criterion_group, criterion_main};
use helpdesk::api::UserStatus;
use helpdesk::app::{Msg, update};
use helpdesk::i18n::Lang;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn fifty_results() -> helpdesk::app::App {
    let mut app = fixtures::with_detail(Lang::Es, true);
    let items = (1..=50)
        .map(|i| {
            fixtures::user(
                i,
                &format!("Usuaria Número {i} de Prueba"),
                "u***a@gmail.com",
                "****1234",
                UserStatus::Active,
            )
        })
        .collect();
    fixtures::answer_search(&mut app, items);
    app
}

fn render(c: &mut Criterion) {
    let mut app = fifty_results();
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        update(
            &mut app,
            Msg::Resize {
                width: w,
                height: h,
            },
        );
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        // Alternate between two selections so every frame has something to diff.
        let mut flip = false;
        c.bench_function(&format!("users screen {w}x{h}"), |b| {
            b.iter(|| {
                flip = !flip;
                app.users.selected = usize::from(flip);
                terminal
                    .draw(|f| helpdesk::ui::view(f, &app))
                    .expect("draw");
            })
        });
    }
}

/// The PQR list with 100,000 tickets loaded: only the visible rows are built, so a frame costs
/// the same as with 100.
fn pqr_list(c: &mut Criterion) {
    let mut app = fixtures::pqr_screen(Lang::Es);
    let status = [
        helpdesk::api::PqrStatus::Radicada,
        helpdesk::api::PqrStatus::EnTramite,
    ];
    app.pqr.items = (1..=100_000)
        .map(|i| fixtures::pqr_summary(i, status[(i % 2) as usize], (i % 30) - 5))
        .collect();
    app.pqr.selected = 50_000;
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    c.bench_function("pqr list 100k tickets 80x24", |b| {
        b.iter(|| {
            app.pqr.selected ^= 1;
            terminal
                .draw(|f| helpdesk::ui::view(f, &app))
                .expect("draw");
        })
    });
}

criterion_group!(benches, render, pqr_list);
criterion_main!(benches);
