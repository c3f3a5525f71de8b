//! Demo PQRs: every status and type, some overdue, some due today, some linked to users, and a
//! few hostile ones on purpose (terminal escapes, C1, bidi overrides, a 60 KiB body, emoji, CJK)
//! so that the console's sanitising is exercised every time the demo runs.

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::db::{Db, ms};
use crate::pqr::legal::Legal;
use crate::storage::seed;
use contract::api::{Channel, PqrStatus, PqrType};

pub const DEFAULT_PQRS: u64 = 500;
pub(crate) const MAX_PQRS: u64 = 100_000;

const SUBJECTS: &[&str] = &[
    "No me llega el correo de restablecer acceso",
    "El enlace para cambiar la contraseña dice que venció",
    "No puedo descargar el certificado laboral",
    "Solicito comprobantes de pago de los últimos tres meses",
    "Certificado de ingresos y retenciones del año anterior",
    "Mi cuenta aparece bloqueada",
    "Quiero actualizar mi correo electrónico registrado",
    "Solicitud de cesantías sin respuesta",
    "Error al cargar documentos en la hoja de vida",
    "Queja por demora en la contratación electrónica",
    "Consulta sobre ofertas laborales en Medellín",
    "Sugerencia: permitir ingreso con cédula",
];

const NAMES: &[&str] = &[
    "María Fernanda Gómez Ríos",
    "José Luis Núñez Peña",
    "Luz Dary Muñoz Castaño",
    "Andrés Felipe Ospina Rojas",
    "Claudia Patricia Hernández",
    "Jhon Jairo Cárdenas",
    "Yuliana Restrepo Zuluaga",
    "Édgar Iván Quiñones",
    "Sandra Milena Ávila Duque",
    "Óscar Eduardo Peñaloza",
];

/// Bodies that try to break a terminal or mislead an operator.
fn hostile_bodies() -> Vec<(String, String)> {
    vec![
        (
            "Nombre con \u{1b}[31mcolor\u{1b}[0m y \u{1b}[2J".into(),
            "Texto con CSI \u{1b}[1;1H y borrado \u{1b}[2J\u{1b}[3J".into(),
        ),
        (
            "Título \u{1b}]0;pwned\u{7} con OSC".into(),
            "OSC 52 \u{1b}]52;c;ZWNobyBwd25lZA==\u{7} intenta copiar al portapapeles".into(),
        ),
        (
            "C1 \u{9b}31m aquí".into(),
            "Bytes C1: \u{85}\u{8d}\u{9b}2J\u{9d}0;x\u{9c}".into(),
        ),
        (
            "Radicado PQR-2026-\u{202e}123456\u{202c} invertido".into(),
            "Bidi: \u{202e}otxet lanigiro\u{202c} y aislado \u{2067}abc\u{2069}, marca \u{200f}"
                .into(),
        ),
        (
            "Emoji 😀🙏 y 漢字 한국어".into(),
            "Texto ancho: 漢字かな交じり文 한국어 😀👍🏽 — y combinaciones: e\u{301} n\u{303}".into(),
        ),
        (
            "Cuerpo de 60 KiB".into(),
            "Párrafo largo de prueba. ".repeat(60 * 1024 / 26),
        ),
    ]
}

/// Inserts `count` demo PQRs (skipped if the table already has some). Deterministic.
pub fn seed_pqrs(db: &Db, legal: &Legal, count: u64, now: Timestamp) -> anyhow::Result<()> {
    anyhow::ensure!(count <= MAX_PQRS, "at most {MAX_PQRS} demo PQRs");
    db.with_writer(|conn| {
        let existing = seed::pqr_count(conn)?;
        if existing > 0 || count == 0 {
            return Ok(());
        }
        let user_ids = seed::first_user_ids(conn)?;
        let operators = seed::operator_ids(conn)?;
        let tx = conn.transaction()?;
        let mut rng = StdRng::seed_from_u64(0x5eed_0b0b);
        // The legal clocks draw from their own generator (see `days_left`).
        let mut clock = StdRng::seed_from_u64(0xc10c_0b0b);
        // And the answers' dates from theirs, so the other columns keep their seeded values.
        let mut answered = StdRng::seed_from_u64(0xa45e_0b0b);
        let today = legal.day_of(now);
        let hostile = hostile_bodies();
        // Registered recently, so all radicados are of this year.
        let year = today.year();
        {
            let mut insert = seed::PqrInserter::new(&tx)?;
            for i in 0..count {
                let pqr_type = PqrType::ALL[rng.random_range(0..PqrType::ALL.len())];
                let term = pqr_type.term_business_days();
                // This draw once chose the receipt hour; it stays so the other columns keep their
                // seeded values. The receipt day now comes from the queue's shape below.
                let received = now - SignedDuration::from_hours(rng.random_range(0..24 * 95));
                let received_day = if i % 25 == 3 {
                    // Due exactly today.
                    received_for_due(legal, today, term)
                } else {
                    received_for_left(legal, today, term, days_left(&mut clock, term))
                }
                .unwrap_or_else(|| legal.day_of(received));
                let received = at_ten_in_bogota(received_day).unwrap_or(received);
                let due = legal.due_date(received_day, term);
                let status = pick_status(&mut rng, i);
                let (extended_due, reason) = if status == PqrStatus::Prorrogada {
                    (legal.add_business_days(due, term / 2), Some("Se requiere información del área de nómina"))
                } else {
                    (due, None)
                };
                let suspended = (status == PqrStatus::EnEsperaUsuario).then(|| today.to_string());
                let (subject, body) = match hostile.get(i as usize % 97) {
                    Some((s, b)) if i % 97 < hostile.len() as u64 => (s.clone(), b.clone()),
                    _ => {
                        let s = SUBJECTS[rng.random_range(0..SUBJECTS.len())];
                        (s.to_string(), format!("{s}.\nEl usuario indica que intentó varias veces desde el celular y el computador.\nCanal de ingreso registrado por la mesa de ayuda."))
                    }
                };
                let seq = i as i64 + 1;
                let name = NAMES[rng.random_range(0..NAMES.len())];
                let user = (!user_ids.is_empty() && rng.random_bool(0.3)).then(|| user_ids[rng.random_range(0..user_ids.len())]);
                let assignee = (!operators.is_empty() && rng.random_bool(0.5)).then(|| operators[rng.random_range(0..operators.len())]);
                // The fields in the order the generator draws them (the seed is deterministic).
                let id = insert.pqr(&tx, &seed::DemoPqr {
                    radicado: format!("PQR-{year}-{seq:06}"), year, seq, pqr_type: pqr_type.as_str(), subject, body,
                    channel: Channel::ALL[rng.random_range(0..Channel::ALL.len())].as_str(), status: status.as_str(), user_id: user, requester_name: name,
                    requester_email: format!("requirente{i}@correo.co"), requester_phone: format!("3{:09}", rng.random_range(0..1_000_000_000u64)),
                    assignee_id: assignee, received_at: ms(received), created_at: ms(now - SignedDuration::from_mins(rng.random_range(1..600))), due_date: extended_due.to_string(),
                    original_due_date: due.to_string(), extension_reason: reason, suspended_since: suspended,
                    extended_to: reason.map(|_| extended_due.to_string()),
                    answered_at: matches!(status, PqrStatus::Resuelta | PqrStatus::Cerrada).then(|| answered_ms(&mut answered, legal, received_day, due, now)),
                })?;
                if i % 3 == 0 {
                    insert.message(id, "internal", "Se verificó la identidad por teléfono.", "Operador Demo", ms(received))?;
                }
                if matches!(status, PqrStatus::Resuelta | PqrStatus::Cerrada | PqrStatus::EnEsperaUsuario) {
                    insert.message(id, "public", "Hola, te enviamos un nuevo enlace para restablecer tu contraseña. Revisa también la carpeta de correo no deseado.", "Operador Demo", ms(received))?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    })
}

fn pick_status(rng: &mut StdRng, i: u64) -> PqrStatus {
    if i < PqrStatus::ALL.len() as u64 {
        return PqrStatus::ALL[i as usize];
    }
    match rng.random_range(0..100) {
        0..35 => PqrStatus::Radicada,
        35..65 => PqrStatus::EnTramite,
        65..72 => PqrStatus::EnEsperaUsuario,
        72..76 => PqrStatus::Prorrogada,
        76..90 => PqrStatus::Resuelta,
        _ => PqrStatus::Cerrada,
    }
}

/// Business days left on a demo ticket, shaped like a queue a help desk keeps up with: about one
/// in ten overdue (by 1 to 8 business days), a quarter due within the week, the rest in time.
fn days_left(rng: &mut StdRng, term: u32) -> i64 {
    let term = i64::from(term);
    match rng.random_range(0..100) {
        0..10 => -rng.random_range(1..=8),
        10..35 => rng.random_range(0..=5),
        _ => rng.random_range(6.min(term - 1)..term),
    }
}

/// A receipt day (today or earlier) whose legal term leaves about `left` business days from
/// `today`: the first day, walking back from the latest one possible, whose due date is not later
/// than `today + left` business days.
fn received_for_left(legal: &Legal, today: Date, term: u32, left: i64) -> Option<Date> {
    let target = if left >= 0 {
        legal.add_business_days(today, u32::try_from(left).ok()?)
    } else {
        let mut day = today;
        while legal.days_left(today, day) > left {
            day = day.yesterday().ok()?;
        }
        day
    };
    // Going back n calendar days moves the due date back at most n business days: no day later
    // than this one can be the answer.
    let skip = (i64::from(term) - left - 1).max(0);
    let mut day = today.checked_sub(jiff::Span::new().days(skip)).ok()?;
    for _ in 0..(term * 3 + 40) {
        if legal.due_date(day, term) <= target {
            return Some(day);
        }
        day = day.yesterday().ok()?;
    }
    None
}

/// A receipt day whose legal term ends exactly on `due`.
fn received_for_due(legal: &Legal, due: Date, term: u32) -> Option<Date> {
    let mut day = due;
    for _ in 0..(term * 3 + 20) {
        day = day.yesterday().ok()?;
        if legal.due_date(day, term) == due {
            return Some(day);
        }
    }
    None
}

/// When a demo ticket was answered: a business day after receipt, never after `now`; about nine
/// in ten within the legal term.
fn answered_ms(rng: &mut StdRng, legal: &Legal, received: Date, due: Date, now: Timestamp) -> i64 {
    let span = legal.calendar.business_days_between(received, due).max(1);
    let n = if rng.random_range(0..10) == 0 {
        span + rng.random_range(1..=5)
    } else {
        rng.random_range(1..=span)
    };
    let day = legal.add_business_days(received, u32::try_from(n).unwrap_or(1));
    let at = at_ten_in_bogota(day)
        .map(|t| t + SignedDuration::from_mins(rng.random_range(0..480)))
        .unwrap_or(now);
    ms(at.min(now))
}

fn at_ten_in_bogota(day: Date) -> Option<Timestamp> {
    day.at(10, 0, 0, 0)
        .in_tz("America/Bogota")
        .ok()
        .map(|z| z.timestamp())
}
