//! The review of one period, computed from ticket facts alone (pure).
//!
//! What counts where (each shop's local dates):
//! - *opened / resolved / closed*: the opening, the last resolution, the close falls in
//!   the period; *open at end*: opened by the period's last day and not closed by then.
//! - *first contact on time*: of the tickets opened in the period, those contacted by
//!   their deadline; one not contacted counts as late once its deadline is in or
//!   before the period.
//! - *resolution on time*: of the tickets resolved in the period, those whose every
//!   resolution met the deadline then in force (a late first round stays late).
//! - *promises kept*: of the tickets whose promised date falls in the period, those
//!   resolved by it; one unresolved counts as broken.
//! - *callbacks on time*: of the tickets whose callback was due in the period, those
//!   reached by the deadline.
//! - *callback rate*: of the tickets closed in the period, those closed after reaching
//!   the customer. *Reopen rate*: of the tickets resolved in the period, those ever
//!   reopened. *Satisfaction*: tickets closed in the period, by verdict.
//! - *time to first contact / resolution*: working hours from opening, for tickets
//!   opened / resolved in the period; median and 90th percentile by nearest rank.
//! - *escalations*: tickets opened in the period that reached each level.
//! - *causes, compensation, dissatisfaction tickets*: tickets resolved in the period;
//!   a dissatisfaction ticket (不满单) is a complaint whose cause was not ours.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::Serialize;

use chrono::{DateTime, FixedOffset};

use super::facts::{Peek, TicketFacts};
use super::period::Period;

/// A share of a total.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Rate {
    pub hits: u64,
    pub total: u64,
    /// Percent, one decimal; none when the total is 0.
    pub percent: Option<f64>,
}

impl Rate {
    fn of(hits: u64, total: u64) -> Rate {
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

/// A customer with many tickets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopCustomer {
    pub customer: String,
    pub company: Option<String>,
    pub vip: bool,
    pub tickets: u64,
}

/// Causes of the tickets resolved in the period.
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
    pub resolved: u64,
    pub closed: u64,
    pub open_at_end: u64,
    pub by_kind: BTreeMap<String, Volume>,
    pub first_contact_on_time: Rate,
    pub resolution_on_time: Rate,
    pub promises_kept: Rate,
    pub callbacks_on_time: Rate,
    pub hours_to_first_contact: Spread,
    pub hours_to_resolution: Spread,
    /// Tickets opened in the period that reached each level (1 = supervisor …).
    pub escalated_to_level: BTreeMap<u32, u64>,
    pub causes: Causes,
    pub dissatisfaction_tickets: u64,
    pub callback_rate: Rate,
    pub closed_without_callback: u64,
    pub satisfaction: BTreeMap<String, u64>,
    pub reopen_rate: Rate,
    /// Compensation by remedy, in the shop's currency.
    pub compensation: BTreeMap<String, f64>,
    pub compensation_total: f64,
    pub by_assignee: BTreeMap<String, Workload>,
    pub by_department: BTreeMap<String, Workload>,
    pub top_customers: Vec<TopCustomer>,
}

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

fn cents(amount: f64) -> i64 {
    (amount * 100.0).round() as i64
}

/// Computes the review of a period from ticket facts (of one or several shops).
pub fn review(facts: &[TicketFacts], period: &Period) -> Review {
    let mut tally = Tally::new(period);
    for f in facts {
        tally.add(f);
    }
    tally.finish()
}

/// Whether a ticket counts anywhere in the review of `period`: it opened, was resolved
/// or closed, or had a promise or a callback due in the period, or was open at its end.
/// A ticket that does not count can be left out without changing the review.
pub fn counts(period: &Period, p: &Peek) -> bool {
    let at = Dates::new(period, p.timezone);
    let (within, by_end) = (|t| at.within(t), |t| at.by_end(t));
    [
        Some(p.opened),
        p.resolved_at,
        p.closed_at,
        p.due_promised,
        p.due_callback,
    ]
    .into_iter()
    .any(within)
        || (by_end(Some(p.opened)) && !by_end(p.closed_at))
}

/// Where a ticket's instants fall against a period, in the ticket's shop's zone.
struct Dates<'a> {
    period: &'a Period,
    tz: Tz,
}

impl Dates<'_> {
    fn new<'a>(period: &'a Period, timezone: &str) -> Dates<'a> {
        Dates {
            period,
            tz: timezone.parse().unwrap_or(chrono_tz::UTC),
        }
    }

    /// In the period (a missing instant is not).
    fn within(&self, t: Option<DateTime<FixedOffset>>) -> bool {
        t.is_some_and(|t| self.period.contains(t, self.tz))
    }

    /// By the period's end (a missing instant is not).
    fn by_end(&self, t: Option<DateTime<FixedOffset>>) -> bool {
        t.is_some_and(|t| self.period.ended_after(t, self.tz))
    }
}

/// A review being counted, one ticket at a time, so that a desk can be reviewed while
/// it is read without holding every ticket.
#[derive(Debug)]
pub struct Tally {
    period: Period,
    r: Review,
    contact: (u64, u64),
    resolution: (u64, u64),
    promise: (u64, u64),
    callback: (u64, u64),
    called: (u64, u64),
    reopened: (u64, u64),
    to_contact: Vec<i64>,
    to_resolve: Vec<i64>,
    /// In cents, so that sums do not drift.
    compensation: BTreeMap<String, i64>,
    /// Assignees and departments: (opened, resolved, resolved on time).
    people: [BTreeMap<String, (u64, u64, u64)>; 2],
    customers: BTreeMap<(String, Option<String>), (u64, bool)>,
}

impl Tally {
    /// Starts the review of `period`.
    pub fn new(period: &Period) -> Tally {
        Tally {
            period: *period,
            r: Review {
                period: period.to_string(),
                from: period.from,
                to: period.to,
                opened: 0,
                resolved: 0,
                closed: 0,
                open_at_end: 0,
                by_kind: BTreeMap::new(),
                first_contact_on_time: Rate::default(),
                resolution_on_time: Rate::default(),
                promises_kept: Rate::default(),
                callbacks_on_time: Rate::default(),
                hours_to_first_contact: Spread::default(),
                hours_to_resolution: Spread::default(),
                escalated_to_level: BTreeMap::new(),
                causes: Causes::default(),
                dissatisfaction_tickets: 0,
                callback_rate: Rate::default(),
                closed_without_callback: 0,
                satisfaction: BTreeMap::new(),
                reopen_rate: Rate::default(),
                compensation: BTreeMap::new(),
                compensation_total: 0.0,
                by_assignee: BTreeMap::new(),
                by_department: BTreeMap::new(),
                top_customers: Vec::new(),
            },
            contact: (0, 0),
            resolution: (0, 0),
            promise: (0, 0),
            callback: (0, 0),
            called: (0, 0),
            reopened: (0, 0),
            to_contact: Vec::new(),
            to_resolve: Vec::new(),
            compensation: BTreeMap::new(),
            people: [BTreeMap::new(), BTreeMap::new()],
            customers: BTreeMap::new(),
        }
    }

    /// Counts one ticket.
    pub fn add(&mut self, f: &TicketFacts) {
        let period = &self.period;
        let Tally {
            r,
            contact,
            resolution,
            promise,
            callback,
            called,
            reopened,
            to_contact,
            to_resolve,
            compensation,
            people,
            customers,
            ..
        } = self;
        let at = Dates::new(period, &f.timezone);
        let (within, by_end) = (|t| at.within(t), |t| at.by_end(t));
        let opened = within(Some(f.opened));
        let resolved = within(f.resolved_at);
        let closed = within(f.closed_at);
        let open_at_end = by_end(Some(f.opened)) && !by_end(f.closed_at);
        let volume = r.by_kind.entry(f.kind.clone()).or_default();
        volume.opened += opened as u64;
        volume.resolved += resolved as u64;
        volume.closed += closed as u64;
        volume.open_at_end += open_at_end as u64;
        let holders = [
            f.assignee.clone().unwrap_or_else(|| "(none)".into()),
            f.department.clone().unwrap_or_else(|| "(none)".into()),
        ];
        if opened {
            match f.response_on_time {
                Some(hit) => *contact = (contact.0 + hit as u64, contact.1 + 1),
                None if by_end(f.due_response) => contact.1 += 1,
                None => {}
            }
            to_contact.extend(f.minutes_to_first_contact);
            for level in 1..=f.max_level {
                *r.escalated_to_level.entry(level).or_default() += 1;
            }
            let entry = customers
                .entry((f.customer.clone(), f.company.clone()))
                .or_default();
            entry.0 += 1;
            entry.1 |= f.vip;
            for (map, who) in people.iter_mut().zip(&holders) {
                map.entry(who.clone()).or_default().0 += 1;
            }
        }
        if resolved {
            let on_time = f.resolution_on_time == Some(true);
            *resolution = (resolution.0 + on_time as u64, resolution.1 + 1);
            *reopened = (reopened.0 + (f.reopens > 0) as u64, reopened.1 + 1);
            to_resolve.extend(f.minutes_to_resolution);
            match f.cause.as_deref() {
                Some("ours") => {
                    r.causes.ours += 1;
                    *r.causes.ours_by_kind.entry(f.kind.clone()).or_default() += 1;
                }
                Some("customer") => r.causes.customer += 1,
                Some("supplier") => r.causes.supplier += 1,
                Some("carrier") => r.causes.carrier += 1,
                _ => r.causes.unknown += 1,
            }
            if f.kind == "complaint" && f.cause.as_deref() != Some("ours") {
                r.dissatisfaction_tickets += 1;
            }
            if let Some(remedy) = &f.remedy {
                *compensation.entry(remedy.clone()).or_default() += f.cost.map(cents).unwrap_or(0);
            }
            for (map, who) in people.iter_mut().zip(&holders) {
                let e = map.entry(who.clone()).or_default();
                e.1 += 1;
                e.2 += on_time as u64;
            }
        }
        if within(f.due_promised) {
            *promise = (
                promise.0 + (f.promise_kept == Some(true)) as u64,
                promise.1 + 1,
            );
        }
        if within(f.due_callback) {
            *callback = (
                callback.0 + (f.callback_on_time == Some(true)) as u64,
                callback.1 + 1,
            );
        }
        if closed {
            *called = (called.0 + f.callback_at.is_some() as u64, called.1 + 1);
            r.closed_without_callback += f.closed_without_callback as u64;
            if let Some(s) = &f.satisfaction {
                *r.satisfaction.entry(s.clone()).or_default() += 1;
            }
        }
    }

    /// The review of everything counted.
    pub fn finish(self) -> Review {
        let mut r = self.r;
        r.by_kind.retain(|_, v| *v != Volume::default());
        r.opened = r.by_kind.values().map(|v| v.opened).sum();
        r.resolved = r.by_kind.values().map(|v| v.resolved).sum();
        r.closed = r.by_kind.values().map(|v| v.closed).sum();
        r.open_at_end = r.by_kind.values().map(|v| v.open_at_end).sum();
        r.first_contact_on_time = Rate::of(self.contact.0, self.contact.1);
        r.resolution_on_time = Rate::of(self.resolution.0, self.resolution.1);
        r.promises_kept = Rate::of(self.promise.0, self.promise.1);
        r.callbacks_on_time = Rate::of(self.callback.0, self.callback.1);
        r.callback_rate = Rate::of(self.called.0, self.called.1);
        r.reopen_rate = Rate::of(self.reopened.0, self.reopened.1);
        r.hours_to_first_contact = spread(self.to_contact);
        r.hours_to_resolution = spread(self.to_resolve);
        r.compensation_total = self.compensation.values().sum::<i64>() as f64 / 100.0;
        r.compensation = self
            .compensation
            .into_iter()
            .map(|(k, v)| (k, v as f64 / 100.0))
            .collect();
        let [assignees, departments] = self.people;
        let workload = |(opened, resolved, on_time): (u64, u64, u64)| Workload {
            opened,
            resolved,
            resolution_on_time: Rate::of(on_time, resolved),
        };
        r.by_assignee = assignees
            .into_iter()
            .map(|(k, v)| (k, workload(v)))
            .collect();
        r.by_department = departments
            .into_iter()
            .map(|(k, v)| (k, workload(v)))
            .collect();
        let mut top: Vec<TopCustomer> = self
            .customers
            .into_iter()
            .map(|((customer, company), (tickets, vip))| TopCustomer {
                customer,
                company,
                vip,
                tickets,
            })
            .collect();
        top.sort_by(|a, b| {
            b.tickets
                .cmp(&a.tickets)
                .then_with(|| a.customer.cmp(&b.customer))
                .then_with(|| a.company.cmp(&b.company))
        });
        top.truncate(TOP_CUSTOMERS);
        r.top_customers = top;
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn row(id: &str, opened: &str) -> TicketFacts {
        let t = |s: &str| Some(chrono::DateTime::parse_from_rfc3339(s).unwrap());
        TicketFacts {
            shop: "A".into(),
            timezone: "Asia/Shanghai".into(),
            id: id.into(),
            kind: "complaint".into(),
            title: "t".into(),
            priority: "normal".into(),
            status: "open".into(),
            vip: false,
            customer: "王".into(),
            company: None,
            phone: None,
            email: None,
            assignee: Some("lina".into()),
            department: None,
            received: t(opened).unwrap(),
            opened: t(opened).unwrap(),
            first_contact_at: None,
            resolved_at: None,
            closed_at: None,
            due_response: t("2026-10-05T10:00:00+08:00"),
            due_resolution: None,
            due_promised: None,
            due_callback: None,
            response_on_time: None,
            resolution_on_time: None,
            promise_kept: None,
            callback_at: None,
            callback_on_time: None,
            callback_attempts: 0,
            closed_without_callback: false,
            max_level: 0,
            escalations: 0,
            reopens: 0,
            minutes_to_first_contact: None,
            minutes_to_resolution: None,
            cause: None,
            remedy: None,
            cost: None,
            satisfaction: None,
        }
    }

    #[test]
    fn a_small_month_counted_by_hand() {
        let t = |s: &str| Some(chrono::DateTime::parse_from_rfc3339(s).unwrap());
        let oct = Period::parse_month("2026-10").unwrap();
        // a: opened and contacted late in October, resolved on time in November.
        let mut a = row("a", "2026-10-05T09:00:00+08:00");
        a.response_on_time = Some(false);
        a.minutes_to_first_contact = Some(90);
        a.resolved_at = t("2026-11-02T10:00:00+08:00");
        a.resolution_on_time = Some(true);
        // b: opened 30 September (local), resolved late in October for 800 and closed after a callback.
        let mut b = row("b", "2026-09-30T23:30:00+08:00");
        b.resolved_at = t("2026-10-08T10:00:00+08:00");
        b.resolution_on_time = Some(false);
        b.minutes_to_resolution = Some(600);
        b.cause = Some("ours".into());
        b.remedy = Some("reprint".into());
        b.cost = Some(800.5);
        b.closed_at = t("2026-10-10T10:00:00+08:00");
        b.callback_at = t("2026-10-10T10:00:00+08:00");
        b.satisfaction = Some("satisfied".into());
        b.reopens = 1;
        // c: opened at 23:30 UTC on 31 October = 1 November in Shanghai: not October.
        let c = row("c", "2026-10-31T23:30:00+00:00");
        // d: opened in October, never contacted, its deadline passed in October; customer is a VIP.
        let mut d = row("d", "2026-10-20T09:00:00+08:00");
        d.vip = true;
        d.max_level = 2;
        let review = review(&[a, b, c, d], &oct);
        assert_eq!(
            (
                review.opened,
                review.resolved,
                review.closed,
                review.open_at_end
            ),
            (2, 1, 1, 2)
        );
        assert_eq!(
            review.first_contact_on_time,
            Rate {
                hits: 0,
                total: 2,
                percent: Some(0.0)
            }
        );
        assert_eq!(
            review.resolution_on_time,
            Rate {
                hits: 0,
                total: 1,
                percent: Some(0.0)
            }
        );
        assert_eq!(review.reopen_rate.percent, Some(100.0));
        assert_eq!(
            review.callback_rate,
            Rate {
                hits: 1,
                total: 1,
                percent: Some(100.0)
            }
        );
        assert_eq!(review.hours_to_first_contact.median, Some(1.5));
        assert_eq!(review.hours_to_resolution.p90, Some(10.0));
        assert_eq!(review.compensation.get("reprint"), Some(&800.5));
        assert_eq!(review.escalated_to_level, BTreeMap::from([(1, 1), (2, 1)]));
        assert_eq!(review.causes.ours_by_kind.get("complaint"), Some(&1));
        assert_eq!(review.top_customers[0].tickets, 2);
        assert!(review.top_customers[0].vip);
        assert_eq!(review.by_assignee["lina"].opened, 2);
    }
}
