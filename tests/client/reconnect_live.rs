//! The console goes back online by itself against the real portal (issue 15, item 2): the console's
//! update function and effects runner, the portal behind a «cable» (a TCP forwarder on a fixed port)
//! that is pulled out and put back. No operator key is pressed after the search.

use crate::support;

use std::net::SocketAddr;
use std::time::Duration;

use helpdesk::app::model::{App, Connection};
use helpdesk::app::{Msg, update};
use helpdesk::client::{ClientConfig, PortalClient};
use helpdesk::console::effects::EffectRunner;
use helpdesk::drafts::DraftStore;
use helpdesk::i18n::Lang;
use helpdesk::ui::theme::ThemeName;
use support::{TestPortal, start_time};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc::{UnboundedReceiver, unbounded_channel};
use tokio::task::JoinHandle;

/// Forwards `addr` to the portal until aborted: aborting it is pulling the cable out (nobody
/// listens on the port any more); calling it again puts it back.
async fn cable(addr: SocketAddr, portal: SocketAddr) -> JoinHandle<()> {
    let listener = TcpListener::bind(addr).await.expect("cable binds");
    tokio::spawn(async move {
        let mut links = tokio::task::JoinSet::new();
        while let Ok((mut inbound, _)) = listener.accept().await {
            links.spawn(async move {
                if let Ok(mut outbound) = TcpStream::connect(portal).await {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    })
}

/// Feeds the replies back into `update` and runs its effects until `done` holds.
async fn pump(
    app: &mut App,
    rx: &mut UnboundedReceiver<Msg>,
    runner: &mut EffectRunner,
    done: impl Fn(&App) -> bool,
) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done(app) {
        let Ok(msg) = tokio::time::timeout_at(deadline, rx.recv()).await else {
            panic!(
                "not there in time: {:?}, notice {:?}",
                app.connection, app.notice
            );
        };
        let msg = msg.expect("channel open");
        for effect in update(app, msg) {
            runner.run(effect);
        }
    }
}

#[tokio::test]
async fn after_the_portal_comes_back_the_search_on_screen_runs_again_by_itself() {
    let portal = TestPortal::start_with(|db| {
        support::insert_user(
            db,
            "52111222",
            "María Fernanda Castañeda Rodríguez",
            "mafe@example.com",
            "3001112233",
            "1990-04-01",
            "active",
        );
    })
    .await;
    let portal_addr: SocketAddr = portal
        .running
        .base_url
        .trim_start_matches("http://")
        .parse()
        .expect("portal address");
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port");
    let plugged = cable(addr, portal_addr).await;

    let config = ClientConfig {
        get_attempts: 1,
        ..ClientConfig::default()
    };
    let client =
        PortalClient::new(&format!("http://{addr}"), &portal.agent_token, config).expect("client");
    let (tx, mut rx) = unbounded_channel();
    let drafts = tempfile::tempdir().expect("drafts dir");
    let mut runner = EffectRunner::new(client, tx, DraftStore::new(drafts.path()));
    let mut app = App::new(Lang::Es, ThemeName::Dark, "portal", "s1", start_time());
    runner.run(helpdesk::app::load_me());
    pump(&mut app, &mut rx, &mut runner, |a| {
        a.connection == Connection::Online
    })
    .await;

    // The cable is pulled out, then the operator searches: offline.
    plugged.abort();
    let _ = plugged.await;
    for c in "castañeda".chars() {
        let key = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c));
        for effect in update(&mut app, Msg::Key(key)) {
            runner.run(effect);
        }
    }
    pump(&mut app, &mut rx, &mut runner, |a| {
        a.connection == Connection::Offline
    })
    .await;
    assert!(app.users.results.is_empty());

    // Back in: with no key pressed, the console is online and the search has its answer.
    let _plugged = cable(addr, portal_addr).await;
    pump(&mut app, &mut rx, &mut runner, |a| {
        a.connection == Connection::Online && !a.users.results.is_empty()
    })
    .await;
    assert_eq!(
        app.users.results[0].full_name,
        "María Fernanda Castañeda Rodríguez"
    );
    assert_eq!(app.users.shown_query, "castañeda");
}
