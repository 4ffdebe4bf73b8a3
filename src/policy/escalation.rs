//! The automatic escalation rules of the policy, evaluated for one ticket at `now`.
//!
//! Rules, in order of seriousness; the first that applies fires:
//! - `promise-broken`: the promised date passed unresolved → at least the supervisor;
//! - `resolution-missed`: the resolution deadline passed (while the ticket waits, only
//!   one missed before the wait began: the wait holds its clock) → the
//!   supervisor (for a complaint, one working day after opening; for a consultation,
//!   the end of the day);
//! - `level-timeout`: still unresolved `next_level_after` (3 working days) after
//!   reaching the current level, above the agent → the next level.
//!
//! A rule fires only when it would raise the level, so running the rules again at the
//! same or a later time changes nothing for a rule that already fired.

use chrono::{DateTime, Utc};

use super::Policy;
use super::deadlines::{Clock, resolution_missed};
use crate::i18n::t;
use crate::model::{Action, Status, Ticket};

/// An escalation the rules call for; `reason` says why, for people (the event records
/// the rule).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    pub rule: &'static str,
    pub to: u32,
    pub reason: String,
}

/// Returns the escalation the policy calls for, if any.
pub fn called_for(t: &Ticket, policy: &Policy, now: DateTime<Utc>) -> Option<Escalation> {
    if !matches!(t.status, Status::Open | Status::Waiting) {
        return None;
    }
    let rules = &policy.file.escalation;
    let top = policy.ladder().len().saturating_sub(1) as u32;
    let cal = &policy.calendar;
    let local = |d: DateTime<Utc>| crate::i18n::format::local(d, cal.tz());
    // Past a deadline outside working time is no working minute late: "just past".
    let late = |due: DateTime<Utc>| match cal.working_minutes_between(due, now) {
        0 => t!("escalate-late-just"),
        minutes => t!("escalate-late", late = cal.human(minutes)),
    };
    if rules.on_broken_promise
        && t.level < 1
        && top >= 1
        && let Some(promised) = t.due.promised.map(|p| p.to_utc()).filter(|p| *p < now)
    {
        return Some(Escalation {
            rule: "promise-broken",
            to: 1,
            reason: t!(
                "escalate-reason-promise",
                due = local(promised),
                late = late(promised)
            ),
        });
    }
    if rules.on_missed_resolution
        && t.level < 1
        && top >= 1
        && resolution_missed(&Clock::of(t), now)
        && let Some(due) = t.due.resolution.map(|d| d.to_utc())
    {
        return Some(Escalation {
            rule: "resolution-missed",
            to: 1,
            reason: t!(
                "escalate-reason-resolution",
                due = local(due),
                late = late(due)
            ),
        });
    }
    if t.level >= 1 && t.level < top {
        let reached = t
            .log
            .iter()
            .rfind(|e| e.action == Action::Escalate)
            .map(|e| e.at.to_utc())
            .unwrap_or_else(|| t.opened.to_utc());
        let deadline = cal.add(reached, rules.next_level_after);
        if deadline < now {
            return Some(Escalation {
                rule: "level-timeout",
                to: t.level + 1,
                reason: t!(
                    "escalate-reason-timeout",
                    after = rules.next_level_after.label(),
                    level = crate::i18n::words::word("level", &policy.level_name(t.level))
                ),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle;
    use crate::testkit::{act, at, open, policy, policy_with};

    #[test]
    fn a_complaint_goes_to_the_supervisor_after_one_working_day() {
        let p = policy();
        let t = open(&p, "complaint", "2026-11-02 10:00", false, 1);
        assert_eq!(
            called_for(&t, &p, at(&p, "2026-11-03 10:00")),
            None,
            "due at Tuesday 10:00 exactly"
        );
        let e = called_for(&t, &p, at(&p, "2026-11-03 10:01")).expect("fires");
        assert_eq!((e.rule, e.to), ("resolution-missed", 1));
    }

    #[test]
    fn a_consultation_goes_up_at_the_end_of_the_day() {
        let p = policy();
        let t = open(&p, "consult", "2026-11-02 10:00", false, 1);
        assert_eq!(called_for(&t, &p, at(&p, "2026-11-02 17:59")), None);
        assert_eq!(
            called_for(&t, &p, at(&p, "2026-11-02 18:01")).map(|e| e.rule),
            Some("resolution-missed")
        );
    }

    #[test]
    fn a_broken_promise_comes_first_and_rules_fire_once() {
        let p = policy();
        let mut t = open(&p, "repair", "2026-11-02 10:00", false, 1);
        let promised = at(&p, "2026-11-03 12:00").fixed_offset();
        act(&p, &mut t, "2026-11-02 10:05", |t, a| {
            lifecycle::promise(t, a, promised, None)
        })
        .unwrap();
        let now = at(&p, "2026-11-03 12:30");
        let e = called_for(&t, &p, now).expect("fires");
        assert_eq!((e.rule, e.to), ("promise-broken", 1));
        act(&p, &mut t, "2026-11-03 12:30", |t, a| {
            lifecycle::escalate(t, a, Some(e.to), &e.reason, Some(e.rule))
        })
        .unwrap();
        assert_eq!(
            called_for(&t, &p, now),
            None,
            "a second run changes nothing"
        );
        assert_eq!(called_for(&t, &p, at(&p, "2026-11-05 12:30")), None);
    }

    #[test]
    fn the_manager_after_three_working_days_at_the_supervisor() {
        let p = policy();
        let mut t = open(&p, "repair", "2026-11-02 10:00", false, 1);
        act(&p, &mut t, "2026-11-03 11:00", |t, a| {
            lifecycle::escalate(t, a, None, "by hand", None)
        })
        .unwrap();
        assert_eq!(called_for(&t, &p, at(&p, "2026-11-06 11:00")), None);
        let e = called_for(&t, &p, at(&p, "2026-11-06 11:01")).expect("fires");
        assert_eq!((e.rule, e.to), ("level-timeout", 2));
        act(&p, &mut t, "2026-11-06 11:01", |t, a| {
            lifecycle::escalate(t, a, Some(e.to), &e.reason, Some(e.rule))
        })
        .unwrap();
        assert_eq!(
            called_for(&t, &p, at(&p, "2026-12-30 11:00")),
            None,
            "the top of the ladder"
        );
    }

    #[test]
    fn resolved_tickets_and_switched_off_rules_never_fire() {
        let p = policy_with(&[("on_missed_resolution: true", "on_missed_resolution: false")]);
        let mut t = open(&p, "complaint", "2026-11-02 10:00", false, 1);
        assert_eq!(called_for(&t, &p, at(&p, "2026-11-04 10:00")), None);
        let p = policy();
        act(&p, &mut t, "2026-11-02 11:00", |t, a| {
            lifecycle::resolve(
                t,
                a,
                &crate::testkit::outcome(
                    crate::model::Cause::Ours,
                    crate::model::Remedy::Explain,
                    None,
                ),
            )
        })
        .unwrap();
        assert_eq!(called_for(&t, &p, at(&p, "2026-11-20 10:00")), None);
    }
}
