//! The review counted one ticket at a time: the `Tally` a read feeds as it walks the
//! desk, and turns into the period's `Review` at the end.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use super::{
    Causes, ENTRY, Quality, RATED, Rate, Reach, Review, Spread, TOP_CUSTOMERS, TopCustomer, Volume,
    Workload, spread,
};
use crate::model::period::Period;
use crate::model::{MISSABLE, Money};
use crate::summary::history::MISSED;
use crate::summary::{Head, Occurrence};

/// Openings, resolutions and resolution deadlines (met, rated) of one holder.
type Work = (u64, u64, u64, u64);

/// A review being counted, one ticket at a time, so that a desk can be reviewed while
/// it is read without holding every ticket.
#[derive(Debug)]
pub struct Tally {
    period: Period,
    /// The period's bounds in the zone last counted.
    reach: Option<Reach>,
    r: Review,
    /// Per deadline: met on time, rated.
    rated: BTreeMap<&'static str, (u64, u64)>,
    called: (u64, u64),
    to_contact: Vec<i64>,
    to_resolve: Vec<i64>,
    /// In cents, so that sums do not drift: by remedy, by cause.
    compensation: [BTreeMap<String, i64>; 2],
    /// Assignees and departments.
    people: [BTreeMap<String, Work>; 2],
    /// By customer, then company: tickets opened, and whether a big customer.
    customers: BTreeMap<String, BTreeMap<Option<String>, (u64, bool)>>,
    /// Per agent: reviews and the sum of their scores.
    scores: BTreeMap<String, (u64, u64)>,
}

impl Tally {
    /// Starts the review of `period`.
    pub fn new(period: &Period) -> Tally {
        Tally {
            period: *period,
            reach: None,
            r: Review {
                period: period.to_string(),
                from: period.from,
                to: period.to,
                opened: 0,
                resolved: 0,
                closed: 0,
                reopened: 0,
                open_at_end: 0,
                abnormal: 0,
                by_kind: BTreeMap::new(),
                by_channel: BTreeMap::new(),
                entered_on_time: Rate::default(),
                first_contact_on_time: Rate::default(),
                progress_on_time: Rate::default(),
                resolution_on_time: Rate::default(),
                promises_kept: Rate::default(),
                callbacks_on_time: Rate::default(),
                breaches: BTreeMap::new(),
                hours_to_first_contact: Spread::default(),
                hours_to_resolution: Spread::default(),
                escalated_to_level: BTreeMap::new(),
                causes: Causes::default(),
                dissatisfaction_tickets: 0,
                customer_cause_not_accepted: 0,
                callback_rate: Rate::default(),
                callback_attempts: 0,
                wrong_numbers: 0,
                closed_without_callback: 0,
                satisfaction: BTreeMap::new(),
                reopen_rate: Rate::default(),
                checks: 0,
                redos: 0,
                compensation: BTreeMap::new(),
                compensation_by_cause: BTreeMap::new(),
                compensation_total: 0.0,
                by_assignee: BTreeMap::new(),
                by_department: BTreeMap::new(),
                quality: BTreeMap::new(),
                top_customers: Vec::new(),
            },
            rated: RATED.iter().map(|d| (*d, (0, 0))).collect(),
            called: (0, 0),
            to_contact: Vec::new(),
            to_resolve: Vec::new(),
            compensation: [BTreeMap::new(), BTreeMap::new()],
            people: [BTreeMap::new(), BTreeMap::new()],
            customers: BTreeMap::new(),
            scores: BTreeMap::new(),
        }
    }

    /// Counts one ticket: its head and its rows, in order of time.
    pub fn add(&mut self, head: &Head, rows: &[Occurrence]) {
        // The bounds are kept for the zone last counted (a review from several shops'
        // exports meets them one shop after the other).
        let reach = match self.reach {
            Some(reach) if reach.zone.name() == head.timezone => reach,
            _ => {
                let zone: Tz = head.timezone.parse().unwrap_or(chrono_tz::UTC);
                *self.reach.insert(Reach::new(&self.period, zone))
            }
        };
        let (start, end) = reach.bounds_in(&head.timezone);
        // An abnormal complaint flagged before the period ended stays out of its normal
        // figures; the period it was flagged in counts it on its own line. A period
        // that ended before the flag keeps what it counted.
        if let Some(flag) = rows.iter().find(|r| r.action == "abnormal")
            && flag.at.timestamp() < end
        {
            self.r.abnormal += u64::from(start <= flag.at.timestamp());
            return;
        }
        // The ticket's counts, added to its kind's once.
        let mut volume = Volume::default();
        if let Some(last) = rows.iter().rev().find(|r| r.at.timestamp() < end)
            && last.status != crate::model::Status::Closed
        {
            volume.open_at_end += 1;
        }
        for row in rows {
            let t = row.at.timestamp();
            if start <= t && t < end {
                self.row(head, row, &mut volume);
            }
        }
        if volume != Volume::default() {
            with(&mut self.r.by_kind, &head.kind, |v| {
                v.opened += volume.opened;
                v.resolved += volume.resolved;
                v.closed += volume.closed;
                v.open_at_end += volume.open_at_end;
            });
        }
    }

    fn row(&mut self, head: &Head, row: &Occurrence, volume: &mut Volume) {
        let Tally {
            r,
            rated,
            called,
            to_contact,
            to_resolve,
            compensation,
            people,
            customers,
            scores,
            ..
        } = self;
        // Names are copied only for a new key.
        let holders = [
            row.assignee.as_deref().unwrap_or("(none)"),
            row.department.as_deref().unwrap_or("(none)"),
        ];
        let mut work = |f: &dyn Fn(&mut Work)| {
            for (map, who) in people.iter_mut().zip(holders) {
                with(map, who, f);
            }
        };
        for deadline in row.met() {
            if deadline == ENTRY {
                rated.entry(ENTRY).or_default().0 += 1;
                continue;
            }
            if let Some(rate) = rated.get_mut(deadline) {
                rate.0 += 1;
                rate.1 += 1;
            }
            if deadline == "resolution" {
                work(&|w| {
                    w.2 += 1;
                    w.3 += 1;
                });
            }
        }
        if row.closed() {
            volume.closed += 1;
            // A closing that needed no callback (`reached` empty) is not in the rate.
            if let Some(reached) = row.reached {
                *called = (called.0 + reached as u64, called.1 + 1);
                r.closed_without_callback += !reached as u64;
            }
        }
        if row.reopened() {
            r.reopened += 1;
        }
        match row.action {
            "opened" => {
                volume.opened += 1;
                let entry = rated.entry(ENTRY).or_default();
                entry.1 += 1;
                let company = customers.entry(head.customer.clone()).or_default();
                let entry = match company.get_mut(&head.company) {
                    Some(entry) => entry,
                    None => company.entry(head.company.clone()).or_default(),
                };
                entry.0 += 1;
                entry.1 |= head.vip;
                work(&|w| w.0 += 1);
                if let Some(channel) = &head.channel {
                    with(&mut r.by_channel, channel, |n| *n += 1);
                }
            }
            "contact" => to_contact.extend(row.minutes),
            "resolve" => {
                volume.resolved += 1;
                to_resolve.extend(row.minutes);
                // A resolution of a kind that needs no cause (a consultation) is in none.
                let cause = row.cause.map_or("", |c| c.as_str());
                match cause {
                    "ours" => {
                        r.causes.ours += 1;
                        with(&mut r.causes.ours_by_kind, &head.kind, |n| *n += 1);
                    }
                    "customer" => r.causes.customer += 1,
                    "supplier" => r.causes.supplier += 1,
                    "carrier" => r.causes.carrier += 1,
                    "unknown" => r.causes.unknown += 1,
                    _ => {}
                }
                if head.kind == "complaint" && cause == "customer" {
                    if row.accepted == Some(true) {
                        r.dissatisfaction_tickets += 1;
                    } else {
                        r.customer_cause_not_accepted += 1;
                    }
                }
                let cents = row.cost.map_or(0, Money::hundredths);
                if let Some(remedy) = row.remedy {
                    with(&mut compensation[0], remedy.as_str(), |c| *c += cents);
                }
                if !cause.is_empty() {
                    with(&mut compensation[1], cause, |c| *c += cents);
                }
                work(&|w| w.1 += 1);
            }
            "callback" => {
                r.callback_attempts += 1;
                r.wrong_numbers += (row.wrong_number == Some(true)) as u64;
                if let Some(s) = row.satisfaction {
                    with(&mut r.satisfaction, s.as_str(), |n| *n += 1);
                }
            }
            "escalate" => *r.escalated_to_level.entry(row.level).or_default() += 1,
            "qa" => {
                // A review by the holder themselves (made before the desk refused
                // one) is no review of their work.
                if let Some(score) = row.score.filter(|_| row.by != holders[0]) {
                    with(scores, holders[0], |agent| {
                        agent.0 += 1;
                        agent.1 += u64::from(score);
                    });
                }
            }
            "verify" => {
                r.checks += 1;
                r.redos += row.redone() as u64;
            }
            MISSED => {
                let deadline = row.deadline.unwrap_or_default();
                if let Some(rate) = rated.get_mut(deadline) {
                    rate.1 += 1;
                }
                if MISSABLE.contains(&deadline) {
                    with(&mut r.breaches, deadline, |n| *n += 1);
                }
                if deadline == "resolution" {
                    work(&|w| w.3 += 1);
                }
            }
            _ => {}
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
        let rate = |d: &str| {
            let (hits, total) = self.rated.get(d).copied().unwrap_or_default();
            Rate::of(hits, total)
        };
        r.entered_on_time = rate(ENTRY);
        r.first_contact_on_time = rate("response");
        r.progress_on_time = rate("progress");
        r.resolution_on_time = rate("resolution");
        r.promises_kept = rate("promised");
        r.callbacks_on_time = rate("callback");
        r.callback_rate = Rate::of(self.called.0, self.called.1);
        r.reopen_rate = Rate::of(r.reopened, r.resolved);
        r.hours_to_first_contact = spread(self.to_contact);
        r.hours_to_resolution = spread(self.to_resolve);
        let [by_remedy, by_cause] = self.compensation;
        let money = |m: BTreeMap<String, i64>| -> BTreeMap<String, f64> {
            m.into_iter()
                .filter(|(_, v)| *v != 0)
                .map(|(k, v)| (k, v as f64 / 100.0))
                .collect()
        };
        r.compensation_total = by_remedy.values().sum::<i64>() as f64 / 100.0;
        r.compensation = money(by_remedy);
        r.compensation_by_cause = money(by_cause);
        let [assignees, departments] = self.people;
        let workload = |(opened, resolved, on_time, rated): Work| Workload {
            opened,
            resolved,
            resolution_on_time: Rate::of(on_time, rated),
        };
        r.by_assignee = assignees
            .into_iter()
            .map(|(k, v)| (k, workload(v)))
            .collect();
        r.by_department = departments
            .into_iter()
            .map(|(k, v)| (k, workload(v)))
            .collect();
        r.quality = self
            .scores
            .into_iter()
            .map(|(agent, (reviewed, sum))| {
                let average =
                    (reviewed > 0).then(|| (sum as f64 * 10.0 / reviewed as f64).round() / 10.0);
                (agent, Quality { reviewed, average })
            })
            .collect();
        let mut top: Vec<TopCustomer> = self
            .customers
            .into_iter()
            .flat_map(|(customer, companies)| {
                companies
                    .into_iter()
                    .map(move |(company, (tickets, vip))| TopCustomer {
                        customer: customer.clone(),
                        company,
                        vip,
                        tickets,
                    })
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

/// Applies `f` to the value of `key`, made (its key copied) only when it is new: a
/// review meets the same few names for every ticket.
fn with<V: Default>(map: &mut BTreeMap<String, V>, key: &str, f: impl FnOnce(&mut V)) {
    match map.get_mut(key) {
        Some(value) => f(value),
        None => f(map.entry(key.to_string()).or_default()),
    }
}
