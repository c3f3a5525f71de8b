//! The CSV import (all or nothing, errors with line numbers) and the demo seed.

use crate::support;

use helpdesk::portal::db::Db;
use helpdesk::portal::import::import_csv_bytes;
use helpdesk::portal::seed::{SCENARIOS, seed_demo_if_empty};
use reqwest::Method;
use support::{TestPortal, json, start_time};

const HEADER: &str = "document_type,document_number,full_name,email,phone,birth_date,kind,status\n";

fn fresh_db() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().unwrap();
    let db = Db::open(&dir.path().join("p.db")).unwrap();
    (dir, db)
}

fn count(db: &Db) -> i64 {
    db.with_writer(|c| Ok(c.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?))
        .unwrap()
}

fn import(db: &Db, body: &str) -> Result<usize, String> {
    import_csv_bytes(
        db,
        format!("{HEADER}{body}").as_bytes(),
        "users.csv",
        start_time(),
    )
    .map(|r| r.imported)
    .map_err(|e| e.to_string())
}

#[test]
fn a_valid_file_is_imported_with_digits_only_phones() {
    let (_d, db) = fresh_db();
    let n = import(&db, "CC,1020304050,José Núñez Peña,Jose.Nunez@gmail.com,+57 300 123 4567,1990-05-17,candidate,active\n\
                        PA,AB12345,Ana Smith,ana@example.com,(601) 555-1234,1980-01-31,employee,pending_activation\n").unwrap();
    assert_eq!(n, 2);
    let (phone, email_lower): (String, String) = db
        .with_writer(|c| {
            Ok(c.query_row(
                "SELECT phone_digits, email_lower FROM users WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?)
        })
        .unwrap();
    assert_eq!(
        (phone.as_str(), email_lower.as_str()),
        ("3001234567", "jose.nunez@gmail.com")
    );
}

#[test]
fn each_bad_field_is_reported_with_its_line_and_nothing_is_imported() {
    let (_d, db) = fresh_db();
    let body = "CC,1020304050,José Núñez,jose@gmail.com,3001234567,1990-05-17,candidate,active\n\
                XX,123,Uno,uno@x.co,3001234567,1990-05-17,candidate,active\n\
                CC,12A4,Dos,dos@x.co,3001234567,1990-05-17,candidate,active\n\
                CC,125,,tres@x.co,3001234567,1990-05-17,candidate,active\n\
                CC,126,Cuatro,x@,3001234567,1990-05-17,candidate,active\n\
                CC,127,Cinco,cinco@x.co,12,1990-05-17,candidate,active\n\
                CC,128,Seis,seis@x.co,3001234567,2999-01-01,candidate,active\n\
                CC,129,Siete,siete@x.co,3001234567,1990-02-30,candidate,active\n\
                CC,130,Ocho,ocho@x.co,3001234567,1990-05-17,jefe,active\n\
                CC,131,Nueve,nueve@x.co,3001234567,1990-05-17,candidate,borrado\n\
                CC,1020304050,Diez,diez@x.co,3001234567,1990-05-17,candidate,active\n\
                CC,133,Once,JOSE@gmail.com,3001234567,1990-05-17,candidate,active\n\
                CC,134,Doce\u{1b}[2J,doce@x.co,3001234567,1990-05-17,candidate,active\n\
                CC,135,Trece,trece@x.co,3001234567,1990-05-17,candidate\n";
    let err = import(&db, body).unwrap_err();
    for expected in [
        "line 3: document_type \"XX\"",
        "line 4: document_number \"12A4\"",
        "line 5: full_name",
        "line 6: email \"x@\"",
        "line 7: phone \"12\"",
        "line 8: birth_date 2999-01-01",
        "line 9: birth_date \"1990-02-30\"",
        "line 10: kind \"jefe\"",
        "line 11: status \"borrado\"",
        "line 12: document CC 1020304050 appears twice",
        "line 13: email \"JOSE@gmail.com\" appears twice",
        "line 14: full_name contains control",
        "line 15: expected 8 columns, found 7",
    ] {
        assert!(err.contains(expected), "missing «{expected}» in:\n{err}");
    }
    assert!(err.contains("nothing was imported"));
    assert_eq!(count(&db), 0);
}

#[test]
fn rows_already_in_the_database_are_refused_and_nothing_is_half_imported() {
    let (_d, db) = fresh_db();
    import(
        &db,
        "CC,111,Uno,uno@x.co,3001234567,1990-05-17,candidate,active\n",
    )
    .unwrap();
    let err = import(
        &db,
        "CC,222,Dos,dos@x.co,3001234567,1990-05-17,candidate,active\n\
                           CC,111,Otro,otro@x.co,3001234567,1990-05-17,candidate,active\n",
    )
    .unwrap_err();
    assert!(
        err.contains("line 3: document CC 111 is already registered"),
        "{err}"
    );
    assert_eq!(count(&db), 1, "the valid row 2 was rolled back too");
}

#[test]
fn broken_files_get_clear_errors() {
    let (_d, db) = fresh_db();
    let wrong_header = import_csv_bytes(&db, b"doc,name\n1,a\n", "f.csv", start_time())
        .unwrap_err()
        .to_string();
    assert!(
        wrong_header.contains("line 1: the header must be exactly"),
        "{wrong_header}"
    );
    let empty = import_csv_bytes(&db, b"", "f.csv", start_time())
        .unwrap_err()
        .to_string();
    assert!(empty.contains("line 1"), "{empty}");
    let only_header = import_csv_bytes(&db, HEADER.as_bytes(), "f.csv", start_time())
        .unwrap_err()
        .to_string();
    assert!(only_header.contains("no users"), "{only_header}");
    let mut latin1 = HEADER.as_bytes().to_vec();
    latin1.extend_from_slice(b"CC,1,Jos\xe9,j@x.co,3001234567,1990-05-17,candidate,active\n");
    let bad_utf8 = import_csv_bytes(&db, &latin1, "f.csv", start_time())
        .unwrap_err()
        .to_string();
    assert!(
        bad_utf8.contains("line 2: full_name is not valid UTF-8"),
        "{bad_utf8}"
    );
    let bom = format!("\u{feff}{HEADER}CC,1,Uno,u@x.co,3001234567,1990-05-17,candidate,active\n");
    assert_eq!(
        import_csv_bytes(&db, bom.as_bytes(), "f.csv", start_time())
            .unwrap()
            .imported,
        1
    );
}

#[test]
fn the_command_line_reports_errors_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("users.csv");
    std::fs::write(
        &csv,
        format!("{HEADER}CC,1,Uno,uno@x.co,3001234567,1990-05-17,candidate,nope\n"),
    )
    .unwrap();
    let db = dir.path().join("p.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["portal", "import", "--db"])
        .arg(&db)
        .arg(&csv)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2: status \"nope\""), "{stderr}");
    std::fs::write(
        &csv,
        format!("{HEADER}CC,1,Uno,uno@x.co,3001234567,1990-05-17,candidate,active\n"),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["portal", "import", "--db"])
        .arg(&db)
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 users imported"));
    let missing = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .args(["portal", "import", "--db"])
        .arg(&db)
        .arg(dir.path().join("nope.csv"))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read"));
}

#[test]
fn the_seed_is_deterministic() {
    let rows = |db: &Db| -> Vec<(String, String, String, String)> {
        db.with_writer(|c| {
            let mut stmt = c.prepare(
                "SELECT document_number, full_name, email, birth_date FROM users ORDER BY id",
            )?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<Result<Vec<_>, _>>()?;
            Ok(rows)
        })
        .unwrap()
    };
    let (_a, first) = fresh_db();
    let (_b, second) = fresh_db();
    seed_demo_if_empty(&first, 200, start_time()).unwrap();
    seed_demo_if_empty(&second, 200, start_time()).unwrap();
    assert_eq!(rows(&first).len(), 200 + SCENARIOS.len());
    assert_eq!(rows(&first), rows(&second));
    seed_demo_if_empty(&first, 50, start_time()).unwrap();
    assert_eq!(
        rows(&first).len(),
        200 + SCENARIOS.len(),
        "a second seed adds nothing"
    );
}

#[tokio::test]
async fn every_scenario_user_is_found_by_document_and_shows_its_story() {
    let p = TestPortal::start_with(|db| seed_demo_if_empty(db, 300, start_time()).unwrap()).await;
    for s in SCENARIOS {
        let page = json(
            p.agent(Method::GET, &format!("/api/v1/users?q={}", s.document))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let found = page["items"].as_array().unwrap();
        assert!(
            found.iter().any(|u| u["full_name"] == s.full_name),
            "{}: {page}",
            s.key
        );
    }
    let by_name = json(
        p.agent(Method::GET, "/api/v1/users?q=jose%20nunez")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(
        by_name["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["full_name"] == "José Núñez Peña")
    );
    let id_of = |key: &str| SCENARIOS.iter().position(|s| s.key == key).unwrap() as i64 + 1;
    let timeline = |id: i64| {
        p.agent(Method::GET, &format!("/api/v1/users/{id}/timeline"))
            .send()
    };
    let at_sign = json(timeline(id_of("at_sign")).await.unwrap()).await["items"].clone();
    assert_eq!(at_sign[0]["data"]["not_special_used"], "@");
    let expired = json(timeline(id_of("expired")).await.unwrap()).await["items"].clone();
    assert_eq!(expired[0]["data"]["reason"], "expired");
    let locked = json(
        p.agent(Method::GET, &format!("/api/v1/users/{}", id_of("locked")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(locked["status"], "locked");
    let bounced = json(
        p.agent(
            Method::POST,
            &format!("/api/v1/users/{}/reset-links", id_of("bounced")),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(bounced["error"]["code"], "address_bounced");
    let disabled = json(
        p.agent(
            Method::POST,
            &format!("/api/v1/users/{}/reset-links", id_of("disabled")),
        )
        .send()
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(disabled["error"]["code"], "account_disabled");
    // Demo users log in with the documented password.
    let r = p.anonymous(Method::POST, "/api/v1/public/login")
        .json(&serde_json::json!({"email": "sandra.avila@gmail.com", "password": helpdesk::portal::seed::DEMO_PASSWORD}))
        .send().await.unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::OK);
}

/// Generated people have coherent names (issue 15, item 10): one or two given names of one gender
/// (no «María Iván»), then two surnames.
#[test]
fn generated_names_are_of_one_gender_with_two_surnames() {
    use helpdesk::portal::seed::{FEMALE_GIVEN, MALE_GIVEN};
    assert!(
        FEMALE_GIVEN.iter().all(|n| !MALE_GIVEN.contains(n)),
        "a given name in both lists"
    );
    let (_dir, db) = fresh_db();
    seed_demo_if_empty(&db, 2000, start_time()).unwrap();
    let scenario_names: Vec<&str> = SCENARIOS.iter().map(|s| s.full_name).collect();
    let names: Vec<String> = db
        .with_writer(|conn| {
            let mut stmt = conn.prepare("SELECT full_name FROM users ORDER BY id")?;
            let rows = stmt
                .query_map([], |r| r.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(rows)
        })
        .unwrap();
    let generated: Vec<&String> = names
        .iter()
        .filter(|n| !scenario_names.contains(&n.as_str()))
        .collect();
    assert_eq!(generated.len(), 2000);
    let (mut female, mut male, mut two_given) = (0, 0, 0);
    for name in generated {
        let words: Vec<&str> = name.split(' ').collect();
        assert!(
            (3..=4).contains(&words.len()),
            "{name}: given names and two surnames"
        );
        let given = &words[..words.len() - 2];
        if given.iter().all(|g| FEMALE_GIVEN.contains(g)) {
            female += 1;
        } else if given.iter().all(|g| MALE_GIVEN.contains(g)) {
            male += 1;
        } else {
            panic!("{name}: given names of both genders");
        }
        assert_ne!(words[words.len() - 2], words[words.len() - 1], "{name}");
        two_given += usize::from(given.len() == 2);
    }
    assert!(female > 600 && male > 600, "{female} women, {male} men");
    assert!(two_given > 600, "{two_given} with two given names");
}
