//! The dashboard against the real portal: a seeded desk, the three stats calls through the
//! console's client (every answer checked against the contract on the way), and what the console
//! shows equal to what each endpoint returns; and the desk-wide live stream the dashboard
//! follows delivering an event from any user.

use crate::support;

use std::time::Duration;

use helpdesk::api::{CallOutcome, CallStats, NewCallOutcome, PqrStats, ResetStats};
use helpdesk::app::{App, BoardReply, LiveUpdate as AppLive, Msg, Reply, update};
use helpdesk::client::live::LiveUpdate;
use helpdesk::client::{ClientConfig, PortalClient, PqrQuery};
use helpdesk::i18n::Lang;
use helpdesk::ui::theme::ThemeName;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use reqwest::Method;
use support::{TestPortal, contract_proxy, insert_jose, json, start_time};

fn prepare(db: &helpdesk::portal::db::Db) {
    insert_jose(db);
    let legal = helpdesk::portal::pqr::legal::Legal::colombia().expect("legal");
    helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 120, start_time()).expect("pqrs");
}

fn screen_text(app: &App, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| helpdesk::ui::view(f, app)).expect("draw");
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// `path` read directly as the supervisor, as its typed answer.
async fn read_as_supervisor<T: serde::de::DeserializeOwned>(portal: &TestPortal, path: &str) -> T {
    let answer = portal
        .supervisor(Method::GET, path)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_value(json(answer).await).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_what_the_stats_endpoints_return() {
    let portal = TestPortal::start_with(prepare).await;
    let url = contract_proxy(&portal.running.base_url).await;
    let sofia =
        PortalClient::new(&url, &portal.supervisor_token, ClientConfig::default()).expect("client");
    let ana =
        PortalClient::new(&url, &portal.agent_token, ClientConfig::default()).expect("client");
    // A call to count.
    let user_id = json(
        portal
            .agent(Method::GET, "/api/v1/users?q=1020304050")
            .send()
            .await
            .expect("search"),
    )
    .await["items"][0]["id"]
        .as_i64()
        .expect("user id");
    ana.call(&helpdesk::api::RecordCallOutcome {
        user_id,
        idempotency_key: "board-call-1".into(),
        outcome: NewCallOutcome {
            outcome: CallOutcome::Resuelto,
            note: String::new(),
        },
    })
    .await
    .expect("outcome");

    // What the runner answers the dashboard with.
    let figures = helpdesk::console::effects::load_board(&sofia)
        .await
        .expect("figures");

    // What each endpoint returns, read directly.
    let pqr: PqrStats = read_as_supervisor(&portal, "/api/v1/stats/pqr").await;
    let resets: ResetStats = read_as_supervisor(&portal, "/api/v1/stats/resets").await;
    let calls: CallStats = read_as_supervisor(&portal, "/api/v1/stats/calls").await;
    assert_eq!(figures.pqr, pqr);
    assert_eq!(figures.resets, resets);
    assert_eq!(figures.calls, calls);
    assert!(pqr.clock.open > 0 && !pqr.by_assignee.is_empty());
    assert_eq!(calls.by_outcome.resuelto, 1);

    // Into the console, and on its screen: the totals and every assignee's four bars.
    let mut app = App::new(Lang::Es, ThemeName::Mono, "portal", "t", start_time());
    update(
        &mut app,
        Msg::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::F(4),
        )),
    );
    let generation = app.board.generation;
    update(
        &mut app,
        Msg::Portal(Reply::Board(BoardReply::Board {
            generation,
            result: Ok(figures.clone()),
        })),
    );
    update(
        &mut app,
        Msg::Portal(Reply::Board(BoardReply::DeskLive(AppLive::Connected))),
    );
    assert_eq!(app.board.figures.as_ref(), Some(&figures));
    let text = screen_text(&app, 160, 48);
    assert!(
        text.contains(&format!("{} abiertas", pqr.clock.open)),
        "{text}"
    );
    for row in &pqr.by_assignee {
        let name = row
            .assignee
            .as_ref()
            .map_or("Sin asignar", |a| a.name.as_str());
        let line = text
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} in\n{text}"));
        let numbers: Vec<u64> = line
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .take(4)
            .map(|s| s.parse().expect("number"))
            .collect();
        let c = &row.counts;
        assert_eq!(numbers, vec![c.overdue, c.due_today, c.due_soon, c.in_time]);
    }
    let funnel = &resets.funnel;
    assert!(text.contains(&format!(
        "Solicitados {} ",
        funnel.requested_public + funnel.requested_by_operator
    )));
    assert!(text.contains(&format!(
        "Recibidas {}",
        pqr.daily.iter().map(|d| d.received).sum::<u64>()
    )));
    assert!(
        text.contains("Llamadas por resultado · 1 llamada"),
        "{text}"
    );

    // Enter on an overdue or due-today bar opens a list of exactly that many tickets.
    for row in &pqr.by_assignee {
        for (overdue, due_today, want) in [
            (true, false, row.counts.overdue),
            (false, true, row.counts.due_today),
        ] {
            let query = PqrQuery {
                assignee: row.assignee.is_none().then_some("none"),
                assignee_id: row.assignee.as_ref().map(|a| a.id),
                open_only: true,
                overdue,
                due_today,
                limit: 100,
                ..Default::default()
            };
            let mut seen = 0u64;
            let mut cursor: Option<String> = None;
            loop {
                let page = sofia
                    .list_pqrs(&query, cursor.as_deref())
                    .await
                    .expect("list");
                for item in &page.items {
                    assert_eq!(
                        item.assignee.as_ref().map(|a| a.id),
                        row.assignee.as_ref().map(|a| a.id)
                    );
                }
                seen += page.items.len() as u64;
                cursor = page.next_cursor;
                if cursor.is_none() {
                    break;
                }
            }
            assert_eq!(
                seen, want,
                "{row:?} overdue={overdue} due_today={due_today}"
            );
        }
    }

    // An agent's dashboard holds the agent's own figures.
    let mine = helpdesk::console::effects::load_board(&ana)
        .await
        .expect("agent figures");
    assert_eq!(mine.pqr.scope, helpdesk::api::StatsScope::Mine);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_stream_brings_any_users_event() {
    let portal = TestPortal::start_with(prepare).await;
    let sofia = PortalClient::new(
        &portal.running.base_url,
        &portal.supervisor_token,
        ClientConfig::default(),
    )
    .expect("client");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let follower = tokio::spawn(async move { sofia.follow_desk(tx).await });
    let first = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("connected in time");
    assert_eq!(first, Some(LiveUpdate::Connected));
    let user_id = json(
        portal
            .agent(Method::GET, "/api/v1/users?q=1020304050")
            .send()
            .await
            .expect("search"),
    )
    .await["items"][0]["id"]
        .as_i64()
        .expect("user id");
    portal
        .agent(
            Method::POST,
            &format!("/api/v1/users/{user_id}/call-outcomes"),
        )
        .header("Idempotency-Key", "desk-1")
        .json(&serde_json::json!({ "outcome": "llamada_cortada" }))
        .send()
        .await
        .expect("outcome");
    let update = tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("event in time")
        .expect("stream open");
    match update {
        LiveUpdate::Event(e) => {
            assert_eq!(e.kind, helpdesk::api::EventKind::CallOutcomeRecorded);
            assert_eq!(e.user_id, Some(user_id));
        }
        other => panic!("expected the event, got {other:?}"),
    }
    drop(rx);
    follower.abort();
}
