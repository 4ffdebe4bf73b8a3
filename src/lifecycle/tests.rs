//! Property test of the lifecycle: whatever sequence of commands a clerk runs, every
//! one that succeeds leaves a ticket `check` accepts, whose log only grows, whose status
//! is what the log says, and whose deadlines fall inside working time.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;

use super::*;
use crate::model::{Customer, Id};
use crate::policy::validate;
use crate::testkit::{apply, policy, step, template};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_sequence_of_commands_leaves_a_valid_ticket(
        kind in prop::sample::select(vec!["complaint", "consult", "repair", "reprint"]),
        vip: bool,
        start_minutes in 0i64..(14 * 24 * 60),
        steps in prop::collection::vec((step(), 1i64..(3 * 24 * 60)), 0..25),
    ) {
        let policy = policy();
        let template = template(kind);
        let kinds = vec![kind.to_string()];
        let start: DateTime<Utc> = "2026-11-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(start_minutes);
        let act = Act { policy: &policy, template: &template, now: start, by: "lina" };
        let draft = Draft { title: "Colour drift".into(), customer: Customer { name: "王先生".into(), vip, ..Customer::default() }, ..Draft::default() };
        let mut t = open(Id::new(start, 42), draft, &act).expect("opens");
        let mut now = start;
        for (step, gap) in steps {
            now += Duration::minutes(gap);
            let act = Act { policy: &policy, template: &template, now, by: "lina" };
            let before = t.clone();
            match apply(&mut t, &act, &step) {
                Ok(()) => {
                    prop_assert!(t.log.len() > before.log.len(), "{step:?} logged nothing");
                    prop_assert_eq!(&t.log[..before.log.len()], &before.log[..], "the log only grows");
                    prop_assert_eq!(t.status_from_log(), Some(t.status));
                    let problems = validate::ticket(&t, &policy, &kinds);
                    prop_assert!(problems.is_empty(), "{step:?}: {problems:?}");
                }
                Err(_) => prop_assert_eq!(&t, &before, "a refused step changes nothing"),
            }
        }
        for name in ["response", "resolution", "callback"] {
            if let Some(due) = t.due.get(name) {
                let due = due.to_utc();
                let inside = policy.calendar.is_working_time(due) || policy.calendar.is_working_time(due - Duration::seconds(1));
                prop_assert!(inside, "{name} due {due} is outside working time");
            }
        }
    }
}
