//! The demo's users: named scenario users that show each situation an operator meets, and as many
//! generated Colombian users as asked for. Deterministic: the same count gives the same rows.
//!
//! `--users 1000000` must seed in under a minute on two cores: one transaction, prepared
//! statements, one password hash shared by all generated users, and the name index built once at
//! the end instead of row by row.

use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rusqlite::Transaction;

use crate::db::{Db, ms};
use crate::events::{NewEvent, insert, operator_actor, system_actor, user_actor};
use crate::storage::seed;
use crate::storage::users::NewUser;
use crate::tokens::{random_alphanumeric, sha256_hex};
use contract::api::{EventData, EventKind, PolicyRule, ResetFailure};
use contract::domain::masking::mask_email;

/// The password of every demo user (it satisfies the policy).
pub const DEMO_PASSWORD: &str = "Portal.2026";

/// A named user of the demo and what it shows.
#[derive(Debug, Clone, Copy)]
pub struct Scenario {
    pub key: &'static str,
    pub document_type: &'static str,
    pub document: &'static str,
    pub full_name: &'static str,
    pub email: &'static str,
    pub phone: &'static str,
    pub birth_date: &'static str,
    pub kind: &'static str,
    pub status: &'static str,
    /// What the operator sees, for the README.
    pub shows: &'static str,
}

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        key: "bounced",
        document_type: "CC",
        document: "1017234567",
        full_name: "Laura Marcela Restrepo Ochoa",
        email: "laura.restrepo@rebota.example",
        phone: "3104567890",
        birth_date: "1992-08-14",
        kind: "candidate",
        status: "active",
        shows: "reset emails bounce: the address must be corrected (PQR)",
    },
    Scenario {
        key: "locked",
        document_type: "CC",
        document: "80123456",
        full_name: "Carlos Andrés Pérez Gómez",
        email: "carlos.perez@gmail.com",
        phone: "3001239876",
        birth_date: "1985-02-27",
        kind: "employee",
        status: "locked",
        shows: "locked after five failed logins: verify, then unlock",
    },
    Scenario {
        key: "expired",
        document_type: "CC",
        document: "43876543",
        full_name: "Diana Marcela Ríos Londoño",
        email: "diana.rios@hotmail.com",
        phone: "3156789012",
        birth_date: "1979-11-03",
        kind: "employee",
        status: "active",
        shows: "opened a reset link after it expired: resend it",
    },
    Scenario {
        key: "at_sign",
        document_type: "CC",
        document: "1020304050",
        full_name: "José Núñez Peña",
        email: "jose.nunez@gmail.com",
        phone: "3001234567",
        birth_date: "1990-05-17",
        kind: "candidate",
        status: "active",
        shows: "a new password refused because '@' is not a special character",
    },
    Scenario {
        key: "disabled",
        document_type: "CC",
        document: "79654321",
        full_name: "Pedro Pablo Quintero Salazar",
        email: "pedro.quintero@outlook.com",
        phone: "3112345678",
        birth_date: "1970-06-30",
        kind: "employee",
        status: "disabled",
        shows: "a disabled account: no link can be sent",
    },
    Scenario {
        key: "employee",
        document_type: "CC",
        document: "1036987654",
        full_name: "Ana María Castaño Muñoz",
        email: "ana.castano@accionplus.com.co",
        phone: "3205558899",
        birth_date: "1988-03-21",
        kind: "employee",
        status: "active",
        shows: "an employee with a normal history (certificates, payslips)",
    },
    Scenario {
        key: "candidate",
        document_type: "CE",
        document: "987654",
        full_name: "Valentina Gutiérrez Rincón",
        email: "valentina.gutierrez@yahoo.es",
        phone: "3017778899",
        birth_date: "2001-12-09",
        kind: "candidate",
        status: "pending_activation",
        shows: "a candidate who never activated the account",
    },
    Scenario {
        key: "normal",
        document_type: "CC",
        document: "52987123",
        full_name: "Sandra Milena Ávila Duque",
        email: "sandra.avila@gmail.com",
        phone: "3186543210",
        birth_date: "1983-09-05",
        kind: "employee",
        status: "active",
        shows: "a user whose reset went fine last week",
    },
    Scenario {
        key: "hostile",
        document_type: "PPT",
        document: "5550001",
        full_name: "Nombre \u{1b}[31mRojo\u{1b}[0m \u{1b}]0;pwned\u{7}Hostil \u{9b}2J \u{202e}onaicnerroL",
        email: "hostil@correo.co",
        phone: "3009990000",
        birth_date: "1995-01-01",
        kind: "candidate",
        status: "active",
        shows: "a name full of terminal escapes and a bidi override: shown neutralised",
    },
];

/// Given names by gender, so a generated person is «María Fernanda», never «María Iván». No
/// name is in both lists (`María José` is real, but keeping the lists apart keeps them checkable).
pub const FEMALE_GIVEN: &[&str] = &[
    "María",
    "Ana",
    "Carmen",
    "Luz",
    "Diana",
    "Sandra",
    "Marta",
    "Ángela",
    "Natalia",
    "Paola",
    "Mónica",
    "Yolanda",
    "Lucía",
    "Sofía",
    "Valentina",
    "Daniela",
    "Ximena",
    "Yuliana",
    "Leidy",
    "Nohemí",
    "Fernanda",
    "Isabel",
    "Alejandra",
    "Patricia",
    "Milena",
    "Carolina",
    "Marcela",
    "Andrea",
    "Catalina",
    "Juliana",
];
pub const MALE_GIVEN: &[&str] = &[
    "José",
    "Juan",
    "Luis",
    "Carlos",
    "Andrés",
    "Jorge",
    "Óscar",
    "Julián",
    "Sebastián",
    "Camilo",
    "Nicolás",
    "Édgar",
    "Iván",
    "Hernán",
    "Ramón",
    "Germán",
    "Fabián",
    "Jhon",
    "Wílmer",
    "Efraín",
    "Felipe",
    "David",
    "Eduardo",
    "Esteban",
    "Alejandro",
    "Mauricio",
    "Santiago",
    "Alberto",
    "Ricardo",
    "Jairo",
];
const SURNAMES: &[&str] = &[
    "Gómez",
    "Rodríguez",
    "Martínez",
    "García",
    "López",
    "González",
    "Hernández",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Díaz",
    "Muñoz",
    "Rojas",
    "Moreno",
    "Jiménez",
    "Álvarez",
    "Romero",
    "Vargas",
    "Castaño",
    "Núñez",
    "Peña",
    "Ospina",
    "Zuluaga",
    "Restrepo",
    "Londoño",
    "Quiñones",
    "Cárdenas",
    "Ávila",
    "Ibáñez",
    "Ordóñez",
    "Montaño",
    "Patiño",
    "Valencia",
    "Mejía",
    "Cañas",
    "Arango",
    "Duque",
];
const DOMAINS: &[&str] = &[
    "gmail.com",
    "hotmail.com",
    "outlook.com",
    "yahoo.es",
    "correo.co",
];

/// Lowercase ASCII of a name for an email address: «Núñez» → «nunez».
fn ascii_lower(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| c.is_ascii_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Fills an empty database with the scenario users and `generated` more; does nothing if users exist.
pub fn seed_demo_if_empty(db: &Db, generated: u64, now: Timestamp) -> anyhow::Result<()> {
    let password_hash = crate::http::public::hash_password(DEMO_PASSWORD)?;
    db.with_writer(|conn| {
        let existing = seed::users_count(conn)?;
        if existing > 0 {
            return Ok(());
        }
        let tx = conn.transaction()?;
        // Row-by-row FTS upkeep is most of a bulk insert's cost: build the index once at the end.
        seed::pause_users_fts(&tx)?;
        insert_scenarios(&tx, &password_hash, now)?;
        insert_generated(&tx, generated, &password_hash, now)?;
        insert_conversations(&tx, now)?;
        seed::rebuild_users_fts(&tx)?;
        tx.commit()?;
        Ok(())
    })
}

fn insert_user(
    tx: &Transaction<'_>,
    s: &Scenario,
    hash: &str,
    created: Timestamp,
) -> anyhow::Result<i64> {
    Ok(seed::scenario_user(
        tx,
        &NewUser {
            document_type: s.document_type,
            document_number: s.document,
            full_name: s.full_name,
            email: s.email,
            phone_digits: s.phone,
            birth_date: s.birth_date,
            kind: s.kind,
            status: s.status,
            password_hash: Some(hash),
            created_at: ms(created),
            last_login_at: None,
        },
    )?)
}

/// A reset token row for history (its plain value is discarded: nobody can use it).
fn past_token(
    tx: &Transaction<'_>,
    user: i64,
    created: Timestamp,
    opened: Option<Timestamp>,
    used: Option<Timestamp>,
) -> anyhow::Result<()> {
    Ok(seed::past_token(
        tx,
        user,
        &sha256_hex(&random_alphanumeric(32)),
        ms(created),
        ms(created + SignedDuration::from_mins(60)),
        opened.map(ms),
        used.map(ms),
    )?)
}

/// The return path and Message-ID domain of the seeded mail (`--mail-domain` is not known here).
const DEMO_MAIL_DOMAIN: &str = "miportal.accionplus.com";

/// Records a reset link sent to `email` at `sent` as relayed, then feeds the delivery report
/// of its recipient's server (RFC 3464, «5.1.1 user unknown») through `inbound`, as the listener does.
fn bounce_demo_link(
    tx: &Transaction<'_>,
    user: i64,
    email: &str,
    sent: Timestamp,
    reported: Timestamp,
) -> anyhow::Result<()> {
    let tag = random_alphanumeric(26).to_ascii_lowercase();
    let message_id = format!("{}@{DEMO_MAIL_DOMAIN}", random_alphanumeric(26));
    seed::relayed_reset_mail(
        tx,
        &message_id,
        &sha256_hex(&tag),
        email,
        user,
        ms(sent),
        &format!("rebote+{tag}@{DEMO_MAIL_DOMAIN}"),
    )?;
    let (_, mx) = email.rsplit_once('@').unwrap_or(("", "example"));
    let report = format!(
        "From: Mail Delivery System <MAILER-DAEMON@mx.{mx}>\r\n\
         To: rebote+{tag}@{DEMO_MAIL_DOMAIN}\r\n\
         Subject: Undelivered Mail Returned to Sender\r\n\
         Auto-Submitted: auto-replied\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"b\"\r\n\
         \r\n\
         --b\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         I'm sorry to have to inform you that your message could not be delivered.\r\n\
         \r\n\
         --b\r\n\
         Content-Type: message/delivery-status\r\n\
         \r\n\
         Reporting-MTA: dns; mx.{mx}\r\n\
         \r\n\
         Final-Recipient: rfc822; {email}\r\n\
         Action: failed\r\n\
         Status: 5.1.1\r\n\
         Diagnostic-Code: smtp; 550 5.1.1 <{email}>: Recipient address rejected: User unknown\r\n\
         \r\n\
         --b\r\n\
         Content-Type: text/rfc822-headers\r\n\
         \r\n\
         Message-ID: <{message_id}>\r\n\
         To: {email}\r\n\
         Subject: restablecer acceso\r\n\
         \r\n\
         --b--\r\n"
    );
    crate::inbound::deliver_report(tx, &tag, report.as_bytes(), reported)?;
    Ok(())
}

/// Three conversations waiting in «Conversaciones» (issue 26), from people who are not portal
/// users yet: a mail, a WhatsApp message inside the 24-hour window and one outside it (the demo
/// has no WhatsApp number, so answers on WhatsApp are refused there; the mail is answered by
/// the outbox like any other).
fn insert_conversations(tx: &Transaction<'_>, now: Timestamp) -> anyhow::Result<()> {
    use crate::storage::conversations::{Inbound, receive};
    use contract::api::{Channel, MessageKind};
    let ago = |mins: i64| now - SignedDuration::from_mins(mins);
    let messages = [
        (
            Channel::Correo,
            "marta.lopez.ruiz@yahoo.com",
            "Marta López Ruiz",
            MessageKind::Email,
            "Asunto: No puedo entrar\n\nBuenos días, no me llega el correo para cambiar la contraseña. ¿Me ayudan?",
            25,
        ),
        (
            Channel::Whatsapp,
            "+573209998877",
            "Andrés Cárdenas",
            MessageKind::Text,
            "Hola, intenté cambiar la clave y dice que falta un carácter especial",
            130,
        ),
        (
            Channel::Whatsapp,
            "+573145556677",
            "Paola Quintero",
            MessageKind::Text,
            "Buenas tardes, necesito el certificado laboral y no puedo ingresar",
            60 * 30,
        ),
    ];
    for (i, (channel, address, name, kind, body, mins)) in messages.into_iter().enumerate() {
        let message = Inbound {
            channel,
            address: address.into(),
            name: name.into(),
            external_id: format!("demo:{i}"),
            kind,
            body: body.into(),
            media_type: None,
            media_id: None,
            at: ago(mins),
        };
        receive(tx, &message)?;
    }
    Ok(())
}

fn insert_scenarios(tx: &Transaction<'_>, hash: &str, now: Timestamp) -> anyhow::Result<()> {
    let ago = |mins: i64| now - SignedDuration::from_mins(mins);
    let created = ago(60 * 24 * 400);
    for s in SCENARIOS {
        let id = insert_user(tx, s, hash, created)?;
        let masked = || EventData {
            email_masked: Some(mask_email(s.email)),
            ..Default::default()
        };
        let ev = |kind, at, actor| NewEvent::user(at, kind, id, actor);
        match s.key {
            "bounced" => {
                // As it happens for real: «Enviar Correo», the link leaves, and the delivery
                // report of Laura's mail server comes back through the inbound path.
                insert(tx, ev(EventKind::ResetRequested, ago(180), user_actor()))?;
                past_token(tx, id, ago(180), None, None)?;
                insert(
                    tx,
                    ev(EventKind::ResetLinkSent, ago(180), system_actor()).with_data(masked()),
                )?;
                bounce_demo_link(tx, id, s.email, ago(180), ago(178))?;
            }
            "locked" => {
                let until = now + SignedDuration::from_mins(15);
                seed::lock_until(tx, id, ms(until))?;
                for m in (1..=5).rev() {
                    insert(tx, ev(EventKind::LoginFailed, ago(m), user_actor()))?;
                }
                insert(
                    tx,
                    ev(EventKind::AccountLocked, now, system_actor()).with_data(EventData {
                        until: Some(until),
                        ..Default::default()
                    }),
                )?;
            }
            "expired" => {
                past_token(tx, id, ago(120), Some(ago(5)), None)?;
                insert(tx, ev(EventKind::ResetRequested, ago(120), user_actor()))?;
                insert(
                    tx,
                    ev(EventKind::ResetLinkSent, ago(120), system_actor()).with_data(masked()),
                )?;
                insert(tx, ev(EventKind::ResetLinkOpened, ago(5), user_actor()))?;
                insert(
                    tx,
                    ev(EventKind::ResetAttemptFailed, ago(4), user_actor()).with_data(EventData {
                        reason: Some(ResetFailure::Expired),
                        ..Default::default()
                    }),
                )?;
            }
            "at_sign" => {
                past_token(tx, id, ago(20), Some(ago(15)), None)?;
                insert(tx, ev(EventKind::ResetRequested, ago(20), user_actor()))?;
                insert(
                    tx,
                    ev(EventKind::ResetLinkSent, ago(20), system_actor()).with_data(masked()),
                )?;
                insert(tx, ev(EventKind::ResetLinkOpened, ago(15), user_actor()))?;
                insert(
                    tx,
                    ev(EventKind::ResetAttemptFailed, ago(14), user_actor()).with_data(EventData {
                        reason: Some(ResetFailure::Policy),
                        rules: vec![PolicyRule::MissingSpecial],
                        not_special_used: Some("@".into()),
                        ..Default::default()
                    }),
                )?;
            }
            "employee" | "normal" => {
                let week = 60 * 24 * 7;
                past_token(tx, id, ago(week), Some(ago(week - 3)), Some(ago(week - 5)))?;
                insert(
                    tx,
                    ev(
                        EventKind::ResetLinkSent,
                        ago(week),
                        operator_actor("Operador Demo"),
                    )
                    .with_data(masked()),
                )?;
                insert(
                    tx,
                    ev(EventKind::ResetLinkOpened, ago(week - 3), user_actor()),
                )?;
                insert(
                    tx,
                    ev(EventKind::PasswordChanged, ago(week - 5), user_actor()),
                )?;
                insert(
                    tx,
                    ev(EventKind::LoginSucceeded, ago(week - 6), user_actor()),
                )?;
                seed::logged_in_after_change(tx, id, ms(ago(week - 6)), ms(ago(week - 5)))?;
            }
            _ => {}
        }
    }
    Ok(())
}

/// The sizes of the name lists before names were drawn by gender (given, second, two surnames).
const LEGACY_NAME_DRAWS: [usize; 4] = [40, 16, 38, 38];

/// A coherent Colombian name: one or two given names of one gender, two different surnames.
fn person(
    rng: &mut StdRng,
) -> (
    &'static str,
    Option<&'static str>,
    &'static str,
    &'static str,
) {
    let given = if rng.random_bool(0.5) {
        FEMALE_GIVEN
    } else {
        MALE_GIVEN
    };
    let first = given[rng.random_range(0..given.len())];
    let second = rng.random_bool(0.7).then(|| {
        loop {
            let g = given[rng.random_range(0..given.len())];
            if g != first {
                break g;
            }
        }
    });
    let s1 = SURNAMES[rng.random_range(0..SURNAMES.len())];
    let s2 = loop {
        let s = SURNAMES[rng.random_range(0..SURNAMES.len())];
        if s != s1 {
            break s;
        }
    };
    (first, second, s1, s2)
}

fn insert_generated(
    tx: &Transaction<'_>,
    count: u64,
    hash: &str,
    now: Timestamp,
) -> anyhow::Result<()> {
    let mut rng = StdRng::seed_from_u64(0xacc1_0b1e_5eed);
    let mut users = seed::UserInserter::new(tx)?;
    // Names draw from their own generator so documents, phones and dates stay as they were.
    let mut names = StdRng::seed_from_u64(0x6e61_6d65_5eed);
    for i in 0..count {
        let (first, second, s1, s2) = person(&mut names);
        // The draws the old name lists took, so every other column keeps its seeded value.
        for n in LEGACY_NAME_DRAWS {
            rng.random_range(0..n);
        }
        let name = match second {
            None => format!("{first} {s1} {s2}"),
            Some(second) => format!("{first} {second} {s1} {s2}"),
        };
        // The index keeps every address unique however the names repeat.
        let email = format!(
            "{}.{}{}@{}",
            ascii_lower(first),
            ascii_lower(s1),
            i,
            DOMAINS[rng.random_range(0..DOMAINS.len())]
        );
        let (doc_type, document) = match rng.random_range(0..100) {
            0..90 => (
                "CC",
                format!("{}", 10_000_000 + i * 7 + rng.random_range(0..7)),
            ),
            90..95 => ("CE", format!("{}", 1_000_000 + i)),
            95..98 => ("TI", format!("{}", 1_100_000_000 + i)),
            _ => ("PPT", format!("{}", 6_000_000 + i)),
        };
        let phone = format!(
            "3{}{:08}",
            rng.random_range(0..3),
            (i * 7919 + rng.random_range(0..7919)) % 100_000_000
        );
        let birth = format!(
            "{}-{:02}-{:02}",
            rng.random_range(1955..2008),
            rng.random_range(1..13),
            rng.random_range(1..29)
        );
        let kind = if rng.random_bool(0.6) {
            "candidate"
        } else {
            "employee"
        };
        let status = match rng.random_range(0..100) {
            0..88 => "active",
            88..94 => "pending_activation",
            94..97 => "locked",
            _ => "disabled",
        };
        let created = now - SignedDuration::from_hours(rng.random_range(24..24 * 365 * 5));
        let last_login = (status == "active" && rng.random_bool(0.8))
            .then(|| ms(now - SignedDuration::from_mins(rng.random_range(10..60 * 24 * 90))));
        users.insert(&NewUser {
            document_type: doc_type,
            document_number: &document,
            full_name: &name,
            email: &email,
            phone_digits: &phone,
            birth_date: &birth,
            kind,
            status,
            password_hash: Some(hash),
            created_at: ms(created),
            last_login_at: last_login,
        })?;
    }
    Ok(())
}
