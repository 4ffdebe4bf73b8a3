//! A realistic, reproducible service history for a demo desk: tickets of every kind,
//! VIPs, contacts, waits, promises, escalations, resolutions, second checks, callbacks,
//! reopenings and forced closes, in the proportions of a shop that mostly keeps its
//! time limits — and the shop's staff, customers and words in the desk's language.
//!
//! Pure: every ticket goes through the same lifecycle functions the commands use, with
//! times drawn from a seeded generator, so a seed always gives the same desk.

mod rng;
mod shop;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

pub use rng::Rng;
pub use shop::{Member, Shop};

use crate::i18n::Lang;
use crate::lifecycle::{self, Act, Draft};
use crate::model::{
    Cause, Customer, Id, Money, Order, Priority, Remedy, Satisfaction, Status, Ticket,
};
use crate::policy::{Policy, Template};

/// How many days before now a ticket may still be left lying (forgotten after the
/// first call, or waiting for a part that never came): older ones the shop has since
/// picked up again, so the overdue list holds the last days' slips, not last year's.
const SLIPS_WITHIN_DAYS: i64 = 10;

/// What the generator is asked for.
pub struct Plan<'a> {
    pub policy: &'a Policy,
    pub templates: &'a BTreeMap<String, Template>,
    pub now: DateTime<Utc>,
    pub months: u32,
    pub seed: u64,
    /// The language of the shop's people and words.
    pub lang: Lang,
}

/// The ticket's own clock: each step some working minutes after the one before, as
/// long as that is before now.
struct Clock<'a> {
    at: DateTime<Utc>,
    plan: &'a Plan<'a>,
}

impl Clock<'_> {
    /// The working instant `minutes` after the last step, if it is before now.
    fn after(&mut self, minutes: i64) -> Option<DateTime<Utc>> {
        self.at = self
            .plan
            .policy
            .calendar
            .next_working_instant(self.at + Duration::minutes(minutes.max(1)));
        (self.at < self.plan.now).then_some(self.at)
    }

    /// Waits, when need be, until the customer of `t` may be called back (the policy's
    /// earliest time after the resolution); false when that is not before now.
    fn until_callback(&mut self, t: &Ticket) -> bool {
        if let Some(resolved) = t.resolved_at() {
            let p = &self.plan.policy;
            let from = p.calendar.deadline(resolved, p.file.callback.earliest);
            self.at = self.at.max(from);
        }
        self.at < self.plan.now
    }

    /// Up to `minutes` after the last step.
    fn later(&mut self, rng: &mut Rng, minutes: u64) -> Option<DateTime<Utc>> {
        self.after(1 + rng.below(minutes) as i64)
    }
}

/// Makes ticket number `n` of the plan (tickets are independent, so they can be made in
/// parallel and in any order, always the same for the same seed and number).
pub fn ticket(plan: &Plan, n: u64) -> Option<Ticket> {
    let mut rng = Rng::new(plan.seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let shop = Shop::of(plan.lang);
    let kinds: Vec<&String> = plan.templates.keys().collect();
    let weights: Vec<u32> = kinds
        .iter()
        .map(|k| match k.as_str() {
            "complaint" => 30,
            "consult" => 20,
            "reprint" => 15,
            "delivery" => 15,
            _ => 5,
        })
        .collect();
    let kind = kinds[rng.weighted(&weights)];
    let template = plan.templates.get(kind)?;
    let span_minutes = i64::from(plan.months.max(1)) * 30 * 1440;
    let opened = plan.policy.calendar.next_working_instant(
        plan.now - Duration::minutes(rng.below(span_minutes as u64) as i64 + 60),
    );
    if opened >= plan.now {
        return None;
    }
    let pick = |rng: &mut Rng, list: &[&'static str]| list[rng.below(list.len() as u64) as usize];
    let agents = shop.agents();
    let agent = pick(&mut rng, &agents);
    let (name, company) = shop.customers[rng.below(shop.customers.len() as u64) as usize];
    let draft = Draft {
        title: pick(&mut rng, shop.titles(kind)).to_string(),
        customer: Customer {
            name: name.to_string(),
            company: Some(company.to_string()),
            phone: Some(format!("13{:09}", rng.below(1_000_000_000))),
            email: None,
            vip: rng.chance(20),
        },
        order: Order {
            job: Some(format!("GC-{}", rng.below(100_000))),
            product: None,
            quantity: Some(100 * (1 + rng.below(50))),
            delivered: None,
        },
        priority: rng.chance(10).then_some(Priority::Urgent),
        assignee: Some(agent.to_string()),
        ..Draft::default()
    };
    let act = |now: DateTime<Utc>| Act {
        policy: plan.policy,
        template,
        now,
        by: agent,
    };
    let supervisor = plan
        .policy
        .holder_of_level(1)
        .map_or("zhou", |s| s.id.as_str());
    // Only a ticket of the last days may still be lying where it slipped.
    let may_slip = plan.now - opened < Duration::days(SLIPS_WITHIN_DAYS);
    let mut t = lifecycle::open(Id::new(opened, rng.next_u64()), draft, &act(opened)).ok()?;
    let mut clock = Clock { at: opened, plan };
    // Passed to the department that does the work (a complaint to production), mostly
    // within the policy's hour.
    if plan.policy.needs_dispatch(&t.kind) {
        let works = if t.kind == "complaint" {
            "reprint"
        } else {
            kind
        };
        let to = plan
            .templates
            .get(works)
            .and_then(|w| w.department.clone())
            .unwrap_or_else(|| shop.production.to_string());
        let within = if rng.chance(92) { 20 } else { 180 };
        let Some(at) = clock.later(&mut rng, within) else {
            return Some(t);
        };
        lifecycle::set_department(&mut t, &act(at), &to);
    }
    let first_contact_within = if rng.chance(90) { 40 } else { 600 };
    let Some(at) = clock.later(&mut rng, first_contact_within) else {
        return Some(t);
    };
    lifecycle::contact(&mut t, &act(at), Some(pick(&mut rng, shop.notes))).ok()?;
    if may_slip && rng.chance(4) {
        return Some(t); // forgotten: the overdue list will find it
    }
    if rng.chance(15) {
        let Some(at) = clock.later(&mut rng, 240) else {
            return Some(t);
        };
        lifecycle::set_status(&mut t, &act(at), Status::Waiting, Some(shop.waiting)).ok()?;
        if may_slip && rng.chance(10) {
            return Some(t); // the part never came
        }
        let Some(at) = clock.later(&mut rng, 1500) else {
            return Some(t);
        };
        lifecycle::set_status(&mut t, &act(at), Status::Open, Some(shop.sample_came)).ok()?;
    }
    // Most work is done within the day; what takes longer gets a promised date on the
    // day of the call, and the customer hears from the shop each working day.
    let quick = rng.chance(65);
    if !quick && rng.chance(85) {
        let Some(at) = clock.later(&mut rng, 120) else {
            return Some(t);
        };
        let promised = crate::model::time::stamp(
            plan.policy
                .calendar
                .add(at, crate::policy::Span::WorkingDays { days: 3.0 }),
            plan.policy.calendar.tz(),
        );
        lifecycle::promise(&mut t, &act(at), promised, None).ok()?;
    }
    if !quick && rng.chance(12) {
        let Some(at) = clock.later(&mut rng, 1800) else {
            return Some(t);
        };
        lifecycle::escalate(&mut t, &act(at), None, shop.slow, None).ok()?;
    }
    let keeps_in_touch = rng.chance(85);
    let mut rounds = 0;
    loop {
        rounds += 1;
        let mut left = if quick && rounds == 1 {
            1 + rng.below(300) as i64
        } else {
            1 + rng.below(1800) as i64
        };
        // Work that will run past the day gets its promised date today, mostly.
        let cal = &plan.policy.calendar;
        let day_ends = cal.end_of_working_day(clock.at);
        let promised = t.due.promised.is_some();
        if !promised && clock.at + Duration::minutes(left) > day_ends && rng.chance(90) {
            let at = cal.next_working_instant(clock.at + Duration::minutes(1));
            if at < day_ends && at < plan.now {
                clock.at = at;
                let by = crate::model::time::stamp(
                    cal.add(at, crate::policy::Span::WorkingDays { days: 3.0 }),
                    cal.tz(),
                );
                lifecycle::promise(&mut t, &act(at), by, None).ok()?;
            }
        }
        while keeps_in_touch && left > 400 {
            let Some(at) = clock.after(400) else {
                return Some(t);
            };
            lifecycle::contact(&mut t, &act(at), Some(pick(&mut rng, shop.notes))).ok()?;
            left -= 400;
        }
        let Some(at) = clock.after(left) else {
            return Some(t);
        };
        let cause = [
            Cause::Ours,
            Cause::Ours,
            Cause::Ours,
            Cause::Customer,
            Cause::Supplier,
            Cause::Carrier,
            Cause::Unknown,
        ][rng.below(7) as usize];
        let remedy = [
            Remedy::Reprint,
            Remedy::Refund,
            Remedy::Discount,
            Remedy::Repair,
            Remedy::Explain,
            Remedy::None,
        ][rng.below(6) as usize];
        let cost = matches!(remedy, Remedy::Reprint | Remedy::Refund | Remedy::Discount)
            .then(|| Money::from_hundredths(rng.below(60) as i64 * 5000));
        let outcome = lifecycle::Outcome {
            cause: Some(cause),
            remedy: Some(remedy),
            summary: shop.summary,
            cost,
            accepted: cause == Cause::Customer && !rng.chance(4),
            // Above what an agent may grant alone, the supervisor approves.
            approved_by: cost
                .filter(|c| plan.policy.grant_limit(0).is_some_and(|limit| *c > limit))
                .map(|_| supervisor),
            pre_approved: false,
        };
        lifecycle::resolve(&mut t, &act(at), &outcome).ok()?;
        if plan.policy.needs_check(&t.kind) {
            // Mostly checked at once, an hour before the limit or sooner.
            let within = if rng.chance(85) { 30 } else { 300 };
            let Some(at) = clock.later(&mut rng, within) else {
                return Some(t);
            };
            let checker = Act {
                by: supervisor,
                ..act(at)
            };
            if rng.chance(8) {
                lifecycle::verify(&mut t, &checker, false, Some(shop.redo)).ok()?;
                continue;
            }
            lifecycle::verify(&mut t, &checker, true, None).ok()?;
        }
        // A kind that needs no callback closed as it was resolved (or checked).
        if t.status == Status::Closed {
            return Some(t);
        }
        if rng.chance(4) {
            let Some(at) = clock.later(&mut rng, 600) else {
                return Some(t);
            };
            lifecycle::close(&mut t, &act(at), true, Some(shop.no_callback)).ok()?;
            return Some(t);
        }
        if !clock.until_callback(&t) {
            return Some(t);
        }
        if rng.chance(6) {
            for _ in 0..plan.policy.file.callback.max_attempts {
                // Attempts count only the policy's gap apart.
                let earliest = t.last_attempt().map(|last| {
                    plan.policy
                        .calendar
                        .deadline(last.at.to_utc(), plan.policy.file.callback.gap)
                });
                let Some(mut at) = clock.later(&mut rng, 900) else {
                    return Some(t);
                };
                while earliest.is_some_and(|e| at < e) {
                    let Some(next) = clock.later(&mut rng, 900) else {
                        return Some(t);
                    };
                    at = next;
                }
                lifecycle::callback(
                    &mut t,
                    &act(at),
                    lifecycle::Call::Unreached,
                    Some(shop.unanswered),
                )
                .ok()?;
            }
            let Some(at) = clock.later(&mut rng, 60) else {
                return Some(t);
            };
            lifecycle::close(&mut t, &act(at), false, None).ok()?;
            return Some(t);
        }
        let Some(at) = clock.later(&mut rng, 900) else {
            return Some(t);
        };
        // A customer is let down at most twice: the third round settles it, so that no
        // ticket is left reopened for good.
        let verdict = match rng.below(100) {
            0..=84 => Satisfaction::Satisfied,
            96.. if rounds < 3 => Satisfaction::Dissatisfied,
            _ => Satisfaction::Neutral,
        };
        lifecycle::callback(
            &mut t,
            &act(at),
            lifecycle::Call::Reached(verdict),
            Some(shop.called_back),
        )
        .ok()?;
        if t.status == Status::Closed || rounds >= 3 {
            return Some(t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::validate;
    use crate::testkit::{policy, template};

    #[test]
    fn the_same_seed_makes_the_same_valid_tickets() {
        let p = policy();
        let templates: BTreeMap<String, Template> = [
            "complaint",
            "consult",
            "reprint",
            "delivery",
            "repair",
            "onsite",
            "suggestion",
        ]
        .iter()
        .map(|k| (k.to_string(), template(k)))
        .collect();
        let plan = Plan {
            policy: &p,
            templates: &templates,
            now: "2026-11-20T09:00:00Z".parse().unwrap(),
            months: 3,
            seed: 42,
            lang: Lang::Zh,
        };
        let made: Vec<Ticket> = (0..2000).filter_map(|n| ticket(&plan, n)).collect();
        assert!(made.len() > 1900);
        assert_eq!(
            made,
            (0..2000)
                .filter_map(|n| ticket(&plan, n))
                .collect::<Vec<_>>()
        );
        let kinds: Vec<String> = templates.keys().cloned().collect();
        for t in &made {
            assert!(validate::ticket(t, &p, &kinds).is_empty(), "{t:?}");
            assert!(t.log.last().unwrap().at.to_utc() < plan.now);
        }
        let count = |s: Status| made.iter().filter(|t| t.status == s).count();
        let counts = [
            Status::Open,
            Status::Waiting,
            Status::Resolved,
            Status::Closed,
        ]
        .map(count);
        assert!(
            counts.iter().all(|&c| c > 0) && counts[3] > 1800,
            "a history ending in every state: {counts:?}"
        );
        // A shop that mostly keeps its limits: what is still open is of the last days.
        let oldest_open = made
            .iter()
            .filter(|t| matches!(t.status, Status::Open | Status::Waiting))
            .map(|t| plan.now - t.opened.to_utc())
            .max()
            .unwrap();
        assert!(oldest_open < Duration::days(14), "{oldest_open}");
        assert!(
            made.iter().any(|t| t.reopens() > 0)
                && made.iter().any(|t| t.level > 0)
                && made.iter().any(|t| t.customer.vip)
        );
    }
}
