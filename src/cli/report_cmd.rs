//! `helpdesk report pqr --from D --to D [--format csv|json] [--out FILE] [--lang en]`: the
//! monthly PQR report — every ticket received or open in the period with its legal term and
//! whether it was met, and a summary per type — read from the portal through the client, like
//! the console. Files are written private (0600); CSV cells cannot start a formula.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::api::{PqrReportRow, PqrType};
use crate::client::{ClientConfig, PortalClient};
use crate::config::{self, Flags};
use crate::i18n::{Lang, tr, trf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Csv,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct PqrReportArgs {
    /// First Bogotá day of the period (YYYY-MM-DD), included.
    #[arg(long, value_parser = parse_date)]
    pub from: Date,
    /// Last Bogotá day of the period (YYYY-MM-DD), included.
    #[arg(long, value_parser = parse_date)]
    pub to: Date,
    /// csv (default) or json.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: ReportFormat,
    /// Write the report to this file (mode 0600) instead of the standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Language of the CSV's headers and words: es (default) or en.
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|e| format!("{s:?} is not a date (YYYY-MM-DD): {e}"))
}

/// One type's line of the summary (also the total's, with `type` absent).
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct TypeSummary {
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub pqr_type: Option<PqrType>,
    pub total: u64,
    pub answered: u64,
    pub within_term: u64,
    /// Answered late, or open past the due date.
    pub late: u64,
    pub open: u64,
    /// `within_term / (within_term + late)`; `null` when neither.
    pub share_within_term: Option<f64>,
}

impl TypeSummary {
    fn add(&mut self, row: &PqrReportRow) {
        self.total += 1;
        if row.answered_at.is_some() {
            self.answered += 1;
        } else {
            self.open += 1;
        }
        match row.within_term {
            Some(true) => self.within_term += 1,
            Some(false) => self.late += 1,
            None => {}
        }
        let judged = self.within_term + self.late;
        self.share_within_term = (judged > 0).then(|| self.within_term as f64 / judged as f64);
    }
}

/// Every type in the contract's order, then the total.
pub fn summary(rows: &[PqrReportRow]) -> Vec<TypeSummary> {
    let mut out: Vec<TypeSummary> = PqrType::ALL
        .into_iter()
        .map(|t| TypeSummary {
            pqr_type: Some(t),
            ..Default::default()
        })
        .collect();
    let mut total = TypeSummary::default();
    for row in rows {
        if let Some(line) = out.iter_mut().find(|s| s.pqr_type == Some(row.pqr_type)) {
            line.add(row);
        }
        total.add(row);
    }
    out.push(total);
    out
}

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) starts with an apostrophe instead (OWASP, CSV injection).
pub fn safe_cell(value: &str) -> String {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    }
}

fn bogota_time(t: jiff::Timestamp, tz: &TimeZone) -> String {
    let z = t.to_zoned_datetime(tz.clone());
    format!("{} {:02}:{:02}", z.date(), z.hour(), z.minute())
}

/// The report as CSV: the rows, a blank line, then the summary per type.
pub fn to_csv(rows: &[PqrReportRow], lang: Lang) -> anyhow::Result<Vec<u8>> {
    let tz = TimeZone::get("America/Bogota")?;
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let yes_no = |b: Option<bool>| match b {
        Some(true) => tr(lang, "report.yes"),
        Some(false) => tr(lang, "report.no"),
        None => "",
    };
    w.write_record(
        [
            "col_radicado",
            "col_type",
            "col_channel",
            "col_status",
            "col_received",
            "col_due",
            "col_extension",
            "col_answered",
            "col_days",
            "col_within",
            "col_assignee",
        ]
        .map(|k| tr(lang, &format!("report.{k}"))),
    )?;
    for r in rows {
        let cells = [
            r.radicado.clone(),
            tr(lang, &format!("pqr_type.{}", r.pqr_type.as_str())).to_string(),
            tr(lang, &format!("channel.{}", r.channel.as_str())).to_string(),
            tr(lang, &format!("pqr_status.{}", r.status.as_str())).to_string(),
            bogota_time(r.received_at, &tz),
            r.due_date.to_string(),
            r.extended_to.map(|d| d.to_string()).unwrap_or_default(),
            r.answered_at
                .map(|t| bogota_time(t, &tz))
                .unwrap_or_default(),
            r.business_days_taken
                .map(|d| d.to_string())
                .unwrap_or_default(),
            yes_no(r.within_term).to_string(),
            r.assignee
                .as_ref()
                .map(|a| a.name.clone())
                .unwrap_or_default(),
        ];
        w.write_record(cells.iter().map(|c| safe_cell(c)))?;
    }
    w.write_record([""])?;
    w.write_record(
        [
            "sum_type",
            "sum_total",
            "sum_answered",
            "sum_within",
            "sum_late",
            "sum_open",
            "sum_share",
        ]
        .map(|k| tr(lang, &format!("report.{k}"))),
    )?;
    for s in summary(rows) {
        let name = match s.pqr_type {
            Some(t) => tr(lang, &format!("pqr_type.{}", t.as_str())),
            None => tr(lang, "report.total"),
        };
        let share = s
            .share_within_term
            .map(|v| format!("{:.1}", v * 100.0))
            .unwrap_or_default();
        w.write_record(
            [
                name.to_string(),
                s.total.to_string(),
                s.answered.to_string(),
                s.within_term.to_string(),
                s.late.to_string(),
                s.open.to_string(),
                share,
            ]
            .iter()
            .map(|c| safe_cell(c)),
        )?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))
}

#[derive(Serialize)]
struct JsonReport<'a> {
    from: Date,
    to: Date,
    rows: &'a [PqrReportRow],
    summary: Vec<TypeSummary>,
}

/// `helpdesk report pqr`
pub fn pqr(args: PqrReportArgs, flags: &Flags) -> anyhow::Result<ExitCode> {
    let env = |name: &str| std::env::var(name).ok();
    let settings = match config::resolve(flags, &env, config::config_dir().as_deref()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("helpdesk: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let lang = args.lang.unwrap_or(settings.lang);
    if args.from > args.to {
        eprintln!("{}", tr(lang, "report.bad_period"));
        return Ok(ExitCode::from(2));
    }
    let client = PortalClient::new(
        &settings.portal_url,
        &settings.token,
        ClientConfig::default(),
    )?;
    let runtime = super::runtime()?;
    let rows = runtime.block_on(async {
        let mut rows = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let page = client
                .pqr_report(
                    args.from,
                    args.to,
                    crate::api::MAX_PAGE_LIMIT,
                    cursor.as_deref(),
                )
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))
                .context("the portal did not give the report")?;
            rows.extend(page.items);
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        anyhow::Ok(rows)
    })?;
    let bytes = match args.format {
        ReportFormat::Csv => to_csv(&rows, lang)?,
        ReportFormat::Json => {
            let mut v = serde_json::to_vec_pretty(&JsonReport {
                from: args.from,
                to: args.to,
                rows: &rows,
                summary: summary(&rows),
            })?;
            v.push(b'\n');
            v
        }
    };
    match &args.out {
        Some(path) => {
            // Radicados and assignees: private like every file the project writes.
            let text = String::from_utf8(bytes).context("the report is not UTF-8")?;
            config::write_private(path, &text)?;
            eprintln!(
                "{}",
                trf(
                    lang,
                    "report.written",
                    &[
                        ("n", &rows.len().to_string()),
                        ("path", &path.display().to_string())
                    ]
                )
            );
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_would_be_formulas_are_quoted() {
        for bad in ["=1+1", "+57 300", "-2", "@SUM(A1)", "\t=x", "\r=x"] {
            assert!(safe_cell(bad).starts_with('\''), "{bad:?}");
        }
        for fine in ["PQR-2026-000001", "Ana", "2026-03-02", "", "15"] {
            assert_eq!(safe_cell(fine), fine);
        }
    }
}
