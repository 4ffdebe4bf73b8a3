//! The peek: the few facts of a ticket a read decides by (is it wanted at all?), and
//! the instants it holds as plain numbers, so that the desk index answers them without
//! decoding the rest of a summary.

use chrono::{DateTime, FixedOffset, Offset};

/// The few facts of a ticket by which a read command decides whether it needs the rest;
/// the desk index gives them without decoding the whole summary.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Peek<'a> {
    pub id: &'a str,
    pub status: &'a str,
    pub timezone: &'a str,
    /// The customer's phone: a caller is found without decoding the rest.
    pub phone: Option<&'a str>,
    pub opened: At,
    /// The ticket's last event.
    pub last: At,
    pub resolved_at: Option<At>,
    pub closed_at: Option<At>,
    pub due_promised: Option<At>,
    pub due_callback: Option<At>,
}

/// An instant as a peek holds it: seconds since the epoch, nanoseconds, and the offset
/// it was written with. Comparing instants needs only `unix`; `time` makes the date and
/// time, which costs more and which a read of a whole desk mostly does without.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct At {
    secs: i64,
    nanos: u32,
    offset: i32,
}

impl At {
    /// The first second of the year 1 and the last of the year 9999: a ticket's
    /// instants lie between (they are written with four-digit years).
    const FIRST: i64 = -62_135_596_800;
    const LAST: i64 = 253_402_300_799;

    /// An instant from its parts; `None` unless it is one `time` can make.
    pub fn new(secs: i64, nanos: u32, offset: i32) -> Option<At> {
        // A leap second is written as second 59 with 1,000,000,000 nanoseconds or more.
        let leap = || nanos < 2_000_000_000 && secs.rem_euclid(60) == 59;
        ((Self::FIRST..=Self::LAST).contains(&secs)
            && (nanos < 1_000_000_000 || leap())
            && offset.abs() < 86_400)
            .then_some(At {
                secs,
                nanos,
                offset,
            })
    }

    /// Its parts: seconds since the epoch, nanoseconds, the offset in seconds.
    pub fn parts(self) -> (i64, u32, i32) {
        (self.secs, self.nanos, self.offset)
    }

    /// Seconds since the epoch (the fraction dropped).
    pub fn unix(self) -> i64 {
        self.secs
    }

    /// The instant as a date and time, with the offset it was written with.
    pub fn time(self) -> DateTime<FixedOffset> {
        let offset = FixedOffset::east_opt(self.offset).unwrap_or(chrono::Utc.fix());
        DateTime::from_timestamp(self.secs, self.nanos)
            .unwrap_or_default()
            .with_timezone(&offset)
    }
}

impl From<DateTime<FixedOffset>> for At {
    fn from(t: DateTime<FixedOffset>) -> At {
        At {
            secs: t.timestamp(),
            nanos: t.timestamp_subsec_nanos(),
            offset: t.offset().local_minus_utc(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_keeps_its_offset_and_only_real_ones_are_made() {
        for text in [
            "2026-10-31T23:59:59.123456789+08:00",
            "1969-12-31T23:59:59-05:00",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59+14:00",
        ] {
            let t = DateTime::parse_from_rfc3339(text).unwrap();
            let at = At::from(t);
            assert_eq!(at.time(), t);
            assert_eq!(at.time().offset(), t.offset());
            assert_eq!(at.unix(), t.timestamp());
            assert_eq!(
                At::new(
                    t.timestamp(),
                    t.timestamp_subsec_nanos(),
                    t.offset().local_minus_utc()
                ),
                Some(at)
            );
        }
        assert_eq!(At::new(At::LAST + 1, 0, 0), None);
        assert_eq!(At::new(At::FIRST - 1, 0, 0), None);
        assert_eq!(
            At::new(0, 1_000_000_000, 0),
            None,
            "a leap second only at :59"
        );
        assert!(At::new(59, 1_500_000_000, 0).is_some());
        assert_eq!(At::new(0, 0, 86_400), None);
    }
}
