//! The ticket lifecycle (README, "A complaint's life, in five minutes"): every change
//! a command can make, as a pure function of the ticket, the policy, the time and the
//! actor.
//!
//! Each function checks that the transition is allowed, changes the ticket, sets the
//! deadlines the rule commits to, and appends to the log. None reads a clock or a file.

mod open;
mod refusal;

use chrono::{DateTime, Utc};

pub use open::{Draft, open};
pub use refusal::{Approvers, Change, Input, Next, Reasoned, Refusal};

use crate::model::DEADLINES;
use crate::model::time::{Stamp, stamp};
use crate::model::{
    Action, Cause, Due, Event, Money, Priority, Remedy, Resolution, Satisfaction, Status, Ticket,
};
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
fn refuse(t: &Ticket, change: Change, next: Next) -> Refusal {
    Refusal::State {
        id: t.id.to_string(),
        from: t.status,
        change,
        next,
    }
}

fn require_active(t: &Ticket, change: Change) -> Result<()> {
    match t.status {
        Status::Open | Status::Waiting => Ok(()),
        Status::Resolved | Status::Closed => Err(refuse(t, change, Next::ReopenFirst)),
    }
}

/// Returns the trimmed reason, or the refusal that one is needed for `what`.
fn require_reason(reason: Option<&str>, what: Reasoned) -> Result<String> {
    match reason.map(str::trim) {
        Some(r) if !r.is_empty() => Ok(r.to_string()),
        _ => Err(Refusal::NoReason(what)),
    }
}

/// Why a deadline moved: a reason someone gave, or a rule that moved it by itself
/// (stored as a code, so the file reads the same in every language).
enum Why<'a> {
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

fn move_holder(t: &mut Ticket, act: &Act, action: Action, to: &str, text: Option<&str>) {
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
fn end_wait(t: &mut Ticket, act: &Act, since: DateTime<Utc>) {
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
    set_due(t, act, name, at, Why::Reason(&reason));
    Ok(())
}

fn set_due(t: &mut Ticket, act: &Act, deadline: &str, at: Stamp, why: Why) {
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

/// Escalates one level up, or to `to` (a skip must carry a reason and is logged as one).
/// An escalation by a policy `rule` may come without a reason: the rule says why.
/// The ticket goes to the holder of the new level's role when the policy names one, and
/// the new holder's contact is due within the post-escalation window.
pub fn escalate(
    t: &mut Ticket,
    act: &Act,
    to: Option<u32>,
    reason: &str,
    rule: Option<&str>,
) -> Result<u32> {
    require_active(t, Change::Escalate)?;
    let top = act.policy.ladder().len().saturating_sub(1) as u32;
    let target = to.unwrap_or(t.level + 1);
    if t.level >= top && to.is_none() {
        return Err(refuse(t, Change::Escalate, Next::TopOfLadder(t.level)));
    }
    if target > top {
        return Err(Refusal::LevelOffLadder(target));
    }
    if target <= t.level {
        return Err(refuse(
            t,
            Change::EscalateTo(target),
            Next::AlreadyAt(t.level),
        ));
    }
    let mut e = act.event(Action::Escalate);
    e.from = Some(act.policy.level_name(t.level));
    e.to = Some(act.policy.level_name(target));
    e.skip = (target > t.level + 1).then_some(true);
    e.rule = rule.map(str::to_string);
    e.reason = (!reason.is_empty() || rule.is_none()).then(|| reason.to_string());
    // The new holder's contact is due within the post-escalation window, unless a
    // contact is already overdue: that one stays in force until it is made.
    let overdue = t.due.progress.is_some_and(|d| d.to_utc() < act.now);
    if !overdue {
        let next = act.after(act.policy.file.limits.after_escalation);
        t.due.progress = Some(next);
        e.due = Some(Due {
            progress: Some(next),
            ..Due::default()
        });
    }
    t.log.push(e);
    t.level = target;
    if let Some(holder) = act.policy.holder_of_level(target)
        && t.assignee.as_deref() != Some(holder.id.as_str())
    {
        let id = holder.id.clone();
        move_holder(t, act, Action::Assign, &id, None);
        if let Some(assigned) = t.log.last_mut() {
            assigned.rule = Some("escalation".into());
        }
    }
    Ok(target)
}

/// How a ticket was resolved, as the clerk states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<'a> {
    pub cause: Cause,
    pub remedy: Remedy,
    pub summary: &'a str,
    pub cost: Option<Money>,
    /// The cause is the customer's and the customer understood and accepted it.
    pub accepted: bool,
    /// Who approved compensation above what the resolver may grant alone.
    pub approved_by: Option<&'a str>,
    /// The compensation was agreed before the desk kept its rules (an imported
    /// register): no authority to check.
    pub pre_approved: bool,
}

/// Checks that the resolver may grant the compensation, or that the approver may:
/// each level grants up to the policy's `authority`; above it, an approver of a level
/// that may is named (and must be on the staff list, when the desk keeps one).
fn check_authority(t: &Ticket, act: &Act, cost: Money, approver: Option<&str>) -> Result<()> {
    let policy = act.policy;
    let level = policy.staff_level(act.by).unwrap_or(t.level);
    let may = |level: u32| policy.grant_limit(level).is_none_or(|limit| cost <= limit);
    if may(level) {
        return Ok(());
    }
    let limit = policy.grant_limit(level).unwrap_or_default();
    let approvers = Approvers {
        levels: (0..policy.ladder().len() as u32)
            .filter(|l| may(*l))
            .collect(),
        staff: policy
            .file
            .staff
            .iter()
            .filter(|s| policy.staff_level(&s.id).is_some_and(may))
            .map(|s| s.id.clone())
            .collect(),
    };
    let Some(approver) = approver.map(str::trim).filter(|a| !a.is_empty()) else {
        return Err(Refusal::AboveAuthority {
            cost,
            level,
            limit,
            may: approvers,
        });
    };
    if policy.file.staff.is_empty() {
        return Ok(());
    }
    match policy.staff_level(approver) {
        Some(l) if may(l) => Ok(()),
        Some(l) => Err(Refusal::ApproverLimited {
            who: approver.to_string(),
            level: l,
            cost,
            may: approvers,
        }),
        None => Err(Refusal::ApproverUnknown {
            who: approver.to_string(),
            may: approvers,
        }),
    }
}

/// Resolves the ticket and schedules the callback.
pub fn resolve(t: &mut Ticket, act: &Act, outcome: &Outcome) -> Result<()> {
    require_active(t, Change::Resolve)?;
    let summary = outcome.summary;
    if summary.trim().is_empty() {
        return Err(Refusal::NoSummary);
    }
    if outcome.accepted && outcome.cause != Cause::Customer {
        return Err(Refusal::AcceptedNotCustomer(outcome.cause));
    }
    let approved_by = match outcome
        .cost
        .filter(|c| *c > Money::ZERO && !outcome.pre_approved)
    {
        Some(cost) => {
            check_authority(t, act, cost, outcome.approved_by)?;
            outcome
                .approved_by
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(|a| act.policy.staff(a).map_or(a.to_string(), |s| s.id.clone()))
        }
        None => None,
    };
    if let Some(since) = t.waiting_since() {
        end_wait(t, act, since);
    }
    let callback = act.after(act.policy.file.callback.within);
    let mut e = act.event(Action::Resolve);
    e.cause = Some(outcome.cause);
    e.remedy = Some(outcome.remedy);
    e.cost = outcome.cost;
    e.accepted = outcome.accepted.then_some(true);
    e.approved_by = approved_by;
    e.due = Some(Due {
        callback: Some(callback),
        ..Due::default()
    });
    e.note = Some(summary.to_string());
    t.log.push(e);
    t.status = Status::Resolved;
    t.resolution = Some(Resolution {
        cause: outcome.cause,
        remedy: outcome.remedy,
        summary: summary.to_string(),
        cost: outcome.cost,
        accepted: outcome.accepted,
    });
    t.due.progress = None;
    t.due.callback = Some(callback);
    Ok(())
}

/// What a callback led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackOutcome {
    Closed,
    Reopened,
    /// Reached and content, but the kind needs a second check before it closes.
    AwaitingCheck,
    /// Not reached; `may_close` once the policy's attempts are used up.
    Unreached {
        attempt: u32,
        may_close: bool,
    },
}

/// Returns true when the current round still needs its second check (复检) before the
/// ticket may close.
pub fn check_pending(t: &Ticket, policy: &Policy) -> bool {
    policy.needs_check(&t.kind) && t.round_check().is_none()
}

/// What a callback found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    Reached(Satisfaction),
    Unreached,
    /// The number on the ticket is wrong: no further attempts.
    WrongNumber,
}

/// Records a callback attempt (回访). Unreached attempts count only the policy's gap
/// apart and at most its number of times; a wrong number ends the attempts at once.
/// A dissatisfied customer reopens the ticket, and (by the policy) sends it one level up.
pub fn callback(
    t: &mut Ticket,
    act: &Act,
    call: Call,
    text: Option<&str>,
) -> Result<CallbackOutcome> {
    if t.status != Status::Resolved {
        let next = match t.status {
            Status::Closed => Next::ClosedAlready,
            _ => Next::ResolveFirst,
        };
        return Err(refuse(t, Change::RecordCallback, next));
    }
    let mut e = act.event(Action::Callback);
    e.reached = Some(matches!(call, Call::Reached(_)));
    e.note = text.map(str::to_string);
    let satisfaction = match call {
        Call::Reached(s) => s,
        Call::Unreached | Call::WrongNumber => {
            let wrong_number = call == Call::WrongNumber;
            let rules = &act.policy.file.callback;
            if t.wrong_number() {
                return Err(refuse(t, Change::RecordCallback, Next::WrongNumberAlready));
            }
            let made = t.callback_attempts();
            if made >= rules.max_attempts {
                let next = Next::AttemptsUsed {
                    max: rules.max_attempts,
                };
                return Err(refuse(t, Change::RecordCallback, next));
            }
            if let Some(last) = t.last_attempt() {
                let next = act.policy.calendar.deadline(last.at.to_utc(), rules.gap);
                if act.now < next && !wrong_number {
                    return Err(Refusal::AttemptTooSoon {
                        last: last.at,
                        gap: rules.gap,
                        next,
                    });
                }
            }
            let attempt = made + 1;
            e.attempt = Some(attempt);
            e.wrong_number = wrong_number.then_some(true);
            t.log.push(e);
            let may_close = wrong_number || attempt >= rules.max_attempts;
            return Ok(CallbackOutcome::Unreached { attempt, may_close });
        }
    };
    e.satisfaction = Some(satisfaction);
    t.satisfaction = Some(satisfaction);
    if satisfaction == Satisfaction::Dissatisfied {
        e.to = Some(Status::Open.to_string());
        t.log.push(e);
        restart(t, act);
        // The policy sends a dissatisfied customer's ticket one level up (to the head of
        // customer service), where the ladder goes on.
        let top = act.policy.ladder().len().saturating_sub(1) as u32;
        if act.policy.file.callback.escalate_dissatisfied && t.level < top {
            escalate(t, act, None, "", Some("dissatisfied"))?;
        }
        Ok(CallbackOutcome::Reopened)
    } else if check_pending(t, act.policy) {
        // Said in the event, so that the log does not read as a closing callback.
        e.to = Some(Status::Resolved.to_string());
        t.log.push(e);
        Ok(CallbackOutcome::AwaitingCheck)
    } else {
        e.to = Some(Status::Closed.to_string());
        t.log.push(e);
        t.status = Status::Closed;
        Ok(CallbackOutcome::Closed)
    }
}

/// What a second check led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckOutcome {
    /// Passed; the ticket closed because its callback was already made.
    Closed,
    /// Passed; the ticket waits for its callback.
    Passed,
    /// Sent back to its holder, reopened.
    Redo,
}

/// Records the second check (复检) of a resolution by someone other than the resolver:
/// passed, or sent back (`redo`, with a reason) to be done again.
pub fn verify(t: &mut Ticket, act: &Act, ok: bool, reason: Option<&str>) -> Result<CheckOutcome> {
    if t.status != Status::Resolved {
        let next = match t.status {
            Status::Closed => Next::VerifyClosed,
            _ => Next::ResolveFirst,
        };
        return Err(refuse(t, Change::Verify, next));
    }
    let reason = if ok {
        reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string)
    } else {
        Some(require_reason(reason, Reasoned::Redo)?)
    };
    let resolver = t
        .round_resolution()
        .map(|e| e.by.clone())
        .unwrap_or_default();
    if resolver == act.by {
        return Err(Refusal::OwnCheck { resolver });
    }
    if t.round_check().is_some() {
        return Err(refuse(t, Change::Verify, Next::VerifiedAlready));
    }
    let mut e = act.event(Action::Verify);
    e.verified = Some(ok);
    e.reason = reason;
    if !ok {
        e.to = Some(Status::Open.to_string());
        t.log.push(e);
        restart(t, act);
        return Ok(CheckOutcome::Redo);
    }
    let called = t.callback_reached_at().is_some();
    if called {
        e.to = Some(Status::Closed.to_string());
    }
    t.log.push(e);
    if called {
        t.status = Status::Closed;
        Ok(CheckOutcome::Closed)
    } else {
        Ok(CheckOutcome::Passed)
    }
}

/// Records the quality review of a handled ticket (质检): a score from 0 to 100 and a
/// note. A ticket is reviewed once it is resolved or closed; a later review adds to
/// the log.
pub fn qa(t: &mut Ticket, act: &Act, score: u32, text: Option<&str>) -> Result<()> {
    if score > 100 {
        return Err(Refusal::ScoreOutOfRange(score));
    }
    if matches!(t.status, Status::Open | Status::Waiting) {
        return Err(refuse(t, Change::Qa, Next::QaAfterResolution));
    }
    let mut e = act.event(Action::Qa);
    e.score = Some(score);
    e.note = text.map(str::to_string);
    t.log.push(e);
    Ok(())
}

/// Closes the ticket: a resolved ticket whose callback attempts are used up closes with
/// the reason logged; anything else needs `force` and a reason. A kind that needs a
/// second check closes without force only once it passed.
pub fn close(t: &mut Ticket, act: &Act, force: bool, reason: Option<&str>) -> Result<()> {
    if t.status == Status::Closed {
        return Err(refuse(t, Change::Close, Next::ClosedAlready));
    }
    let max = act.policy.file.callback.max_attempts;
    let attempts = t.callback_attempts();
    let unreachable = t.status == Status::Resolved && (attempts >= max || t.wrong_number());
    if unreachable && !force && check_pending(t, act.policy) {
        return Err(refuse(t, Change::Close, Next::VerifyFirst));
    }
    let reason = if unreachable && !force {
        reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string)
    } else if force {
        Some(require_reason(reason, Reasoned::ForceClose)?)
    } else {
        let next = match t.status {
            Status::Resolved => Next::CallBackFirst { attempts, max },
            _ => Next::CloseResolveFirst,
        };
        return Err(refuse(t, Change::Close, next));
    };
    let mut e = act.event(Action::Close);
    e.from = Some(t.status.to_string());
    if unreachable && !force {
        e.rule = Some("unreachable".into());
    }
    e.reason = reason;
    t.log.push(e);
    t.status = Status::Closed;
    Ok(())
}

/// Reopens a resolved or closed ticket: the resolution clock restarts now and the reopen
/// is counted.
pub fn reopen(t: &mut Ticket, act: &Act, reason: Option<&str>) -> Result<()> {
    let reason = require_reason(reason, Reasoned::Reopen)?;
    if matches!(t.status, Status::Open | Status::Waiting) {
        return Err(refuse(t, Change::Reopen, Next::NotResolved));
    }
    let mut e = act.event(Action::Reopen);
    e.from = Some(t.status.to_string());
    e.reason = Some(reason);
    t.log.push(e);
    restart(t, act);
    Ok(())
}

/// Starts a new round on the event just logged (a reopen, a dissatisfied callback, a
/// failed check): the resolution deadline counts from now, the next progress contact
/// is set on that event, and the callback and the promise of the last round, which
/// are behind us, are cleared.
fn restart(t: &mut Ticket, act: &Act) {
    t.status = Status::Open;
    // The last round's verdict is behind us: the next callback gives the new one.
    t.satisfaction = None;
    let limits = act.limits(t);
    let progress = act.after(limits.progress);
    if let Some(e) = t.log.last_mut() {
        e.due = Some(Due {
            progress: Some(progress),
            ..Due::default()
        });
    }
    t.due.progress = Some(progress);
    t.due.callback = None;
    t.due.promised = None;
    let due = act.after(limits.resolution);
    set_due(t, act, "resolution", due, Why::Rule("reopen"));
}

#[cfg(test)]
mod tests;
