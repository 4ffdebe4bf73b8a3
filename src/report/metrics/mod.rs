//! The review of one period, computed from what happened in it (pure).
//!
//! Every figure counts the rows of `history` (log events and missed deadlines) whose
//! time falls in the period, in each shop's local dates; "open at end" is the state the
//! last row by the period's end left the ticket in. A row's fields are fixed by the
//! events up to its time, so the review of a period that has ended never changes. The
//! definitions, one by one:
//! - *opened*: openings. *Resolved*: resolutions — a ticket resolved twice counts twice,
//!   each resolution with its own cause, remedy and cost. *Closed*: closings (a close, a
//!   callback or a second check that closed the ticket). *Reopened*: reopens by the
//!   customer (a reopen or a dissatisfied callback).
//! - *on time* (first contact, progress contacts, resolution, promises, callbacks): each
//!   deadline committed counts once, where its outcome fell: met on time when it was met,
//!   missed when it passed. A deadline replaced before it passed does not count; one met
//!   after a miss of the same deadline (moved or renewed once missed) counts only its
//!   miss. *Breaches*: the misses, by deadline.
//! - *time to first contact*: working hours from opening to the first contact, on the
//!   contact; *to resolution*: from the start of the round (the opening, or the reopen)
//!   to each resolution. Median and 90th percentile by nearest rank.
//! - *escalations*: each escalation, by the level it reached.
//! - *causes*, *compensation*: each resolution's. A *dissatisfaction ticket* (不满单) is a
//!   complaint resolved with the customer's cause, which the customer accepted; a
//!   complaint with the customer's cause not accepted is counted apart.
//! - *callback rate*: of the closings, those after reaching the customer; *satisfaction*:
//!   each reached callback's verdict; *reopen rate*: reopens per resolution.
//! - *second checks*: checks made, and those that sent the ticket back.
//! - *per holder and department*: openings, resolutions and resolution deadlines met,
//!   each under whoever held the ticket at the time.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use crate::model::period::Period;
use crate::summary::{Head, Occurrence, Peek};

mod tally;
pub use tally::Tally;

/// A share of a total.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rate {
    pub hits: u64,
    pub total: u64,
    /// Percent, one decimal; none when the total is 0.
    pub percent: Option<f64>,
}

impl Rate {
    pub(crate) fn of(hits: u64, total: u64) -> Rate {
        let percent = (total > 0).then(|| (hits as f64 * 1000.0 / total as f64).round() / 10.0);
        Rate {
            hits,
            total,
            percent,
        }
    }
}

/// Median and 90th percentile of a duration, in working hours.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Spread {
    pub count: u64,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

/// Counts of one kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Volume {
    pub opened: u64,
    pub resolved: u64,
    pub closed: u64,
    pub open_at_end: u64,
}

/// One holder's or department's part.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Workload {
    pub opened: u64,
    pub resolved: u64,
    pub resolution_on_time: Rate,
}

/// One agent's quality reviews in the period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Quality {
    pub reviewed: u64,
    /// The average score, one decimal; none without reviews.
    pub average: Option<f64>,
}

/// A customer with many tickets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopCustomer {
    pub customer: String,
    pub company: Option<String>,
    pub vip: bool,
    pub tickets: u64,
}

/// The causes of the period's resolutions.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Causes {
    pub ours: u64,
    pub ours_by_kind: BTreeMap<String, u64>,
    pub customer: u64,
    pub supplier: u64,
    pub carrier: u64,
    pub unknown: u64,
}

/// The review of one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Review {
    pub period: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub opened: u64,
    /// Resolutions (a ticket resolved twice counts twice).
    pub resolved: u64,
    pub closed: u64,
    pub reopened: u64,
    pub open_at_end: u64,
    /// Complaints judged abnormal (非正常投诉) in the period: kept out of every other
    /// figure of each period that had not ended when they were flagged.
    pub abnormal: u64,
    pub by_kind: BTreeMap<String, Volume>,
    /// Openings by the way the complaint came in (tickets without one left out).
    pub by_channel: BTreeMap<String, u64>,
    /// Openings entered within the policy's time of the call (`limits.entry`).
    pub entered_on_time: Rate,
    pub first_contact_on_time: Rate,
    pub progress_on_time: Rate,
    pub resolution_on_time: Rate,
    pub promises_kept: Rate,
    pub callbacks_on_time: Rate,
    /// Deadlines missed in the period, by deadline.
    pub breaches: BTreeMap<String, u64>,
    pub hours_to_first_contact: Spread,
    pub hours_to_resolution: Spread,
    /// Escalations in the period, by the level they reached (1 = supervisor …).
    pub escalated_to_level: BTreeMap<u32, u64>,
    pub causes: Causes,
    /// Complaints with the customer's cause, accepted by the customer (不满单).
    pub dissatisfaction_tickets: u64,
    /// Complaints with the customer's cause that the customer did not accept.
    pub customer_cause_not_accepted: u64,
    pub callback_rate: Rate,
    /// Callback attempts made in the period (reached or not), and those that found the
    /// number wrong.
    pub callback_attempts: u64,
    pub wrong_numbers: u64,
    pub closed_without_callback: u64,
    pub satisfaction: BTreeMap<String, u64>,
    pub reopen_rate: Rate,
    /// Second checks made, and those that sent the ticket back.
    pub checks: u64,
    pub redos: u64,
    /// Compensation by remedy and by cause, in the shop's currency.
    pub compensation: BTreeMap<String, f64>,
    pub compensation_by_cause: BTreeMap<String, f64>,
    pub compensation_total: f64,
    pub by_assignee: BTreeMap<String, Workload>,
    pub by_department: BTreeMap<String, Workload>,
    /// Quality reviews (质检) in the period, by the agent holding the ticket.
    pub quality: BTreeMap<String, Quality>,
    pub top_customers: Vec<TopCustomer>,
}

/// The deadlines whose outcomes the review rates, in order.
pub const RATED: [&str; 5] = ["response", "progress", "resolution", "promised", "callback"];

/// The share of openings entered within the policy's time of the call.
const ENTRY: &str = "entry";

/// How many customers the review names.
const TOP_CUSTOMERS: usize = 10;

/// Returns the value at percentile `p` (0–1) of sorted values, by nearest rank.
pub fn percentile(sorted: &[i64], p: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

fn spread(mut minutes: Vec<i64>) -> Spread {
    minutes.sort_unstable();
    let hours = |m: Option<i64>| m.map(|m| (m as f64 / 60.0 * 100.0).round() / 100.0);
    Spread {
        count: minutes.len() as u64,
        median: hours(percentile(&minutes, 0.5)),
        p90: hours(percentile(&minutes, 0.9)),
    }
}

/// Computes the review of a period from the histories of tickets (of one or several
/// shops), each given as its head and its rows in order of time.
pub fn review<'a>(
    tickets: impl IntoIterator<Item = (&'a Head, &'a [Occurrence])>,
    period: &Period,
) -> Review {
    let mut tally = Tally::new(period);
    for (head, rows) in tickets {
        tally.add(head, rows);
    }
    tally.finish()
}

/// Whether a ticket counts anywhere in the review of `period`: it was opened by the
/// period's end, and either something happened to it from the period's start on, or
/// it is not closed. A ticket that does not count can be left out without changing the
/// review.
pub fn counts(period: &Period, p: &Peek) -> bool {
    Reach::new(period, p.timezone.parse().unwrap_or(chrono_tz::UTC)).counts(p)
}

/// Which tickets count in the review of a period (as `counts` says), with the period's
/// bounds worked out once in the shop's zone: a read of the whole desk asks it of every
/// ticket.
#[derive(Debug, Clone, Copy)]
pub struct Reach {
    period: Period,
    zone: Tz,
    /// The period's first second and the first after it, in `zone`.
    bounds: (i64, i64),
}

impl Reach {
    pub fn new(period: &Period, zone: Tz) -> Reach {
        Reach {
            period: *period,
            zone,
            bounds: period.bounds(zone),
        }
    }

    /// The period's first second and the first second after it, in seconds since the
    /// epoch, in the zone of the shop (the one `new` was given).
    pub fn bounds(&self) -> (i64, i64) {
        self.bounds
    }

    /// The period's bounds in the zone named `zone` (worked out again unless it is the
    /// shop's).
    pub fn bounds_in(&self, zone: &str) -> (i64, i64) {
        if zone == self.zone.name() {
            self.bounds
        } else {
            self.period.bounds(zone.parse().unwrap_or(chrono_tz::UTC))
        }
    }

    /// Whether the ticket counts (see `counts`), its dates taken in its own zone.
    pub fn counts(&self, p: &Peek) -> bool {
        let (start, end) = self.bounds_in(p.timezone);
        p.opened.unix() < end && (p.status != "closed" || p.last.unix() >= start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_counts_by_its_local_dates() {
        use crate::summary::At;
        let october = Period::parse_month("2026-10").unwrap();
        let shanghai = Reach::new(&october, chrono_tz::Asia::Shanghai);
        let at = |s: &str| At::from(chrono::DateTime::parse_from_rfc3339(s).unwrap());
        let peek = |zone, status, opened: &str, last: &str| Peek {
            id: "T",
            status,
            timezone: zone,
            phone: None,
            opened: at(opened),
            last: at(last),
            resolved_at: None,
            closed_at: None,
            due_promised: None,
            due_callback: None,
        };
        // (zone, status, opened, last event, counts)
        let cases = [
            (
                "Asia/Shanghai",
                "open",
                "2026-10-31T23:59:59.9+08:00",
                "2026-10-31T23:59:59.9+08:00",
                true,
            ),
            (
                "Asia/Shanghai",
                "open",
                "2026-11-01T00:00:00+08:00",
                "2026-11-01T00:00:00+08:00",
                false,
            ),
            // The same instant is still October in UTC: the ticket's own zone decides.
            (
                "Asia/Shanghai",
                "open",
                "2026-10-31T16:00:00Z",
                "2026-10-31T16:00:00Z",
                false,
            ),
            (
                "UTC",
                "open",
                "2026-10-31T16:00:00Z",
                "2026-10-31T16:00:00Z",
                true,
            ),
            (
                "Asia/Shanghai",
                "closed",
                "2026-09-01T09:00:00+08:00",
                "2026-09-30T23:59:59+08:00",
                false,
            ),
            (
                "Asia/Shanghai",
                "closed",
                "2026-09-01T09:00:00+08:00",
                "2026-10-01T00:00:00+08:00",
                true,
            ),
            (
                "Asia/Shanghai",
                "waiting",
                "2026-03-01T09:00:00+08:00",
                "2026-03-02T09:00:00+08:00",
                true,
            ),
            (
                "America/New_York",
                "closed",
                "2026-09-01T09:00:00-04:00",
                "2026-09-30T23:30:00-04:00",
                false,
            ),
            (
                "America/New_York",
                "closed",
                "2026-09-01T09:00:00-04:00",
                "2026-10-01T00:00:00-04:00",
                true,
            ),
        ];
        for (zone, status, opened, last, counts_in) in cases {
            let p = peek(zone, status, opened, last);
            assert_eq!(
                shanghai.counts(&p),
                counts_in,
                "{zone} {status} {opened} {last}"
            );
            assert_eq!(
                counts(&october, &p),
                counts_in,
                "{zone} {status} {opened} {last}"
            );
        }
    }

    /// A row of `action` at `at` (RFC 3339), the ticket `status` after it, held by amy.
    fn row(action: &'static str, at: &str, status: crate::model::Status) -> Occurrence {
        let at = chrono::DateTime::parse_from_rfc3339(at).unwrap();
        Occurrence {
            by: "amy".into(),
            assignee: Some("amy".into()),
            ..Occurrence::bare(at, action, status)
        }
    }

    #[test]
    fn customers_are_counted_per_company_and_kinds_per_ticket() {
        use crate::model::Status;
        let october = Period::parse_month("2026-10").unwrap();
        let head = |id: &str, kind: &str, customer: &str, company: Option<&str>, vip| Head {
            shop: "s".into(),
            timezone: "Asia/Shanghai".into(),
            id: id.into(),
            kind: kind.into(),
            vip,
            customer: customer.into(),
            company: company.map(Into::into),
            channel: None,
        };
        let opened = |at| vec![row("opened", at, Status::Open)];
        let heads = [
            head("1", "repair", "王", Some("甲"), false),
            head("2", "repair", "王", Some("甲"), true),
            head("3", "repair", "王", None, false),
            head("4", "consult", "李", Some("甲"), false),
            head("5", "consult", "李", Some("甲"), false),
        ];
        let rows = [
            opened("2026-10-03T10:00:00+08:00"),
            opened("2026-10-04T10:00:00+08:00"),
            opened("2026-10-05T10:00:00+08:00"),
            opened("2026-10-06T10:00:00+08:00"),
            // Opened before the month, still open at its end.
            opened("2026-09-06T10:00:00+08:00"),
        ];
        let r = review(heads.iter().zip(rows.iter().map(Vec::as_slice)), &october);
        let top: Vec<(&str, Option<&str>, u64, bool)> = r
            .top_customers
            .iter()
            .map(|t| (t.customer.as_str(), t.company.as_deref(), t.tickets, t.vip))
            .collect();
        assert_eq!(
            top,
            [
                ("王", Some("甲"), 2, true),
                ("李", Some("甲"), 1, false),
                ("王", None, 1, false)
            ]
        );
        let repair = &r.by_kind["repair"];
        assert_eq!((repair.opened, repair.open_at_end), (3, 3));
        let consult = &r.by_kind["consult"];
        assert_eq!((consult.opened, consult.open_at_end), (1, 2));
        assert_eq!((r.opened, r.open_at_end), (4, 5));
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        assert_eq!(percentile(&[], 0.5), None);
        assert_eq!(percentile(&[7], 0.9), Some(7));
        assert_eq!(
            percentile(&[1, 2, 3, 4], 0.5),
            Some(2),
            "the lower middle of an even count"
        );
        assert_eq!(percentile(&[1, 2, 3, 4, 5], 0.5), Some(3));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(percentile(&ten, 0.9), Some(9));
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(percentile(&eleven, 0.9), Some(10));
    }

    #[test]
    fn rates_round_to_one_decimal_and_stay_empty_without_a_total() {
        assert_eq!(Rate::of(2, 3).percent, Some(66.7));
        assert_eq!(Rate::of(0, 0).percent, None);
        assert_eq!(Rate::of(5, 5).percent, Some(100.0));
    }
}
