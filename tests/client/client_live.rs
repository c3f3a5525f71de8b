//! The console's live follow of a user (server-sent events, parsed by sse-stream) against the
//! real reference portal.

use crate::support;

use std::time::Duration;

use helpdesk::api;
use helpdesk::api::EventKind;
use helpdesk::client::live::LiveUpdate;
use helpdesk::client::{ClientConfig, PortalClient};
use jiff::SignedDuration;
use support::{TestPortal, start_time};
use tokio::sync::mpsc::UnboundedReceiver;

const WAIT: Duration = Duration::from_secs(20);

async fn next_update(rx: &mut UnboundedReceiver<LiveUpdate>) -> LiveUpdate {
    tokio::time::timeout(WAIT, rx.recv())
        .await
        .expect("an update before the timeout")
        .expect("the follower is running")
}

#[tokio::test]
async fn followed_events_arrive_once_and_in_order() {
    let portal = TestPortal::start_with(|db| {
        helpdesk::portal::seed::seed_demo_if_empty(db, 20, start_time()).expect("seed");
    })
    .await;
    let client = PortalClient::new(
        &portal.running.base_url,
        &portal.agent_token,
        ClientConfig::default(),
    )
    .expect("client");
    let jose = client
        .search_users("jose nunez", 5)
        .await
        .expect("search")
        .items
        .into_iter()
        .find(|u| u.full_name == "José Núñez Peña")
        .expect("José is seeded");
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let follower = {
        let client = client.clone();
        tokio::spawn(async move { client.follow_user(jose.id, tx).await })
    };
    assert_eq!(next_update(&mut rx).await, LiveUpdate::Connected);

    client
        .call(&api::SendResetLink {
            user_id: jose.id,
            idempotency_key: "live-1".into(),
        })
        .await
        .expect("first link");
    portal.advance(SignedDuration::from_secs(61)); // past the cooldown
    client
        .call(&api::SendResetLink {
            user_id: jose.id,
            idempotency_key: "live-2".into(),
        })
        .await
        .expect("second link");

    let mut ids = Vec::new();
    while ids.len() < 2 {
        match next_update(&mut rx).await {
            LiveUpdate::Event(event) => {
                assert_eq!(event.kind, EventKind::ResetLinkSent);
                assert_eq!(event.user_id, Some(jose.id));
                ids.push(event.id);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(ids[0] < ids[1], "in order: {ids:?}");
    follower.abort();
}
