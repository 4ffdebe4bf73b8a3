//! The facts of one ticket: one flat record, which is exactly one row of
//! `inkdesk export` (for spreadsheets), read from its log and the policy.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::history::{Head, MISSED, Occurrence, history};
use super::peek::{At, Peek};
use crate::model::{Action, MISSABLE, Money, Status, Ticket};
use crate::policy::Policy;

/// One ticket as the review and the CSV export see it. Field names are the CSV columns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TicketFacts {
    pub shop: String,
    /// The shop's IANA time zone: periods are local months of each shop.
    pub timezone: String,
    pub id: String,
    pub kind: String,
    pub title: String,
    pub priority: String,
    /// How the complaint came in (`CHANNELS`; absent from older exports).
    #[serde(default)]
    pub channel: Option<String>,
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
    /// Entered within the policy's time of the call (`limits.entry`).
    pub entered_on_time: bool,
    /// The ticket's last event.
    pub last_event: DateTime<FixedOffset>,
    pub first_contact_at: Option<DateTime<FixedOffset>>,
    /// The last resolution (the one in force).
    pub resolved_at: Option<DateTime<FixedOffset>>,
    pub closed_at: Option<DateTime<FixedOffset>>,
    pub due_response: Option<DateTime<FixedOffset>>,
    pub due_resolution: Option<DateTime<FixedOffset>>,
    pub due_promised: Option<DateTime<FixedOffset>>,
    pub due_callback: Option<DateTime<FixedOffset>>,
    /// First contact by its deadline (empty: not contacted yet, not missed yet).
    pub response_on_time: Option<bool>,
    /// Every resolution deadline met (false once one was missed; empty: none met or
    /// missed yet).
    pub resolution_on_time: Option<bool>,
    /// The last promise kept (false once it was broken; empty: no promise, or pending).
    pub promise_kept: Option<bool>,
    /// When the customer was reached at the callback of the last resolution.
    pub callback_at: Option<DateTime<FixedOffset>>,
    /// The last callback made by its deadline (false once it passed; empty: pending).
    pub callback_on_time: Option<bool>,
    pub callback_attempts: u32,
    pub closed_without_callback: bool,
    pub max_level: u32,
    pub escalations: u32,
    pub reopens: u32,
    /// Deadlines missed so far, of every kind (the breach record).
    pub breaches: u32,
    /// Working minutes from opening to first contact.
    pub minutes_to_first_contact: Option<i64>,
    /// Working minutes from opening to the last resolution.
    pub minutes_to_resolution: Option<i64>,
    pub cause: Option<String>,
    pub remedy: Option<String>,
    pub cost: Option<Money>,
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
    "channel",
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
    "entered_on_time",
    "last_event",
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
    "breaches",
    "minutes_to_first_contact",
    "minutes_to_resolution",
    "cause",
    "remedy",
    "cost",
    "satisfaction",
];

impl TicketFacts {
    /// Returns what every history row of the ticket shares.
    pub fn head(&self) -> Head {
        let mut head = Head::default();
        self.head_into(&mut head);
        head
    }

    /// Makes `head` this ticket's, in the buffers it has (a read of many tickets
    /// allocates nothing for their heads).
    pub fn head_into(&self, head: &mut Head) {
        head.shop.clone_from(&self.shop);
        head.timezone.clone_from(&self.timezone);
        head.id.clone_from(&self.id);
        head.kind.clone_from(&self.kind);
        head.vip = self.vip;
        head.customer.clone_from(&self.customer);
        head.company.clone_from(&self.company);
        head.channel.clone_from(&self.channel);
    }
}

impl TicketFacts {
    /// Returns the facts a read command decides by.
    pub fn peek(&self) -> Peek<'_> {
        Peek {
            id: &self.id,
            status: &self.status,
            timezone: &self.timezone,
            phone: self.phone.as_deref(),
            opened: self.opened.into(),
            last: self.last_event.into(),
            resolved_at: self.resolved_at.map(At::from),
            closed_at: self.closed_at.map(At::from),
            due_promised: self.due_promised.map(At::from),
            due_callback: self.due_callback.map(At::from),
        }
    }

    /// Takes the facts a peek holds (into the buffers these facts have).
    pub fn set_peek(&mut self, p: &Peek) {
        for (text, from) in [
            (&mut self.id, p.id),
            (&mut self.status, p.status),
            (&mut self.timezone, p.timezone),
        ] {
            text.clear();
            text.push_str(from);
        }
        match p.phone {
            Some(from) => {
                let phone = self.phone.get_or_insert_with(String::new);
                phone.clear();
                phone.push_str(from);
            }
            None => self.phone = None,
        }
        self.opened = p.opened.time();
        self.last_event = p.last.time();
        self.resolved_at = p.resolved_at.map(At::time);
        self.closed_at = p.closed_at.map(At::time);
        self.due_promised = p.due_promised.map(At::time);
        self.due_callback = p.due_callback.map(At::time);
    }
}

/// Returns the facts of a ticket of a desk, as its log stands (a deadline in force is
/// not counted missed until an event after it passed; `Summary::facts_at` counts it).
pub fn facts(t: &Ticket, policy: &Policy) -> TicketFacts {
    facts_with(t, policy, &history(t, policy).rows)
}

/// Sets the on-time facts and the breach count from a ticket's history rows.
fn outcomes(f: &mut TicketFacts, rows: &[Occurrence]) {
    let mut last = [None; MISSABLE.len()];
    let mut missed = [false; MISSABLE.len()];
    let mut breaches = 0;
    for row in rows {
        for (i, d) in MISSABLE.iter().enumerate() {
            if row.action == MISSED && row.deadline == Some(*d) {
                last[i] = Some(false);
                missed[i] = true;
                breaches += 1;
            } else if row.met_on_time(d) {
                last[i] = Some(true);
            }
        }
    }
    let ever = |i: usize| if missed[i] { Some(false) } else { last[i] };
    f.response_on_time = ever(0);
    f.resolution_on_time = ever(2);
    f.promise_kept = last[3];
    f.callback_on_time = last[4];
    f.breaches = breaches;
}

pub(super) fn facts_with(t: &Ticket, policy: &Policy, rows: &[Occurrence]) -> TicketFacts {
    let cal = &policy.calendar;
    let local = |u: DateTime<chrono::Utc>| u.with_timezone(&cal.tz()).fixed_offset();
    let opened = t.opened.to_utc();
    let first_contact = t.first_contact();
    let resolved = t.resolved_at();
    let callback = t.callback_reached_at();
    let mut f = TicketFacts {
        shop: policy.file.shop.name.clone(),
        timezone: cal.tz().name().to_string(),
        id: t.id.to_string(),
        kind: t.kind.clone(),
        title: t.title.clone(),
        priority: t.priority.to_string(),
        channel: t.channel.clone(),
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
        entered_on_time: policy.entered_on_time(t.received.to_utc(), t.opened.to_utc()),
        last_event: t.log.last().map_or(t.opened, |e| e.at),
        first_contact_at: first_contact.map(local),
        resolved_at: resolved.map(local),
        closed_at: t.closed_at().map(local),
        due_response: t.due.response,
        due_resolution: t.due.resolution,
        due_promised: t.due.promised,
        due_callback: t.due.callback,
        response_on_time: None,
        resolution_on_time: None,
        promise_kept: None,
        callback_at: callback.map(local),
        callback_on_time: None,
        callback_attempts: t.callback_attempts(),
        closed_without_callback: t.status == Status::Closed && callback.is_none(),
        max_level: t.level,
        escalations: t.events(Action::Escalate).count() as u32,
        reopens: t.reopens() as u32,
        breaches: 0,
        minutes_to_first_contact: first_contact.map(|c| cal.working_minutes_between(opened, c)),
        minutes_to_resolution: resolved.map(|r| cal.working_minutes_between(opened, r)),
        cause: t
            .resolution
            .as_ref()
            .and_then(|r| r.cause)
            .map(|c| c.to_string()),
        remedy: t
            .resolution
            .as_ref()
            .and_then(|r| r.remedy)
            .map(|r| r.to_string()),
        cost: t.resolution.as_ref().and_then(|r| r.cost),
        satisfaction: t.satisfaction.map(|s| s.to_string()),
    };
    outcomes(&mut f, rows);
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle;
    use crate::model::{Cause, Remedy, Satisfaction};
    use crate::testkit::{act, open, outcome, policy};

    #[test]
    fn a_late_first_round_stays_late_after_an_on_time_second() {
        let p = policy();
        let mut t = open(&p, "complaint", "2026-11-02 10:00", true, 1); // resolution due Tue 10:00
        act(&p, &mut t, "2026-11-02 10:20", |t, a| {
            lifecycle::contact(t, a, None)
        })
        .unwrap();
        act(&p, &mut t, "2026-11-03 15:00", |t, a| {
            lifecycle::resolve(
                t,
                a,
                &lifecycle::Outcome {
                    approved_by: Some("zhou"),
                    ..outcome(Cause::Ours, Remedy::Reprint, Some(800.0))
                },
            )
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
        act(&p, &mut t, "2026-11-04 15:00", |t, a| {
            lifecycle::callback(
                t,
                a,
                lifecycle::Call::Reached(Satisfaction::Dissatisfied),
                None,
            )
        })
        .unwrap();
        act(&p, &mut t, "2026-11-04 16:00", |t, a| {
            lifecycle::resolve(
                t,
                a,
                &lifecycle::Outcome {
                    approved_by: Some("zhou"),
                    ..outcome(Cause::Ours, Remedy::Refund, Some(1200.0))
                },
            )
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
            (1, Money::from_units(1200.0), Some("refund"))
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
            lifecycle::resolve(t, a, &outcome(Cause::Supplier, Remedy::Explain, None))
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
