//! The ticket's log: an append-only list of what happened, who did it and when.
//!
//! One struct for every action keeps the YAML flat and readable; each action fills the
//! fields it needs (`to` for an assignment, `reached` for a callback …), in fixed order.

use serde::{Deserialize, Serialize};

use super::time::Stamp;
use super::{Cause, Remedy, Satisfaction, Status};

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
    /// A field both sides of a git merge changed; the later change was kept.
    Merge,
}

impl Action {
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
            Action::Merge => "merge",
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub satisfaction: Option<Satisfaction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<Cause>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remedy: Option<Remedy>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::serialize_money"
    )]
    pub cost: Option<f64>,
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
            satisfaction: None,
            cause: None,
            remedy: None,
            cost: None,
            rule: None,
            reason: None,
            note: None,
        }
    }

    /// Returns the status this event leaves the ticket in, when it changes it.
    pub fn status_after(&self) -> Option<Status> {
        match self.action {
            Action::Opened | Action::Reopen => Some(Status::Open),
            Action::Status => self.to.as_deref().and_then(|s| Status::parse(s).ok()),
            Action::Resolve => Some(Status::Resolved),
            Action::Close => Some(Status::Closed),
            Action::Callback => match (self.reached, self.satisfaction) {
                (Some(true), Some(Satisfaction::Dissatisfied)) => Some(Status::Open),
                (Some(true), Some(_)) => Some(Status::Closed),
                _ => None,
            },
            _ => None,
        }
    }

    /// Returns a one-line summary for timelines.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(d) = self.deadline.as_ref().or(self.field.as_ref()) {
            parts.push(d.clone());
        }
        match (&self.from, &self.to) {
            (Some(f), Some(t)) => parts.push(format!("{f} → {t}")),
            (None, Some(t)) => parts.push(format!("→ {t}")),
            _ => {}
        }
        if self.skip == Some(true) {
            parts.push("(skipped a level)".into());
        }
        if let Some(r) = self.reached {
            parts.push(if r {
                "reached".into()
            } else {
                "not reached".into()
            });
        }
        if let Some(a) = self.attempt {
            parts.push(format!("attempt {a}"));
        }
        if let Some(s) = self.satisfaction {
            parts.push(s.to_string());
        }
        if let Some(c) = self.cause {
            parts.push(format!("cause {c}"));
        }
        if let Some(r) = self.remedy {
            parts.push(format!("remedy {r}"));
        }
        if let Some(c) = self.cost {
            parts.push(format!("cost {c}"));
        }
        if let Some(r) = &self.rule {
            parts.push(format!("rule {r}"));
        }
        if let Some(r) = &self.reason {
            parts.push(format!("reason: {r}"));
        }
        if let Some(n) = &self.note {
            parts.push(n.lines().collect::<Vec<_>>().join(" / "));
        }
        parts.join(" · ")
    }
}
