//! The ticket's log: an append-only list of what happened, who did it and when.
//!
//! One struct for every action keeps the YAML flat and readable; each action fills the
//! fields it needs (`to` for an assignment, `reached` for a callback …), in fixed order.

use serde::{Deserialize, Serialize};

use super::money::Money;
use super::time::Stamp;
use super::{Cause, Due, Remedy, Satisfaction, Status};
use crate::i18n::Names;
use crate::i18n::t;
use crate::i18n::words::word;

/// What an event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Opened,
    Note,
    Contact,
    Assign,
    Handover,
    Status,
    Priority,
    Department,
    Promise,
    Due,
    Escalate,
    Resolve,
    Callback,
    Close,
    Reopen,
    /// The quality review of a handled ticket: a score and a note.
    Qa,
    /// The second check (复检) of a resolution by someone other than the resolver.
    Verify,
    /// A field both sides of a git merge changed; the later change was kept.
    Merge,
    /// The order the customer chased was delivered (`to`: the date).
    Delivered,
    /// The complaint was judged abnormal (非正常投诉), with the reason: the review keeps it
    /// out of the normal figures.
    Abnormal,
    /// The monthly care call to a customer who complained (按月跟进关怀), with what was said.
    Care,
}

impl Action {
    /// Every action, in order.
    pub const ALL: [Action; 21] = [
        Action::Opened,
        Action::Note,
        Action::Contact,
        Action::Assign,
        Action::Handover,
        Action::Status,
        Action::Priority,
        Action::Department,
        Action::Promise,
        Action::Due,
        Action::Escalate,
        Action::Resolve,
        Action::Callback,
        Action::Close,
        Action::Reopen,
        Action::Verify,
        Action::Merge,
        Action::Qa,
        Action::Delivered,
        Action::Abnormal,
        Action::Care,
    ];

    /// Returns the word people read for it, in the current language.
    pub fn label(self) -> String {
        word("action", self.as_str())
    }

    /// Returns the word used in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Opened => "opened",
            Action::Note => "note",
            Action::Contact => "contact",
            Action::Assign => "assign",
            Action::Handover => "handover",
            Action::Status => "status",
            Action::Priority => "priority",
            Action::Department => "department",
            Action::Promise => "promise",
            Action::Due => "due",
            Action::Escalate => "escalate",
            Action::Resolve => "resolve",
            Action::Callback => "callback",
            Action::Close => "close",
            Action::Reopen => "reopen",
            Action::Verify => "verify",
            Action::Qa => "qa",
            Action::Merge => "merge",
            Action::Delivered => "delivered",
            Action::Abnormal => "abnormal",
            Action::Care => "care",
        }
    }
}

/// One entry of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub at: Stamp,
    pub by: String,
    pub action: Action,
    /// Which deadline a `due` event moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// Which field a `merge` event settled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// An escalation that skipped a level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reached: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u32>,
    /// A callback that found the customer's number wrong: no more attempts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrong_number: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Satisfaction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Remedy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Money>,
    /// A quality review's score, 0–100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u32>,
    /// Who approved compensation above what the resolver may grant alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_by: Option<String>,
    /// A resolution whose cause is the customer's: the customer understood and accepted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<bool>,
    /// The result of a second check: passed, or sent back to be done again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// The deadlines this event set (the next progress contact after a contact, the
    /// callback after a resolution …), so that the log tells every commitment made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
    /// The name of the policy rule that caused an automatic action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Event {
    /// Makes an event with only its time, author and action.
    pub fn new(at: Stamp, by: &str, action: Action) -> Event {
        Event {
            at,
            by: by.to_string(),
            action,
            deadline: None,
            field: None,
            from: None,
            to: None,
            skip: None,
            reached: None,
            attempt: None,
            wrong_number: None,
            satisfaction: None,
            cause: None,
            remedy: None,
            cost: None,
            score: None,
            approved_by: None,
            accepted: None,
            verified: None,
            due: None,
            rule: None,
            reason: None,
            note: None,
        }
    }

    /// Returns the status this event leaves the ticket in, when it changes it. A
    /// callback or a second check that changes the status says so in `to`; a callback
    /// written before `to` was recorded closes or reopens by its verdict.
    pub fn status_after(&self) -> Option<Status> {
        let to = || self.to.as_deref().and_then(|s| Status::parse(s).ok());
        match self.action {
            Action::Opened | Action::Reopen => Some(Status::Open),
            Action::Status | Action::Verify => to(),
            Action::Resolve => Some(Status::Resolved),
            Action::Close => Some(Status::Closed),
            Action::Callback if self.to.is_some() => to(),
            Action::Callback => match (self.reached, self.satisfaction) {
                (Some(true), Some(Satisfaction::Dissatisfied)) => Some(Status::Open),
                (Some(true), Some(_)) => Some(Status::Closed),
                _ => None,
            },
            _ => None,
        }
    }

    /// Returns true when this event starts a new round of work on a resolved or closed
    /// ticket: a reopen, a dissatisfied callback, a second check that failed.
    pub fn restarts(&self) -> bool {
        match self.action {
            Action::Reopen => true,
            Action::Callback | Action::Verify => self.status_after() == Some(Status::Open),
            _ => false,
        }
    }

    /// Returns true when this reopen came from the customer (a reopen or a dissatisfied
    /// callback), not from the shop's own second check.
    pub fn customer_reopened(&self) -> bool {
        self.restarts() && self.action != Action::Verify
    }

    /// Returns a one-line summary for timelines and commit bodies, in the current
    /// language: people by name, levels and statuses by their words, times local.
    pub fn summary(&self, names: &Names) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(d) = &self.deadline {
            parts.push(word("deadline", d));
        }
        if let Some(f) = &self.field {
            parts.push(match f.strip_prefix("due.") {
                Some(deadline) => word("deadline", deadline),
                None => word("field", f),
            });
        }
        let value = |v: &str| self.value(v, names);
        match (&self.from, &self.to) {
            (Some(f), Some(t)) => parts.push(format!("{} → {}", value(f), value(t))),
            (None, Some(t)) => parts.push(format!("→ {}", value(t))),
            _ => {}
        }
        if self.skip == Some(true) {
            parts.push(t!("event-skipped-level"));
        }
        if let Some(v) = self.verified {
            parts.push(if v {
                t!("event-verified-ok")
            } else {
                t!("event-verified-redo")
            });
        }
        if let Some(r) = self.reached {
            parts.push(if r {
                t!("event-reached")
            } else {
                t!("event-not-reached")
            });
        }
        if let Some(a) = self.attempt {
            parts.push(t!("event-attempt", n = a));
        }
        if self.wrong_number == Some(true) {
            parts.push(t!("event-wrong-number"));
        }
        if let Some(s) = self.satisfaction {
            parts.push(s.label());
        }
        if let Some(c) = self.cause {
            parts.push(t!("event-cause", cause = c.label()));
        }
        if let Some(r) = self.remedy {
            parts.push(t!("event-remedy", remedy = r.label()));
        }
        if let Some(c) = self.cost {
            parts.push(t!("event-cost", cost = names.money(c.units())));
        }
        if let Some(score) = self.score {
            parts.push(t!("event-score", score = score));
        }
        if let Some(who) = &self.approved_by {
            parts.push(t!("event-approved-by", who = names.person(who)));
        }
        if self.accepted == Some(true) {
            parts.push(t!("event-accepted"));
        }
        if let Some(due) = &self.due {
            for name in super::DEADLINES {
                if let Some(at) = due.get(name) {
                    parts.push(t!(
                        "event-sets-due",
                        deadline = word("deadline", name),
                        at = names.time(at)
                    ));
                }
            }
        }
        if let Some(r) = &self.rule {
            parts.push(t!("event-rule", rule = word("rule", r)));
        }
        if let Some(r) = &self.reason {
            parts.push(t!("event-reason", reason = r.as_str()));
        }
        if let Some(n) = &self.note {
            parts.push(n.lines().collect::<Vec<_>>().join(" / "));
        }
        parts.join(" · ")
    }

    /// Shows a `from`/`to` value of this event's action as a person reads it.
    fn value(&self, v: &str, names: &Names) -> String {
        let time = |v: &str| {
            chrono::DateTime::parse_from_rfc3339(v)
                .map(|t| names.time(t))
                .unwrap_or_else(|_| v.to_string())
        };
        if v.is_empty() {
            return "–".into();
        }
        match self.action {
            Action::Opened | Action::Assign | Action::Handover => names.person(v),
            Action::Status | Action::Close | Action::Reopen | Action::Callback | Action::Verify => {
                word("status", v)
            }
            Action::Priority => word("priority", v),
            Action::Escalate => names.level_word(v),
            Action::Promise | Action::Due => time(v),
            // A field both sides of a merge changed: its values as the field shows them.
            Action::Merge => match self.field.as_deref().unwrap_or_default() {
                f if f.starts_with("due.") => time(v),
                "priority" => word("priority", v),
                "status" => word("status", v),
                "assignee" => names.person(v),
                "level" => v
                    .parse::<u32>()
                    .map_or_else(|_| v.to_string(), |n| names.level(n)),
                _ => v.to_string(),
            },
            _ => v.to_string(),
        }
    }
}
