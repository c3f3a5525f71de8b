//! `helpdesk report pqr` through the real binary against a seeded portal on 127.0.0.1:0: every
//! row and the summary recomputed here from the portal's database, the file private, and no cell
//! a spreadsheet would run as a formula.

use crate::support;

use std::collections::BTreeMap;
use std::os::unix::fs::PermissionsExt;

use helpdesk::api::Role;
use helpdesk::domain::calendar::Calendar;
use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::Connection;
use support::{TestPortal, start_time};

const HOSTILE: &str = "=HYPERLINK(\"http://x.example\",\"abrir\")";

fn prepare(db: &helpdesk::portal::db::Db) {
    let legal = helpdesk::portal::pqr::legal::Legal::colombia().unwrap();
    helpdesk::portal::seed_pqr::seed_pqrs(db, &legal, 300, start_time()).unwrap();
    db.with_writer(|c| {
        let (id, _) = helpdesk::portal::auth::add_operator(c, HOSTILE, Role::Agent, start_time())?;
        c.execute(
            "UPDATE pqr SET assignee_id = ?1 WHERE id IN (1, 2, 3)",
            [id],
        )?;
        Ok(())
    })
    .unwrap();
}

async fn helpdesk(p: &TestPortal, token: &str, args: &[&str]) -> (bool, String, String) {
    // Through the checking proxy: every page the command reads is validated against the contract.
    let url = support::contract_proxy(&p.running.base_url).await;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_helpdesk"));
    cmd.args(["--portal-url", &url, "--token", token, "report", "pqr"])
        .args(args)
        .env_remove("HELPDESK_PORTAL_URL")
        .env_remove("HELPDESK_TOKEN")
        .env_remove("HELPDESK_LANG")
        .env("HELPDESK_CONFIG_DIR", p.dir.path().join("config"));
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// radicado, type, status, received_at, due_date, answered_at, assignee name.
type Row = (
    String,
    String,
    String,
    i64,
    String,
    Option<i64>,
    Option<String>,
);

fn bogota_day(ms: i64) -> Date {
    Timestamp::from_millisecond(ms)
        .unwrap()
        .in_tz("America/Bogota")
        .unwrap()
        .date()
}

/// What each row must say, recomputed from the rows of the database: (type, due date, business
/// days taken, within term, assignee).
fn expected(
    db: &Connection,
    from: Date,
    to: Date,
    assignee: Option<&str>,
) -> BTreeMap<String, [String; 5]> {
    let cal = Calendar::colombia().unwrap();
    let today: Date = "2026-03-02".parse().unwrap();
    let start = from
        .in_tz("America/Bogota")
        .unwrap()
        .timestamp()
        .as_millisecond();
    let end = to
        .tomorrow()
        .unwrap()
        .in_tz("America/Bogota")
        .unwrap()
        .timestamp()
        .as_millisecond();
    let mut stmt = db
        .prepare(
            "SELECT p.radicado, p.type, p.status, p.received_at, p.due_date, p.answered_at, o.name
             FROM pqr p LEFT JOIN operators o ON o.id = p.assignee_id",
        )
        .unwrap();
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let type_es = |t: &str| match t {
        "peticion" => "Petición",
        "queja" => "Queja",
        "reclamo" => "Reclamo",
        "sugerencia" => "Sugerencia",
        "solicitud_informacion" => "Solicitud de información",
        _ => "Consulta",
    };
    rows.into_iter()
        .filter(|r| r.3 < end && r.5.is_none_or(|a| a >= start))
        .filter(|r| assignee.is_none() || r.6.as_deref() == assignee)
        .map(|(radicado, t, status, received, due, answered, name)| {
            let due_date: Date = due.parse().unwrap();
            let (days, within) = match answered {
                Some(a) => (
                    cal.business_days_between(bogota_day(received), bogota_day(a))
                        .to_string(),
                    if bogota_day(a) <= due_date {
                        "sí"
                    } else {
                        "no"
                    },
                ),
                None => {
                    let running =
                        ["radicada", "en_tramite", "prorrogada"].contains(&status.as_str());
                    (
                        "".into(),
                        if running && today > due_date {
                            "no"
                        } else {
                            ""
                        },
                    )
                }
            };
            let name = name.unwrap_or_default();
            let name = if name.starts_with('=') {
                format!("'{name}")
            } else {
                name
            };
            (
                radicado,
                [type_es(&t).to_string(), due, days, within.to_string(), name],
            )
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_monthly_report_matches_the_database_and_is_safe_to_open() {
    let p = TestPortal::start_with(prepare).await;
    let db = Connection::open(p.dir.path().join("portal.db")).unwrap();
    let out = p.dir.path().join("informe.csv");
    let (ok, _, err) = helpdesk(
        &p,
        &p.supervisor_token,
        &[
            "--from",
            "2026-02-01",
            "--to",
            "2026-03-02",
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .await;
    assert!(ok, "{err}");
    assert_eq!(
        std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let text = std::fs::read_to_string(&out).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        records[0].iter().collect::<Vec<_>>(),
        [
            "radicado",
            "tipo",
            "canal",
            "estado",
            "recibida",
            "vencimiento legal",
            "prórroga hasta",
            "respondida",
            "días hábiles",
            "en término",
            "responsable"
        ]
    );
    let blank = records
        .iter()
        .position(|r| r.len() == 1 && r[0].is_empty())
        .unwrap();
    let got: BTreeMap<String, [String; 5]> = records[1..blank]
        .iter()
        .map(|r| {
            (
                r[0].to_string(),
                [
                    r[1].to_string(),
                    r[5].to_string(),
                    r[8].to_string(),
                    r[9].to_string(),
                    r[10].to_string(),
                ],
            )
        })
        .collect();
    let from: Date = "2026-02-01".parse().unwrap();
    let to: Date = "2026-03-02".parse().unwrap();
    let want = expected(&db, from, to, None);
    assert_eq!(got.len(), blank - 1, "one row per ticket");
    assert!(
        want.len() > 100,
        "the seeded portal has tickets in the period"
    );
    assert_eq!(got, want);
    // No cell starts a formula; the hostile name is quoted.
    for r in &records {
        for cell in r.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?}");
        }
    }
    assert!(
        text.contains(&format!("'{HOSTILE}").replace('"', "\"\"")),
        "the name kept, quoted"
    );
    // The summary: per type, then the total, recomputed from the rows.
    let summary = &records[blank + 2..];
    assert_eq!(summary.len(), 7);
    let total = summary.last().unwrap();
    assert_eq!(&total[0], "Total");
    let answered = want.values().filter(|w| !w[2].is_empty()).count();
    let within = want.values().filter(|w| w[3] == "sí").count();
    let late = want.values().filter(|w| w[3] == "no").count();
    assert_eq!(
        total.iter().skip(1).take(5).collect::<Vec<_>>(),
        [want.len(), answered, within, late, want.len() - answered].map(|n| n.to_string())
    );
    assert_eq!(
        &total[6],
        format!("{:.1}", within as f64 * 100.0 / (within + late) as f64)
    );
    for line in &summary[..6] {
        let n = want.values().filter(|w| w[0] == line[0]).count();
        assert_eq!(line[1], n.to_string(), "{}", &line[0]);
    }

    // JSON in English on the standard output: the same rows, the summary with the total last.
    let (ok, json, err) = helpdesk(
        &p,
        &p.supervisor_token,
        &[
            "--from",
            "2026-02-01",
            "--to",
            "2026-03-02",
            "--format",
            "json",
            "--lang",
            "en",
        ],
    )
    .await;
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["rows"].as_array().unwrap().len(), want.len());
    assert_eq!(v["summary"][6]["total"], want.len());
    assert_eq!(v["summary"][0]["type"], "peticion");
    let (ok, csv_en, _) = helpdesk(
        &p,
        &p.supervisor_token,
        &["--from", "2026-02-01", "--to", "2026-03-02", "--lang", "en"],
    )
    .await;
    assert!(ok);
    assert!(
        csv_en.starts_with("radicado,type,channel,status,received,legal due date"),
        "{csv_en}"
    );

    // An agent's report holds the agent's own tickets.
    let (ok, mine, _) = helpdesk(
        &p,
        &p.agent_token,
        &["--from", "2026-02-01", "--to", "2026-03-02"],
    )
    .await;
    assert!(ok);
    let mine_rows = mine
        .lines()
        .skip(1)
        .take_while(|l| !l.trim().trim_matches('"').is_empty())
        .count();
    assert_eq!(mine_rows, expected(&db, from, to, Some("Ana Agente")).len());

    // A period backwards is refused before asking the portal.
    let (ok, _, err) = helpdesk(
        &p,
        &p.agent_token,
        &["--from", "2026-03-02", "--to", "2026-02-01"],
    )
    .await;
    assert!(!ok);
    assert!(err.contains("--from"), "{err}");
}
