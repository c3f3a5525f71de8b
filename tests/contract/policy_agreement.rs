//! The console's password check (the rule explainer) and the portal's (the reset page) agree on
//! every string: random candidates, each tried on the real portal.

use crate::support;

use helpdesk::api::PolicyRule;
use helpdesk::domain::policy;
use jiff::SignedDuration;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use reqwest::Method;
use serde_json::json;
use support::{TestPortal, insert_jose, token_in};

fn candidate() -> impl Strategy<Value = String> {
    let c = prop_oneof![
        3 => proptest::char::range('a', 'z'),
        2 => proptest::char::range('A', 'Z'),
        2 => proptest::char::range('0', '9'),
        2 => prop::sample::select(")&.-:}=+*$;'#%({@!_ ñÑé€😀".chars().collect::<Vec<_>>()),
    ];
    prop::collection::vec(c, 0..46).prop_map(|v| v.into_iter().collect())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_and_the_portal_agree_on_every_password() {
    let portal = TestPortal::start_with(|db| {
        insert_jose(db);
    })
    .await;
    // Generated up front (deterministic seed), then tried one by one against the portal.
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let strategy = candidate();
    let cases: Vec<String> = (0..48)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("a candidate")
                .current()
        })
        .collect();
    for password in cases {
        // A fresh link for each try: an accepted password uses the link up.
        portal.advance(SignedDuration::from_mins(13));
        let sent = portal
            .agent(Method::POST, "/api/v1/users/1/reset-links")
            .send()
            .await
            .expect("send");
        assert!(sent.status().is_success(), "{}", sent.status());
        let token = token_in(portal.emails().last().expect("an email"));
        let resp = portal
            .anonymous(
                Method::POST,
                &format!("/api/v1/public/password-resets/{token}"),
            )
            .json(&json!({"email": "jose.nunez@gmail.com", "new_password": password}))
            .send()
            .await
            .expect("confirm");
        let console = policy::check(&password);
        if console.is_empty() {
            assert!(
                resp.status().is_success(),
                "{password:?}: console accepts, portal says {}",
                resp.status()
            );
        } else {
            assert_eq!(resp.status(), 422, "{password:?}");
            let body = support::json(resp).await;
            let portal_rules: Vec<PolicyRule> =
                serde_json::from_value(body["error"]["details"]["rules"].clone()).expect("rules");
            assert_eq!(portal_rules, console, "{password:?}");
        }
    }
}
