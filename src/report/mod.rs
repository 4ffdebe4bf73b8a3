//! The monthly service review (README, "The monthly review") and the exports it can be
//! read from.
//!
//! `metrics` counts the review of a period from history rows alone (pure: the rows of
//! `summary::history`, from a desk or read back from an export); `csvfile` writes the
//! exports and reads them back (`events` is one history row as a CSV line); `render`
//! turns a review into text, markdown or CSV, `html` into a page with charts, `xlsx`
//! into a workbook (and reads workbooks back).

pub mod csvfile;
pub mod events;
pub mod html;
pub mod metrics;
pub mod render;
pub mod wording;
pub mod xlsx;

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, Utc};
    use proptest::prelude::*;

    use super::csvfile;
    use super::metrics::{Review, counts, review};
    use crate::lifecycle::Act;
    use crate::model::Ticket;
    use crate::model::period::Period;
    use crate::policy::Policy;
    use crate::summary::{Head, Occurrence, Story, TicketFacts, facts};
    use crate::testkit::{Step, apply, open, policy_with, step, template};

    /// When a generated ticket opens (minutes into September), for a VIP or not, and the
    /// commands it then goes through (each some minutes after the one before).
    type Plan = (i64, bool, Vec<(Step, i64)>);

    /// The first minute of September in the shop's zone.
    fn september(p: &Policy) -> DateTime<Utc> {
        p.calendar.instant("2026-09-01T00:00:00".parse().unwrap())
    }

    /// A generated desk as it stands at `until`: tickets opened over three months, each
    /// through the random commands made before then (a command the lifecycle refuses
    /// changes nothing).
    fn desk(p: &Policy, tickets: &[Plan], until: DateTime<Utc>) -> Vec<Ticket> {
        tickets
            .iter()
            .enumerate()
            .filter_map(|(n, (start, vip, steps))| {
                let opened = september(p) + Duration::minutes(*start);
                if opened >= until {
                    return None;
                }
                let local = opened
                    .with_timezone(&p.calendar.tz())
                    .format("%Y-%m-%d %H:%M")
                    .to_string();
                let kind = ["complaint", "consult", "reprint", "repair"][n % 4];
                let mut t = open(p, kind, &local, *vip, n as u64);
                let template = template(kind);
                let mut now = t.opened.to_utc();
                for (step, gap) in steps {
                    now += Duration::minutes(*gap);
                    if now >= until {
                        break;
                    }
                    let by = ["lina", "tom"][n % 2];
                    let act = Act {
                        policy: p,
                        template: &template,
                        now,
                        by,
                    };
                    let before = t.clone();
                    if apply(&mut t, &act, step).is_err() {
                        t = before;
                    }
                }
                Some(t)
            })
            .collect()
    }

    fn tickets() -> impl Strategy<Value = Vec<Plan>> {
        prop::collection::vec(
            (
                0i64..(90 * 1440),
                any::<bool>(),
                prop::collection::vec((step(), 1i64..4000), 0..12),
            ),
            0..25,
        )
    }

    /// The histories of a desk at `now`: each ticket's head and rows.
    fn histories(p: &Policy, desk: &[Ticket], now: DateTime<Utc>) -> Vec<(Head, Vec<Occurrence>)> {
        desk.iter()
            .map(|t| {
                let s = Story::of(t, p);
                (s.head, s.history.rows_at(now).into_owned())
            })
            .collect()
    }

    fn review_of(tickets: &[(Head, Vec<Occurrence>)], period: &Period) -> Review {
        review(tickets.iter().map(|(h, r)| (h, r.as_slice())), period)
    }

    /// Writes histories as an events export and reads them back as `report` does.
    fn through_csv(tickets: &[(Head, Vec<Occurrence>)]) -> Vec<(Head, Vec<Occurrence>)> {
        let mut bytes = csvfile::event_header(true);
        for (head, rows) in tickets {
            bytes.extend(csvfile::event_rows(head, rows));
        }
        let mut out: Vec<(Head, Vec<Occurrence>)> = Vec::new();
        csvfile::each_event(bytes.as_slice(), |row, _| {
            let (head, o) = row.split().expect("codes inkdesk wrote");
            match out.last_mut() {
                Some((h, rows)) if *h == head => rows.push(o),
                _ => out.push((head, vec![o])),
            }
            Ok(())
        })
        .expect("our own export reads back");
        out
    }

    fn shops() -> (Policy, Policy) {
        (
            policy_with(&[]),
            policy_with(&[
                ("timezone: Asia/Shanghai", "timezone: America/New_York"),
                ("name: Test", "name: Harbor Print"),
            ]),
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(60))]

        #[test]
        fn the_review_from_the_export_equals_the_review_from_the_desk(shanghai in tickets(), new_york in tickets()) {
            let (a, b) = shops();
            let now = september(&a) + Duration::days(100);
            let desk_a = histories(&a, &desk(&a, &shanghai, now), now);
            let desk_b = histories(&b, &desk(&b, &new_york, now), now);
            let (csv_a, csv_b) = (through_csv(&desk_a), through_csv(&desk_b));
            let nonempty: Vec<_> = desk_a.iter().filter(|(_, r)| !r.is_empty()).cloned().collect();
            prop_assert_eq!(&csv_a, &nonempty, "every row survives the CSV");
            let union: Vec<_> = desk_a.iter().chain(&desk_b).cloned().collect();
            let exports: Vec<_> = csv_a.into_iter().chain(csv_b).collect();
            for month in ["2026-09", "2026-10", "2026-11"] {
                let period = Period::parse_month(month).unwrap();
                prop_assert_eq!(review_of(&union, &period), review_of(&exports, &period), "two shops' exports add up to their union");
                let facts: Vec<TicketFacts> = desk(&a, &shanghai, now).iter().map(|t| facts(t, &a)).collect();
                let counted: Vec<_> = desk_a.iter().zip(&facts).filter(|(_, f)| counts(&period, &f.peek())).map(|(h, _)| h.clone()).collect();
                prop_assert_eq!(review_of(&counted, &period), review_of(&desk_a, &period), "what does not count changes nothing");
            }
        }

        #[test]
        fn a_period_that_has_ended_never_changes(plans in tickets(), cut in 0i64..(80 * 1440), later in 1i64..(40 * 1440)) {
            let (p, _) = shops();
            let first = september(&p) + Duration::minutes(cut);
            let second = first + Duration::minutes(later);
            let before = histories(&p, &desk(&p, &plans, first), first);
            let after = histories(&p, &desk(&p, &plans, second), second);
            let today = first.with_timezone(&p.calendar.tz()).date_naive();
            for month in ["2026-08", "2026-09", "2026-10", "2026-11"] {
                let period = Period::parse_month(month).unwrap();
                if period.to < today {
                    prop_assert_eq!(review_of(&before, &period), review_of(&after, &period), "{} changed", month);
                }
            }
            let week = Period::range(today - Duration::days(8), today - Duration::days(1)).unwrap();
            prop_assert_eq!(review_of(&before, &week), review_of(&after, &week), "the last whole days changed");
        }
    }
}
