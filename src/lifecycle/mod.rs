//! The ticket lifecycle (README, "A complaint's life, in five minutes"): every change
//! a command can make, as a pure function of the ticket, the policy, the time and the
//! actor.
//!
//! Each function checks that the transition is allowed, changes the ticket, sets the
//! deadlines the rule commits to, and appends to the log. None reads a clock or a file.

mod after;
mod escalate;
mod open;
mod refusal;
mod resolve;

use chrono::{DateTime, NaiveDate, Utc};

pub use after::{
    Call, CallbackOutcome, CheckOutcome, callback, check_pending, close, qa, reopen, verify,
};
pub use escalate::escalate;
pub use open::{Draft, open};
pub use refusal::{Approvers, Change, Input, Next, Reasoned, Refusal};
pub use resolve::{NO_CALLBACK, Outcome, resolve};

use crate::model::DEADLINES;
use crate::model::time::{Stamp, stamp};
use crate::model::{Action, Due, Event, Priority, Status, Ticket};
use crate::policy::deadlines::Clock;
use crate::policy::{Policy, Span, Template};

/// What a lifecycle change returns: its outcome, or why it was refused.
pub type Result<T, E = Refusal> = std::result::Result<T, E>;

/// Who acts, when, and under which rules.
#[derive(Clone, Copy)]
pub struct Act<'a> {
    pub policy: &'a Policy,
    pub template: &'a Template,
    pub now: DateTime<Utc>,
    pub by: &'a str,
}

impl Act<'_> {
    fn stamp(&self, t: DateTime<Utc>) -> Stamp {
        stamp(t, self.policy.calendar.tz())
    }

    fn event(&self, action: Action) -> Event {
        Event::new(self.stamp(self.now), self.by, action)
    }

    fn after(&self, span: Span) -> Stamp {
        self.stamp(self.policy.calendar.deadline(self.now, span))
    }

    fn limits(&self, t: &Ticket) -> crate::policy::TicketLimits {
        self.policy
            .limits_for(self.template, t.priority, t.customer.vip)
    }
}

/// Refuses a change the ticket's state forbids, saying what to do instead.
pub(super) fn refuse(t: &Ticket, change: Change, next: Next) -> Refusal {
    Refusal::State {
        id: t.id.to_string(),
        from: t.status,
        change,
        next,
    }
}

pub(super) fn require_active(t: &Ticket, change: Change) -> Result<()> {
    match t.status {
        Status::Open | Status::Waiting => Ok(()),
        Status::Resolved | Status::Closed => Err(refuse(t, change, Next::ReopenFirst)),
    }
}

/// Returns the trimmed reason, or the refusal that one is needed for `what`.
pub(super) fn require_reason(reason: Option<&str>, what: Reasoned) -> Result<String> {
    match reason.map(str::trim) {
        Some(r) if !r.is_empty() => Ok(r.to_string()),
        _ => Err(Refusal::NoReason(what)),
    }
}

/// Why a deadline moved: a reason someone gave, or a rule that moved it by itself
/// (stored as a code, so the file reads the same in every language).
pub(super) enum Why<'a> {
    Reason(&'a str),
    Rule(&'static str),
}

/// Adds a note to the log.
pub fn note(t: &mut Ticket, act: &Act, text: &str) {
    let mut e = act.event(Action::Note);
    e.note = Some(text.to_string());
    t.log.push(e);
}

/// Records a contact with the customer: meets the first-contact deadline and restarts
/// the progress clock.
pub fn contact(t: &mut Ticket, act: &Act, text: Option<&str>) -> Result<()> {
    if t.status == Status::Closed {
        return Err(refuse(t, Change::RecordContact, Next::ReopenOrNote));
    }
    let mut e = act.event(Action::Contact);
    e.note = text.map(str::to_string);
    if matches!(t.status, Status::Open | Status::Waiting) {
        let next = act.after(act.limits(t).progress);
        t.due.progress = Some(next);
        e.due = Some(Due {
            progress: Some(next),
            ..Due::default()
        });
    }
    t.log.push(e);
    Ok(())
}

/// Hands the ticket to someone else (`assign`), with an optional note.
pub fn assign(t: &mut Ticket, act: &Act, to: &str, text: Option<&str>) -> Result<()> {
    if t.status == Status::Closed {
        return Err(refuse(t, Change::Assign, Next::ReopenFirstShort));
    }
    move_holder(t, act, Action::Assign, to, text);
    Ok(())
}

/// Moves a ticket of an agent going on leave to a colleague (交接).
pub fn handover(t: &mut Ticket, act: &Act, to: &str, text: &str) {
    move_holder(t, act, Action::Handover, to, Some(text));
}

pub(super) fn move_holder(t: &mut Ticket, act: &Act, action: Action, to: &str, text: Option<&str>) {
    let mut e = act.event(action);
    e.from = t.assignee.clone();
    e.to = Some(to.to_string());
    e.note = text.map(str::to_string);
    t.assignee = Some(to.to_string());
    t.log.push(e);
}

/// Puts the ticket on hold (waiting on the customer, a part or a supplier) or takes it
/// off hold. Leaving `waiting` moves the resolution deadline later by the working time
/// spent waiting, and logs the move. The progress clock does not stop: the customer
/// still hears from us while we wait, and only a contact meets it.
pub fn set_status(t: &mut Ticket, act: &Act, to: Status, reason: Option<&str>) -> Result<()> {
    require_active(t, Change::SetStatus(to))?;
    if t.status == to {
        return Err(refuse(t, Change::SetStatus(to), Next::Already));
    }
    if !matches!(to, Status::Open | Status::Waiting) {
        return Err(Refusal::StatusNotSettable(to));
    }
    let waited_from = t.waiting_since();
    let mut e = act.event(Action::Status);
    e.from = Some(t.status.to_string());
    e.to = Some(to.to_string());
    e.reason = reason.map(str::to_string);
    t.log.push(e);
    t.status = to;
    if let Some(since) = waited_from {
        end_wait(t, act, since);
    }
    Ok(())
}

/// Ends a wait that began at `since`: the resolution deadline moves later by the working
/// time spent waiting, and the move is logged. A deadline already missed when the wait
/// began stays where it was: waiting never turns a miss into time to spare.
pub(super) fn end_wait(t: &mut Ticket, act: &Act, since: DateTime<Utc>) {
    let cal = &act.policy.calendar;
    let waited = cal.working_minutes_between(since, act.now);
    if let Some(due) = t.due.resolution.filter(|d| d.to_utc() >= since) {
        let moved = act.stamp(cal.add_working_minutes(due.to_utc(), waited));
        if moved != due {
            set_due(t, act, "resolution", moved, Why::Rule("waited"));
        }
    }
}

/// Changes the priority; the resolution deadline of the current round is recomputed
/// from when its clock started, keeping the working time waited since.
pub fn set_priority(t: &mut Ticket, act: &Act, to: Priority) -> Result<()> {
    if t.status == Status::Closed {
        return Err(refuse(t, Change::ChangePriority, Next::ReopenFirstShort));
    }
    if t.priority == to {
        return Err(refuse(t, Change::SetPriority(to), Next::Already));
    }
    let mut e = act.event(Action::Priority);
    e.from = Some(t.priority.to_string());
    e.to = Some(to.to_string());
    t.log.push(e);
    let before = act.limits(t).resolution;
    t.priority = to;
    let after = act.limits(t).resolution;
    if before != after
        && matches!(t.status, Status::Open | Status::Waiting)
        && !crate::policy::deadlines::resolution_missed(&Clock::of(t), act.now)
    {
        let cal = &act.policy.calendar;
        let start = t.clock_start();
        let planned_before = cal.deadline(start, before);
        let shift = t
            .due
            .resolution
            .map(|d| cal.working_minutes_between(planned_before, d.to_utc()))
            .unwrap_or(0);
        let moved = act.stamp(cal.add_working_minutes(cal.deadline(start, after), shift));
        set_due(t, act, "resolution", moved, Why::Rule("priority"));
    }
    Ok(())
}

/// Changes the responsible department.
pub fn set_department(t: &mut Ticket, act: &Act, to: &str) {
    let mut e = act.event(Action::Department);
    e.from = t.department.clone();
    e.to = Some(to.to_string());
    t.department = Some(to.to_string());
    t.log.push(e);
    // Passed to its department: the dispatch is made.
    t.due.dispatch = None;
}

/// Records a date promised to the customer.
pub fn promise(t: &mut Ticket, act: &Act, at: Stamp, text: Option<&str>) -> Result<()> {
    require_active(t, Change::Promise)?;
    let mut e = act.event(Action::Promise);
    e.from = t.due.promised.map(|d| d.to_rfc3339());
    e.to = Some(at.to_rfc3339());
    e.note = text.map(str::to_string);
    t.due.promised = Some(at);
    t.log.push(e);
    Ok(())
}

/// Records the delivery promised to a customer chasing an order: a deadline the
/// overdue list watches until the delivery is recorded.
pub fn promise_delivery(t: &mut Ticket, act: &Act, at: Stamp) -> Result<()> {
    if t.status == Status::Closed {
        return Err(refuse(t, Change::ChangeDue, Next::ReopenFirstShort));
    }
    if at < t.received {
        return Err(Refusal::DueBeforeCall(at));
    }
    set_due(t, act, "delivery", at, Why::Rule("delivery-promised"));
    Ok(())
}

/// Records that the order was delivered on `date`: the promised delivery is met.
pub fn delivered(t: &mut Ticket, act: &Act, date: NaiveDate) {
    let mut e = act.event(Action::Delivered);
    e.to = Some(date.to_string());
    t.log.push(e);
    t.order.delivered = Some(date);
    t.due.delivery = None;
}

/// Flags the complaint as abnormal (非正常投诉: unfounded, malicious, or beyond what the
/// shop can answer for), with the reason; once.
pub fn flag_abnormal(t: &mut Ticket, act: &Act, reason: Option<&str>) -> Result<()> {
    let reason = require_reason(reason, Reasoned::Abnormal)?;
    if t.events(Action::Abnormal).next().is_some() {
        return Err(refuse(t, Change::FlagAbnormal, Next::Already));
    }
    let mut e = act.event(Action::Abnormal);
    e.reason = Some(reason);
    t.log.push(e);
    Ok(())
}

/// Records the monthly care call to a customer who complained, on their last ticket
/// (closed or not): it changes nothing else.
pub fn care_call(t: &mut Ticket, act: &Act, text: Option<&str>) {
    let mut e = act.event(Action::Care);
    e.note = text.map(str::to_string);
    t.log.push(e);
}

/// Changes a deadline by hand; the reason is logged.
pub fn change_due(
    t: &mut Ticket,
    act: &Act,
    deadline: &str,
    at: Stamp,
    reason: Option<&str>,
) -> Result<()> {
    let reason = require_reason(reason, Reasoned::MoveDue)?;
    if t.status == Status::Closed {
        return Err(refuse(t, Change::ChangeDue, Next::ReopenFirstShort));
    }
    let Some(name) = DEADLINES.iter().copied().find(|d| *d == deadline) else {
        return Err(Refusal::NotADeadline(deadline.to_string()));
    };
    if at < t.received {
        return Err(Refusal::DueBeforeCall(at));
    }
    // Every deadline falls inside working time (an interval's end counts), as the
    // policy's own do and a promise does.
    let cal = &act.policy.calendar;
    let instant = at.to_utc();
    if cal.snap_forward(instant) != instant {
        return Err(Refusal::DueOutsideHours {
            at,
            deadline: name.to_string(),
            next: cal.next_working_instant(instant),
        });
    }
    set_due(t, act, name, at, Why::Reason(&reason));
    Ok(())
}

pub(super) fn set_due(t: &mut Ticket, act: &Act, deadline: &str, at: Stamp, why: Why) {
    let Some(slot) = t.due.slot(deadline) else {
        return;
    };
    let mut e = act.event(Action::Due);
    e.deadline = Some(deadline.to_string());
    e.from = slot.map(|d| d.to_rfc3339());
    e.to = Some(at.to_rfc3339());
    match why {
        Why::Reason(r) => e.reason = Some(r.to_string()),
        Why::Rule(r) => e.rule = Some(r.to_string()),
    }
    *slot = Some(at);
    t.log.push(e);
}

#[cfg(test)]
mod tests;
