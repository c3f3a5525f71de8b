//! A console session is a value: two of them run at once in one process against one portal, each
//! with its own operator, its own input and its own screen, and neither sees the other's state.
//! (The SSH-served console runs one per channel the same way.)

use crate::support;

use std::io::{self, Write};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use helpdesk::app::App;
use helpdesk::app::model::Screen as AppScreen;
use helpdesk::client::{ClientConfig, PortalClient};
use helpdesk::console::Exit;
use helpdesk::console::session::Session;
use helpdesk::drafts::DraftStore;
use helpdesk::i18n::Lang;
use helpdesk::ui::theme::ThemeName;
use support::{TestPortal, start_time};
use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};

/// A session's output: a terminal emulator of its own, 80×24.
#[derive(Clone)]
struct Screen(Arc<Mutex<vt100::Parser>>);

impl Screen {
    fn new() -> Self {
        Screen(Arc::new(Mutex::new(vt100::Parser::new(
            std::num::NonZeroU16::new(24).expect("rows"),
            std::num::NonZeroU16::new(80).expect("cols"),
            0,
        ))))
    }
    fn text(&self) -> String {
        self.0.lock().expect("screen").screen().contents()
    }
}

impl Write for Screen {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().expect("screen").process(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

type Keys = UnboundedSender<io::Result<TermEvent>>;

fn press(keys: &Keys, code: KeyCode, mods: KeyModifiers) {
    keys.send(Ok(TermEvent::Key(KeyEvent::new(code, mods))))
        .expect("session listening");
}

fn type_text(keys: &Keys, text: &str) {
    for c in text.chars() {
        press(keys, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

/// Waits (a generous deadline, not a timing assertion) until `screen` shows `what`.
async fn shown(screen: &Screen, what: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !screen.text().contains(what) {
        assert!(
            tokio::time::Instant::now() < deadline,
            "never shown: {what:?}\n{}",
            screen.text()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

fn session(portal: &TestPortal, token: &str, name: &str, screen: &Screen) -> Session<Screen> {
    let client =
        PortalClient::new(&portal.url(""), token, ClientConfig::default()).expect("client");
    let app = App::new(Lang::Es, ThemeName::Mono, "portal", name, start_time());
    let drafts = DraftStore::new(portal.dir.path().join(name));
    Session::new(
        app,
        client,
        drafts,
        screen.clone(),
        (80, 24),
        Duration::from_millis(10),
    )
    .expect("session")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_sessions_in_one_process_do_not_see_each_other() {
    let portal = TestPortal::start_with(|db| {
        helpdesk::portal::seed::seed_demo_if_empty(db, 30, start_time()).expect("users");
        let legal = helpdesk::portal::pqr::legal::Legal::colombia().expect("legal");
        helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 10, start_time()).expect("pqrs");
    })
    .await;
    let (screen_a, screen_b) = (Screen::new(), Screen::new());
    let mut ana = session(&portal, &portal.agent_token, "ana", &screen_a);
    let mut sofia = session(&portal, &portal.supervisor_token, "sofia", &screen_b);
    let (keys_a, input_a) = unbounded_channel();
    let (keys_b, input_b) = unbounded_channel();
    let never = std::future::pending::<Exit>;

    let operator = async {
        // Each console knows its own operator.
        shown(&screen_a, "Ana Agente").await;
        shown(&screen_b, "Sofía Supervisora").await;
        assert!(!screen_a.text().contains("Sofía"));
        assert!(!screen_b.text().contains("Ana Agente"));

        // Ana searches a caller; Sofía's screen stays as it was.
        type_text(&keys_a, "52987123");
        shown(&screen_a, "Sandra Milena").await;
        assert!(!screen_b.text().contains("Sandra"), "{}", screen_b.text());

        // Sofía goes to the PQR screen; Ana stays on her caller.
        press(&keys_b, KeyCode::F(3), KeyModifiers::NONE);
        shown(&screen_b, "PQR-").await;
        assert!(screen_a.text().contains("Sandra Milena"));
        assert!(!screen_a.text().contains("PQR-"));

        // Each quits on their own.
        press(&keys_a, KeyCode::Char('c'), KeyModifiers::CONTROL);
        press(&keys_b, KeyCode::Char('q'), KeyModifiers::NONE);
    };
    // Each session on a task of its own, as a server runs one per connection.
    let ana = tokio::spawn(async move {
        let exit = ana.run(input_a, never()).await;
        (exit, ana)
    });
    let sofia = tokio::spawn(async move {
        let exit = sofia.run(input_b, never()).await;
        (exit, sofia)
    });
    operator.await;
    let (exit_a, ana) = ana.await.expect("ana's task");
    let (exit_b, sofia) = sofia.await.expect("sofia's task");
    assert_eq!(exit_a.expect("ana"), Exit::Quit);
    assert_eq!(exit_b.expect("sofia"), Exit::Quit);

    // Their states are their own.
    let name = |s: &Session<Screen>| s.app.operator.as_ref().map(|o| o.name.clone());
    assert_eq!(name(&ana).as_deref(), Some("Ana Agente"));
    assert_eq!(name(&sofia).as_deref(), Some("Sofía Supervisora"));
    assert_eq!(ana.app.users.results.len(), 1);
    assert!(sofia.app.users.results.is_empty());
    assert_eq!(ana.app.screen, AppScreen::Users);
    assert_eq!(sofia.app.screen, AppScreen::Pqr);
    assert!(!sofia.app.pqr.items.is_empty());
    assert!(ana.app.pqr.items.is_empty());
}

/// A session's size is its own: a resize event redraws it at the new size. (Whether the process's
/// own terminal is asked depends on what crossterm finds here; `ssh_e2e`'s window change is the
/// test that failed when it was: the server has no terminal, and the session died with EAGAIN.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_resizes_to_its_own_size() {
    let portal = TestPortal::start().await;
    let screen = Screen::new();
    let mut ana = session(&portal, &portal.agent_token, "ana", &screen);
    let (keys, input) = unbounded_channel();
    let run = tokio::spawn(async move { ana.run(input, std::future::pending::<Exit>()).await });
    shown(&screen, "Ana Agente").await;
    screen.0.lock().expect("screen").set_size(
        std::num::NonZeroU16::new(30).expect("rows"),
        std::num::NonZeroU16::new(110).expect("cols"),
    );
    keys.send(Ok(TermEvent::Resize(110, 30)))
        .expect("session listening");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    loop {
        let text = screen.text();
        let widest = text
            .lines()
            .map(|l| l.trim_end().chars().count())
            .max()
            .unwrap_or(0);
        if widest > 80 && text.lines().count() > 24 {
            break;
        }
        assert!(!run.is_finished(), "the session ended on a resize:\n{text}");
        assert!(
            tokio::time::Instant::now() < deadline,
            "not redrawn at 110×30:\n{text}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    press(&keys, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert_eq!(run.await.expect("task").expect("session"), Exit::Quit);
}
