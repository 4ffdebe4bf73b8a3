//! What happened to a ticket, as the review counts it: one row per log event, each with
//! the state it left the ticket in and the deadlines it met on time, and one row per
//! missed deadline, at the moment it was missed. These are the rows of
//! `inkdesk export --events`; the review reads nothing else, so it is the same from a
//! desk or from its export, and a period that has ended never changes (a row's fields
//! are fixed by the events up to its time).

use chrono::{DateTime, FixedOffset, Utc};

use crate::lifecycle::NO_CALLBACK;
use crate::model::DEADLINES;
use crate::model::commitments::Commitment;
use crate::model::{Action, Cause, Money, Remedy, Satisfaction, Status, Ticket};
use crate::policy::Policy;
use crate::policy::deadlines::committed;

/// What every row of a ticket shares: its shop, zone, id, kind and customer.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Head {
    pub shop: String,
    /// The shop's IANA time zone: periods are local dates of each shop.
    pub timezone: String,
    pub id: String,
    pub kind: String,
    pub vip: bool,
    pub customer: String,
    pub company: Option<String>,
    /// How the complaint came in.
    pub channel: Option<String>,
}

/// What a row may have met on time: the deadlines, and `entry` (the ticket entered
/// within the policy's time of the call), bit `i` for `ON_TIME[i]`.
pub const ON_TIME: [&str; 6] = [
    "response",
    "progress",
    "resolution",
    "promised",
    "callback",
    "entry",
];

/// A row's action when it records a missed deadline rather than a log event.
pub const MISSED: &str = "missed";

/// One thing that happened to a ticket. Codes are kept as the code sets' own values,
/// so that a desk's history takes little memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Occurrence {
    pub at: DateTime<FixedOffset>,
    /// The log action (`opened`, `contact`, `resolve` …), or `missed`.
    pub action: &'static str,
    pub by: String,
    /// The status, holder, department and level after it.
    pub status: Status,
    pub assignee: Option<String>,
    pub department: Option<String>,
    pub level: u32,
    /// The deadline a `missed` row missed, or a `due` event moved.
    pub deadline: Option<&'static str>,
    /// When the missed deadline was due.
    pub due: Option<DateTime<FixedOffset>>,
    /// The deadlines this event met on time: bit `i` for `ON_TIME[i]`.
    pub on_time: u8,
    /// Working minutes from the opening to the first contact (on the first contact), or
    /// from the start of its round to a resolution (on each resolution).
    pub minutes: Option<i64>,
    pub cause: Option<Cause>,
    pub remedy: Option<Remedy>,
    pub cost: Option<Money>,
    /// A quality review's score.
    pub score: Option<u32>,
    pub accepted: Option<bool>,
    pub satisfaction: Option<Satisfaction>,
    /// On a callback: whether the customer was reached. On a row that closed the ticket:
    /// whether the customer had been reached at the callback of that round.
    pub reached: Option<bool>,
    pub attempt: Option<u32>,
    pub wrong_number: Option<bool>,
    pub verified: Option<bool>,
}

/// Finds a code of a fixed set (an action, a deadline) as the set's own value.
pub fn code_in(set: &[&'static str], text: &str) -> Option<&'static str> {
    set.iter().find(|c| **c == text).copied()
}

/// Every action a row may carry: the log's, and `missed`.
pub fn actions() -> impl Iterator<Item = &'static str> {
    Action::ALL
        .iter()
        .map(|a| a.as_str())
        .chain(std::iter::once(MISSED))
}

impl Occurrence {
    /// A row of `action` at `at`, the ticket `status` after it, and nothing else said:
    /// no one's, no deadline, no figures.
    pub fn bare(at: DateTime<FixedOffset>, action: &'static str, status: Status) -> Occurrence {
        Occurrence {
            at,
            action,
            by: String::new(),
            status,
            assignee: None,
            department: None,
            level: 0,
            deadline: None,
            due: None,
            on_time: 0,
            minutes: None,
            cause: None,
            remedy: None,
            cost: None,
            score: None,
            accepted: None,
            satisfaction: None,
            reached: None,
            attempt: None,
            wrong_number: None,
            verified: None,
        }
    }

    /// Returns true when the row records this deadline met on time.
    pub fn met_on_time(&self, deadline: &str) -> bool {
        self.met().any(|d| d == deadline)
    }

    /// Returns the deadlines this event met on time, in order.
    pub fn met(&self) -> impl Iterator<Item = &'static str> + '_ {
        ON_TIME
            .iter()
            .enumerate()
            .filter(|(i, _)| self.on_time & (1 << i) != 0)
            .map(|(_, d)| *d)
    }

    /// Returns true when this row closed the ticket.
    pub fn closed(&self) -> bool {
        self.status == Status::Closed && matches!(self.action, "close" | "callback" | "verify")
    }

    /// Returns true when the customer had the ticket reopened here (a reopen, or a
    /// dissatisfied callback).
    pub fn reopened(&self) -> bool {
        self.status == Status::Open && matches!(self.action, "reopen" | "callback")
    }

    /// Returns true when a second check sent the ticket back here.
    pub fn redone(&self) -> bool {
        self.action == "verify" && self.verified == Some(false)
    }
}

/// A deadline still in force at the ticket's last event: it is missed at `from` if
/// nothing happens before.
#[derive(Debug, Clone, PartialEq)]
pub struct Live {
    pub deadline: &'static str,
    pub due: DateTime<FixedOffset>,
    pub from: DateTime<FixedOffset>,
}

impl Default for Live {
    /// A first-contact deadline at the epoch: a value to read another into.
    fn default() -> Live {
        Live {
            deadline: DEADLINES[0],
            due: DateTime::default(),
            from: DateTime::default(),
        }
    }
}

impl Default for Occurrence {
    /// A bare opening at the epoch: a value to read another into.
    fn default() -> Occurrence {
        Occurrence::bare(DateTime::default(), Action::Opened.as_str(), Status::Open)
    }
}

/// Everything that happened to a ticket: the rows fixed by its log, and the deadlines
/// that will be missed if nothing happens (so that the history does not depend on
/// the time it is read).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    pub rows: Vec<Occurrence>,
    pub live: Vec<Live>,
}

impl History {
    /// Returns every row as seen at `now`: the fixed rows and the deadlines in force
    /// that had been missed by then, in order of time.
    pub fn rows_at(&self, now: DateTime<Utc>) -> std::borrow::Cow<'_, [Occurrence]> {
        if self.live.iter().all(|l| l.from.to_utc() >= now) {
            return std::borrow::Cow::Borrowed(&self.rows);
        }
        let mut rows = self.rows.clone();
        let last = rows.last().cloned();
        for live in &self.live {
            if live.from.to_utc() < now
                && let Some(state) = &last
            {
                rows.push(missed_row(state, live.deadline, live.due, live.from));
            }
        }
        rows.sort_by_key(|r| r.at);
        std::borrow::Cow::Owned(rows)
    }
}

/// A `missed` row in the state of `state` (the row before it).
fn missed_row(
    state: &Occurrence,
    deadline: &'static str,
    due: DateTime<FixedOffset>,
    at: DateTime<FixedOffset>,
) -> Occurrence {
    Occurrence {
        assignee: state.assignee.clone(),
        department: state.department.clone(),
        level: state.level,
        deadline: Some(deadline),
        due: Some(due),
        ..Occurrence::bare(at, MISSED, state.status)
    }
}

/// The holder, department and level of a ticket before its first event.
fn first_state(t: &Ticket) -> (Option<String>, Option<String>) {
    let moved = |action: Action| t.events(action).next().map(|e| e.from.clone());
    let assignee = t
        .log
        .first()
        .filter(|e| e.action == Action::Opened)
        .and_then(|e| e.to.clone())
        .or_else(|| moved(Action::Assign).flatten())
        .or_else(|| moved(Action::Handover).flatten())
        .or_else(|| t.assignee.clone());
    let department = match moved(Action::Department) {
        Some(from) => from,
        None => t.department.clone(),
    };
    (assignee, department)
}

/// Replays a ticket's log into its history (times in the shop's zone, working minutes
/// on the shop's calendar).
pub fn history(t: &Ticket, policy: &Policy) -> History {
    let cal = &policy.calendar;
    let level_of = |name: &str| {
        policy
            .ladder()
            .iter()
            .position(|l| l == name)
            .map(|n| n as u32)
            .or_else(|| name.parse().ok())
    };
    let made = committed(t, policy);
    let entered_on_time = policy.entered_on_time(t.received.to_utc(), t.opened.to_utc());
    let (mut assignee, mut department) = first_state(t);
    let mut status = Status::Open;
    let mut level = 0;
    let mut round_start = t.opened.to_utc();
    let mut contacted = false;
    let mut reached_in_round = false;
    let mut rows: Vec<Occurrence> = Vec::with_capacity(t.log.len() + 2);
    for (i, e) in t.log.iter().enumerate() {
        match e.action {
            Action::Assign | Action::Handover | Action::Opened if e.to.is_some() => {
                assignee = e.to.clone();
            }
            Action::Department => department = e.to.clone(),
            Action::Escalate => {
                if let Some(n) = e.to.as_deref().and_then(level_of) {
                    level = n;
                }
            }
            _ => {}
        }
        let mut minutes = None;
        match e.action {
            Action::Contact if !contacted => {
                contacted = true;
                minutes = Some(cal.working_minutes_between(t.opened.to_utc(), e.at.to_utc()));
            }
            Action::Resolve => {
                minutes = Some(cal.working_minutes_between(round_start, e.at.to_utc()));
                reached_in_round = false;
            }
            Action::Callback if e.reached == Some(true) => reached_in_round = true,
            _ => {}
        }
        if e.restarts() {
            round_start = e.at.to_utc();
        }
        if let Some(next) = e.status_after() {
            status = next;
        }
        let mut on_time = made
            .iter()
            .filter(|c| c.met.is_some_and(|(_, by)| by == i) && c.hit().is_some())
            .filter_map(|c| ON_TIME.iter().position(|d| *d == c.deadline))
            .fold(0u8, |bits, i| bits | (1 << i));
        if e.action == Action::Opened && entered_on_time {
            on_time |= 1 << 5;
        }
        let closing = status == Status::Closed && e.status_after() == Some(Status::Closed);
        rows.push(Occurrence {
            at: e.at,
            action: e.action.as_str(),
            by: e.by.clone(),
            status,
            assignee: assignee.clone(),
            department: department.clone(),
            level,
            deadline: e.deadline.as_deref().and_then(|d| code_in(&DEADLINES, d)),
            due: None,
            on_time,
            minutes,
            cause: e.cause,
            remedy: e.remedy,
            cost: e.cost,
            score: e.score,
            accepted: e.accepted,
            satisfaction: e.satisfaction,
            // A closing says whether the round's customer was reached, unless the kind
            // needs no callback (nobody was to be called).
            reached: if closing && e.rule.as_deref() != Some(NO_CALLBACK) {
                Some(reached_in_round)
            } else if closing {
                None
            } else {
                e.reached
            },
            attempt: e.attempt,
            wrong_number: e.wrong_number,
            verified: e.verified,
        });
    }
    let last = rows.last().map(|r| r.at);
    let mut live = Vec::new();
    let mut misses: Vec<(&Commitment, DateTime<FixedOffset>)> = Vec::new();
    for c in &made {
        if !c.live() {
            // Met or dropped: its end is in the log, so is whether it was missed.
            if let Some(at) = c.missed_at(DateTime::<Utc>::MAX_UTC) {
                misses.push((c, at));
            }
        } else if let Some(from) = c.miss_from() {
            if last.is_some_and(|last| from < last) {
                misses.push((c, from));
            } else {
                live.push(Live {
                    deadline: c.deadline,
                    due: c.due,
                    from,
                });
            }
        }
    }
    let mut out = rows.clone();
    for (c, at) in misses {
        let before = rows.partition_point(|r| r.at <= at).max(1);
        out.push(missed_row(&rows[before - 1], c.deadline, c.due, at));
    }
    out.sort_by_key(|r| r.at);
    History { rows: out, live }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lifecycle;
    use crate::model::{Cause, Remedy};
    use crate::testkit::{act, at, open, open_undispatched, outcome, policy};

    /// The rows of a history as (action, deadline, what it met on time), in order.
    fn outline(
        rows: &[Occurrence],
    ) -> Vec<(&'static str, Option<&'static str>, Vec<&'static str>)> {
        rows.iter()
            .map(|r| (r.action, r.deadline, r.met().collect()))
            .collect()
    }

    #[test]
    fn each_event_is_a_row_with_the_deadlines_it_met_on_time() {
        let p = policy();
        // A complaint on Monday 10:00: first contact due 11:00, resolution Tuesday 10:00.
        let mut t = open(&p, "complaint", "2026-11-02 10:00", false, 1);
        act(&p, &mut t, "2026-11-02 10:20", |t, a| {
            lifecycle::contact(t, a, None)
        })
        .unwrap();
        act(&p, &mut t, "2026-11-03 09:30", |t, a| {
            lifecycle::resolve(t, a, &outcome(Cause::Ours, Remedy::Explain, None))
        })
        .unwrap();
        let h = history(&t, &p);
        assert_eq!(
            outline(&h.rows),
            [
                ("opened", None, vec!["entry"]),
                ("contact", None, vec!["response", "progress"]),
                // Not solved on Monday and no date promised: a miss at 18:00.
                ("missed", Some("no-promise"), vec![]),
                ("resolve", None, vec!["resolution"]),
            ]
        );
        // Working minutes: to the first contact from the opening, to the resolution from
        // the start of its round (Monday 10:00–18:00 and Tuesday 09:00–09:30).
        assert_eq!(h.rows[1].minutes, Some(20));
        assert_eq!(h.rows[3].minutes, Some(480 + 30));
        assert_eq!(h.rows[3].status, Status::Resolved);
        assert_eq!(
            h.rows[0].assignee.as_deref(),
            Some("lina"),
            "the holder from the start"
        );
        // The callback is due three working days after the resolution: in force, not a
        // row. The second check was due an hour before the resolution limit (Tuesday
        // 09:00): resolved at 09:30, it is missed as soon as anything happens after.
        let live: Vec<_> = h
            .live
            .iter()
            .map(|l| (l.deadline, l.due.to_utc(), l.from.to_utc()))
            .collect();
        assert_eq!(
            live,
            [
                (
                    "callback",
                    at(&p, "2026-11-06 09:30"),
                    at(&p, "2026-11-06 09:30")
                ),
                (
                    "recheck",
                    at(&p, "2026-11-03 09:00"),
                    at(&p, "2026-11-03 09:30")
                )
            ]
        );
    }

    #[test]
    fn a_missed_deadline_is_a_row_at_the_moment_it_was_missed() {
        let p = policy();
        let mut t = open(&p, "complaint", "2026-11-02 10:00", false, 1);
        act(&p, &mut t, "2026-11-02 10:20", |t, a| {
            lifecycle::contact(t, a, None)
        })
        .unwrap();
        // Resolved on Wednesday: the resolution due Tuesday 10:00 was missed then, and
        // so was Tuesday's progress contact (due a working day after the contact).
        act(&p, &mut t, "2026-11-04 11:00", |t, a| {
            lifecycle::resolve(t, a, &outcome(Cause::Ours, Remedy::Explain, None))
        })
        .unwrap();
        let h = history(&t, &p);
        let missed: Vec<_> = h
            .rows
            .iter()
            .filter(|r| r.action == MISSED)
            .map(|r| (r.deadline, r.at.to_utc(), r.status, r.assignee.as_deref()))
            .collect();
        assert_eq!(
            missed,
            [
                (
                    Some("no-promise"),
                    at(&p, "2026-11-02 18:00"),
                    Status::Open,
                    Some("lina")
                ),
                (
                    Some("resolution"),
                    at(&p, "2026-11-03 10:00"),
                    Status::Open,
                    Some("lina")
                ),
                (
                    Some("progress"),
                    at(&p, "2026-11-03 10:20"),
                    Status::Open,
                    Some("lina")
                ),
            ]
        );
        assert!(
            h.rows.windows(2).all(|w| w[0].at <= w[1].at),
            "in order of time"
        );
        assert!(
            h.rows
                .last()
                .is_some_and(|r| r.action == "resolve" && r.on_time == 0)
        );
    }

    #[test]
    fn a_deadline_in_force_is_missed_only_once_now_passes_it() {
        let p = policy();
        let t = open(&p, "complaint", "2026-11-02 10:00", false, 1);
        let h = history(&t, &p);
        assert_eq!(
            h.rows.len(),
            1,
            "only the opening: nothing was missed by then"
        );
        let names: Vec<&str> = h.live.iter().map(|l| l.deadline).collect();
        assert_eq!(names, ["response", "progress", "resolution", "no-promise"]);
        let before = h.rows_at(at(&p, "2026-11-02 10:59"));
        assert!(matches!(before, std::borrow::Cow::Borrowed(_)));
        let after = h.rows_at(at(&p, "2026-11-03 10:01"));
        let missed: Vec<_> = after.iter().filter_map(|r| r.deadline).collect();
        assert_eq!(missed, ["response", "no-promise", "progress", "resolution"]);
    }

    #[test]
    fn a_dispatch_not_made_is_missed_only_if_its_hour_passed_before_the_resolution() {
        let p = policy();
        let missed = |resolved: &str| -> Vec<DateTime<Utc>> {
            // Called Monday 10:00: to be passed on by 11:00.
            let mut t = open_undispatched(&p, "complaint", "2026-11-02 10:00", false, 1);
            act(&p, &mut t, resolved, |t, a| {
                lifecycle::resolve(t, a, &outcome(Cause::Ours, Remedy::Explain, None))
            })
            .unwrap();
            assert_eq!(t.due.dispatch, None, "no longer owed once resolved");
            history(&t, &p)
                .rows
                .iter()
                .filter(|r| r.deadline == Some("dispatch"))
                .map(|r| r.at.to_utc())
                .collect()
        };
        assert!(
            missed("2026-11-02 10:30").is_empty(),
            "solved at the desk in time"
        );
        assert_eq!(missed("2026-11-02 11:30"), [at(&p, "2026-11-02 11:00")]);
    }
}
