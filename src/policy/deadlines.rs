//! The state of each deadline of a ticket at a given time: met (on time or late),
//! pending, due soon, or missed — lateness counted in working time.
//!
//! A missed deadline stays missed: a deadline met after it passed reads "met late".

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Policy, Span};
use crate::model::commitments::Commitment;
use crate::model::{Action, Due, Event, Status, Ticket};
use crate::model::{DEADLINES, NO_PROMISE};

/// Where one deadline stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum State {
    /// Met at `at`; `late` working minutes after the deadline (0 = on time).
    Met { at: DateTime<Utc>, late: i64 },
    /// Not met yet and not passed; `left` calendar minutes remain.
    Pending { left: i64 },
    /// Not met yet and within the warning window.
    DueSoon { left: i64 },
    /// Passed without being met; `late` working minutes ago.
    Missed { late: i64 },
    /// Its clock stands still while the ticket waits: `waited` working minutes so far.
    /// The deadline moves later by the time waited when the ticket resumes.
    Paused { waited: i64 },
    /// No longer applies (progress contacts after resolution, for instance).
    Inactive,
}

/// One deadline of a ticket and its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub name: &'static str,
    pub due: DateTime<Utc>,
    #[serde(flatten)]
    pub state: State,
}

/// What deadline states are computed from: the stored deadlines and the milestones the
/// log records. Built from a ticket, or from its summary in the desk index.
#[derive(Debug, Clone, PartialEq)]
pub struct Clock {
    pub status: Status,
    pub due: Due,
    /// When the customer called: a ticket not resolved by the end of that working day
    /// must carry a promised date.
    pub received: DateTime<Utc>,
    /// When the work was last restarted (a reopen): the promise rule counts from it.
    pub restarted: Option<DateTime<Utc>>,
    pub first_contact: Option<DateTime<Utc>>,
    /// The resolution of the current round.
    pub resolved_at: Option<DateTime<Utc>>,
    /// The customer reached at the callback of the last resolution.
    pub callback_at: Option<DateTime<Utc>>,
    pub waiting_since: Option<DateTime<Utc>>,
}

impl Clock {
    /// Reads the clock of a ticket.
    pub fn of(t: &Ticket) -> Clock {
        Clock {
            status: t.status,
            due: t.due.clone(),
            received: t.received.to_utc(),
            restarted: t.restarted_at(),
            first_contact: t.first_contact(),
            resolved_at: t.resolved_at(),
            callback_at: t.callback_reached_at(),
            waiting_since: t.waiting_since(),
        }
    }
}

/// Returns every deadline the ticket has, with its state at `now` (due soon within the
/// policy's warning window).
pub fn deadlines(c: &Clock, policy: &Policy, now: DateTime<Utc>) -> Vec<Deadline> {
    deadlines_within(c, policy, now, policy.file.limits.warning)
}

/// Returns true when the resolution deadline in force has passed: while the ticket
/// waits its clock stands still, so then only a deadline missed before the wait began.
pub fn resolution_missed(c: &Clock, now: DateTime<Utc>) -> bool {
    let Some(due) = c.due.resolution.map(|d| d.to_utc()) else {
        return false;
    };
    match (c.status, c.waiting_since) {
        (Status::Open, _) => due < now,
        (Status::Waiting, Some(since)) => due < since,
        _ => false,
    }
}

/// Returns every deadline with its state at `now`, due soon within `warning`.
pub fn deadlines_within(
    c: &Clock,
    policy: &Policy,
    now: DateTime<Utc>,
    warning: Span,
) -> Vec<Deadline> {
    let cal = &policy.calendar;
    let active = matches!(c.status, Status::Open | Status::Waiting);
    let soon = cal.add(now, warning);
    let mut list: Vec<Deadline> = DEADLINES
        .iter()
        .filter_map(|&name| {
            let due = c.due.get(name)?.to_utc();
            let paused = name == "resolution"
                && c.status == Status::Waiting
                && c.waiting_since.is_some_and(|since| due >= since);
            let met = match name {
                "response" => c.first_contact,
                "resolution" | "promised" => c.resolved_at,
                "callback" => c.callback_at,
                _ => None,
            };
            // The second check, dispatch and delivery are stored only until made.
            let applies = match name {
                "progress" | "dispatch" => active,
                "callback" | "recheck" => c.status == Status::Resolved,
                _ => c.status != Status::Closed || met.is_some(),
            };
            let state = match met {
                Some(at) => State::Met {
                    at,
                    late: cal.working_minutes_between(due, at),
                },
                None if !applies => State::Inactive,
                None if paused => State::Paused {
                    waited: c
                        .waiting_since
                        .map_or(0, |since| cal.working_minutes_between(since, now)),
                },
                None if now > due => State::Missed {
                    late: cal.working_minutes_between(due, now),
                },
                None if soon >= due => State::DueSoon {
                    left: (due - now).num_minutes(),
                },
                None => State::Pending {
                    left: (due - now).num_minutes(),
                },
            };
            Some(Deadline { name, due, state })
        })
        .collect();
    // Not solved on the day of the call — or of the reopen, when the work restarted —
    // the customer must be told when (a promised date); until then the ticket owes
    // one. It never falls due before the first contact does: a call late in the day is
    // told on the day the first contact is due.
    let start = c
        .restarted
        .filter(|r| *r > c.received)
        .unwrap_or(c.received);
    let first_day = promise_owed_by(policy, start, c.due.response.map(|r| r.to_utc()));
    if active && c.due.promised.is_none() && c.resolved_at.is_none() {
        let state = if now > first_day {
            Some(State::Missed {
                late: cal.working_minutes_between(first_day, now),
            })
        } else if soon >= first_day {
            Some(State::DueSoon {
                left: (first_day - now).num_minutes(),
            })
        } else {
            None
        };
        if let Some(state) = state {
            list.push(Deadline {
                name: NO_PROMISE,
                due: first_day,
                state,
            });
        }
    }
    list
}

/// Returns the end of the working day by which a round of work begun at `start` must
/// carry a promised date: that of the start, or of the first-contact deadline when
/// that falls on a later working day (a call late in the day is told on the day the
/// first contact is due).
fn promise_owed_by(
    policy: &Policy,
    start: DateTime<Utc>,
    response: Option<DateTime<Utc>>,
) -> DateTime<Utc> {
    let cal = &policy.calendar;
    let day = cal.end_of_working_day(start);
    match response.filter(|r| *r > day) {
        Some(r) => cal.end_of_working_day(r),
        None => day,
    }
}

/// Returns every commitment a ticket made, in the order they were made: the deadlines
/// its log set, and the promised date owed in each round of work.
pub fn committed(t: &Ticket, policy: &Policy) -> Vec<Commitment> {
    let mut made = crate::model::commitments::commitments(t);
    made.extend(owed_promises(t, policy));
    made.sort_by_key(|c| c.set_at);
    made
}

/// Replays a ticket's log into its duty, in each round of work, to give a promised
/// date by the end of the round's first working day, as commitments: met by the
/// promise (or a deadline `promised` set by hand), dropped by a resolution or a close.
/// A promise given late meets it late: the miss stays on record.
pub fn owed_promises(t: &Ticket, policy: &Policy) -> Vec<Commitment> {
    let response = t.due.response.map(|r| r.to_utc());
    let mut starts: Vec<usize> = vec![0];
    starts.extend(
        t.log
            .iter()
            .enumerate()
            .filter(|(i, e)| *i > 0 && e.restarts())
            .map(|(i, _)| i),
    );
    let mut owed = Vec::new();
    for (n, &first) in starts.iter().enumerate() {
        let last = starts.get(n + 1).copied().unwrap_or(t.log.len());
        let Some(begin) = t.log.get(first) else {
            continue;
        };
        let start = if n == 0 {
            t.received.to_utc()
        } else {
            begin.at.to_utc().max(t.received.to_utc())
        };
        let due = promise_owed_by(policy, start, response);
        let promised = |e: &Event| {
            e.action == Action::Promise
                || (e.action == Action::Due && e.deadline.as_deref() == Some("promised"))
                || e.due.as_ref().is_some_and(|d| d.promised.is_some())
        };
        let mut c = Commitment {
            deadline: NO_PROMISE,
            due: due.with_timezone(begin.at.offset()),
            set_at: begin.at,
            after_miss: false,
            met: None,
            dropped: None,
            paused: Vec::new(),
        };
        for (i, e) in t.log.iter().enumerate().take(last).skip(first) {
            if promised(e) {
                c.met = Some((e.at, i));
                break;
            }
            if !matches!(
                e.status_after(),
                None | Some(Status::Open | Status::Waiting)
            ) {
                c.dropped = Some(e.at);
                break;
            }
        }
        owed.push(c);
    }
    owed
}
