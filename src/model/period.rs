//! Report periods: a calendar month or a range of dates, in each shop's own time zone,
//! and the period before it.

use std::fmt;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate};
use chrono_tz::Tz;

/// A range of local dates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// What the range is: its previous period and its name follow from it.
    pub unit: Unit,
}

/// The kind of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A whole calendar month (its previous period is the previous month).
    Month,
    /// A whole ISO week, Monday to Sunday (its previous period is the week before).
    Week,
    /// Any run of days (its previous period is as many days just before).
    Days,
}

impl Period {
    /// The month of a date.
    pub fn month_of(date: NaiveDate) -> Period {
        let from = date.with_day(1).unwrap_or(date);
        let next = if from.month() == 12 {
            NaiveDate::from_ymd_opt(from.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(from.year(), from.month() + 1, 1)
        }
        .unwrap_or(from);
        Period {
            from,
            to: next - Duration::days(1),
            unit: Unit::Month,
        }
    }

    /// The ISO week (Monday to Sunday) of a date.
    pub fn week_of(date: NaiveDate) -> Period {
        let from = date - Duration::days(i64::from(date.weekday().num_days_from_monday()));
        Period {
            from,
            to: from + Duration::days(6),
            unit: Unit::Week,
        }
    }

    /// Reads an ISO week, `YYYY-Www` (`2026-W48`).
    pub fn parse_week(text: &str) -> Result<Period, String> {
        let refused = || crate::i18n::t!("err-not-a-week", value = text);
        let (year, week) = text.trim().split_once(['W', 'w']).ok_or_else(refused)?;
        let year: i32 = year.trim_end_matches('-').parse().map_err(|_| refused())?;
        let week: u32 = week.parse().map_err(|_| refused())?;
        NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon)
            .map(Period::week_of)
            .ok_or_else(refused)
    }

    /// The last complete ISO week before a date.
    pub fn last_complete_week(today: NaiveDate) -> Period {
        Period::week_of(today).previous()
    }

    /// Reads `YYYY-MM`.
    pub fn parse_month(text: &str) -> Result<Period, String> {
        NaiveDate::parse_from_str(&format!("{}-01", text.trim()), "%Y-%m-%d")
            .map(Period::month_of)
            .map_err(|_| crate::i18n::t!("err-not-a-month", value = text))
    }

    /// A range of dates, both included.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period, String> {
        if to < from {
            return Err(crate::i18n::t!(
                "err-period-backwards",
                from = from.to_string(),
                to = to.to_string()
            ));
        }
        Ok(Period {
            from,
            to,
            unit: Unit::Days,
        })
    }

    /// The last complete month before a date.
    pub fn last_complete_month(today: NaiveDate) -> Period {
        Period::month_of(today).previous()
    }

    /// The period just before: the previous month, or as many days just before.
    pub fn previous(&self) -> Period {
        if self.unit == Unit::Month {
            return Period::month_of(self.from - Duration::days(1));
        }
        let days = (self.to - self.from).num_days() + 1;
        Period {
            from: self.from - Duration::days(days),
            to: self.from - Duration::days(1),
            unit: self.unit,
        }
    }

    /// Returns true when an instant falls in the period, in the shop's zone.
    pub fn contains(&self, t: DateTime<FixedOffset>, tz: Tz) -> bool {
        let date = t.with_timezone(&tz).date_naive();
        self.from <= date && date <= self.to
    }

    /// Returns true when an instant is before the end of the period, in the shop's zone.
    pub fn ended_after(&self, t: DateTime<FixedOffset>, tz: Tz) -> bool {
        t.with_timezone(&tz).date_naive() <= self.to
    }

    /// Returns the period as instants in a zone, in seconds since the epoch: its first
    /// second and the first second after it (`contains` is `start <= t < end`).
    pub fn bounds(&self, tz: Tz) -> (i64, i64) {
        use chrono::TimeZone;
        let first = |d: NaiveDate| {
            let midnight = d.and_hms_opt(0, 0, 0).unwrap_or_default();
            match tz.from_local_datetime(&midnight) {
                chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
                    t.timestamp()
                }
                // A zone that skips midnight starts the day at its first instant.
                chrono::LocalResult::None => (1..=180)
                    .find_map(|m| {
                        tz.from_local_datetime(&(midnight + Duration::minutes(m)))
                            .earliest()
                    })
                    .map_or(midnight.and_utc().timestamp(), |t| t.timestamp()),
            }
        };
        (first(self.from), first(self.to + Duration::days(1)))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.unit {
            Unit::Month => write!(f, "{}", self.from.format("%Y-%m")),
            Unit::Week => write!(f, "{}", self.from.format("%G-W%V")),
            Unit::Days => write!(f, "{} – {}", self.from, self.to),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_their_predecessors() {
        let oct = Period::parse_month("2026-10").unwrap();
        assert_eq!(
            (oct.from.to_string(), oct.to.to_string()),
            ("2026-10-01".into(), "2026-10-31".into())
        );
        assert_eq!(oct.previous(), Period::parse_month("2026-09").unwrap());
        assert_eq!(
            Period::parse_month("2026-01").unwrap().previous(),
            Period::parse_month("2025-12").unwrap()
        );
        assert_eq!(
            Period::last_complete_month("2026-11-23".parse().unwrap()),
            oct
        );
        assert!(Period::parse_month("2026-13").is_err());
        assert_eq!(oct.to_string(), "2026-10");
    }

    #[test]
    fn iso_weeks_and_their_predecessors() {
        let w48 = Period::parse_week("2026-W48").unwrap();
        assert_eq!(
            (w48.from.to_string(), w48.to.to_string(), w48.to_string()),
            ("2026-11-23".into(), "2026-11-29".into(), "2026-W48".into())
        );
        assert_eq!(w48.previous().to_string(), "2026-W47");
        assert_eq!(w48.previous().from.to_string(), "2026-11-16");
        // The first ISO week of 2027 begins on Monday 4 January; 2026-W53 is the week
        // of 28 December to 3 January.
        assert_eq!(
            Period::parse_week("2027-W01")
                .unwrap()
                .previous()
                .to_string(),
            "2026-W53"
        );
        assert_eq!(
            Period::parse_week("2027w1").unwrap().from.to_string(),
            "2027-01-04"
        );
        // Friday 4 December 2026: the last complete week is W48.
        assert_eq!(
            Period::last_complete_week("2026-12-04".parse().unwrap()),
            w48
        );
        for bad in ["2026-48", "2026-W54", "W48", "2026-Wx"] {
            assert!(Period::parse_week(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ranges_and_local_membership() {
        let p =
            Period::range("2026-11-02".parse().unwrap(), "2026-11-08".parse().unwrap()).unwrap();
        assert_eq!(p.previous().from.to_string(), "2026-10-26");
        assert!(
            Period::range("2026-11-08".parse().unwrap(), "2026-11-02".parse().unwrap()).is_err()
        );
        // 2026-11-01 17:00 UTC is already 2 November in Shanghai, still 1 November in New York.
        let t: DateTime<FixedOffset> = "2026-11-01T17:00:00+00:00".parse().unwrap();
        assert!(p.contains(t, chrono_tz::Asia::Shanghai));
        assert!(!p.contains(t, chrono_tz::America::New_York));
    }

    #[test]
    fn bounds_agree_with_local_dates_across_a_change_of_clocks() {
        let tz: Tz = "America/New_York".parse().unwrap();
        let march = Period::parse_month("2026-03").unwrap();
        let (start, end) = march.bounds(tz);
        let base = DateTime::parse_from_rfc3339("2026-02-28T00:00:00+00:00").unwrap();
        for hours in (0..(40 * 24)).step_by(7) {
            let t = base + Duration::hours(hours);
            let ts = t.timestamp();
            assert_eq!(march.contains(t, tz), start <= ts && ts < end, "{t}");
        }
    }
}
