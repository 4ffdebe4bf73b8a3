//! The morning list: every missed deadline of every ticket that is not closed, and what
//! falls due within a window, most serious first.
//!
//! Order: broken promises first (the classic lost customer), then by how late in
//! working time, VIP customers before others at equal lateness; then what is due soon,
//! soonest first.

use std::cmp::Reverse;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::Summary;
use crate::policy::deadlines::{Deadline, State, deadlines_within};
use crate::policy::{Policy, Span};

/// Whether a line is a missed deadline or one falling due soon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Overdue,
    DueSoon,
}

/// One missed (or nearly missed) deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub id: String,
    /// `response`, `progress`, `resolution`, `promise` or `callback`.
    pub deadline: &'static str,
    pub due: DateTime<Utc>,
    /// Working minutes since the deadline (0 for what is due soon).
    pub late: i64,
    /// Calendar minutes until the deadline (0 for what is overdue).
    pub left: i64,
    pub state: Urgency,
    pub customer: String,
    pub vip: bool,
    pub title: String,
    pub kind: String,
    pub assignee: Option<String>,
    pub level: u32,
}

/// A ticket entered later than the policy's time after the call is listed as such
/// until its first contact is made: the customer has waited longer than anyone knew.
fn late_entry(s: &Summary, policy: &Policy) -> Option<Deadline> {
    let f = &s.facts;
    if f.entered_on_time || f.first_contact_at.is_some() {
        return None;
    }
    let cal = &policy.calendar;
    let due = cal.add(f.received.to_utc(), policy.file.limits.entry);
    Some(Deadline {
        name: "entry",
        due,
        state: State::Missed {
            late: cal.working_minutes_between(due, f.opened.to_utc()),
        },
    })
}

/// Whether a ticket can be on the overdue list at all: every ticket but a closed one.
pub fn may_be_listed(status: &str) -> bool {
    status != "closed"
}

/// The lines of one ticket: its deadlines missed or due within `window`, and a late
/// entry.
pub fn lines_of(s: &Summary, policy: &Policy, now: DateTime<Utc>, window: Span) -> Vec<Line> {
    if !may_be_listed(&s.facts.status) {
        return Vec::new();
    }
    let f = &s.facts;
    late_entry(s, policy)
        .into_iter()
        .chain(deadlines_within(&s.clock(), policy, now, window))
        .filter_map(|d| {
            let (state, late, left) = match d.state {
                State::Missed { late } => (Urgency::Overdue, late, 0),
                State::DueSoon { left } => (Urgency::DueSoon, 0, left),
                _ => return None,
            };
            Some(Line {
                id: f.id.clone(),
                deadline: if d.name == "promised" {
                    "promise"
                } else {
                    d.name
                },
                due: d.due,
                late,
                left,
                state,
                customer: f.customer.clone(),
                vip: f.vip,
                title: f.title.clone(),
                kind: f.kind.clone(),
                assignee: f.assignee.clone(),
                level: f.max_level,
            })
        })
        .collect()
}

/// What orders the list: what is missed before what is due soon, a broken promise
/// first, the latest first, VIPs before others, then by due time and id.
pub fn order_key(l: &Line) -> impl Ord + use<> {
    order_of(l.state, l.deadline, l.late, l.left, l.vip, l.due, &l.id)
}

/// `order_key` of a line given by its parts.
pub fn order_of(
    state: Urgency,
    deadline: &str,
    late: i64,
    left: i64,
    vip: bool,
    due: DateTime<Utc>,
    id: &str,
) -> impl Ord + use<> {
    (
        state,
        deadline != "promise",
        Reverse(late),
        left,
        !vip,
        due,
        id.to_string(),
    )
}

/// Puts lines in the order of the list.
pub fn sort_lines(lines: &mut [Line]) {
    lines.sort_by_cached_key(order_key);
}

/// The overdue list of these tickets, in its order.
pub fn overdue<'a>(
    summaries: impl IntoIterator<Item = &'a Summary>,
    policy: &Policy,
    now: DateTime<Utc>,
    window: Span,
) -> Vec<Line> {
    let mut lines: Vec<Line> = summaries
        .into_iter()
        .flat_map(|s| lines_of(s, policy, now, window))
        .collect();
    sort_lines(&mut lines);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle;
    use crate::model::Status;
    use crate::model::Ticket;
    use crate::testkit::{act, at, open, policy};

    fn summaries(p: &Policy, tickets: &[&Ticket]) -> Vec<Summary> {
        tickets.iter().map(|t| Summary::of(t, p)).collect()
    }

    /// The lines other than the owed promises (tested on their own).
    fn listed(lines: &[Line]) -> Vec<(&str, &str, Urgency, i64)> {
        lines
            .iter()
            .filter(|l| l.deadline != "no-promise")
            .map(|l| (l.title.as_str(), l.deadline, l.state, l.late))
            .collect()
    }

    #[test]
    fn a_ticket_not_solved_on_the_day_of_the_call_owes_a_promised_date() {
        let p = policy();
        // Called and opened Monday 10:00; the day ends at 18:00.
        let mut t = open(&p, "repair", "2026-11-02 10:00", false, 1);
        let owed = |t: &Ticket, when: &str| -> Vec<(&'static str, i64)> {
            overdue(
                &summaries(&p, &[t]),
                &p,
                at(&p, when),
                "0m".parse().unwrap(),
            )
            .into_iter()
            .filter(|l| l.deadline == "no-promise")
            .map(|l| (l.deadline, l.late))
            .collect()
        };
        assert!(owed(&t, "2026-11-02 17:59").is_empty());
        // Tuesday 10:30: an hour and a half of working time since Monday 18:00.
        assert_eq!(owed(&t, "2026-11-03 10:30"), vec![("no-promise", 90)]);
        act(&p, &mut t, "2026-11-03 10:30", |t, a| {
            let friday = a
                .policy
                .calendar
                .instant("2026-11-06T18:00:00".parse().unwrap());
            lifecycle::promise(
                t,
                a,
                crate::model::time::stamp(friday, a.policy.calendar.tz()),
                None,
            )
        })
        .unwrap();
        assert!(
            owed(&t, "2026-11-03 10:31").is_empty(),
            "a promise was given"
        );
    }

    #[test]
    fn broken_promises_first_then_lateness_then_vips() {
        let p = policy();
        // Opened Monday 2026-11-02; all first contacts missed by Tuesday 11:00.
        let a = open(&p, "repair", "2026-11-02 09:00", false, 1); // response due 10:00
        let b = open(&p, "repair", "2026-11-02 10:00", true, 2); // VIP: response due 10:30
        let c = open(&p, "repair", "2026-11-02 09:30", false, 3); // response due 10:30
        let mut d = open(&p, "repair", "2026-11-02 16:00", false, 4); // response due 17:00
        act(&p, &mut d, "2026-11-02 16:05", |t, a| {
            lifecycle::contact(t, a, None)
        })
        .unwrap();
        act(&p, &mut d, "2026-11-02 16:10", |t, a| {
            lifecycle::promise(
                t,
                a,
                a.policy
                    .calendar
                    .instant("2026-11-03T09:15:00".parse().unwrap())
                    .fixed_offset(),
                None,
            )
        })
        .unwrap();
        let now = at(&p, "2026-11-03 11:00");
        let lines = overdue(
            &summaries(&p, &[&a, &b, &c, &d]),
            &p,
            now,
            "1h".parse().unwrap(),
        );
        assert_eq!(
            listed(&lines),
            vec![
                (
                    "repair at 2026-11-02 16:00",
                    "promise",
                    Urgency::Overdue,
                    105
                ),
                // Monday 10:00–18:00 and Tuesday 09:00–11:00.
                (
                    "repair at 2026-11-02 09:00",
                    "response",
                    Urgency::Overdue,
                    600
                ),
                (
                    "repair at 2026-11-02 10:00",
                    "response",
                    Urgency::Overdue,
                    570
                ),
                (
                    "repair at 2026-11-02 09:30",
                    "response",
                    Urgency::Overdue,
                    570
                ),
                // Progress contacts due one working day after opening.
                (
                    "repair at 2026-11-02 09:00",
                    "progress",
                    Urgency::Overdue,
                    120
                ),
                (
                    "repair at 2026-11-02 09:30",
                    "progress",
                    Urgency::Overdue,
                    90
                ),
                (
                    "repair at 2026-11-02 10:00",
                    "progress",
                    Urgency::Overdue,
                    60
                ),
            ],
            "the promise first; at equal lateness (b and c: 9h30), the VIP first"
        );
    }

    #[test]
    fn due_soon_follows_within_the_window_and_closed_tickets_are_left_out() {
        let p = policy();
        let a = open(&p, "complaint", "2026-11-02 09:00", false, 1); // response due 10:00
        let mut b = open(&p, "complaint", "2026-11-02 08:00", false, 2); // response due 10:00
        act(&p, &mut b, "2026-11-02 08:30", |t, a| {
            lifecycle::close(t, a, true, Some("spam"))
        })
        .unwrap();
        let soon = overdue(
            &summaries(&p, &[&a, &b]),
            &p,
            at(&p, "2026-11-02 09:15"),
            "1h".parse().unwrap(),
        );
        assert_eq!(
            listed(&soon),
            vec![(
                "complaint at 2026-11-02 09:00",
                "response",
                Urgency::DueSoon,
                0
            )]
        );
        assert_eq!(soon[0].left, 45);
        assert!(
            overdue(
                &summaries(&p, &[&a]),
                &p,
                at(&p, "2026-11-02 09:15"),
                "30m".parse().unwrap()
            )
            .is_empty()
        );
    }

    #[test]
    fn a_waiting_ticket_is_not_late_for_resolution() {
        let p = policy();
        let mut t = open(&p, "complaint", "2026-11-02 09:00", false, 1); // resolution due Tue 09:00
        act(&p, &mut t, "2026-11-02 09:10", |t, a| {
            lifecycle::contact(t, a, None)
        })
        .unwrap();
        act(&p, &mut t, "2026-11-02 10:00", |t, a| {
            lifecycle::set_status(t, a, Status::Waiting, None)
        })
        .unwrap();
        let lines = overdue(
            &summaries(&p, &[&t]),
            &p,
            at(&p, "2026-11-04 10:00"),
            "0m".parse().unwrap(),
        );
        assert!(
            lines.iter().all(|l| l.deadline != "resolution"),
            "{lines:?}"
        );
    }
}
