//! Resolving a ticket: what was done and why (as much as its kind needs), the
//! compensation within the resolver's authority (or approved by someone whose level may
//! grant it), and the callback it schedules — or, for a kind that needs no callback,
//! its closing.

use super::{Act, Approvers, Change, Refusal, Result, end_wait, require_active};
use crate::model::{Action, Cause, Due, Money, Remedy, Resolution, Status, Ticket};

/// How a ticket was resolved, as the clerk states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<'a> {
    /// Whose fault it was (a kind may need none: a consultation).
    pub cause: Option<Cause>,
    /// What was done (a kind may need none).
    pub remedy: Option<Remedy>,
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
    if act.template.needs_cause && outcome.cause.is_none() {
        return Err(Refusal::NoCause);
    }
    if act.template.needs_remedy && outcome.remedy.is_none() {
        return Err(Refusal::NoRemedy);
    }
    if outcome.accepted && outcome.cause != Some(Cause::Customer) {
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
    let callback = act
        .template
        .needs_callback
        .then(|| act.after(act.policy.file.callback.within));
    let mut e = act.event(Action::Resolve);
    e.cause = outcome.cause;
    e.remedy = outcome.remedy;
    e.cost = outcome.cost;
    e.accepted = outcome.accepted.then_some(true);
    e.approved_by = approved_by;
    // The second check is due the policy's time before the resolution limit (and is
    // missed at once when the resolution came later than that).
    let recheck = act
        .policy
        .needs_check(&t.kind)
        .then_some(t.due.resolution)
        .flatten()
        .map(|limit| {
            let cal = &act.policy.calendar;
            act.stamp(cal.before(limit.to_utc(), act.policy.file.verify.before))
        });
    e.due = (callback.is_some() || recheck.is_some()).then(|| Due {
        callback,
        recheck,
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
    // Solved without being passed on: no dispatch is owed any more.
    t.due.dispatch = None;
    t.due.callback = callback;
    t.due.recheck = recheck;
    // Nobody is called back about a kind that needs no callback: it closes now, or once
    // its second check passed.
    if callback.is_none() && !super::check_pending(t, act.policy) {
        close_uncalled(t, act);
    }
    Ok(())
}

/// Closes a resolved ticket of a kind that needs no callback; the rule is logged, so
/// the review does not count it as closed without a callback.
pub(super) fn close_uncalled(t: &mut Ticket, act: &Act) {
    let mut e = act.event(Action::Close);
    e.from = Some(t.status.to_string());
    e.rule = Some(NO_CALLBACK.into());
    t.log.push(e);
    t.status = Status::Closed;
}

/// The rule of a closing that needed no callback.
pub const NO_CALLBACK: &str = "no-callback";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{act, open, outcome, policy, policy_with};

    const STAFF: &str = "staff:\n  - { id: lina, name: 李娜, role: agent }\n  - { id: zhou, name: 周强, role: supervisor }\n  - { id: chen, name: 陈总, role: manager }\n";

    fn cost(units: f64) -> Option<Money> {
        Money::from_units(units)
    }

    /// Resolves a fresh complaint as lina (an agent) with this compensation and approver.
    fn resolve_with(
        p: &crate::policy::Policy,
        units: f64,
        approver: Option<&str>,
    ) -> Result<Ticket> {
        let mut t = open(p, "complaint", "2026-11-02 10:00", false, 1);
        act(p, &mut t, "2026-11-02 11:00", |t, a| {
            resolve(
                t,
                a,
                &Outcome {
                    approved_by: approver,
                    ..outcome(Cause::Ours, Remedy::Refund, Some(units))
                },
            )
        })?;
        Ok(t)
    }

    #[test]
    fn an_agent_grants_up_to_the_limit_of_the_agents_level() {
        let p = policy_with(&[("staff: []\n", STAFF)]);
        let t = resolve_with(&p, 500.0, None).unwrap();
        let last = t.log.last().unwrap();
        assert_eq!(
            (last.cost, last.approved_by.as_deref()),
            (cost(500.0), None)
        );
        assert_eq!(
            resolve_with(&p, 500.01, None).unwrap_err(),
            Refusal::AboveAuthority {
                cost: cost(500.01).unwrap(),
                level: 0,
                limit: cost(500.0).unwrap(),
                may: Approvers {
                    levels: vec![1, 2],
                    staff: vec!["zhou".into(), "chen".into()],
                },
            }
        );
    }

    #[test]
    fn above_it_an_approver_of_a_level_that_may_grant_it_is_named_and_logged() {
        let p = policy_with(&[("staff: []\n", STAFF)]);
        // 周强 by name is the supervisor zhou, who may grant up to 5,000.
        let t = resolve_with(&p, 1500.0, Some("周强")).unwrap();
        assert_eq!(t.log.last().unwrap().approved_by.as_deref(), Some("zhou"));
        let too_much = resolve_with(&p, 6000.0, Some("zhou")).unwrap_err();
        assert!(
            matches!(&too_much, Refusal::ApproverLimited { who, level: 1, .. } if who == "zhou"),
            "{too_much:?}"
        );
        // The manager's level has no limit.
        resolve_with(&p, 60_000.0, Some("chen")).unwrap();
        let unknown = resolve_with(&p, 1500.0, Some("wang")).unwrap_err();
        assert!(
            matches!(unknown, Refusal::ApproverUnknown { .. }),
            "{unknown:?}"
        );
        let agent = resolve_with(&p, 1500.0, Some("lina")).unwrap_err();
        assert!(
            matches!(agent, Refusal::ApproverLimited { level: 0, .. }),
            "{agent:?}"
        );
    }

    #[test]
    fn without_a_staff_list_any_named_approver_is_taken() {
        let p = policy();
        let refused = resolve_with(&p, 800.0, None).unwrap_err();
        assert!(
            matches!(&refused, Refusal::AboveAuthority { may, .. } if may.staff.is_empty() && may.levels == [1, 2]),
            "{refused:?}"
        );
        let t = resolve_with(&p, 800.0, Some("the boss")).unwrap();
        assert_eq!(
            t.log.last().unwrap().approved_by.as_deref(),
            Some("the boss")
        );
    }

    #[test]
    fn a_register_s_compensation_and_none_at_all_need_no_approver() {
        let p = policy_with(&[("staff: []\n", STAFF)]);
        resolve_with(&p, 0.0, None).unwrap();
        let mut t = open(&p, "complaint", "2026-11-02 10:00", false, 1);
        act(&p, &mut t, "2026-11-02 11:00", |t, a| {
            resolve(
                t,
                a,
                &Outcome {
                    pre_approved: true,
                    ..outcome(Cause::Ours, Remedy::Refund, Some(9000.0))
                },
            )
        })
        .unwrap();
        assert_eq!(t.resolution.unwrap().cost, cost(9000.0));
    }
}
