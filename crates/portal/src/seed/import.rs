//! `helpdesk portal import`: users from a CSV file, all or nothing.
//!
//! Every row is checked before anything is written; the errors name the line, the field and the
//! reason, and the import runs in one transaction, so a bad file never leaves half its rows behind.

use std::collections::HashSet;
use std::io::Read;
use std::path::Path;

use anyhow::Context;

use crate::db::{Db, ms};
use crate::storage;
use contract::api::{DocumentType, UserKind, UserStatus};
use contract::domain::sanitize::{is_clean_line, is_dangerous};

pub const HEADER: [&str; 8] = [
    "document_type",
    "document_number",
    "full_name",
    "email",
    "phone",
    "birth_date",
    "kind",
    "status",
];

/// At most this many errors are listed; the rest are counted.
const MAX_LISTED_ERRORS: usize = 20;

#[derive(Debug)]
pub struct ImportReport {
    pub imported: usize,
}

/// A row ready to insert.
struct NewUser {
    document_type: DocumentType,
    document_number: String,
    full_name: String,
    email: String,
    phone_digits: String,
    birth_date: jiff::civil::Date,
    kind: UserKind,
    status: UserStatus,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}: nothing was imported:\n{}", .errors.join("\n"))]
pub(crate) struct ImportError {
    pub file: String,
    pub errors: Vec<String>,
}

pub fn import_csv_file(db: &Db, file: &Path, now: jiff::Timestamp) -> anyhow::Result<ImportReport> {
    let mut bytes = Vec::new();
    std::fs::File::open(file)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .with_context(|| format!("cannot read {}", file.display()))?;
    import_csv_bytes(db, &bytes, &file.display().to_string(), now)
}

pub fn import_csv_bytes(
    db: &Db,
    bytes: &[u8],
    name: &str,
    now: jiff::Timestamp,
) -> anyhow::Result<ImportReport> {
    let fail = |errors: Vec<String>| ImportError {
        file: name.to_string(),
        errors,
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let header = reader
        .byte_headers()
        .map_err(|e| fail(vec![format!("line 1: {e}")]))?
        .clone();
    let header: Vec<String> = header
        .iter()
        .map(|h| {
            String::from_utf8_lossy(h)
                .trim_start_matches('\u{feff}')
                .to_string()
        })
        .collect();
    if header != HEADER {
        return Err(fail(vec![format!(
            "line 1: the header must be exactly {}",
            HEADER.join(",")
        )])
        .into());
    }
    let mut users = Vec::new();
    let mut errors = Vec::new();
    let mut seen_documents = HashSet::new();
    let mut seen_emails = HashSet::new();
    for record in reader.byte_records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                errors.push(format!("line {line}: {}", csv_problem(&e)));
                continue;
            }
        };
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        match parse_row(&record, now) {
            Ok(user) => {
                if !seen_documents.insert((user.document_type, user.document_number.clone())) {
                    errors.push(format!(
                        "line {line}: document {} {} appears twice in the file",
                        user.document_type.as_str(),
                        user.document_number
                    ));
                } else if !seen_emails.insert(user.email.to_lowercase()) {
                    errors.push(format!(
                        "line {line}: email {:?} appears twice in the file",
                        user.email
                    ));
                } else {
                    users.push((line, user));
                }
            }
            Err(problem) => errors.push(format!("line {line}: {problem}")),
        }
    }
    if users.is_empty() && errors.is_empty() {
        return Err(fail(vec!["the file has no users".into()]).into());
    }
    db.with_writer(|conn| {
        let tx = conn.transaction()?;
        for (line, u) in &users {
            if storage::users::document_taken(&tx, u.document_type.as_str(), &u.document_number)? {
                errors.push(format!(
                    "line {line}: document {} {} is already registered",
                    u.document_type.as_str(),
                    u.document_number
                ));
                continue;
            }
            if storage::users::email_taken(&tx, &u.email.to_lowercase())? {
                errors.push(format!(
                    "line {line}: email {:?} is already registered",
                    u.email
                ));
                continue;
            }
            if errors.is_empty() {
                storage::users::insert_imported(
                    &tx,
                    &storage::users::NewUser {
                        document_type: u.document_type.as_str(),
                        document_number: &u.document_number,
                        full_name: &u.full_name,
                        email: &u.email,
                        phone_digits: &u.phone_digits,
                        birth_date: &u.birth_date.to_string(),
                        kind: u.kind.as_str(),
                        status: u.status.as_str(),
                        password_hash: None,
                        created_at: ms(now),
                        last_login_at: None,
                    },
                )?;
            }
        }
        if !errors.is_empty() {
            // Dropping the transaction rolls back every row.
            errors.sort_by_key(|e| {
                e.split(':')
                    .next()
                    .and_then(|l| l.trim_start_matches("line ").parse::<u64>().ok())
                    .unwrap_or(0)
            });
            let extra = errors.len().saturating_sub(MAX_LISTED_ERRORS);
            errors.truncate(MAX_LISTED_ERRORS);
            if extra > 0 {
                errors.push(format!("… and {extra} more errors"));
            }
            return Err(fail(errors).into());
        }
        tx.commit()?;
        Ok(ImportReport {
            imported: users.len(),
        })
    })
}

fn csv_problem(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("expected {expected_len} columns, found {len}"),
        _ => e.to_string(),
    }
}

/// Printable, single-line text: nothing the console's sanitiser would change (no control,
/// format, bidi, invisible, private-use or unassigned character, no tower of combining marks).
fn clean_text(field: &str, v: &str, max: usize) -> Result<String, String> {
    if v.is_empty() || v.chars().count() > max {
        return Err(format!("{field} must have 1 to {max} characters"));
    }
    if let Some(c) = v.chars().find(|&c| is_dangerous(c, false)) {
        return Err(format!(
            "{field} contains control or invisible characters (U+{:04X})",
            c as u32
        ));
    }
    if !is_clean_line(v) {
        return Err(format!(
            "{field} has too many combining marks on one letter"
        ));
    }
    Ok(v.to_string())
}

fn parse_row(record: &csv::ByteRecord, now: jiff::Timestamp) -> Result<NewUser, String> {
    let mut fields = Vec::with_capacity(8);
    for (i, raw) in record.iter().enumerate() {
        let text = std::str::from_utf8(raw)
            .map_err(|_| format!("{} is not valid UTF-8", HEADER.get(i).unwrap_or(&"a field")))?;
        fields.push(text);
    }
    let [doc_type, document, name, email, phone, birth, kind, status] = fields[..] else {
        return Err(format!("expected 8 columns, found {}", fields.len()));
    };
    let document_type = DocumentType::parse(doc_type)
        .ok_or_else(|| format!("document_type {doc_type:?} must be one of CC, CE, TI, PPT, PA"))?;
    let letters_allowed = matches!(
        document_type,
        DocumentType::PA | DocumentType::PPT | DocumentType::CE
    );
    let document_ok = !document.is_empty()
        && document.len() <= 20
        && document
            .chars()
            .all(|c| c.is_ascii_digit() || (letters_allowed && c.is_ascii_alphabetic()));
    if !document_ok {
        return Err(format!(
            "document_number {document:?} must be 1 to 20 digits{}",
            if letters_allowed { " or letters" } else { "" }
        ));
    }
    let full_name = clean_text("full_name", name, 120)?;
    let email_ok = email.len() <= 254
        && email.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty()
                && d.contains('.')
                && !d.starts_with('.')
                && !d.ends_with('.')
                && !d.contains('@')
        })
        && !email
            .chars()
            .any(|c| c.is_whitespace() || is_dangerous(c, false));
    if !email_ok {
        return Err(format!("email {email:?} is not a valid address"));
    }
    let mut digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 12 && digits.starts_with("57") {
        digits.drain(..2);
    }
    if digits.len() < 7
        || digits.len() > 10
        || phone
            .chars()
            .any(|c| !c.is_ascii_digit() && !" +-().".contains(c))
    {
        return Err(format!(
            "phone {phone:?} must be a Colombian number (7 to 10 digits, +57 optional)"
        ));
    }
    let birth_date: jiff::civil::Date = birth
        .parse()
        .map_err(|_| format!("birth_date {birth:?} must be a date YYYY-MM-DD"))?;
    let today = now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date();
    if birth_date >= today || birth_date.year() < 1900 {
        return Err(format!("birth_date {birth} must be a real past date"));
    }
    let kind = UserKind::parse(kind)
        .ok_or_else(|| format!("kind {kind:?} must be candidate or employee"))?;
    let status = UserStatus::parse(status).ok_or_else(|| {
        format!("status {status:?} must be active, locked, disabled or pending_activation")
    })?;
    Ok(NewUser {
        document_type,
        document_number: document.to_string(),
        full_name,
        email: email.to_string(),
        phone_digits: digits,
        birth_date,
        kind,
        status,
    })
}
