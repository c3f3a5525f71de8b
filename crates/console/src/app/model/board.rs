//! State of the dashboard («Tablero»): the desk's figures as the portal last gave them, whether a
//! read is under way or waiting for live events to settle, and which panel and bar the operator
//! is on.

use std::time::Duration;

use crate::app::msg::{BoardEffect, Effect};
use crate::app::portal_types::BoardFigures;
use contract::api::{ClockByAssignee, ClockCounts, PolicyRule};

/// The dashboard's panels, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoardPanel {
    /// Open tickets by the state of their legal clock, per assignee.
    Clock,
    /// The last 30 days: received and answered, and the share answered within term.
    Trend,
    /// The reset funnel, request to login.
    Funnel,
    /// The password rules that refused new passwords, most first.
    Rules,
    /// Calls by how they ended.
    Calls,
}

impl BoardPanel {
    pub const ALL: [BoardPanel; 5] = [
        BoardPanel::Clock,
        BoardPanel::Trend,
        BoardPanel::Funnel,
        BoardPanel::Rules,
        BoardPanel::Calls,
    ];
}

/// A column of the clock panel: one state of the legal clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    Overdue,
    DueToday,
    DueSoon,
    InTime,
}

impl ClockState {
    pub const ALL: [ClockState; 4] = [
        ClockState::Overdue,
        ClockState::DueToday,
        ClockState::DueSoon,
        ClockState::InTime,
    ];

    pub fn count(self, c: &ClockCounts) -> u64 {
        match self {
            ClockState::Overdue => c.overdue,
            ClockState::DueToday => c.due_today,
            ClockState::DueSoon => c.due_soon,
            ClockState::InTime => c.in_time,
        }
    }

    /// Catalog id of its whole-word label.
    pub fn label_key(self) -> &'static str {
        match self {
            ClockState::Overdue => "board.overdue",
            ClockState::DueToday => "board.due_today",
            ClockState::DueSoon => "board.due_soon",
            ClockState::InTime => "board.in_time",
        }
    }
}

/// A step of the reset funnel, with its catalog id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunnelStep {
    Requested,
    Sent,
    /// Handed to the mail server (the outbox's `relayed`, issue 25).
    Relayed,
    Bounced,
    Opened,
    Changed,
    LoggedIn,
}

impl FunnelStep {
    pub const ALL: [FunnelStep; 7] = [
        FunnelStep::Requested,
        FunnelStep::Sent,
        FunnelStep::Relayed,
        FunnelStep::Bounced,
        FunnelStep::Opened,
        FunnelStep::Changed,
        FunnelStep::LoggedIn,
    ];

    pub fn count(self, f: &BoardFigures) -> u64 {
        let n = &f.resets.funnel;
        match self {
            FunnelStep::Requested => n.requested_public + n.requested_by_operator,
            FunnelStep::Sent => n.sent,
            FunnelStep::Relayed => n.relayed,
            FunnelStep::Bounced => n.bounced,
            FunnelStep::Opened => n.link_opened,
            FunnelStep::Changed => n.password_changed,
            FunnelStep::LoggedIn => n.logged_in,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            FunnelStep::Requested => "board.funnel_requested",
            FunnelStep::Sent => "board.funnel_sent",
            FunnelStep::Relayed => "board.funnel_relayed",
            FunnelStep::Bounced => "board.funnel_bounced",
            FunnelStep::Opened => "board.funnel_opened",
            FunnelStep::Changed => "board.funnel_changed",
            FunnelStep::LoggedIn => "board.funnel_logged_in",
        }
    }
}

/// How many refused rules the dashboard lists.
pub const TOP_RULES: usize = 5;

#[derive(Debug, Clone, Default)]
pub struct BoardState {
    pub figures: Option<BoardFigures>,
    /// A read is under way (or waiting out its settling pause).
    pub loading: bool,
    /// Bumped by every read; an older answer is dropped.
    pub generation: u64,
    /// Live events arrived while a read was under way: one more read when it answers.
    pub dirty: bool,
    /// The desk-wide stream is connected.
    pub live: bool,
    pub panel: usize,
    /// The bar (row) in the panel.
    pub row: usize,
    /// The clock panel's column (a [`ClockState`]).
    pub col: usize,
}

impl BoardState {
    /// The figures again, after `after` (zero: now); an older read still out is superseded.
    pub fn reload(&mut self, after: Duration) -> Vec<Effect> {
        self.generation += 1;
        self.loading = true;
        self.dirty = false;
        vec![Effect::Board(BoardEffect::LoadBoard {
            generation: self.generation,
            after,
        })]
    }

    pub fn panel(&self) -> BoardPanel {
        BoardPanel::ALL
            .get(self.panel)
            .copied()
            .unwrap_or(BoardPanel::Clock)
    }

    /// The rows of the clock panel (unassigned first, then by id, as the portal sends them).
    pub fn assignees(&self) -> &[ClockByAssignee] {
        self.figures
            .as_ref()
            .map_or(&[][..], |f| f.pqr.by_assignee.as_slice())
    }

    /// The refused rules shown, most first.
    pub fn rules(&self) -> Vec<(PolicyRule, u64)> {
        self.figures.as_ref().map_or_else(Vec::new, |f| {
            f.resets
                .refused_rules
                .iter()
                .take(TOP_RULES)
                .map(|r| (r.rule, r.count))
                .collect()
        })
    }

    /// How many bars the panel has (the rows j/k move through).
    pub fn rows(&self, panel: BoardPanel) -> usize {
        match panel {
            BoardPanel::Clock => self.assignees().len(),
            BoardPanel::Trend => 0,
            BoardPanel::Funnel => FunnelStep::ALL.len(),
            BoardPanel::Rules => self.rules().len(),
            BoardPanel::Calls => 4,
        }
    }

    /// The clock column selected.
    pub fn clock_state(&self) -> ClockState {
        ClockState::ALL
            .get(self.col)
            .copied()
            .unwrap_or(ClockState::Overdue)
    }
}
