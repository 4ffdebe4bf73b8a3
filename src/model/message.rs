//! A message left for a colleague who is out (留言), and the shift handover (交接班): a
//! message to the next shift carrying what the desk looked like when it changed hands.
//!
//! Each is its own file, `messages/YYYY/MM/<ID>.yaml`, so two laptops leaving messages
//! never touch the same file; the only change a message ever sees is `read`, stamped
//! once by the person it is addressed to.

use serde::{Deserialize, Serialize};

use super::Id;
use super::time::Stamp;

/// A note for one person, shown to them until they mark it read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub id: Id,
    pub at: Stamp,
    pub from: String,
    pub to: String,
    /// The ticket it is about, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Present on a shift handover: the desk as it was handed over.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shift: Option<Shift>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read: Option<Read>,
}

/// When and by whom a message was marked read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Read {
    pub at: Stamp,
    pub by: String,
}

/// What a shift hands over: what happened since it began, what is open, and every
/// deadline missed or due soon at the hand-over.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shift {
    /// When the shift began: the previous handover, or the start of the day.
    pub since: Option<Stamp>,
    /// Tickets opened, resolved and closed during the shift.
    pub opened: u32,
    pub resolved: u32,
    pub closed: u32,
    /// Tickets open, waiting for the customer, and resolved awaiting their callback.
    pub open: u32,
    pub waiting: u32,
    pub callbacks: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overdue: Vec<Owed>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub soon: Vec<Owed>,
}

/// One deadline of one ticket, as the morning list names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Owed {
    pub ticket: Id,
    /// The deadline's code (`response`, `promise`, `callback` …).
    pub deadline: String,
    pub due: Stamp,
}

impl Message {
    /// True until the addressee marks it read.
    pub fn unread(&self) -> bool {
        self.read.is_none()
    }

    /// True when it is addressed to `who` (staff ids and names compare without case).
    pub fn is_for(&self, who: &str) -> bool {
        self.to.eq_ignore_ascii_case(who)
    }

    /// Marks it read by `by` at `at`; false when it already was.
    pub fn mark_read(&mut self, by: &str, at: Stamp) -> bool {
        if self.read.is_some() {
            return false;
        }
        self.read = Some(Read {
            at,
            by: by.to_string(),
        });
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Stamp {
        chrono::DateTime::parse_from_rfc3339(text).unwrap()
    }

    #[test]
    fn a_message_is_read_once_and_addressed_without_case() {
        let mut m = Message {
            id: Id::parse("0NB5F6S264C3").unwrap(),
            at: at("2026-12-04T10:00:00+08:00"),
            from: "tom".into(),
            to: "Lina".into(),
            ticket: None,
            note: Some("王先生来电，请回电".into()),
            shift: None,
            read: None,
        };
        assert!(m.is_for("lina") && !m.is_for("tom") && m.unread());
        assert!(m.mark_read("lina", at("2026-12-05T09:00:00+08:00")));
        assert!(!m.mark_read("lina", at("2026-12-06T09:00:00+08:00")));
        assert_eq!(m.read.as_ref().unwrap().at, at("2026-12-05T09:00:00+08:00"));
    }
}
