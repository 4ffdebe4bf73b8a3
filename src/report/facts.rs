//! The facts of one ticket that the review counts: one flat record, which is exactly one
//! row of `inkdesk export`. The review reads only these, so it gives the same numbers
//! from a desk or from its export, and from several shops' exports as from their union.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::model::{Action, Due, Status, Ticket, serialize_money};
use crate::policy::Policy;
use crate::policy::deadlines::Clock;

/// One ticket as the review and the CSV export see it. Field names are the CSV columns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TicketFacts {
    pub shop: String,
    /// The shop's IANA time zone: periods are local months of each shop.
    pub timezone: String,
    pub id: String,
    pub kind: String,
    pub title: String,
    pub priority: String,
    pub status: String,
    pub vip: bool,
    pub customer: String,
    pub company: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub assignee: Option<String>,
    pub department: Option<String>,
    pub received: DateTime<FixedOffset>,
    pub opened: DateTime<FixedOffset>,
    pub first_contact_at: Option<DateTime<FixedOffset>>,
    /// The last resolution (the one in force).
    pub resolved_at: Option<DateTime<FixedOffset>>,
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub due_response: Option<DateTime<FixedOffset>>,
    pub due_resolution: Option<DateTime<FixedOffset>>,
    pub due_promised: Option<DateTime<FixedOffset>>,
    pub due_callback: Option<DateTime<FixedOffset>>,
    /// First contact by its deadline (empty: not contacted yet).
    pub response_on_time: Option<bool>,
    /// Every resolution by the deadline then in force (empty: never resolved).
    pub resolution_on_time: Option<bool>,
    /// Resolved by the promised date (empty: no promise, or not resolved yet).
    pub promise_kept: Option<bool>,
    /// When the customer was reached at the callback of the last resolution.
    pub callback_at: Option<DateTime<FixedOffset>>,
    /// Reached by the callback deadline (empty: not reached yet).
    pub callback_on_time: Option<bool>,
    pub callback_attempts: u32,
    pub closed_without_callback: bool,
    pub max_level: u32,
    pub escalations: u32,
    pub reopens: u32,
    /// Working minutes from opening to first contact.
    pub minutes_to_first_contact: Option<i64>,
    /// Working minutes from opening to the last resolution.
    pub minutes_to_resolution: Option<i64>,
    pub cause: Option<String>,
    pub remedy: Option<String>,
    #[serde(serialize_with = "serialize_money")]
    pub cost: Option<f64>,
    pub satisfaction: Option<String>,
}

/// The CSV columns, in order.
pub const COLUMNS: &[&str] = &[
    "shop",
    "timezone",
    "id",
    "kind",
    "title",
    "priority",
    "status",
    "vip",
    "customer",
    "company",
    "phone",
    "email",
    "assignee",
    "department",
    "received",
    "opened",
    "first_contact_at",
    "resolved_at",
    "closed_at",
    "due_response",
    "due_resolution",
    "due_promised",
    "due_callback",
    "response_on_time",
    "resolution_on_time",
    "promise_kept",
    "callback_at",
    "callback_on_time",
    "callback_attempts",
    "closed_without_callback",
    "max_level",
    "escalations",
    "reopens",
    "minutes_to_first_contact",
    "minutes_to_resolution",
    "cause",
    "remedy",
    "cost",
    "satisfaction",
];

/// The few facts of a ticket by which a read command decides whether it needs the rest;
/// the desk index gives them without decoding the whole summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Peek<'a> {
    pub id: &'a str,
    pub status: &'a str,
    pub timezone: &'a str,
    pub opened: DateTime<FixedOffset>,
    pub resolved_at: Option<DateTime<FixedOffset>>,
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub due_promised: Option<DateTime<FixedOffset>>,
    pub due_callback: Option<DateTime<FixedOffset>>,
}

impl TicketFacts {
    /// Returns the facts a read command decides by.
    pub fn peek(&self) -> Peek<'_> {
        Peek {
            id: &self.id,
            status: &self.status,
            timezone: &self.timezone,
            opened: self.opened,
            resolved_at: self.resolved_at,
            closed_at: self.closed_at,
            due_promised: self.due_promised,
            due_callback: self.due_callback,
        }
    }
}

/// What the read commands need of a ticket, kept in the desk index: its facts, and the
/// few things the overdue list and the escalation rules read besides.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub facts: TicketFacts,
    pub due_progress: Option<DateTime<FixedOffset>>,
    pub waiting_since: Option<DateTime<FixedOffset>>,
    /// When the ticket reached its current level (its last escalation).
    pub level_since: Option<DateTime<FixedOffset>>,
}

impl Summary {
    /// Summarises a ticket of a desk.
    pub fn of(t: &Ticket, policy: &Policy) -> Summary {
        let local =
            |u: DateTime<chrono::Utc>| u.with_timezone(&policy.calendar.tz()).fixed_offset();
        Summary {
            facts: facts(t, policy),
            due_progress: t.due.progress,
            waiting_since: t.waiting_since().map(local),
            level_since: t.events(Action::Escalate).last().map(|e| e.at),
        }
    }

    /// Returns the deadline clock of the ticket.
    pub fn clock(&self) -> Clock {
        let f = &self.facts;
        let utc = |t: Option<DateTime<FixedOffset>>| t.map(|t| t.to_utc());
        Clock {
            status: Status::parse(&f.status).unwrap_or(Status::Open),
            due: Due {
                response: f.due_response,
                progress: self.due_progress,
                resolution: f.due_resolution,
                promised: f.due_promised,
                callback: f.due_callback,
            },
            first_contact: utc(f.first_contact_at),
            resolved_at: utc(f.resolved_at),
            callback_at: utc(f.callback_at),
            waiting_since: utc(self.waiting_since),
        }
    }
}

/// Returns the facts of a ticket of a desk.
pub fn facts(t: &Ticket, policy: &Policy) -> TicketFacts {
    let cal = &policy.calendar;
    let local = |u: DateTime<chrono::Utc>| u.with_timezone(&cal.tz()).fixed_offset();
    let opened = t.opened.to_utc();
    let first_contact = t.first_contact();
    let resolved = t.resolved_at();
    let callback = t.callback_reached_at();
    let on_time =
        |met: Option<DateTime<chrono::Utc>>, due: Option<DateTime<FixedOffset>>| match (met, due) {
            (Some(m), Some(d)) => Some(m <= d.to_utc()),
            (Some(_), None) => Some(true),
            _ => None,
        };
    TicketFacts {
        shop: policy.file.shop.name.clone(),
        timezone: cal.tz().name().to_string(),
        id: t.id.to_string(),
        kind: t.kind.clone(),
        title: t.title.clone(),
        priority: t.priority.to_string(),
        status: t.status.to_string(),
        vip: t.customer.vip,
        customer: t.customer.name.clone(),
        company: t.customer.company.clone(),
        phone: t.customer.phone.clone(),
        email: t.customer.email.clone(),
        assignee: t.assignee.clone(),
        department: t.department.clone(),
        received: t.received,
        opened: t.opened,
        first_contact_at: first_contact.map(local),
        resolved_at: resolved.map(local),
        closed_at: t.closed_at().map(local),
        due_response: t.due.response,
        due_resolution: t.due.resolution,
        due_promised: t.due.promised,
        due_callback: t.due.callback,
        response_on_time: on_time(first_contact, t.due.response),
        resolution_on_time: every_resolution_on_time(t),
        promise_kept: t
            .due
            .promised
            .and_then(|p| resolved.map(|r| r <= p.to_utc())),
        callback_at: callback.map(local),
        callback_on_time: on_time(callback, t.due.callback),
        callback_attempts: t.callback_attempts(),
        closed_without_callback: t.status == Status::Closed && callback.is_none(),
        max_level: t.level,
        escalations: t.events(Action::Escalate).count() as u32,
        reopens: t.reopens() as u32,
        minutes_to_first_contact: first_contact.map(|c| cal.working_minutes_between(opened, c)),
        minutes_to_resolution: resolved.map(|r| cal.working_minutes_between(opened, r)),
        cause: t.resolution.as_ref().map(|r| r.cause.to_string()),
        remedy: t.resolution.as_ref().map(|r| r.remedy.to_string()),
        cost: t.resolution.as_ref().and_then(|r| r.cost),
        satisfaction: t.satisfaction.map(|s| s.to_string()),
    }
}

/// A logged move of the resolution deadline.
struct DueChange {
    at: DateTime<FixedOffset>,
    from: Option<DateTime<FixedOffset>>,
    to: Option<DateTime<FixedOffset>>,
}

/// Whether every resolution met the deadline in force when it was made: a deadline
/// missed in an earlier round stays missed after a reopen.
fn every_resolution_on_time(t: &Ticket) -> Option<bool> {
    let parse = |s: &Option<String>| {
        s.as_deref()
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
    };
    let changes: Vec<DueChange> = t
        .events(Action::Due)
        .filter(|e| e.deadline.as_deref() == Some("resolution"))
        .map(|e| DueChange {
            at: e.at,
            from: parse(&e.from),
            to: parse(&e.to),
        })
        .collect();
    let mut any = false;
    for resolve in t.events(Action::Resolve) {
        any = true;
        let due = match changes.iter().rev().find(|c| c.at <= resolve.at) {
            Some(change) => change.to,
            None => changes.first().map_or(t.due.resolution, |c| c.from),
        };
        if due.is_some_and(|d| resolve.at > d) {
            return Some(false);
        }
    }
    any.then_some(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle;
    use crate::model::{Cause, Remedy, Satisfaction};
    use crate::testkit::{act, open, policy};

    #[test]
    fn a_late_first_round_stays_late_after_an_on_time_second() {
        let p = policy();
        let mut t = open(&p, "complaint", "2026-11-02 10:00", true, 1); // resolution due Tue 10:00
        act(&p, &mut t, "2026-11-02 10:20", |t, a| {
            lifecycle::contact(t, a, None)
        })
        .unwrap();
        act(&p, &mut t, "2026-11-03 15:00", |t, a| {
            lifecycle::resolve(t, a, Cause::Ours, Remedy::Reprint, "reprint", Some(800.0))
        })
        .unwrap();
        let f = facts(&t, &p);
        assert_eq!(
            (f.response_on_time, f.resolution_on_time),
            (Some(true), Some(false))
        );
        assert_eq!(f.minutes_to_first_contact, Some(20));
        assert_eq!(
            f.minutes_to_resolution,
            Some(480 + 360),
            "Mon 10:00–18:00 and Tue 09:00–15:00"
        );
        act(&p, &mut t, "2026-11-04 10:00", |t, a| {
            lifecycle::callback(t, a, true, Some(Satisfaction::Dissatisfied), None)
        })
        .unwrap();
        act(&p, &mut t, "2026-11-04 11:00", |t, a| {
            lifecycle::resolve(t, a, Cause::Ours, Remedy::Refund, "refund", Some(1200.0))
        })
        .unwrap();
        let f = facts(&t, &p);
        assert_eq!(
            f.resolution_on_time,
            Some(false),
            "the first round was late"
        );
        assert_eq!(
            (f.reopens, f.cost, f.remedy.as_deref()),
            (1, Some(1200.0), Some("refund"))
        );
        assert_eq!(
            f.callback_at, None,
            "the callback of the last resolution is still to come"
        );
    }

    #[test]
    fn waiting_moves_the_deadline_a_resolution_is_judged_by() {
        let p = policy();
        let mut t = open(&p, "complaint", "2026-11-02 10:00", false, 1); // due Tue 10:00
        act(&p, &mut t, "2026-11-02 11:00", |t, a| {
            lifecycle::set_status(t, a, Status::Waiting, None)
        })
        .unwrap();
        // Resolved while waiting, Wed 10:00: the wait (Mon 11:00 – Wed 10:00) moved the deadline.
        act(&p, &mut t, "2026-11-04 10:00", |t, a| {
            lifecycle::resolve(t, a, Cause::Supplier, Remedy::Explain, "paper", None)
        })
        .unwrap();
        assert_eq!(facts(&t, &p).resolution_on_time, Some(true));
    }

    #[test]
    fn the_columns_are_the_fields() {
        let p = policy();
        let t = open(&p, "consult", "2026-11-02 10:00", false, 1);
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(facts(&t, &p)).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next().unwrap(), COLUMNS.join(","));
    }
}
