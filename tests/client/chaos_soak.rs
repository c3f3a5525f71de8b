//! Soak under injected faults: scripted triage sessions (search, detail, resend the link, a note on
//! a PQR) through the console's real update loop and client, against a portal that delays, fails,
//! drops connections and garbles JSON. Counted: panics (the test fails), duplicate emails and
//! messages, lost drafts, failures not shown to the operator.
//!
//! `cargo test` runs a short slice; the long run is
//!     SOAK_SECS=300 cargo test --release --test client chaos_soak -- --ignored --nocapture

use crate::soak;
use crate::support;

use std::time::{Duration, Instant};

use crossterm::event::KeyCode;
use helpdesk::drafts::DraftStore;
use helpdesk::portal::chaos::Chaos;
use soak::{Counts, Session};
use support::{TestPortal, start_time};

const USERS: [(&str, &str); 4] = [
    ("43876543", "diana.rios@hotmail.com"),
    ("52987123", "sandra.avila@gmail.com"),
    ("1020304050", "jose.nunez@gmail.com"),
    ("1036987654", "ana.castano@accionplus.com.co"),
];

/// Waits for `done`, retrying with F5 as an operator would; says where it gave up.
async fn step(s: &mut Session, done: impl FnMut(&helpdesk::app::App) -> bool) -> bool {
    let ok = s.until_with_retries(done, KeyCode::F(5)).await;
    if !ok {
        eprintln!(
            "gave up: notice {:?}, retry {:?}, pqr focus {:?}",
            s.app.notice, s.app.retry, s.app.pqr.focus
        );
    }
    ok
}

/// Returns whether the note was typed (and so must end up on the portal or on disk).
async fn triage(s: &mut Session, doc: &str, note: &str) -> bool {
    s.key(KeyCode::F(2));
    s.key(KeyCode::Char('/'));
    s.ctrl('u');
    s.type_text(doc);
    let want = doc.to_string();
    if !step(s, |a| {
        a.users.shown_query == want && !a.users.results.is_empty()
    })
    .await
    {
        return false;
    }
    s.key(KeyCode::Enter);
    s.key(KeyCode::Enter);
    if !step(s, |a| {
        a.users.detail.is_some() && a.users.loading_detail.is_none()
    })
    .await
    {
        return false;
    }
    let user_id = s
        .app
        .users
        .detail
        .as_ref()
        .map(|d| d.user.summary.id)
        .unwrap_or_default();
    s.key(KeyCode::Char('r'));
    if matches!(s.app.modal, Some(helpdesk::app::model::Modal::Confirm(_))) {
        s.key(KeyCode::Enter);
        let sent = s
            .until_with_retries(
                |a| {
                    a.users.cooldowns.contains_key(&user_id)
                        || a.notice
                            .as_ref()
                            .is_some_and(|n| n.level == helpdesk::app::model::Level::Success)
                },
                KeyCode::F(5),
            )
            .await;
        if sent && !s.app.users.cooldowns.contains_key(&user_id) {
            s.counts.links_confirmed += 1;
        }
    }
    s.key(KeyCode::F(3));
    if !step(s, |a| a.pqr.loaded && !a.pqr.loading).await {
        return false;
    }
    s.key(KeyCode::Enter);
    if !step(s, |a| {
        a.pqr.detail.is_some() && a.pqr.loading_detail.is_none()
    })
    .await
    {
        return false;
    }
    s.key(KeyCode::Char('n'));
    s.type_text(note);
    s.ctrl('s');
    let body = note.to_string();
    if s.until_with_retries(|a| !a.drafts.iter().any(|d| d.body == body), KeyCode::F(5))
        .await
    {
        s.counts.notes_confirmed += 1;
    } else {
        eprintln!(
            "note unconfirmed: notice {:?}, retry {:?}, modal {:?}, connection {:?}",
            s.app.notice, s.app.retry, s.app.modal, s.app.connection
        );
    }
    true
}

struct Report {
    counts: Counts,
    sessions: usize,
    notes: Vec<String>,
    emails_per_user: Vec<usize>,
    messages_per_note: Vec<i64>,
    drafts_left: usize,
    /// Notes neither on the portal nor in a draft on disk.
    lost: Vec<String>,
}

async fn soak(chaos: &str, rounds: usize, budget: Duration) -> Report {
    let chaos: Chaos = chaos.parse().expect("chaos");
    let portal = TestPortal::start_configured(
        |c| c.chaos = Some(chaos),
        |db| {
            helpdesk::portal::seed::seed_demo_if_empty(db, 20, start_time()).expect("users");
            let legal = helpdesk::portal::pqr::legal::Legal::colombia().expect("legal");
            helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 20, start_time()).expect("pqrs");
        },
    )
    .await;
    let drafts_dir = portal.dir.path().join("drafts");
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, (doc, _)) in USERS.iter().enumerate() {
        let base = portal.running.base_url.clone();
        let token = if i % 2 == 0 {
            portal.agent_token.clone()
        } else {
            portal.supervisor_token.clone()
        };
        let drafts = DraftStore::new(drafts_dir.join(format!("op{i}")));
        let doc = doc.to_string();
        tasks.push(tokio::spawn(async move {
            let mut s = Session::new(&base, &token, drafts, &format!("soak{i}"));
            let mut notes = Vec::new();
            for round in 0..rounds {
                if started.elapsed() > budget {
                    break;
                }
                let note = format!("nota de prueba de carga {i}-{round}");
                if triage(&mut s, &doc, &note).await {
                    notes.push(note);
                }
            }
            (s.counts, notes)
        }));
    }
    let mut counts = Counts::default();
    let mut notes = Vec::new();
    for t in tasks {
        let (c, n) = t.await.expect("a session panicked");
        counts.failures_seen += c.failures_seen;
        counts.failures_shown += c.failures_shown;
        counts.retries += c.retries;
        counts.links_confirmed += c.links_confirmed;
        counts.notes_confirmed += c.notes_confirmed;
        counts.gave_up += c.gave_up;
        notes.extend(n);
    }
    let emails = portal.emails();
    let emails_per_user = USERS
        .iter()
        .map(|(_, e)| emails.iter().filter(|m| m.contains(e)).count())
        .collect();
    let db = rusqlite::Connection::open(portal.dir.path().join("portal.db")).expect("db");
    let messages_per_note: Vec<i64> = notes
        .iter()
        .map(|n| {
            db.query_row(
                "SELECT COUNT(*) FROM pqr_messages WHERE body = ?1",
                [n],
                |r| r.get(0),
            )
            .expect("count")
        })
        .collect();
    let drafts: Vec<String> = (0..USERS.len())
        .flat_map(|i| {
            DraftStore::new(drafts_dir.join(format!("op{i}")))
                .load_all()
                .0
                .into_iter()
                .map(|d| d.body)
        })
        .collect();
    let drafts_left = drafts.len();
    // A note whose answer was lost can be both on the portal and still in its draft (sent
    // again, the same key replays it): that is kept, not lost.
    let lost = notes
        .iter()
        .zip(&messages_per_note)
        .filter(|(note, on_portal)| **on_portal == 0 && !drafts.contains(note))
        .map(|(note, _)| note.clone())
        .collect();
    Report {
        counts,
        sessions: USERS.len(),
        notes,
        emails_per_user,
        messages_per_note,
        drafts_left,
        lost,
    }
}

fn check(r: &Report) {
    eprintln!(
        "soak: {} sessions, {} notes, failures seen {} / shown {}, retries {}, links confirmed {}, notes confirmed {}, gave up {}, emails per user {:?}, drafts left {}",
        r.sessions,
        r.notes.len(),
        r.counts.failures_seen,
        r.counts.failures_shown,
        r.counts.retries,
        r.counts.links_confirmed,
        r.counts.notes_confirmed,
        r.counts.gave_up,
        r.emails_per_user,
        r.drafts_left
    );
    assert_eq!(
        r.counts.failures_seen, r.counts.failures_shown,
        "every failure is shown to the operator"
    );
    // The clock is frozen: one link per user gets through, the rest are refused by the cooldown.
    assert!(
        r.emails_per_user.iter().all(|n| *n <= 1),
        "duplicate reset emails: {:?}",
        r.emails_per_user
    );
    assert!(
        r.messages_per_note.iter().all(|n| *n <= 1),
        "duplicate messages: {:?}",
        r.messages_per_note
    );
    // No lost draft: every note is on the portal or still on disk.
    assert!(r.lost.is_empty(), "notes lost: {:?}", r.lost);
    assert_eq!(
        r.counts.gave_up, 0,
        "the retries always got through in the end"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_short_soak_under_faults_loses_and_duplicates_nothing() {
    let report = soak(
        "latency=0-40ms,error=0.15,reset=0.05,malformed=0.03",
        2,
        Duration::from_secs(60),
    )
    .await;
    check(&report);
    assert!(report.counts.failures_seen > 0, "the faults were injected");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "long: SOAK_SECS=300 cargo test --release --test client chaos_soak -- --ignored --nocapture"]
async fn the_long_soak() {
    let secs: u64 = std::env::var("SOAK_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300)
        .min(600);
    let report = soak(
        "latency=0-2000ms,error=0.2,reset=0.05,malformed=0.02",
        10_000,
        Duration::from_secs(secs),
    )
    .await;
    check(&report);
}
