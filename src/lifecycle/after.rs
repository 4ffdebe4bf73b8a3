//! After the resolution: the callback (回访) and its attempts, the second check (复检),
//! the quality review (质检), closing, reopening, and the new round a reopen starts.

use super::escalate::escalate;
use super::{Act, Change, Next, Reasoned, Refusal, Result, Why, refuse, require_reason, set_due};
use crate::model::{Action, Due, Satisfaction, Status, Ticket};
use crate::policy::Policy;

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
    // The customer needs time to see the result before being asked about it.
    if let Some(resolved) = t.resolved_at() {
        let earliest = act.policy.file.callback.earliest;
        let from = act.policy.calendar.deadline(resolved, earliest);
        if act.now < from {
            return Err(Refusal::CallbackTooEarly {
                resolved,
                earliest,
                from,
                reached: matches!(call, Call::Reached(_)),
            });
        }
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
    // The check is made, passed or not.
    t.due.recheck = None;
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
    } else if !act.template.needs_callback {
        // Nobody is called back about this kind: the check was the last step.
        super::resolve::close_uncalled(t, act);
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
    // Nobody reviews their own work: not who holds the ticket, not who resolved it.
    let resolved = t
        .log
        .iter()
        .any(|e| e.action == Action::Resolve && e.by == act.by);
    if resolved || t.assignee.as_deref() == Some(act.by) {
        return Err(Refusal::OwnReview {
            who: act.by.to_string(),
            resolved,
        });
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
    t.due.recheck = None;
    let due = act.after(limits.resolution);
    set_due(t, act, "resolution", due, Why::Rule("reopen"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cause, Remedy};
    use crate::testkit::{act, at, open, outcome, policy};

    /// A repair (no second check, a callback) resolved on Monday at 10:00: the
    /// customer may be called back from Tuesday 10:00 (one working day later).
    fn resolved() -> (crate::policy::Policy, Ticket) {
        let p = policy();
        let mut t = open(&p, "repair", "2026-11-02 09:30", false, 1);
        act(&p, &mut t, "2026-11-02 10:00", |t, a| {
            crate::lifecycle::resolve(t, a, &outcome(Cause::Ours, Remedy::Explain, None))
        })
        .unwrap();
        (p, t)
    }

    fn call(
        p: &crate::policy::Policy,
        t: &mut Ticket,
        local: &str,
        c: Call,
    ) -> Result<CallbackOutcome> {
        act(p, t, local, |t, a| callback(t, a, c, None))
    }

    #[test]
    fn no_callback_before_the_earliest_time_after_the_resolution() {
        let (p, mut t) = resolved();
        // Resolved Monday 10:00; one working day later is Tuesday 10:00.
        for c in [Call::Reached(Satisfaction::Satisfied), Call::Unreached] {
            let early = call(&p, &mut t, "2026-11-03 09:59", c).unwrap_err();
            assert!(
                matches!(early, Refusal::CallbackTooEarly { from, .. } if from == at(&p, "2026-11-03 10:00")),
                "{early:?}"
            );
        }
        assert_eq!(t.log.len(), 2, "nothing logged");
        let on_time = call(
            &p,
            &mut t,
            "2026-11-03 10:00",
            Call::Reached(Satisfaction::Satisfied),
        );
        assert_eq!(on_time, Ok(CallbackOutcome::Closed));
    }

    #[test]
    fn unreached_attempts_count_the_gap_apart_up_to_the_policy_s_number() {
        let (p, mut t) = resolved();
        let first = call(&p, &mut t, "2026-11-03 10:00", Call::Unreached).unwrap();
        assert_eq!(
            first,
            CallbackOutcome::Unreached {
                attempt: 1,
                may_close: false
            }
        );
        // The gap is two working hours: 11:00 is too soon, and the refusal says when.
        let soon = call(&p, &mut t, "2026-11-03 11:00", Call::Unreached).unwrap_err();
        assert!(
            matches!(soon, Refusal::AttemptTooSoon { next, .. } if next == at(&p, "2026-11-03 12:00")),
            "{soon:?}"
        );
        call(&p, &mut t, "2026-11-03 12:00", Call::Unreached).unwrap();
        let third = call(&p, &mut t, "2026-11-03 15:00", Call::Unreached).unwrap();
        assert_eq!(
            third,
            CallbackOutcome::Unreached {
                attempt: 3,
                may_close: true
            }
        );
        let fourth = call(&p, &mut t, "2026-11-04 15:00", Call::Unreached).unwrap_err();
        assert!(
            matches!(
                &fourth,
                Refusal::State {
                    next: Next::AttemptsUsed { max: 3 },
                    ..
                }
            ),
            "{fourth:?}"
        );
        // Used up: it closes without a callback, the rule logged.
        act(&p, &mut t, "2026-11-04 16:00", |t, a| {
            close(t, a, false, None)
        })
        .unwrap();
        assert_eq!(t.status, Status::Closed);
        assert_eq!(t.log.last().unwrap().rule.as_deref(), Some("unreachable"));
    }

    #[test]
    fn a_wrong_number_ends_the_attempts_at_once() {
        let (p, mut t) = resolved();
        let wrong = call(&p, &mut t, "2026-11-03 10:00", Call::WrongNumber).unwrap();
        assert_eq!(
            wrong,
            CallbackOutcome::Unreached {
                attempt: 1,
                may_close: true
            }
        );
        let again = call(&p, &mut t, "2026-11-03 15:00", Call::Unreached).unwrap_err();
        assert!(
            matches!(
                &again,
                Refusal::State {
                    next: Next::WrongNumberAlready,
                    ..
                }
            ),
            "{again:?}"
        );
    }

    #[test]
    fn closing_early_needs_force_and_a_reason() {
        let (p, mut t) = resolved();
        let early = act(&p, &mut t, "2026-11-03 10:00", |t, a| {
            close(t, a, false, None)
        });
        assert!(
            matches!(
                early,
                Err(Refusal::State {
                    next: Next::CallBackFirst {
                        attempts: 0,
                        max: 3
                    },
                    ..
                })
            ),
            "{early:?}"
        );
        let bare = act(&p, &mut t, "2026-11-03 10:00", |t, a| {
            close(t, a, true, Some(" "))
        });
        assert_eq!(bare, Err(Refusal::NoReason(Reasoned::ForceClose)));
        act(&p, &mut t, "2026-11-03 10:00", |t, a| {
            close(t, a, true, Some("moved away"))
        })
        .unwrap();
        assert_eq!(t.status, Status::Closed);
    }

    #[test]
    fn a_complaint_closes_after_its_second_check_by_someone_else() {
        let p = policy();
        let mut t = open(&p, "complaint", "2026-11-02 09:30", false, 1);
        act(&p, &mut t, "2026-11-02 10:00", |t, a| {
            crate::lifecycle::resolve(t, a, &outcome(Cause::Ours, Remedy::Explain, None))
        })
        .unwrap();
        let satisfied = Call::Reached(Satisfaction::Satisfied);
        let called = call(&p, &mut t, "2026-11-03 10:00", satisfied).unwrap();
        assert_eq!(called, CallbackOutcome::AwaitingCheck);
        let own = act(&p, &mut t, "2026-11-03 11:00", |t, a| {
            verify(t, a, true, None)
        });
        assert_eq!(
            own,
            Err(Refusal::OwnCheck {
                resolver: "lina".into()
            })
        );
        let checked = act(&p, &mut t, "2026-11-03 11:00", |t, a| {
            verify(t, &Act { by: "zhou", ..*a }, true, None)
        });
        assert_eq!(checked, Ok(CheckOutcome::Closed));
        assert_eq!(t.status, Status::Closed);
    }
}
