//! The figures of the desk (issue 17): PQR clock health, the reset funnel, calls by outcome, and
//! the monthly PQR report's rows. Agents get their own figures, supervisors the desk's.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::endpoint::{Endpoint, Method};
use super::ingress::{Ingress, line, no_text};

use super::pqr::{Channel, PqrAssignee, PqrStatus, PqrType};
use super::types::PolicyRule;

/// Whose figures an answer holds: the operator's own (agents) or the whole desk's (supervisors).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum StatsScope {
    Mine,
    Desk,
    #[serde(other)]
    Unknown,
}

/// Open tickets by the state of their legal clock. `open` is the sum of the other five.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ClockCounts {
    /// Running clock, due date before today.
    pub overdue: u64,
    pub due_today: u64,
    /// Due after today and within `due_soon_days` business days.
    pub due_soon: u64,
    /// Due later than that.
    pub in_time: u64,
    /// Waiting on the requester: the clock is stopped.
    pub suspended: u64,
    pub open: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClockByType {
    #[serde(rename = "type")]
    pub pqr_type: PqrType,
    #[serde(flatten)]
    pub counts: ClockCounts,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClockByAssignee {
    /// `null`: unassigned.
    pub assignee: Option<PqrAssignee>,
    #[serde(flatten)]
    pub counts: ClockCounts,
}

/// Tickets received and answered on one Bogotá day.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DailyFlow {
    pub day: Date,
    pub received: u64,
    pub answered: u64,
}

/// Tickets answered in the window, and how many of them on or before their legal due date.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AnsweredInTerm {
    pub total: u64,
    pub within_term: u64,
    /// `within_term / total`, `null` when nothing was answered.
    pub share: Option<f64>,
}

/// `GET /api/v1/stats/pqr`
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PqrStats {
    pub scope: StatsScope,
    pub today: Date,
    pub due_soon_days: u32,
    pub clock: ClockCounts,
    /// Every type, in the contract's order.
    pub by_type: Vec<ClockByType>,
    /// Each assignee with open tickets (unassigned first), by id.
    pub by_assignee: Vec<ClockByAssignee>,
    /// The last `days` Bogotá days, oldest first, today last.
    pub daily: Vec<DailyFlow>,
    /// Over the same days.
    pub answered: AnsweredInTerm,
}

impl Ingress for PqrStats {
    fn sanitized(mut self) -> Self {
        for row in &mut self.by_assignee {
            if let Some(a) = &mut row.assignee {
                line(&mut a.name);
            }
        }
        self
    }
}

/// The reset funnel of a period: from the request to the first login with the new password.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct ResetFunnel {
    /// «Enviar Correo» pressed on the portal for a known address.
    pub requested_public: u64,
    /// Links an operator asked for (sent or bounced).
    pub requested_by_operator: u64,
    pub sent: u64,
    /// Reset-link emails the mail server accepted (250), from the outbox (issue 25).
    #[serde(default)]
    pub relayed: u64,
    /// Reset-link emails that came back (a delivery status notification), and the demo's
    /// earlier `reset_email_bounced` refusals.
    pub bounced: u64,
    pub link_opened: u64,
    pub password_changed: u64,
    /// Password changes followed by a successful login of the same user.
    pub logged_in: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RuleCount {
    pub rule: PolicyRule,
    pub count: u64,
}

/// `GET /api/v1/stats/resets`
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ResetStats {
    pub scope: StatsScope,
    pub from: Date,
    pub to: Date,
    pub funnel: ResetFunnel,
    /// Median time from the link's request to the password change, over the changes made.
    pub median_seconds_to_change: Option<i64>,
    /// The rules that refused new passwords, most first (the desk's, whatever the scope).
    pub refused_rules: Vec<RuleCount>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct CallCounts {
    pub resuelto: u64,
    pub escalado_pqr: u64,
    pub identidad_no_verificada: u64,
    pub llamada_cortada: u64,
}

/// `GET /api/v1/stats/calls`
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CallStats {
    pub scope: StatsScope,
    pub from: Date,
    pub to: Date,
    pub total: u64,
    pub by_outcome: CallCounts,
}

/// One row of `GET /api/v1/reports/pqr`: a ticket received or open in the period.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PqrReportRow {
    pub id: i64,
    pub radicado: String,
    #[serde(rename = "type")]
    pub pqr_type: PqrType,
    pub channel: Channel,
    pub status: PqrStatus,
    pub received_at: Timestamp,
    /// The legal due date now (after an extension and the days waited).
    pub due_date: Date,
    pub original_due_date: Date,
    /// The date an extension (prórroga) set, if any.
    pub extended_to: Option<Date>,
    pub answered_at: Option<Timestamp>,
    /// Business days from receipt to the answer (`null` while open).
    pub business_days_taken: Option<i64>,
    /// Answered on or before the due date; `false` too when open and overdue; `null` while open
    /// in time.
    pub within_term: Option<bool>,
    pub assignee: Option<PqrAssignee>,
}

impl Ingress for PqrReportRow {
    fn sanitized(mut self) -> Self {
        line(&mut self.radicado);
        if let Some(a) = &mut self.assignee {
            line(&mut a.name);
        }
        self
    }
}

no_text!(ResetStats, CallStats);

/// `from` and `to` as the stats' query parameters (`None`: the portal's default, the last 30
/// Bogotá days).
pub fn period_pairs(from: Option<Date>, to: Option<Date>) -> Vec<(&'static str, String)> {
    let mut q = Vec::new();
    if let Some(f) = from {
        q.push(("from", f.to_string()));
    }
    if let Some(t) = to {
        q.push(("to", t.to_string()));
    }
    q
}

/// `GET /api/v1/stats/pqr`: the PQR clocks and the last 30 days, the agent's own or the desk's
/// for a supervisor.
#[derive(Debug, Clone, PartialEq)]
pub struct GetPqrStats;

impl Endpoint for GetPqrStats {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v1/stats/pqr";
    type Answer = PqrStats;
}

/// `GET /api/v1/stats/resets`: the reset funnel of a period of Bogotá days.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GetResetStats {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Endpoint for GetResetStats {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v1/stats/resets";
    type Answer = ResetStats;

    fn query(&self) -> Vec<(&'static str, String)> {
        period_pairs(self.from, self.to)
    }
}

/// `GET /api/v1/stats/calls`: calls by outcome in a period of Bogotá days.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GetCallStats {
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Endpoint for GetCallStats {
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/api/v1/stats/calls";
    type Answer = CallStats;

    fn query(&self) -> Vec<(&'static str, String)> {
        period_pairs(self.from, self.to)
    }
}
