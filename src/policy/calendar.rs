//! The shop's working calendar: which local hours of which days are working time, in
//! the shop's time zone, minus holidays; and the arithmetic that turns a `Span` into a
//! deadline that always falls inside working time.
//!
//! Pure: instants in, instants out. Intervals are local wall-clock times, so a desk in
//! `America/New_York` keeps 09:00–18:00 across both daylight-saving changes.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::duration::Span;

/// How many days the arithmetic looks ahead before it gives up on a calendar without
/// working time (policy validation rejects such calendars; this only bounds the loops).
const HORIZON_DAYS: i64 = 3 * 366;

/// One working interval of a day, in local time, `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Working days, hours and holidays in the shop's time zone.
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    tz: Tz,
    /// Intervals by weekday, Monday first.
    week: [Vec<Interval>; 7],
    holidays: BTreeSet<NaiveDate>,
    /// Dates that work although the week or a holiday says not (调休), with their hours.
    workdays: BTreeMap<NaiveDate, Vec<Interval>>,
}

impl WorkingCalendar {
    /// Builds a calendar; `week[0]` is Monday.
    pub fn new(tz: Tz, week: [Vec<Interval>; 7], holidays: BTreeSet<NaiveDate>) -> Self {
        WorkingCalendar {
            tz,
            week,
            holidays,
            workdays: BTreeMap::new(),
        }
    }

    /// Adds working dates (调休: a Saturday or Sunday that works), each with its hours.
    pub fn with_workdays(mut self, workdays: BTreeMap<NaiveDate, Vec<Interval>>) -> Self {
        self.workdays = workdays;
        self
    }

    /// Returns the shop's time zone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Returns the local date of an instant.
    pub fn local_date(&self, t: DateTime<Utc>) -> NaiveDate {
        t.with_timezone(&self.tz).date_naive()
    }

    /// Returns the working intervals of a local date: a declared working date's own,
    /// none on a holiday, else its weekday's.
    pub fn intervals(&self, date: NaiveDate) -> &[Interval] {
        if let Some(hours) = self.workdays.get(&date) {
            return hours;
        }
        if self.holidays.contains(&date) {
            return &[];
        }
        &self.week[date.weekday().num_days_from_monday() as usize]
    }

    /// Returns true when the date has working time.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !self.intervals(date).is_empty()
    }

    /// Returns the longest working day of the week, in minutes: the length of one
    /// working day when a fraction of a day must become minutes.
    pub fn standard_day_minutes(&self) -> i64 {
        self.week
            .iter()
            .map(|day| day.iter().map(|i| (i.end - i.start).num_minutes()).sum())
            .max()
            .unwrap_or(0)
    }

    /// Converts a local wall-clock time to an instant. A time skipped by a
    /// daylight-saving change moves forward by the size of the gap; a repeated one
    /// takes its first occurrence.
    pub fn instant(&self, local: NaiveDateTime) -> DateTime<Utc> {
        let mut probe = local;
        for _ in 0..4 {
            if let Some(t) = self.tz.from_local_datetime(&probe).earliest() {
                return t.with_timezone(&Utc);
            }
            probe += Duration::minutes(30);
        }
        Utc.from_utc_datetime(&local)
    }

    fn utc_intervals(
        &self,
        date: NaiveDate,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        self.intervals(date).iter().map(move |i| {
            (
                self.instant(date.and_time(i.start)),
                self.instant(date.and_time(i.end)),
            )
        })
    }

    fn days_from(&self, t: DateTime<Utc>) -> impl Iterator<Item = NaiveDate> {
        let first = self.local_date(t);
        (0..HORIZON_DAYS).map(move |n| first + Duration::days(n))
    }

    /// Returns `t` when it is working time or the very end of a working interval, else
    /// the start of the next working interval.
    pub fn snap_forward(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        if self.is_working_time(t) || self.is_working_time(t - Duration::seconds(1)) {
            t
        } else {
            self.next_working_instant(t)
        }
    }

    /// Returns true when the instant lies inside working time.
    pub fn is_working_time(&self, t: DateTime<Utc>) -> bool {
        self.utc_intervals(self.local_date(t))
            .any(|(start, end)| start <= t && t < end)
    }

    /// Returns `t` when it is working time, else the start of the next working interval.
    pub fn next_working_instant(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        for date in self.days_from(t) {
            for (start, end) in self.utc_intervals(date) {
                if t < end {
                    return start.max(t);
                }
            }
        }
        t
    }

    /// Adds working minutes: the result is the instant at which that much working time
    /// has passed since `t`. Never outside working time (an interval's end counts as in).
    pub fn add_working_minutes(&self, t: DateTime<Utc>, minutes: i64) -> DateTime<Utc> {
        let mut left = Duration::minutes(minutes.max(0));
        for date in self.days_from(t) {
            for (start, end) in self.utc_intervals(date) {
                if end <= t {
                    continue;
                }
                let from = start.max(t);
                if from + left <= end {
                    return from + left;
                }
                left -= end - from;
            }
        }
        t + left
    }

    /// Returns the instant that much working time before `t` (a calendar span counts
    /// as it is; working days as that many standard working days).
    pub fn before(&self, t: DateTime<Utc>, span: Span) -> DateTime<Utc> {
        let minutes = match span {
            Span::Calendar { minutes } => return t - Duration::minutes(minutes),
            Span::Working { minutes } => minutes,
            Span::WorkingDays { days } => (days * self.standard_day_minutes() as f64) as i64,
            Span::EndOfDay => 0,
        };
        let mut left = Duration::minutes(minutes.max(0));
        let last = self.local_date(t);
        for n in 0..HORIZON_DAYS {
            let date = last - Duration::days(n);
            let day: Vec<_> = self.utc_intervals(date).collect();
            for (start, end) in day.into_iter().rev() {
                if start >= t {
                    continue;
                }
                let to = end.min(t);
                if to - left >= start {
                    return to - left;
                }
                left -= to - start;
            }
        }
        t - left
    }

    /// Counts the working minutes between two instants (0 when `b <= a`).
    pub fn working_minutes_between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        if b <= a {
            return 0;
        }
        let (first, last) = (self.local_date(a), self.local_date(b));
        let overlap = |date: NaiveDate| -> Duration {
            self.utc_intervals(date)
                .map(|(start, end)| (start.max(a), end.min(b)))
                .filter(|(from, to)| from < to)
                .map(|(from, to)| to - from)
                .sum()
        };
        if last <= first + Duration::days(1) {
            return (overlap(first)
                + if last > first {
                    overlap(last)
                } else {
                    Duration::zero()
                })
            .num_minutes();
        }
        // The first and last days exactly; the whole days between by their local working
        // hours (the same in wall-clock time whatever daylight saving does at night).
        let middle = self.whole_days_minutes(first + Duration::days(1), last - Duration::days(1));
        (overlap(first) + overlap(last) + Duration::minutes(middle)).num_minutes()
    }

    /// Counts the working minutes of the local dates `from..=to`: whole weeks at once,
    /// then the days left over, less the holidays and with the declared working dates
    /// among them.
    fn whole_days_minutes(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let length =
            |day: &[Interval]| -> i64 { day.iter().map(|i| (i.end - i.start).num_minutes()).sum() };
        let day = |d: NaiveDate| length(&self.week[d.weekday().num_days_from_monday() as usize]);
        let days = (to - from).num_days() + 1;
        let week: i64 = (0..7).map(|n| day(from + Duration::days(n))).sum();
        let mut total = days / 7 * week;
        for n in (days / 7 * 7)..days {
            total += day(from + Duration::days(n));
        }
        let holidays: i64 = self
            .holidays
            .range(from..=to)
            .filter(|h| !self.workdays.contains_key(h))
            .map(|&h| day(h))
            .sum();
        let workdays: i64 = self
            .workdays
            .range(from..=to)
            .map(|(&d, hours)| {
                let usual = if self.holidays.contains(&d) {
                    0
                } else {
                    day(d)
                };
                length(hours) - usual
            })
            .sum();
        total - holidays + workdays
    }

    /// Returns the end of the working day: today's last working minute when today's
    /// working time has not ended yet, else the end of the next working day.
    pub fn end_of_working_day(&self, t: DateTime<Utc>) -> DateTime<Utc> {
        for date in self.days_from(t) {
            if let Some((_, end)) = self.utc_intervals(date).last()
                && t < end
            {
                return end;
            }
        }
        t
    }

    /// Returns the end of the working day of a local date, or of the first working day
    /// after it (a promise "by Friday" means by the end of Friday's working hours).
    pub fn end_of_date(&self, date: NaiveDate) -> DateTime<Utc> {
        self.end_of_working_day(self.instant(date.and_time(NaiveTime::MIN)))
    }

    /// Adds working days: the same local time that many working days later, counted
    /// from the next working instant; a time the target day does not work moves to that
    /// day's next working minute (or its end). A fraction becomes working minutes of a
    /// standard day. A working day never shrinks: when the days in between are short
    /// (a Saturday morning), the deadline moves on until at least that many standard
    /// days of working time lie between.
    pub fn add_working_days(&self, t: DateTime<Utc>, days: f64) -> DateTime<Utc> {
        let same_time = self.add_same_time_days(t, days);
        let standard = (days * self.standard_day_minutes() as f64).round() as i64;
        let start = self.next_working_instant(t);
        if self.working_minutes_between(start, same_time) >= standard {
            same_time
        } else {
            self.add_working_minutes(start, standard)
        }
    }

    fn add_same_time_days(&self, t: DateTime<Utc>, days: f64) -> DateTime<Utc> {
        let whole = days.trunc() as i64;
        let fraction = days - days.trunc();
        let start = self.next_working_instant(t);
        let time = start.with_timezone(&self.tz).time();
        let mut date = self.local_date(start);
        let mut counted = 0;
        while counted < whole {
            date += Duration::days(1);
            if self.is_working_day(date) {
                counted += 1;
            }
            if (date - self.local_date(start)).num_days() > HORIZON_DAYS {
                break;
            }
        }
        let landed = if whole == 0 {
            start
        } else {
            self.snap_within_day(date, time)
        };
        let extra = (fraction * self.standard_day_minutes() as f64).round() as i64;
        if extra > 0 {
            self.add_working_minutes(landed, extra)
        } else {
            landed
        }
    }

    fn snap_within_day(&self, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
        let intervals = self.intervals(date);
        for interval in intervals {
            if time < interval.end {
                return self.instant(date.and_time(time.max(interval.start)));
            }
        }
        match intervals.last() {
            Some(last) => self.instant(date.and_time(last.end)),
            None => self.next_working_instant(self.instant(date.and_time(time))),
        }
    }

    /// Formats working minutes for people: `45m`, `3h 30m`, and whole working days of
    /// this calendar once there are any (`2wd 3h`).
    pub fn human(&self, minutes: i64) -> String {
        crate::i18n::format::working(minutes, Some(self.standard_day_minutes()))
    }

    /// Returns the deadline `span` after `t`, inside working time: a calendar duration
    /// that ends outside it (`2d` from a Friday afternoon) is due at the next working
    /// minute.
    pub fn deadline(&self, t: DateTime<Utc>, span: Span) -> DateTime<Utc> {
        self.snap_forward(self.add(t, span))
    }

    /// Returns the instant `span` after `t` (a calendar duration as it is).
    pub fn add(&self, t: DateTime<Utc>, span: Span) -> DateTime<Utc> {
        match span {
            Span::Calendar { minutes } => t + Duration::minutes(minutes),
            Span::Working { minutes } => self.add_working_minutes(t, minutes),
            Span::WorkingDays { days } => self.add_working_days(t, days),
            Span::EndOfDay => self.end_of_working_day(t),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(s: &str) -> NaiveTime {
        NaiveTime::parse_from_str(s, "%H:%M").unwrap()
    }

    fn interval(a: &str, b: &str) -> Interval {
        Interval {
            start: hm(a),
            end: hm(b),
        }
    }

    fn calendar(tz: Tz, day: Vec<Interval>, holidays: &[&str]) -> WorkingCalendar {
        let mut week: [Vec<Interval>; 7] = Default::default();
        for weekday in week.iter_mut().take(5) {
            *weekday = day.clone();
        }
        let holidays = holidays.iter().map(|d| d.parse().unwrap()).collect();
        WorkingCalendar::new(tz, week, holidays)
    }

    fn shanghai() -> WorkingCalendar {
        calendar(
            chrono_tz::Asia::Shanghai,
            vec![interval("09:00", "18:00")],
            &["2026-10-01"],
        )
    }

    fn at(cal: &WorkingCalendar, s: &str) -> DateTime<Utc> {
        cal.instant(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
    }

    fn local(cal: &WorkingCalendar, t: DateTime<Utc>) -> String {
        t.with_timezone(&cal.tz())
            .format("%a %Y-%m-%d %H:%M")
            .to_string()
    }

    // 2026-11-02 is a Monday; 2026-11-06 a Friday.
    #[test]
    fn one_working_hour_crosses_the_night() {
        let cal = shanghai();
        let t = cal.add(at(&cal, "2026-11-02 17:30"), "1wh".parse().unwrap());
        assert_eq!(local(&cal, t), "Tue 2026-11-03 09:30");
    }

    #[test]
    fn working_time_before_crosses_the_night_and_the_weekend_backwards() {
        let cal = shanghai();
        let before =
            |s: &str, span: &str| local(&cal, cal.before(at(&cal, s), span.parse().unwrap()));
        assert_eq!(before("2026-11-03 10:00", "1wh"), "Tue 2026-11-03 09:00");
        assert_eq!(before("2026-11-03 09:30", "1wh"), "Mon 2026-11-02 17:30");
        // Monday 09:30 less an hour: half an hour of Monday, half of Friday.
        assert_eq!(before("2026-11-09 09:30", "1wh"), "Fri 2026-11-06 17:30");
        assert_eq!(before("2026-11-09 09:30", "90m"), "Mon 2026-11-09 08:00");
        // From the end of a working day, a whole day back is the start of it.
        assert_eq!(before("2026-11-04 18:00", "1wd"), "Wed 2026-11-04 09:00");
    }

    #[test]
    fn one_working_hour_crosses_the_weekend() {
        let cal = shanghai();
        let t = cal.add(at(&cal, "2026-11-06 17:30"), "1wh".parse().unwrap());
        assert_eq!(local(&cal, t), "Mon 2026-11-09 09:30");
    }

    #[test]
    fn opening_before_hours_starts_at_nine() {
        let cal = shanghai();
        let t = cal.add(at(&cal, "2026-11-03 07:10"), "1wh".parse().unwrap());
        assert_eq!(local(&cal, t), "Tue 2026-11-03 10:00");
        let t = cal.add(at(&cal, "2026-11-07 11:00"), "30wm".parse().unwrap());
        assert_eq!(
            local(&cal, t),
            "Mon 2026-11-09 09:30",
            "Saturday waits for Monday"
        );
    }

    #[test]
    fn ending_exactly_at_closing_time_stays_that_day() {
        let cal = shanghai();
        let t = cal.add(at(&cal, "2026-11-02 17:00"), "1wh".parse().unwrap());
        assert_eq!(local(&cal, t), "Mon 2026-11-02 18:00");
    }

    #[test]
    fn holidays_are_skipped() {
        let cal = shanghai();
        // 2026-09-30 is a Wednesday, 2026-10-01 a holiday.
        let t = cal.add(at(&cal, "2026-09-30 17:00"), "2wh".parse().unwrap());
        assert_eq!(local(&cal, t), "Fri 2026-10-02 10:00");
        let t = cal.add(at(&cal, "2026-09-30 10:00"), "1wd".parse().unwrap());
        assert_eq!(local(&cal, t), "Fri 2026-10-02 10:00");
    }

    #[test]
    fn working_days_keep_the_time_of_day() {
        let cal = shanghai();
        let t = cal.add(at(&cal, "2026-11-05 14:20"), "2wd".parse().unwrap());
        assert_eq!(local(&cal, t), "Mon 2026-11-09 14:20");
        let t = cal.add(at(&cal, "2026-11-05 20:00"), "1wd".parse().unwrap());
        assert_eq!(
            local(&cal, t),
            "Mon 2026-11-09 09:00",
            "evening counts from next morning"
        );
        let t = cal.add(at(&cal, "2026-11-02 09:00"), "0.5wd".parse().unwrap());
        assert_eq!(local(&cal, t), "Mon 2026-11-02 13:30");
    }

    #[test]
    fn end_of_day_is_today_or_the_next_working_day() {
        let cal = shanghai();
        assert_eq!(
            local(&cal, cal.add(at(&cal, "2026-11-02 10:00"), Span::EndOfDay)),
            "Mon 2026-11-02 18:00"
        );
        assert_eq!(
            local(&cal, cal.add(at(&cal, "2026-11-02 08:00"), Span::EndOfDay)),
            "Mon 2026-11-02 18:00"
        );
        assert_eq!(
            local(&cal, cal.add(at(&cal, "2026-11-06 19:00"), Span::EndOfDay)),
            "Mon 2026-11-09 18:00"
        );
        let friday = "2026-11-06".parse().unwrap();
        assert_eq!(local(&cal, cal.end_of_date(friday)), "Fri 2026-11-06 18:00");
        let saturday = "2026-11-07".parse().unwrap();
        assert_eq!(
            local(&cal, cal.end_of_date(saturday)),
            "Mon 2026-11-09 18:00"
        );
    }

    #[test]
    fn lunch_break_is_not_working_time() {
        let cal = calendar(
            chrono_tz::Asia::Shanghai,
            vec![interval("09:00", "12:00"), interval("13:30", "18:00")],
            &[],
        );
        let t = cal.add(at(&cal, "2026-11-02 11:30"), "1wh".parse().unwrap());
        assert_eq!(local(&cal, t), "Mon 2026-11-02 14:00");
        let t = cal.add(at(&cal, "2026-11-02 12:15"), "30wm".parse().unwrap());
        assert_eq!(local(&cal, t), "Mon 2026-11-02 14:00");
        assert_eq!(
            cal.working_minutes_between(at(&cal, "2026-11-02 11:00"), at(&cal, "2026-11-02 14:00")),
            90
        );
        assert!(!cal.is_working_time(at(&cal, "2026-11-02 12:30")));
        assert_eq!(cal.standard_day_minutes(), 450);
        // A working day landing on 12:30 moves to the afternoon start.
        let t = cal.add(at(&cal, "2026-11-02 11:45"), "1wd".parse().unwrap());
        assert_eq!(local(&cal, t), "Tue 2026-11-03 11:45");
    }

    #[test]
    fn working_minutes_between_skips_nights_weekends_and_holidays() {
        let cal = shanghai();
        assert_eq!(
            cal.working_minutes_between(at(&cal, "2026-11-06 17:00"), at(&cal, "2026-11-09 10:00")),
            120
        );
        assert_eq!(
            cal.working_minutes_between(at(&cal, "2026-09-30 17:00"), at(&cal, "2026-10-02 09:30")),
            90
        );
        assert_eq!(
            cal.working_minutes_between(at(&cal, "2026-11-09 10:00"), at(&cal, "2026-11-06 17:00")),
            0
        );
    }

    /// The day-by-day count the arithmetic must agree with.
    fn minutes_day_by_day(cal: &WorkingCalendar, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        let mut total = Duration::zero();
        let mut date = cal.local_date(a);
        while b > a && date <= cal.local_date(b) {
            for (start, end) in cal.utc_intervals(date) {
                let (from, to) = (start.max(a), end.min(b));
                if from < to {
                    total += to - from;
                }
            }
            date += Duration::days(1);
        }
        total.num_minutes()
    }

    #[test]
    fn long_spans_count_like_day_by_day() {
        let cals = [
            calendar(
                chrono_tz::America::New_York,
                vec![interval("09:00", "12:00"), interval("13:00", "18:00")],
                &["2026-07-03", "2026-11-26"],
            ),
            calendar(
                chrono_tz::Asia::Shanghai,
                vec![interval("09:00", "18:00")],
                &["2026-10-01", "2026-10-02", "2026-10-05"],
            ),
        ];
        for cal in &cals {
            let base = at(cal, "2026-01-01 00:00");
            for step in 0..400 {
                let a = base + Duration::minutes(step * 997 % 525_600);
                let b = a + Duration::minutes(step * 7919 % 300_000);
                assert_eq!(
                    cal.working_minutes_between(a, b),
                    minutes_day_by_day(cal, a, b),
                    "{a} – {b}"
                );
            }
        }
    }

    #[test]
    fn working_time_reads_in_working_days() {
        let cal = shanghai();
        assert_eq!(cal.human(0), "0m");
        assert_eq!(cal.human(45), "45m");
        assert_eq!(cal.human(210), "3h 30m");
        assert_eq!(cal.human(540), "1wd");
        assert_eq!(cal.human(13 * 60), "1wd 4h");
        assert_eq!(cal.human(133 * 60 + 5), "14wd 7h");
    }

    #[test]
    fn new_york_spring_forward() {
        let cal = calendar(
            chrono_tz::America::New_York,
            vec![interval("09:00", "18:00")],
            &[],
        );
        // DST starts Sunday 2026-03-08; Friday 17:30 EST + 1wh is Monday 09:30 EDT.
        let from = at(&cal, "2026-03-06 17:30");
        let t = cal.add(from, "1wh".parse().unwrap());
        assert_eq!(local(&cal, t), "Mon 2026-03-09 09:30");
        assert_eq!(
            (t - from).num_hours(),
            63,
            "one hour fewer on the wall clock"
        );
        assert_eq!(cal.working_minutes_between(from, t), 60);
        let t = cal.add(at(&cal, "2026-03-06 10:00"), "1wd".parse().unwrap());
        assert_eq!(local(&cal, t), "Mon 2026-03-09 10:00");
    }

    #[test]
    fn new_york_fall_back() {
        let cal = calendar(
            chrono_tz::America::New_York,
            vec![interval("09:00", "18:00")],
            &[],
        );
        // DST ends Sunday 2026-11-01.
        let from = at(&cal, "2026-10-30 17:30");
        let t = cal.add(from, "1wh".parse().unwrap());
        assert_eq!(local(&cal, t), "Mon 2026-11-02 09:30");
        assert_eq!((t - from).num_hours(), 65);
        assert_eq!(cal.working_minutes_between(from, t), 60);
    }

    #[test]
    fn skipped_local_time_moves_forward() {
        let cal = calendar(
            chrono_tz::America::New_York,
            vec![interval("09:00", "18:00")],
            &[],
        );
        let gap = NaiveDateTime::parse_from_str("2026-03-08 02:30", "%Y-%m-%d %H:%M").unwrap();
        let t = cal.instant(gap);
        assert_eq!(
            t.with_timezone(&cal.tz()).format("%H:%M").to_string(),
            "03:00"
        );
    }

    #[test]
    fn deadlines_never_fall_outside_working_time() {
        let cal = calendar(
            chrono_tz::Asia::Shanghai,
            vec![interval("09:00", "12:00"), interval("13:00", "18:00")],
            &["2026-11-11"],
        );
        let spans: Vec<Span> = ["1wh", "30wm", "1wd", "2wd", "0.5wd", "eod", "5wd"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        let base = at(&cal, "2026-11-01 00:00");
        for step in 0..(14 * 24 * 4) {
            let t = base + Duration::minutes(step * 15 + 7);
            for span in &spans {
                let due = cal.add(t, *span);
                let inside =
                    cal.is_working_time(due) || cal.is_working_time(due - Duration::seconds(1));
                assert!(due > t, "{span} from {t}");
                assert!(
                    inside,
                    "{span} from {} gave {}",
                    local(&cal, t),
                    local(&cal, due)
                );
            }
        }
    }

    /// Monday–Friday 09:00–18:00 in Shanghai with China's 2026 National Day: 1–7 October
    /// off, Sunday 20 September and Saturday 10 October working (调休), the Saturday
    /// only in the morning.
    fn national_day() -> WorkingCalendar {
        let days: Vec<String> = (1..=7).map(|d| format!("2026-10-0{d}")).collect();
        let days: Vec<&str> = days.iter().map(String::as_str).collect();
        let mut workdays = BTreeMap::new();
        workdays.insert(
            "2026-09-20".parse().unwrap(),
            vec![interval("09:00", "18:00")],
        );
        workdays.insert(
            "2026-10-10".parse().unwrap(),
            vec![interval("09:00", "12:00")],
        );
        calendar(
            chrono_tz::Asia::Shanghai,
            vec![interval("09:00", "18:00")],
            &days,
        )
        .with_workdays(workdays)
    }

    #[test]
    fn declared_working_dates_work_and_holiday_ranges_do_not() {
        let cal = national_day();
        // Friday 18 September 10:00 + 1wd: the next working day is Sunday the 20th.
        let fri = at(&cal, "2026-09-18 10:00");
        assert_eq!(
            local(&cal, cal.add_working_days(fri, 1.0)),
            "Sun 2026-09-20 10:00"
        );
        // Wednesday 30 September 10:00: 1–7 October are off, so Thursday the 8th, Friday
        // the 9th, and the Saturday-morning 10th.
        let wed = at(&cal, "2026-09-30 10:00");
        assert_eq!(
            local(&cal, cal.add_working_days(wed, 1.0)),
            "Thu 2026-10-08 10:00"
        );
        assert_eq!(
            local(&cal, cal.add_working_days(wed, 2.0)),
            "Fri 2026-10-09 10:00"
        );
        // Three days: Saturday 10:00 holds only 27 working hours since Wednesday 10:00
        // (8 + 9 + 9 + 1), exactly three standard days.
        assert_eq!(
            local(&cal, cal.add_working_days(wed, 3.0)),
            "Sat 2026-10-10 10:00"
        );
        assert_eq!(
            cal.working_minutes_between(wed, at(&cal, "2026-10-12 09:00")),
            (8 + 9 + 9 + 3) * 60,
            "a holiday range and a short working Saturday between"
        );
        assert!(cal.is_working_time(at(&cal, "2026-09-20 11:00")));
        assert!(!cal.is_working_time(at(&cal, "2026-10-05 11:00")));
    }

    #[test]
    fn a_working_day_never_shrinks_on_a_short_day() {
        // Saturday 09:00–12:00. Friday 17:30 + 1wd is not Saturday 12:00 (3.5 working
        // hours) but a whole standard day of 9 hours on: 0.5h Friday, 3h Saturday,
        // Monday 09:00 + 5.5h = 14:30.
        let mut week: [Vec<Interval>; 7] = Default::default();
        for day in week.iter_mut().take(5) {
            *day = vec![interval("09:00", "18:00")];
        }
        week[5] = vec![interval("09:00", "12:00")];
        let cal = WorkingCalendar::new(chrono_tz::Asia::Shanghai, week, BTreeSet::new());
        let fri = at(&cal, "2026-11-06 17:30");
        assert_eq!(
            local(&cal, cal.add_working_days(fri, 1.0)),
            "Mon 2026-11-09 14:30"
        );
        // A calendar duration that ends on Sunday is due at the next working minute.
        let two_days = Span::Calendar { minutes: 2 * 1440 };
        assert_eq!(
            local(&cal, cal.deadline(at(&cal, "2026-11-06 17:00"), two_days)),
            "Mon 2026-11-09 09:00"
        );
        // Ending exactly at closing time stays there.
        let hour = Span::Calendar { minutes: 60 };
        assert_eq!(
            local(&cal, cal.deadline(at(&cal, "2026-11-06 17:00"), hour)),
            "Fri 2026-11-06 18:00"
        );
    }
}
