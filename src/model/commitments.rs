//! The deadlines a ticket was committed to over its life, replayed from its log: when
//! each was set, when it was met, replaced or stopped applying, and so whether it was
//! missed. A miss found here can never be undone by a later event, because a later
//! event only ends a commitment later: this is the breach record of `show`, the
//! overdue rules and the review.
//!
//! Every event that sets a deadline says so in the log: `opened` (and every other event
//! that sets one as a consequence) in its `due` map, a `due` event for a deadline moved
//! by hand or by a rule (waiting, priority, reopen), a `promise` event for a promised
//! date. Records written before the `due` map existed are read from the deadlines they
//! store, so their breach record starts from what they kept.

use chrono::{DateTime, FixedOffset, Utc};

use super::DEADLINES;
use super::{Action, Event, Status, Ticket};

/// One deadline as it was committed: set at one time, ended at most once.
#[derive(Debug, Clone, PartialEq)]
pub struct Commitment {
    /// One of `DEADLINES`, or `no-promise`.
    pub deadline: &'static str,
    pub due: DateTime<FixedOffset>,
    pub set_at: DateTime<FixedOffset>,
    /// It replaced a commitment of the same deadline that had already been missed (a
    /// deadline moved after it passed, a promise renewed after it was broken): meeting
    /// it does not count as on time.
    pub after_miss: bool,
    /// When it was met (a contact, a resolution, a reached callback), and by which event.
    pub met: Option<(DateTime<FixedOffset>, usize)>,
    /// When it stopped applying unmet: replaced, the ticket resolved or closed, a new
    /// round begun.
    pub dropped: Option<DateTime<FixedOffset>>,
    /// When its clock stood still (a resolution deadline while the ticket waits); the
    /// last pause may still be going on.
    pub paused: Vec<(DateTime<FixedOffset>, Option<DateTime<FixedOffset>>)>,
}

impl Commitment {
    /// Returns the instant from which it counts as missed while unmet: its due time (or
    /// when it was set, if that was later), moved past any pause it falls in; none while
    /// a pause that began before then is still going on.
    pub fn miss_from(&self) -> Option<DateTime<FixedOffset>> {
        let mut first = self.due.max(self.set_at);
        for (from, to) in &self.paused {
            if *from <= first {
                match to {
                    None => return None,
                    Some(to) if *to > first => first = *to,
                    Some(_) => {}
                }
            }
        }
        Some(first)
    }

    /// Returns when it was missed, as seen at `now`: the deadline passed while it
    /// applied, unmet.
    pub fn missed_at(&self, now: DateTime<Utc>) -> Option<DateTime<FixedOffset>> {
        let first = self.miss_from()?;
        let end = self
            .met
            .map(|(at, _)| at)
            .or(self.dropped)
            .map_or(now, |t| t.to_utc());
        (first.to_utc() < end).then_some(first)
    }

    /// Returns when it was met on time (not after a miss of the same deadline).
    pub fn hit(&self) -> Option<DateTime<FixedOffset>> {
        let (at, _) = self.met?;
        (!self.after_miss && self.missed_at(at.to_utc()).is_none()).then_some(at)
    }

    /// Returns true while it still applies: neither met nor dropped.
    pub fn live(&self) -> bool {
        self.met.is_none() && self.dropped.is_none()
    }
}

/// Which deadlines an event meets.
fn meets(e: &Event) -> &'static [&'static str] {
    match e.action {
        Action::Contact => &["response", "progress"],
        Action::Resolve => &["resolution", "promised"],
        Action::Callback if e.reached == Some(true) => &["callback"],
        Action::Verify => &["recheck"],
        Action::Department => &["dispatch"],
        Action::Delivered => &["delivery"],
        _ => &[],
    }
}

fn slot(name: &str) -> usize {
    DEADLINES.iter().position(|d| *d == name).unwrap_or(0)
}

fn parse(s: &Option<String>) -> Option<DateTime<FixedOffset>> {
    s.as_deref()
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
}

/// The replay: every commitment so far and the one in force for each deadline.
struct Replay {
    all: Vec<Commitment>,
    current: [Option<usize>; DEADLINES.len()],
    status: Status,
}

impl Replay {
    fn live(&mut self, name: &str) -> Option<&mut Commitment> {
        let k = self.current[slot(name)]?;
        Some(&mut self.all[k]).filter(|c| c.live())
    }

    fn drop_live(&mut self, name: &str, at: DateTime<FixedOffset>) {
        if let Some(c) = self.live(name) {
            c.dropped = Some(at);
        }
    }

    fn set(&mut self, name: &str, due: DateTime<FixedOffset>, at: DateTime<FixedOffset>) {
        let Some(&deadline) = DEADLINES.iter().find(|d| **d == name) else {
            return;
        };
        let after_miss = self
            .live(name)
            .is_some_and(|old| old.after_miss || old.missed_at(at.to_utc()).is_some());
        self.drop_live(name, at);
        let paused = if name == "resolution" && self.status == Status::Waiting {
            vec![(at, None)]
        } else {
            Vec::new()
        };
        self.current[slot(name)] = Some(self.all.len());
        self.all.push(Commitment {
            deadline,
            due,
            set_at: at,
            after_miss,
            met: None,
            dropped: None,
            paused,
        });
    }
}

/// Replays the log of a ticket into every commitment it made, in the order they were
/// made.
pub fn commitments(t: &Ticket) -> Vec<Commitment> {
    let mut r = Replay {
        all: Vec::new(),
        current: [None; DEADLINES.len()],
        status: Status::Open,
    };
    let first_move = |name: &str| {
        t.events(Action::Due)
            .find(|e| e.deadline.as_deref() == Some(name))
            .and_then(|e| parse(&e.from))
    };
    let last_resolve = t.log.iter().rposition(|e| e.action == Action::Resolve);
    let mut progress_logged = false;
    for (i, e) in t.log.iter().enumerate() {
        let at = e.at;
        for name in meets(e) {
            if let Some(c) = r.live(name) {
                c.met = Some((at, i));
            }
        }
        if let Some(next) = e.status_after() {
            let was = r.status;
            if let Some(c) = r.live("resolution") {
                if next == Status::Waiting && was != Status::Waiting {
                    c.paused.push((at, None));
                } else if next != Status::Waiting
                    && let Some(last) = c.paused.last_mut()
                    && last.1.is_none()
                {
                    last.1 = Some(at);
                }
            }
            match next {
                Status::Resolved => {
                    r.drop_live("progress", at);
                    r.drop_live("dispatch", at);
                }
                Status::Closed => {
                    for name in DEADLINES {
                        r.drop_live(name, at);
                    }
                }
                Status::Open if e.restarts() => {
                    r.drop_live("callback", at);
                    r.drop_live("promised", at);
                    r.drop_live("recheck", at);
                }
                _ => {}
            }
            r.status = next;
        }
        match e.action {
            Action::Due => {
                if let (Some(name), Some(to)) = (e.deadline.as_deref(), parse(&e.to)) {
                    r.set(name, to, at);
                }
            }
            Action::Promise => {
                if let Some(to) = parse(&e.to) {
                    r.set("promised", to, at);
                }
            }
            _ => {}
        }
        match &e.due {
            Some(due) => {
                for name in DEADLINES {
                    if let Some(value) = due.get(name) {
                        progress_logged |= name == "progress";
                        r.set(name, value, at);
                    }
                }
            }
            // A record from before the `due` map: its first deadlines are what the
            // first logged move started from, or what it stores.
            None if e.action == Action::Opened && i == 0 => {
                for name in ["response", "resolution"] {
                    if let Some(due) = first_move(name).or(t.due.get(name)) {
                        r.set(name, due, at);
                    }
                }
            }
            None if e.action == Action::Resolve && Some(i) == last_resolve => {
                if let Some(due) = t.due.callback {
                    r.set("callback", due, at);
                }
            }
            None => {}
        }
    }
    // A record from before the `due` map keeps only its current progress deadline,
    // counted from its last event.
    if !progress_logged
        && matches!(r.status, Status::Open | Status::Waiting)
        && let (Some(due), Some(last)) = (t.due.progress, t.log.last())
    {
        r.set("progress", due, last.at);
    }
    r.all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2026-11-02T{s}:00+08:00")).unwrap()
    }

    fn commitment(due: &str, set: &str) -> Commitment {
        Commitment {
            deadline: "resolution",
            due: at(due),
            set_at: at(set),
            after_miss: false,
            met: None,
            dropped: None,
            paused: Vec::new(),
        }
    }

    #[test]
    fn a_deadline_is_missed_once_it_passes_unmet() {
        let mut c = commitment("10:00", "09:00");
        assert_eq!(c.missed_at(at("09:59").to_utc()), None);
        assert_eq!(c.missed_at(at("10:00").to_utc()), None, "exactly on time");
        assert_eq!(c.missed_at(at("10:01").to_utc()), Some(at("10:00")));
        c.met = Some((at("10:00"), 3));
        assert_eq!(c.hit(), Some(at("10:00")));
        c.met = Some((at("11:00"), 3));
        assert_eq!(
            (c.hit(), c.missed_at(at("17:00").to_utc())),
            (None, Some(at("10:00")))
        );
    }

    #[test]
    fn a_replaced_deadline_is_missed_only_if_it_had_passed() {
        let mut c = commitment("10:00", "09:00");
        c.dropped = Some(at("09:30"));
        assert_eq!(c.missed_at(at("17:00").to_utc()), None);
        c.dropped = Some(at("18:50"));
        assert_eq!(c.missed_at(at("18:51").to_utc()), Some(at("10:00")));
    }

    #[test]
    fn a_pause_holds_the_clock_and_a_deadline_set_in_the_past_is_missed_when_set() {
        let mut c = commitment("10:00", "09:00");
        c.paused.push((at("09:30"), None));
        assert_eq!(c.missed_at(at("17:00").to_utc()), None, "still waiting");
        c.paused[0].1 = Some(at("11:00"));
        assert_eq!(c.missed_at(at("11:30").to_utc()), Some(at("11:00")));
        let late = commitment("08:00", "09:00");
        assert_eq!(late.missed_at(at("09:01").to_utc()), Some(at("09:00")));
        let mut before = commitment("10:00", "09:00");
        before.paused.push((at("10:30"), None));
        assert_eq!(
            before.missed_at(at("17:00").to_utc()),
            Some(at("10:00")),
            "missed before the wait began"
        );
    }
}
