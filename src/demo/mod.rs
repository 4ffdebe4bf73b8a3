//! A realistic, reproducible service history for a demo desk: tickets of every kind,
//! VIPs, Chinese and English customers, contacts, waits, promises, escalations,
//! resolutions, second checks, callbacks, reopenings and forced closes, in plausible
//! proportions.
//!
//! Pure: every ticket goes through the same lifecycle functions the commands use, with
//! times drawn from a seeded generator, so a seed always gives the same desk.

mod rng;

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

pub use rng::Rng;

use crate::lifecycle::{self, Act, Draft};
use crate::model::{
    Cause, Customer, Id, Money, Order, Priority, Remedy, Satisfaction, Status, Ticket,
};
use crate::policy::{Policy, Template};

const CUSTOMERS: &[(&str, &str)] = &[
    ("王建国", "蓝海广告有限公司"),
    ("李秀英", "青禾教育培训中心"),
    ("张伟", "鼎盛地产"),
    ("刘芳", "花间婚庆工作室"),
    ("陈静", "南山区第二实验小学"),
    ("赵磊", "优品电商"),
    ("周婷", "悦己美容会所"),
    ("孙强", "华彩食品有限公司"),
    ("黄丽", "小熊绘本馆"),
    ("吴敏", "城市画报社"),
    ("Sarah Miller", "Harbor Coffee Roasters"),
    ("James Brown", "Brown & Partners Law"),
    ("Oliver Smith", "Lighthouse English School"),
    ("Emma Davis", "Davis Dental Clinic"),
    ("Liam Wilson", "Northside Gym"),
];
const TITLES: &[&str] = &[
    "画册封面色差严重，与签样不符",
    "名片裁切歪斜",
    "宣传单数量少了500张",
    "台历装订线脱落",
    "包装盒压痕开裂",
    "菜单覆膜起泡",
    "Brochure colours darker than the proof",
    "Business cards with a corrected typo",
    "Catalogue pages in the wrong order",
    "Where is our order of flyers?",
    "Laminator keeps jamming",
    "咨询特种纸价格和交期",
    "能否做烫金工艺？",
    "建议增加线上打样确认",
];
const AGENTS: &[&str] = &["lina", "amy", "tom"];
const NOTES: &[&str] = &[
    "已致电客户说明处理进度",
    "Called the customer back",
    "已核对工程单",
    "客户同意处理方案",
    "Waiting for the plate maker",
];

/// What the generator is asked for.
pub struct Plan<'a> {
    pub policy: &'a Policy,
    pub templates: &'a BTreeMap<String, Template>,
    pub now: DateTime<Utc>,
    pub months: u32,
    pub seed: u64,
}

/// Makes ticket number `n` of the plan (tickets are independent, so they can be made in
/// parallel and in any order, always the same for the same seed and number).
pub fn ticket(plan: &Plan, n: u64) -> Option<Ticket> {
    let mut rng = Rng::new(plan.seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15));
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
    let agent = AGENTS[rng.below(AGENTS.len() as u64) as usize];
    let (name, company) = CUSTOMERS[rng.below(CUSTOMERS.len() as u64) as usize];
    let draft = Draft {
        title: TITLES[rng.below(TITLES.len() as u64) as usize].to_string(),
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
    let mut t = lifecycle::open(Id::new(opened, rng.next_u64()), draft, &act(opened)).ok()?;
    let mut clock = opened;
    // Each step happens some minutes later, only if that is before now.
    let mut later = |rng: &mut Rng, minutes: u64| {
        clock = plan
            .policy
            .calendar
            .next_working_instant(clock + Duration::minutes(1 + rng.below(minutes) as i64));
        (clock < plan.now).then_some(clock)
    };
    let first_contact_within = if rng.chance(80) { 60 } else { 900 };
    let Some(at) = later(&mut rng, first_contact_within) else {
        return Some(t);
    };
    lifecycle::contact(
        &mut t,
        &act(at),
        Some(NOTES[rng.below(NOTES.len() as u64) as usize]),
    )
    .ok()?;
    if rng.chance(3) {
        return Some(t); // forgotten: the overdue list will find it
    }
    if rng.chance(20) {
        let Some(at) = later(&mut rng, 240) else {
            return Some(t);
        };
        lifecycle::set_status(
            &mut t,
            &act(at),
            Status::Waiting,
            Some("waiting for the customer's sample"),
        )
        .ok()?;
        if rng.chance(10) {
            return Some(t); // the part never came
        }
        let Some(at) = later(&mut rng, 1500) else {
            return Some(t);
        };
        lifecycle::set_status(&mut t, &act(at), Status::Open, Some("sample received")).ok()?;
    }
    if rng.chance(25) {
        let Some(at) = later(&mut rng, 120) else {
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
    if rng.chance(20) {
        let Some(at) = later(&mut rng, 1800) else {
            return Some(t);
        };
        lifecycle::escalate(&mut t, &act(at), None, "not resolved in time", None).ok()?;
    }
    let mut rounds = 0;
    loop {
        rounds += 1;
        let Some(at) = later(&mut rng, 2400) else {
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
            summary: "处理完毕 / done",
            cost,
            accepted: cause == Cause::Customer && !rng.chance(4),
            // Above what an agent may grant alone, the supervisor approves.
            approved_by: cost
                .filter(|c| plan.policy.grant_limit(0).is_some_and(|limit| *c > limit))
                .map(|_| {
                    plan.policy
                        .holder_of_level(1)
                        .map_or("zhou", |s| s.id.as_str())
                }),
            pre_approved: false,
        };
        lifecycle::resolve(&mut t, &act(at), &outcome).ok()?;
        if plan.policy.needs_check(&t.kind) {
            let Some(at) = later(&mut rng, 600) else {
                return Some(t);
            };
            let checker = Act {
                by: plan
                    .policy
                    .holder_of_level(1)
                    .map_or("zhou", |s| s.id.as_str()),
                ..act(at)
            };
            if rng.chance(12) {
                lifecycle::verify(&mut t, &checker, false, Some("补偿方案需主管确认")).ok()?;
                continue;
            }
            lifecycle::verify(&mut t, &checker, true, None).ok()?;
        }
        // A kind that needs no callback closed as it was resolved (or checked).
        if t.status == Status::Closed {
            return Some(t);
        }
        if rng.chance(4) {
            let Some(at) = later(&mut rng, 600) else {
                return Some(t);
            };
            lifecycle::close(
                &mut t,
                &act(at),
                true,
                Some("customer asked for no callback"),
            )
            .ok()?;
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
                let Some(mut at) = later(&mut rng, 900) else {
                    return Some(t);
                };
                while earliest.is_some_and(|e| at < e) {
                    let Some(next) = later(&mut rng, 900) else {
                        return Some(t);
                    };
                    at = next;
                }
                lifecycle::callback(
                    &mut t,
                    &act(at),
                    lifecycle::Call::Unreached,
                    Some("无人接听"),
                )
                .ok()?;
            }
            let Some(at) = later(&mut rng, 60) else {
                return Some(t);
            };
            lifecycle::close(&mut t, &act(at), false, None).ok()?;
            return Some(t);
        }
        let Some(at) = later(&mut rng, 2400) else {
            return Some(t);
        };
        let verdict = match rng.below(100) {
            0..=79 => Satisfaction::Satisfied,
            80..=93 => Satisfaction::Neutral,
            _ => Satisfaction::Dissatisfied,
        };
        lifecycle::callback(
            &mut t,
            &act(at),
            lifecycle::Call::Reached(verdict),
            Some("回访完成"),
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
        };
        let made: Vec<Ticket> = (0..300).filter_map(|n| ticket(&plan, n)).collect();
        assert!(made.len() > 250);
        assert_eq!(
            made,
            (0..300)
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
            counts.iter().all(|&c| c > 0) && counts[3] > 150,
            "a history ending in every state: {counts:?}"
        );
        assert!(
            made.iter().any(|t| t.reopens() > 0)
                && made.iter().any(|t| t.level > 0)
                && made.iter().any(|t| t.customer.vip)
        );
    }
}
