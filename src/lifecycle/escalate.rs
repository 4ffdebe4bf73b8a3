//! Escalation: one level up the ladder, or to a named level (a skip, with a reason),
//! the new level's holder, and the contact the new holder owes.

use super::{Act, Change, Next, Refusal, Result, move_holder, refuse, require_active};
use crate::model::{Action, Due, Ticket};

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
