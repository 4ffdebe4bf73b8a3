//! The monthly service review (SPEC section 7) and the CSV export it can be read from.
//!
//! `facts` flattens a ticket into the record the review counts; `metrics` computes the
//! review of a period from records alone (pure); `table` writes and reads the CSV;
//! `render` turns a review into text, markdown, CSV or a self-contained HTML page.

pub mod csvfile;
pub mod facts;
pub mod html;
pub mod metrics;
pub mod period;
pub mod render;

#[cfg(test)]
mod tests {
    use chrono::Duration;
    use proptest::prelude::*;

    use super::csvfile;
    use super::facts::{TicketFacts, facts};
    use super::metrics::{counts, review};
    use super::period::Period;
    use crate::model::Ticket;
    use crate::policy::Policy;
    use crate::testkit::{Step, open, play, policy_with, step};

    /// When a generated ticket opens (minutes into September), for a VIP or not, and the
    /// commands it then goes through (each some minutes after the one before).
    type Plan = (i64, bool, Vec<(Step, i64)>);

    /// A generated desk: tickets opened over three months, each through random commands.
    fn desk(p: &Policy, tickets: &[Plan]) -> Vec<Ticket> {
        tickets
            .iter()
            .enumerate()
            .map(|(n, (start, vip, steps))| {
                let opened = p.calendar.instant("2026-09-01T00:00:00".parse().unwrap())
                    + Duration::minutes(*start);
                let local = opened
                    .with_timezone(&p.calendar.tz())
                    .format("%Y-%m-%d %H:%M")
                    .to_string();
                let kind = ["complaint", "consult", "reprint", "repair"][n % 4];
                let mut t = open(p, kind, &local, *vip, n as u64);
                play(p, &mut t, ["lina", "tom"][n % 2], steps);
                t
            })
            .collect()
    }

    fn tickets() -> impl Strategy<Value = Vec<Plan>> {
        prop::collection::vec(
            (
                0i64..(90 * 1440),
                any::<bool>(),
                prop::collection::vec((step(), 1i64..4000), 0..10),
            ),
            0..25,
        )
    }

    fn through_csv(rows: &[TicketFacts]) -> Vec<TicketFacts> {
        csvfile::read(&csvfile::write(rows, false, true)).expect("our own export reads back")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(60))]

        #[test]
        fn the_review_from_the_export_equals_the_review_from_the_desk(shanghai in tickets(), new_york in tickets()) {
            let a = policy_with(&[]);
            let b = policy_with(&[("timezone: Asia/Shanghai", "timezone: America/New_York"), ("name: Test", "name: Harbor Print")]);
            let rows_a: Vec<TicketFacts> = desk(&a, &shanghai).iter().map(|t| facts(t, &a)).collect();
            let rows_b: Vec<TicketFacts> = desk(&b, &new_york).iter().map(|t| facts(t, &b)).collect();
            let (csv_a, csv_b) = (through_csv(&rows_a), through_csv(&rows_b));
            prop_assert_eq!(&csv_a, &rows_a, "every fact survives the CSV");
            let union: Vec<TicketFacts> = rows_a.iter().chain(&rows_b).cloned().collect();
            let exports: Vec<TicketFacts> = csv_a.into_iter().chain(csv_b).collect();
            for month in ["2026-09", "2026-10", "2026-11"] {
                let period = Period::parse_month(month).unwrap();
                prop_assert_eq!(review(&rows_a, &period), review(&through_csv(&rows_a), &period));
                prop_assert_eq!(review(&union, &period), review(&exports, &period), "two shops' exports add up to their union");
                let counted: Vec<TicketFacts> = union.iter().filter(|f| counts(&period, &f.peek())).cloned().collect();
                prop_assert_eq!(review(&counted, &period), review(&union, &period), "what does not count changes nothing");
            }
        }
    }
}
