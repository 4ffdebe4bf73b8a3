//! The shift handover's figures (交接班): what happened since the shift began, what is
//! still open, and every deadline missed or due soon — worked out ticket by ticket from
//! the summaries the morning list reads.

use chrono::{DateTime, FixedOffset, Utc};

use super::overdue::{Urgency, lines_of, may_be_listed};
use super::{Peek, Summary};
use crate::model::Id;
use crate::model::message::{Owed, Shift};
use crate::policy::{Policy, Span};

/// Whether a ticket can count in a handover since `since`: not closed, or changed since.
pub fn may_count(p: &Peek, since: i64) -> bool {
    may_be_listed(p.status) || p.last.unix() >= since
}

/// Adds up a shift from the summaries of the desk's tickets.
pub struct Tally<'a> {
    policy: &'a Policy,
    now: DateTime<Utc>,
    window: Span,
    since: DateTime<FixedOffset>,
    shift: Shift,
}

impl<'a> Tally<'a> {
    /// Starts a shift that began at `since`; `window` is how soon "due soon" is.
    pub fn new(
        policy: &'a Policy,
        now: DateTime<Utc>,
        window: Span,
        since: DateTime<FixedOffset>,
    ) -> Tally<'a> {
        Tally {
            policy,
            now,
            window,
            since,
            shift: Shift {
                since: Some(since),
                ..Shift::default()
            },
        }
    }

    /// Counts one ticket.
    pub fn add(&mut self, s: &Summary) {
        let f = &s.facts;
        let during = |at: Option<DateTime<FixedOffset>>| {
            at.is_some_and(|at| at >= self.since && at.with_timezone(&Utc) <= self.now)
        };
        let shift = &mut self.shift;
        shift.opened += u32::from(during(Some(f.opened)));
        shift.resolved += u32::from(during(f.resolved_at));
        shift.closed += u32::from(during(f.closed_at));
        match f.status.as_str() {
            "open" => shift.open += 1,
            "waiting" => shift.waiting += 1,
            "resolved" => shift.callbacks += 1,
            _ => {}
        }
        let tz = self.policy.calendar.tz();
        for line in lines_of(s, self.policy, self.now, self.window) {
            let Ok(ticket) = Id::parse(&line.id) else {
                continue;
            };
            let owed = Owed {
                ticket,
                deadline: line.deadline.to_string(),
                due: line.due.with_timezone(&tz).fixed_offset(),
            };
            match line.state {
                Urgency::Overdue => shift.overdue.push(owed),
                Urgency::DueSoon => shift.soon.push(owed),
            }
        }
    }

    /// The shift, its deadlines soonest first.
    pub fn finish(mut self) -> Shift {
        for list in [&mut self.shift.overdue, &mut self.shift.soon] {
            list.sort_by(|a, b| (a.due, &a.ticket).cmp(&(b.due, &b.ticket)));
        }
        self.shift
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit;

    #[test]
    fn a_shift_counts_what_happened_during_it_and_what_is_owed() {
        let policy = testkit::policy();
        // Opened Mon 09:00 and Mon 15:00, the first contact due a working hour later
        // (10:00, 16:00); the shift began at 12:00 and is handed over at 16:30: both
        // first contacts are missed, and only the second ticket opened during it.
        let a = testkit::open(&policy, "consult", "2026-11-02 09:00", false, 1);
        let b = testkit::open(&policy, "consult", "2026-11-02 15:00", false, 2);
        let now = testkit::at(&policy, "2026-11-02 16:30");
        let since = testkit::at(&policy, "2026-11-02 12:00")
            .with_timezone(&policy.calendar.tz())
            .fixed_offset();
        let mut tally = Tally::new(&policy, now, policy.file.limits.warning, since);
        for t in [&a, &b] {
            tally.add(&crate::summary::derive(t, &policy).0);
        }
        let shift = tally.finish();
        assert_eq!((shift.opened, shift.open, shift.resolved), (1, 2, 0));
        let overdue: Vec<(&str, &str)> = shift
            .overdue
            .iter()
            .map(|o| (o.ticket.as_str(), o.deadline.as_str()))
            .collect();
        assert_eq!(
            overdue,
            [(a.id.as_str(), "response"), (b.id.as_str(), "response")]
        );
        assert_eq!(
            shift.overdue[0].due.to_rfc3339(),
            "2026-11-02T10:00:00+08:00"
        );
    }
}
