//! Render time of the users screen (50 results, detail with timeline open) at 80×24 and 200×60,
//! through ratatui's TestBackend: the cost of `view` plus ratatui's diff, without terminal I/O.
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

criterion_group!(benches, render);
criterion_main!(benches);
