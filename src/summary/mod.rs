//! What the read commands know of a ticket without its file: its facts (one row of
//! `inkdesk export`), its history (what the review counts), the peek a read decides by,
//! and the morning list made from them.
//!
//! This floor stands on the model and the policy and below everything that reads a
//! desk: the store's index keeps summaries, the report counts them, the commands list
//! them. It is pure: it takes a ticket (or a summary) and `now`, and returns values.

pub mod care;
pub mod facts;
pub mod history;
pub mod overdue;
pub mod peek;
pub mod shift;

use chrono::{DateTime, FixedOffset};

use crate::model::{Action, Due, Status, Ticket};
use crate::policy::Policy;
use crate::policy::deadlines::Clock;
use facts::facts_with;

pub use facts::{COLUMNS, TicketFacts, facts};
pub use history::{Head, History, Live, Occurrence, history};
pub use peek::{At, Peek};

/// What the read commands need of a ticket, kept in the desk index: its facts, the
/// deadlines in force, and the few things the overdue list and the escalation rules
/// read besides. Its history rows are not part of it: the review reads a [`Story`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub facts: TicketFacts,
    /// The deadlines in force at the last event (missed once `now` passes them).
    pub live: Vec<Live>,
    pub due_progress: Option<DateTime<FixedOffset>>,
    /// The second check, dispatch and delivery still owed (kept until made).
    pub due_recheck: Option<DateTime<FixedOffset>>,
    pub due_dispatch: Option<DateTime<FixedOffset>>,
    pub due_delivery: Option<DateTime<FixedOffset>>,
    pub waiting_since: Option<DateTime<FixedOffset>>,
    /// When the work was last restarted (a reopen).
    pub restarted_at: Option<DateTime<FixedOffset>>,
    /// When the ticket reached its current level (its last escalation).
    pub level_since: Option<DateTime<FixedOffset>>,
}

/// What the review and the events export need of a ticket: what every row shares, and
/// what happened to it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Story {
    pub head: Head,
    pub history: History,
}

/// Summarises a ticket of a desk: its summary, and the rows of its history fixed by
/// its log (the deadlines in force are the summary's `live`).
pub fn derive(t: &Ticket, policy: &Policy) -> (Summary, Vec<Occurrence>) {
    let local = |u: DateTime<chrono::Utc>| u.with_timezone(&policy.calendar.tz()).fixed_offset();
    let History { rows, live } = history(t, policy);
    let summary = Summary {
        facts: facts_with(t, policy, &rows),
        live,
        due_progress: t.due.progress,
        due_recheck: t.due.recheck,
        due_dispatch: t.due.dispatch,
        due_delivery: t.due.delivery,
        waiting_since: t.waiting_since().map(local),
        restarted_at: t.restarted_at().map(local),
        level_since: t.events(Action::Escalate).last().map(|e| e.at),
    };
    (summary, rows)
}

impl Summary {
    /// Summarises a ticket of a desk.
    pub fn of(t: &Ticket, policy: &Policy) -> Summary {
        derive(t, policy).0
    }

    /// Returns the facts as they stand at `now`: deadlines in force that have passed
    /// by then count as missed (they come after every event, so they are the last
    /// outcome of their deadline).
    pub fn facts_at(&self, now: chrono::DateTime<chrono::Utc>) -> TicketFacts {
        let mut f = self.facts.clone();
        for live in self.live.iter().filter(|l| l.from.to_utc() < now) {
            f.breaches += 1;
            match live.deadline {
                "response" => f.response_on_time = Some(false),
                "resolution" => f.resolution_on_time = Some(false),
                "promised" => f.promise_kept = Some(false),
                "callback" => f.callback_on_time = Some(false),
                _ => {}
            }
        }
        f
    }

    /// Returns the deadline clock of the ticket.
    pub fn clock(&self) -> Clock {
        let f = &self.facts;
        let utc = |t: Option<DateTime<FixedOffset>>| t.map(|t| t.to_utc());
        Clock {
            status: Status::parse(&f.status).unwrap_or(Status::Open),
            received: f.received.to_utc(),
            restarted: utc(self.restarted_at),
            due: Due {
                response: f.due_response,
                progress: self.due_progress,
                resolution: f.due_resolution,
                promised: f.due_promised,
                callback: f.due_callback,
                recheck: self.due_recheck,
                dispatch: self.due_dispatch,
                delivery: self.due_delivery,
            },
            first_contact: utc(f.first_contact_at),
            resolved_at: utc(f.resolved_at),
            callback_at: utc(f.callback_at),
            waiting_since: utc(self.waiting_since),
        }
    }
}

impl Story {
    /// The story of a ticket of a desk.
    pub fn of(t: &Ticket, policy: &Policy) -> Story {
        let (summary, rows) = derive(t, policy);
        Story::from_parts(summary, rows)
    }

    /// The story told by a ticket's summary and its fixed history rows.
    pub fn from_parts(summary: Summary, rows: Vec<Occurrence>) -> Story {
        Story {
            head: summary.facts.head(),
            history: History {
                rows,
                live: summary.live,
            },
        }
    }
}
