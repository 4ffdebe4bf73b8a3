//! What a ticket record must satisfy beyond its YAML types: a known kind, a level on the
//! ladder, times in order, a log that starts with the opening and leads to the stored
//! status. Used by `check` and before every write, so the tool never writes a record
//! that `check` would reject.

use crate::model::id::Id;
use crate::model::{Action, Problem, Status, Ticket};

use super::Policy;

/// Returns every problem of a ticket, by field path.
pub fn ticket(t: &Ticket, policy: &Policy, kinds: &[String]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: String| problems.push(Problem::new(field, message));
    if let Err(m) = Id::parse(t.id.as_str()) {
        problem("id", m);
    } else if Id::parse(t.id.as_str()).is_ok_and(|id| id != t.id) {
        problem("id", format!("`{}` must be written in upper case", t.id));
    }
    if t.title.trim().is_empty() || t.title.contains('\n') {
        problem("title", "must be one non-empty line".into());
    }
    if !kinds.iter().any(|k| k == &t.kind) {
        problem(
            "kind",
            format!("`{}` has no template (kinds: {})", t.kind, kinds.join(", ")),
        );
    }
    if t.customer.name.trim().is_empty() {
        problem("customer.name", "must not be empty".into());
    }
    if t.level as usize >= policy.ladder().len() {
        problem(
            "level",
            format!(
                "{} is not on the ladder (0 to {})",
                t.level,
                policy.ladder().len() - 1
            ),
        );
    }
    if let Some(who) = &t.assignee
        && let Err(m) = policy.holder(who)
    {
        problem("assignee", m);
    }
    if t.received > t.opened {
        problem(
            "received",
            "is after `opened`: the customer cannot call after the ticket was entered".into(),
        );
    }
    for name in ["response", "resolution"] {
        if t.due.get(name).is_some_and(|d| d < t.opened) {
            problem(
                &format!("due.{name}"),
                "is before the ticket was opened".into(),
            );
        }
    }
    if let Some(r) = &t.resolution
        && r.cost.is_some_and(|c| !c.is_finite() || c < 0.0)
    {
        problem("resolution.cost", "must be a positive amount".into());
    }
    if t.status == Status::Resolved && t.resolution.is_none() {
        problem(
            "resolution",
            "a resolved ticket needs cause, remedy and summary".into(),
        );
    }
    match t.log.first() {
        None => problem(
            "log",
            "is empty: the log must start with the `opened` event".into(),
        ),
        Some(first) if first.action != Action::Opened => problem(
            "log[0].action",
            format!(
                "is `{}`: the log must start with `opened`",
                first.action.as_str()
            ),
        ),
        Some(first) if first.at != t.opened => problem(
            "log[0].at",
            format!(
                "is {} but `opened` is {}",
                first.at.to_rfc3339(),
                t.opened.to_rfc3339()
            ),
        ),
        Some(_) => {}
    }
    for (i, pair) in t.log.windows(2).enumerate() {
        if pair[1].at < pair[0].at {
            problem(
                &format!("log[{}].at", i + 1),
                format!(
                    "{} is earlier than the event before it ({}): the log only grows",
                    pair[1].at.to_rfc3339(),
                    pair[0].at.to_rfc3339()
                ),
            );
        }
    }
    for (i, e) in t.log.iter().enumerate() {
        if e.by.trim().is_empty() {
            problem(&format!("log[{i}].by"), "must name who acted".into());
        }
        if e.action == Action::Opened && i > 0 {
            problem(
                &format!("log[{i}].action"),
                "a ticket is opened only once".into(),
            );
        }
        if e.action == Action::Status
            && e.status_after()
                .is_none_or(|s| !matches!(s, Status::Open | Status::Waiting))
        {
            problem(
                &format!("log[{i}].to"),
                "a status event goes to `open` or `waiting`".into(),
            );
        }
        if e.action == Action::Callback && e.reached.is_none() {
            problem(
                &format!("log[{i}].reached"),
                "a callback must say whether the customer was reached".into(),
            );
        }
    }
    if let Some(from_log) = t.status_from_log()
        && from_log != t.status
    {
        problem(
            "status",
            format!("is `{}` but the log leads to `{from_log}`", t.status),
        );
    }
    problems
}
