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

/// Merges two versions of a message against their base (two laptops, one message):
/// the only change a message sees is `read`, so both reads are one — the earlier. A
/// message changed otherwise on both sides differently is not merged (`None`).
pub fn merge(base: Option<&Message>, ours: &Message, theirs: &Message) -> Option<Message> {
    let unread = |m: &Message| Message {
        read: None,
        ..m.clone()
    };
    let (o, t) = (unread(ours), unread(theirs));
    let mut merged = if o == t {
        o
    } else {
        match base.map(unread) {
            Some(b) if b == o => t,
            Some(b) if b == t => o,
            _ => return None,
        }
    };
    merged.read = match (&ours.read, &theirs.read) {
        (Some(a), Some(b)) => Some(if b.at < a.at { b.clone() } else { a.clone() }),
        (a, b) => a.clone().or_else(|| b.clone()),
    };
    Some(merged)
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

    #[test]
    fn two_reads_of_one_message_merge_into_the_earlier() {
        let base = Message {
            id: Id::parse("0NB5F6S264C3").unwrap(),
            at: at("2026-12-04T10:00:00+08:00"),
            from: "tom".into(),
            to: "lina".into(),
            ticket: None,
            note: Some("call Wang".into()),
            shift: None,
            read: None,
        };
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.mark_read("lina", at("2026-12-04T11:00:00+08:00"));
        theirs.mark_read("lina", at("2026-12-04T10:30:00+08:00"));
        let merged = merge(Some(&base), &ours, &theirs).unwrap();
        assert_eq!(merged.read.unwrap().at, at("2026-12-04T10:30:00+08:00"));
        // Read on one side only: read.
        let merged = merge(Some(&base), &ours, &base).unwrap();
        assert_eq!(merged.read.unwrap().at, at("2026-12-04T11:00:00+08:00"));
        // The note changed differently on both sides (by hand): not merged.
        let mut a = base.clone();
        a.note = Some("call Wang at 3".into());
        let mut b = base.clone();
        b.note = Some("call Wang at 4".into());
        assert!(merge(Some(&base), &a, &b).is_none());
        // Changed on one side only: that side's, with the other's read.
        let merged = merge(Some(&base), &a, &theirs).unwrap();
        assert_eq!(merged.note.as_deref(), Some("call Wang at 3"));
        assert!(merged.read.is_some());
    }
}
