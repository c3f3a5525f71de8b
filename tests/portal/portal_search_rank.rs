//! Name search ranks (issue 15, item 7): the caller an operator is looking for is on the first
//! page, whatever its id. Over real HTTP against a small seeded portal.

use crate::support;

use reqwest::{Method, StatusCode};
use support::{TestPortal, insert_user, json};

/// Ids 1.. in this order: the best match for «maria lopez» is inserted late on purpose.
const PEOPLE: &[&str] = &[
    "Marianela López Ríos",         // 1: «maria» only as the start of another name
    "Rosa María Castro López Díaz", // 2: both words whole, among five
    "Mariano Lozano Pérez",         // 3: starts only, and not of «lopez»
    "Juan Pérez Gómez",             // 4: no match
    "María López",                  // 5: the full name
    "Ana María López Gómez",        // 6: both words whole, among four
    "María Lopera Soto",            // 7: «maria» whole, «lo» only as a start
];

async fn portal() -> TestPortal {
    TestPortal::start_with(|db| {
        for (i, name) in PEOPLE.iter().enumerate() {
            insert_user(
                db,
                &format!("5100{i}"),
                name,
                &format!("persona{i}@x.co"),
                &format!("310000000{i}"),
                "1990-01-01",
                "active",
            );
        }
    })
    .await
}

async fn ids(p: &TestPortal, url: &str) -> (Vec<i64>, Option<String>) {
    let r = p.agent(Method::GET, url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK, "{url}");
    let page = json(r).await;
    let ids = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["id"].as_i64().unwrap())
        .collect();
    (ids, page["next_cursor"].as_str().map(str::to_owned))
}

#[tokio::test]
async fn whole_words_and_the_full_name_come_before_prefixes() {
    let p = portal().await;
    // Accents and case ignored; the full name first, then fewer other words first, then the
    // names that only start so.
    let (found, _) = ids(&p, "/api/v1/users?q=MARIA%20lopez").await;
    assert_eq!(found, vec![5, 6, 2, 1], "{found:?}");
}

#[tokio::test]
async fn typing_on_the_way_ranks_the_whole_words_typed_so_far() {
    let p = portal().await;
    // «maria» is whole, «lo» is being typed: the names holding «maria» whole and a word starting
    // «lo», shortest first; then Marianela López and Mariano Lozano, which only start so.
    let (found, _) = ids(&p, "/api/v1/users?q=maria%20lo").await;
    assert_eq!(found, vec![5, 7, 6, 2, 1, 3], "{found:?}");
    // One word typed whole: the shortest names holding it first, then «Marianela», «Mariano».
    let (found, _) = ids(&p, "/api/v1/users?q=mar%C3%ADa").await;
    assert_eq!(found.len(), 6, "{found:?}");
    assert_eq!(found[0], 5, "{found:?}");
    assert_eq!(&found[4..], &[1, 3], "{found:?}");
}

#[tokio::test]
async fn ranked_pages_go_by_position_without_gaps_or_repeats() {
    let p = portal().await;
    let (all, none) = ids(&p, "/api/v1/users?q=maria").await;
    assert!(none.is_none());
    let mut seen = Vec::new();
    let mut url = "/api/v1/users?q=maria&limit=2".to_string();
    loop {
        let (page, next) = ids(&p, &url).await;
        seen.extend(page);
        match next {
            Some(c) => {
                assert!(c.starts_with("at:"), "{c}");
                url = format!("/api/v1/users?q=maria&limit=2&cursor={c}");
            }
            None => break,
        }
    }
    assert_eq!(seen, all);
    // A position past the list is an empty page; an id cursor belongs to the empty query.
    assert!(
        ids(&p, "/api/v1/users?q=maria&cursor=at:999999")
            .await
            .0
            .is_empty()
    );
    assert!(
        ids(&p, "/api/v1/users?q=maria&cursor=id:1")
            .await
            .0
            .is_empty()
    );
    let (rest, _) = ids(&p, "/api/v1/users?cursor=id:5").await;
    assert_eq!(rest, vec![6, 7]);
    let r = p
        .agent(Method::GET, "/api/v1/users?q=maria&cursor=at:0")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}
