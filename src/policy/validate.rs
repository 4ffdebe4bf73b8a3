//! What a ticket record must satisfy beyond its YAML types: a known kind, a level on the
//! ladder, times in order, a log that starts with the opening and leads to the stored
//! status. Used by `check` and before every write, so the tool never writes a record
//! that `check` would reject.

use crate::i18n::t;
use crate::model::id::Id;
use crate::model::{Action, Problem, Status, Ticket};

use super::Policy;

/// The longest one-line field (a title, a name, a job number), in characters.
pub const MAX_LINE: usize = 1000;

/// Whether a character must not be in a record's text: control characters (but a line
/// break or tab in a text of several lines) and the marks that reorder text on screen
/// (U+202A–U+202E, U+2066–U+2069), which would let a record rewrite a terminal.
pub fn unsafe_char(c: char, multi_line: bool) -> bool {
    if multi_line && (c == '\n' || c == '\t') {
        return false;
    }
    c.is_control()
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// What is wrong with a text field, if anything: a character that must not be there,
/// or (for a one-line field) a line break or more than `MAX_LINE` characters.
pub fn text_problem(text: &str, multi_line: bool) -> Option<String> {
    if let Some(c) = text.chars().find(|c| unsafe_char(*c, multi_line)) {
        return Some(t!("err-control-char", code = format!("U+{:04X}", c as u32)));
    }
    if !multi_line && text.chars().count() > MAX_LINE {
        return Some(t!("err-line-too-long", max = MAX_LINE));
    }
    None
}

/// Returns every problem of a ticket, by field path.
pub fn ticket(t: &Ticket, policy: &Policy, kinds: &[String]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: String| problems.push(Problem::new(field, message));
    let one_line = [
        ("title", Some(t.title.as_str())),
        ("customer.name", Some(t.customer.name.as_str())),
        ("customer.company", t.customer.company.as_deref()),
        ("customer.phone", t.customer.phone.as_deref()),
        ("customer.email", t.customer.email.as_deref()),
        ("order.job", t.order.job.as_deref()),
        ("order.product", t.order.product.as_deref()),
        ("assignee", t.assignee.as_deref()),
        ("department", t.department.as_deref()),
    ];
    for (field, value) in one_line {
        if let Some(m) = value.and_then(|v| text_problem(v, false)) {
            problem(field, m);
        }
    }
    if let Some(m) = text_problem(&t.description, true) {
        problem("description", m);
    }
    for (i, item) in t.checklist.iter().enumerate() {
        if let Some(m) = text_problem(item, false) {
            problem(&format!("checklist[{i}]"), m);
        }
    }
    if let Some(m) = t
        .resolution
        .as_ref()
        .and_then(|r| text_problem(&r.summary, true))
    {
        problem("resolution.summary", m);
    }
    for (i, e) in t.log.iter().enumerate() {
        let fields = [
            ("by", Some(e.by.as_str()), false),
            ("note", e.note.as_deref(), true),
            ("reason", e.reason.as_deref(), true),
            ("from", e.from.as_deref(), false),
            ("to", e.to.as_deref(), false),
        ];
        for (name, value, multi) in fields {
            if let Some(m) = value.and_then(|v| text_problem(v, multi)) {
                problem(&format!("log[{i}].{name}"), m);
            }
        }
    }
    if let Err(m) = Id::parse(t.id.as_str()) {
        problem("id", m);
    } else if Id::parse(t.id.as_str()).is_ok_and(|id| id != t.id) {
        problem("id", t!("err-id-upper", id = t.id.to_string()));
    }
    if t.title.trim().is_empty() || t.title.contains('\n') {
        problem("title", t!("err-title-one-line"));
    }
    if !kinds.iter().any(|k| k == &t.kind) {
        problem(
            "kind",
            t!(
                "err-kind-no-template",
                kind = t.kind.as_str(),
                kinds = kinds.join(", ")
            ),
        );
    }
    if t.customer.name.trim().is_empty() {
        problem("customer.name", t!("err-customer-empty"));
    }
    if let Some(phone) = t.customer.phone.as_deref()
        && !crate::model::contact::phone_is_plausible(phone)
    {
        problem("customer.phone", t!("err-not-a-phone", value = phone));
    }
    if let Some(email) = t.customer.email.as_deref()
        && !crate::model::contact::email_is_plausible(email)
    {
        problem("customer.email", t!("err-not-an-email", value = email));
    }
    if t.level as usize >= policy.ladder().len() {
        problem(
            "level",
            t!(
                "err-level-range",
                level = t.level,
                top = policy.ladder().len().saturating_sub(1)
            ),
        );
    }
    if let Some(who) = &t.assignee
        && let Err(m) = policy.holder(who)
    {
        problem("assignee", m);
    }
    if t.received > t.opened {
        problem("received", t!("err-received-after-opened"));
    }
    if let Some(c) = t
        .channel
        .as_deref()
        .filter(|c| !crate::model::CHANNELS.contains(c))
    {
        problem("channel", t!("err-not-a-channel", value = c));
    }
    for name in ["response", "resolution"] {
        if t.due.get(name).is_some_and(|d| d < t.received) {
            problem(&format!("due.{name}"), t!("err-due-before-received"));
        }
    }
    if let Some(r) = &t.resolution
        && r.cost.is_some_and(|c| c < crate::model::Money::ZERO)
    {
        problem("resolution.cost", t!("err-cost-negative"));
    }
    // A deadline changed in the file but not in the log would hide a miss: every
    // deadline stored must be the one the log set last (records from before the log
    // said so are taken as they are).
    if t.log.first().is_some_and(|e| e.due.is_some()) {
        let made = crate::model::commitments::commitments(t);
        for name in crate::model::DEADLINES {
            let Some(stored) = t.due.get(name) else {
                continue;
            };
            let logged = made
                .iter()
                .rev()
                .find(|c| c.deadline == name)
                .map(|c| c.due);
            if logged != Some(stored) {
                problem(
                    &format!("due.{name}"),
                    t!(
                        "err-due-not-logged",
                        stored = stored.to_rfc3339(),
                        logged = logged.map(|d| d.to_rfc3339()).unwrap_or_else(|| "–".into())
                    ),
                );
            }
        }
    }
    if let Some(r) = &t.resolution
        && r.accepted
        && r.cause != Some(crate::model::Cause::Customer)
    {
        let cause = r.cause.map_or_else(|| "–".to_string(), |c| c.label());
        problem(
            "resolution.accepted",
            t!("err-accepted-not-customer", cause = cause),
        );
    }
    if t.status == Status::Resolved && t.resolution.is_none() {
        problem("resolution", t!("err-resolved-needs-resolution"));
    }
    match t.log.first() {
        None => problem("log", t!("err-log-empty")),
        Some(first) if first.action != Action::Opened => problem(
            "log[0].action",
            t!("err-log-first", action = first.action.as_str()),
        ),
        Some(first) if first.at != t.opened => problem(
            "log[0].at",
            t!(
                "err-log-first-at",
                at = first.at.to_rfc3339(),
                opened = t.opened.to_rfc3339()
            ),
        ),
        Some(_) => {}
    }
    for (i, pair) in t.log.windows(2).enumerate() {
        if pair[1].at < pair[0].at {
            problem(
                &format!("log[{}].at", i + 1),
                t!(
                    "err-log-order",
                    at = pair[1].at.to_rfc3339(),
                    before = pair[0].at.to_rfc3339()
                ),
            );
        }
    }
    for (i, e) in t.log.iter().enumerate() {
        if e.by.trim().is_empty() {
            problem(&format!("log[{i}].by"), t!("err-log-by"));
        }
        if e.action == Action::Opened && i > 0 {
            problem(&format!("log[{i}].action"), t!("err-log-opened-twice"));
        }
        if e.action == Action::Status
            && e.status_after()
                .is_none_or(|s| !matches!(s, Status::Open | Status::Waiting))
        {
            problem(&format!("log[{i}].to"), t!("err-log-status-to"));
        }
        if e.action == Action::Callback && e.reached.is_none() {
            problem(&format!("log[{i}].reached"), t!("err-log-reached"));
        }
        if e.action == Action::Verify && e.verified.is_none() {
            problem(&format!("log[{i}].verified"), t!("err-log-verified"));
        }
        if e.accepted.is_some()
            && (e.action != Action::Resolve || e.cause != Some(crate::model::Cause::Customer))
        {
            problem(&format!("log[{i}].accepted"), t!("err-log-accepted"));
        }
    }
    if let Some(from_log) = t.status_from_log()
        && from_log != t.status
    {
        problem(
            "status",
            t!(
                "err-status-log",
                status = t.status.as_str(),
                from_log = from_log.as_str()
            ),
        );
    }
    problems
}

/// Returns every problem of a message left for a colleague or a shift handover.
pub fn message(m: &crate::model::message::Message, policy: &Policy) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut problem = |field: &str, message: String| problems.push(Problem::new(field, message));
    for (field, value) in [("from", &m.from), ("to", &m.to)] {
        if value.trim().is_empty() {
            problem(field, t!("err-message-nobody"));
        } else if let Some(msg) = text_problem(value, false) {
            problem(field, msg);
        }
    }
    if !m.to.trim().is_empty()
        && let Err(msg) = policy.holder(&m.to)
    {
        problem("to", msg);
    }
    match m.note.as_deref() {
        Some(note) if note.trim().is_empty() => problem("note", t!("err-message-note")),
        Some(note) => {
            if let Some(msg) = text_problem(note, true) {
                problem("note", msg);
            }
        }
        None if m.shift.is_none() => problem("note", t!("err-message-note")),
        None => {}
    }
    if let Some(read) = &m.read {
        if read.by.trim().is_empty() {
            problem("read.by", t!("err-message-nobody"));
        }
        if read.at < m.at {
            problem(
                "read.at",
                t!("err-message-read-early", at = m.at.to_rfc3339()),
            );
        }
    }
    problems
}
