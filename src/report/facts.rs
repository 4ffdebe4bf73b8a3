//! The facts of one ticket: one flat record, which is exactly one row of
//! `inkdesk export` (for spreadsheets), and the summary the read commands keep of each
//! ticket in the desk index: the facts, the ticket's history (what the review counts,
//! `report/history.rs`) and what the overdue list reads besides.

use chrono::{DateTime, FixedOffset, Offset};
use serde::{Deserialize, Serialize};

use super::history::{Head, History, MISSED, Occurrence, history};
use crate::model::{Action, Due, Status, Ticket, serialize_money};
use crate::policy::Policy;
use crate::policy::deadlines::Clock;

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

/// The few facts of a ticket by which a read command decides whether it needs the rest;
/// the desk index gives them without decoding the whole summary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Peek<'a> {
    pub id: &'a str,
    pub status: &'a str,
    pub timezone: &'a str,
    /// The customer's phone: a caller is found without decoding the rest.
    pub phone: Option<&'a str>,
    pub opened: At,
    /// The ticket's last event.
    pub last: At,
    pub resolved_at: Option<At>,
    pub closed_at: Option<At>,
    pub due_promised: Option<At>,
    pub due_callback: Option<At>,
}

/// An instant as a peek holds it: seconds since the epoch, nanoseconds, and the offset
/// it was written with. Comparing instants needs only `unix`; `time` makes the date and
/// time, which costs more and which a read of a whole desk mostly does without.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    secs: i64,
    nanos: u32,
    offset: i32,
}

impl At {
    /// The first second of the year 1 and the last of the year 9999: a ticket's
    /// instants lie between (they are written with four-digit years).
    const FIRST: i64 = -62_135_596_800;
    const LAST: i64 = 253_402_300_799;

    /// An instant from its parts; `None` unless it is one `time` can make.
    pub fn new(secs: i64, nanos: u32, offset: i32) -> Option<At> {
        // A leap second is written as second 59 with 1,000,000,000 nanoseconds or more.
        let leap = || nanos < 2_000_000_000 && secs.rem_euclid(60) == 59;
        ((Self::FIRST..=Self::LAST).contains(&secs)
            && (nanos < 1_000_000_000 || leap())
            && offset.abs() < 86_400)
            .then_some(At {
                secs,
                nanos,
                offset,
            })
    }

    /// Seconds since the epoch (the fraction dropped).
    pub fn unix(self) -> i64 {
        self.secs
    }

    /// The instant as a date and time, with the offset it was written with.
    pub fn time(self) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.offset).unwrap_or(chrono::Utc.fix());
        DateTime::from_timestamp(self.secs, self.nanos)
            .unwrap_or_default()
            .with_timezone(&offset)
    }
}

impl From<DateTime<FixedOffset>> for At {
    fn from(t: DateTime<FixedOffset>) -> At {
        At {
            secs: t.timestamp(),
            nanos: t.timestamp_subsec_nanos(),
            offset: t.offset().local_minus_utc(),
        }
    }
}

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
}

impl Summary {
    /// Returns the facts as they stand at `now`: deadlines in force that have passed
    /// by then count as missed (they come after every event, so they are the last
    /// outcome of their deadline).
    pub fn facts_at(&self, now: chrono::DateTime<chrono::Utc>) -> TicketFacts {
        let mut f = self.facts.clone();
        for live in self.history.live.iter().filter(|l| l.from.to_utc() < now) {
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
}

/// What the read commands need of a ticket, kept in the desk index: its facts, and the
/// few things the overdue list and the escalation rules read besides.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    pub facts: TicketFacts,
    /// What happened to the ticket, as the review counts it.
    pub history: History,
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
        let history = history(t, policy);
        Summary {
            facts: facts_with(t, policy, &history.rows),
            history,
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
            received: f.received.to_utc(),
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

/// Returns the facts of a ticket of a desk, as its log stands (a deadline in force is
/// not counted missed until an event after it passed; `Summary::facts_at` counts it).
pub fn facts(t: &Ticket, policy: &Policy) -> TicketFacts {
    facts_with(t, policy, &history(t, policy).rows)
}

/// Sets the on-time facts and the breach count from a ticket's history rows.
fn outcomes(f: &mut TicketFacts, rows: &[Occurrence]) {
    let mut last: [Option<bool>; 5] = [None; 5];
    let mut missed = [false; 5];
    let mut breaches = 0;
    for row in rows {
        for (i, d) in crate::model::ticket::DEADLINES.iter().enumerate() {
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

fn facts_with(t: &Ticket, policy: &Policy, rows: &[Occurrence]) -> TicketFacts {
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
        cause: t.resolution.as_ref().map(|r| r.cause.to_string()),
        remedy: t.resolution.as_ref().map(|r| r.remedy.to_string()),
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
        act(&p, &mut t, "2026-11-04 10:00", |t, a| {
            lifecycle::callback(
                t,
                a,
                lifecycle::Call::Reached(Satisfaction::Dissatisfied),
                None,
            )
        })
        .unwrap();
        act(&p, &mut t, "2026-11-04 11:00", |t, a| {
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

    #[test]
    fn an_instant_keeps_its_offset_and_only_real_ones_are_made() {
        for text in [
            "2026-10-31T23:59:59.123456789+08:00",
            "1969-12-31T23:59:59-05:00",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59+14:00",
        ] {
            let t = DateTime::parse_from_rfc3339(text).unwrap();
            let at = At::from(t);
            assert_eq!(at.time(), t);
            assert_eq!(at.time().offset(), t.offset());
            assert_eq!(at.unix(), t.timestamp());
            assert_eq!(
                At::new(
                    t.timestamp(),
                    t.timestamp_subsec_nanos(),
                    t.offset().local_minus_utc()
                ),
                Some(at)
            );
        }
        assert_eq!(At::new(At::LAST + 1, 0, 0), None);
        assert_eq!(At::new(At::FIRST - 1, 0, 0), None);
        assert_eq!(
            At::new(0, 1_000_000_000, 0),
            None,
            "a leap second only at :59"
        );
        assert!(At::new(59, 1_500_000_000, 0).is_some());
        assert_eq!(At::new(0, 0, 86_400), None);
    }
}
