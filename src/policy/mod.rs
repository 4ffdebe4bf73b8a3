//! The shop's service policy (`inkdesk.yaml`) and ticket templates: the working
//! calendar, time limits, escalation ladder, callback rules and staff.
//!
//! Pure: the store reads the files and hands the text to `yaml`; this module turns the
//! parsed values into rules and says what is wrong with them. It never touches the disk.

pub mod calendar;
pub mod deadlines;
pub mod defaults;
pub mod duration;
pub mod escalation;
pub mod notify;
pub mod rules;
pub mod template;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::i18n::t;
use crate::i18n::words::Meant;
use crate::i18n::{Lang, Names};
use crate::model::{Money, Priority, Problem};
pub use calendar::{Interval, WorkingCalendar};
pub use duration::Span;
pub use rules::{CallbackPolicy, DispatchPolicy, EscalationPolicy, ReviewPolicy, VerifyPolicy};
pub use template::{Template, TemplateLimits};

/// The policy file as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicyFile {
    /// The language people read at this desk (`en` when the key is absent).
    #[serde(default)]
    pub lang: Lang,
    pub shop: Shop,
    pub calendar: CalendarFile,
    pub limits: Limits,
    pub escalation: EscalationPolicy,
    pub callback: CallbackPolicy,
    #[serde(default)]
    pub review: ReviewPolicy,
    #[serde(default)]
    pub verify: VerifyPolicy,
    #[serde(default)]
    pub dispatch: DispatchPolicy,
    /// The most compensation each ladder level may grant alone; a level not listed may
    /// grant any amount (no key at all: no limits).
    #[serde(default)]
    pub authority: BTreeMap<String, Money>,
    #[serde(default)]
    pub staff: Vec<Staff>,
    /// Where reminders go (`inkdesk notify`).
    #[serde(default)]
    pub notify: notify::NotifyPolicy,
    #[serde(default = "yes")]
    pub commit: bool,
    /// Draw people's screens in plain ASCII (`-`, `~`, `*` for `─`, `…`, `★`), for
    /// terminals that draw characters of ambiguous width two cells wide.
    #[serde(default)]
    pub ascii: bool,
}

pub(crate) fn yes() -> bool {
    true
}

/// Who the shop is.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shop {
    pub name: String,
    pub timezone: String,
    #[serde(default = "default_currency")]
    pub currency: String,
}

fn default_currency() -> String {
    "CNY".into()
}

/// The working calendar as written: weekdays, `HH:MM-HH:MM` intervals, holidays.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    pub days: Vec<String>,
    pub hours: Vec<String>,
    #[serde(default)]
    pub hours_by_day: BTreeMap<String, Vec<String>>,
    /// Dates the shop is closed: `2026-10-01`, or a range `2026-10-01..2026-10-08`.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// Dates that work although the week or a holiday says not (调休): a date or a range
    /// with the standard hours, or `{ date: …, hours: [...] }` with its own.
    #[serde(default)]
    pub workdays: Vec<Workday>,
}

/// One declared working date (or range), as written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Workday {
    Dates(String),
    WithHours { date: String, hours: Vec<String> },
}

/// Reads `2026-10-01` or `2026-10-01..2026-10-08` (both ends included) into its dates.
pub fn date_range(text: &str) -> Option<Vec<NaiveDate>> {
    let day = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
    let (from, to) = match text.split_once("..") {
        Some((a, b)) => (day(a)?, day(b)?),
        None => (day(text)?, day(text)?),
    };
    if to < from || (to - from).num_days() > 366 {
        return None;
    }
    Some(from.iter_days().take_while(|d| *d <= to).collect())
}

/// Time limits of the policy (README, "How deadlines are computed").
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub response: Span,
    pub response_vip: Span,
    pub progress: Span,
    pub after_escalation: Span,
    pub warning: Span,
    pub urgent_factor: f64,
    pub resolution: BTreeMap<String, Span>,
    /// How soon after the call (`received`) a ticket must be entered; later is shown as
    /// entered late.
    #[serde(default = "default_entry")]
    pub entry: Span,
}

fn default_entry() -> Span {
    Span::Working { minutes: 15 }
}

impl Policy {
    /// Returns true when a ticket called in at `received` and entered at `opened` was
    /// entered within the policy's `limits.entry`.
    pub fn entered_on_time(
        &self,
        received: chrono::DateTime<chrono::Utc>,
        opened: chrono::DateTime<chrono::Utc>,
    ) -> bool {
        opened
            <= self
                .calendar
                .add(received, self.file.limits.entry)
                .max(received)
    }
}

/// A member of staff.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Staff {
    pub id: String,
    pub name: String,
    pub role: String,
    /// Used as the e-mail of the commits this person makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Their mobile number: the chat robots mention them by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Their user id in the shop's chat (WeCom userid, DingTalk userId, Feishu open_id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chat_id: Option<String>,
}

/// The resolved policy: the file plus its calendar.
#[derive(Debug, Clone)]
pub struct Policy {
    pub file: PolicyFile,
    pub calendar: WorkingCalendar,
}

/// The limits that apply to one ticket.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TicketLimits {
    pub response: Span,
    pub progress: Span,
    pub resolution: Span,
}

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

impl Policy {
    /// Builds the policy from the parsed file, or lists every problem with its field.
    pub fn build(file: PolicyFile) -> Result<Policy, Vec<Problem>> {
        let mut problems = Vec::new();
        let tz: Option<chrono_tz::Tz> = match file.shop.timezone.parse() {
            Ok(tz) => Some(tz),
            Err(_) => {
                problems.push(Problem::new(
                    "shop.timezone",
                    t!("err-not-a-zone", value = file.shop.timezone.as_str()),
                ));
                None
            }
        };
        let mut week: [Vec<Interval>; 7] = Default::default();
        let default_hours = parse_hours("calendar.hours", &file.calendar.hours, &mut problems);
        for (i, day) in file.calendar.days.iter().enumerate() {
            match weekday_index(day) {
                Some(n) => week[n] = default_hours.clone(),
                None => problems.push(Problem::new(
                    format!("calendar.days[{i}]"),
                    t!("err-not-a-weekday", value = day.as_str()),
                )),
            }
        }
        for (day, hours) in &file.calendar.hours_by_day {
            let field = format!("calendar.hours_by_day.{day}");
            match weekday_index(day) {
                Some(n) => week[n] = parse_hours(&field, hours, &mut problems),
                None => problems.push(Problem::new(
                    field,
                    t!("err-not-a-weekday", value = day.as_str()),
                )),
            }
        }
        if problems.is_empty() && week.iter().all(Vec::is_empty) {
            problems.push(Problem::new("calendar.days", t!("err-week-empty")));
        }
        let limits = &file.limits;
        if !(limits.urgent_factor > 0.0 && limits.urgent_factor <= 1.0) {
            problems.push(Problem::new(
                "limits.urgent_factor",
                t!("err-urgent-factor"),
            ));
        }
        if !limits.resolution.contains_key("default") {
            problems.push(Problem::new(
                "limits.resolution",
                t!("err-resolution-default"),
            ));
        }
        if file.escalation.ladder.is_empty() {
            problems.push(Problem::new("escalation.ladder", t!("err-ladder-empty")));
        }
        if file.callback.max_attempts == 0 {
            problems.push(Problem::new(
                "callback.max_attempts",
                t!("err-at-least-one"),
            ));
        }
        if file.review.sample_percent == 0 || file.review.sample_percent > 100 {
            problems.push(Problem::new(
                "review.sample_percent",
                t!("err-percent-range"),
            ));
        }
        if file.review.per_agent_min > file.review.per_agent_max {
            problems.push(Problem::new(
                "review.per_agent_min",
                t!(
                    "err-min-above-max",
                    min = file.review.per_agent_min,
                    max = file.review.per_agent_max
                ),
            ));
        }
        let mut ids = BTreeSet::new();
        for (i, member) in file.staff.iter().enumerate() {
            for (field, value) in [("id", &member.id), ("name", &member.name)] {
                if let Some(m) = validate::text_problem(value, false) {
                    problems.push(Problem::new(format!("staff[{i}].{field}"), m));
                }
            }
            if !ids.insert(member.id.to_lowercase()) {
                problems.push(Problem::new(
                    format!("staff[{i}].id"),
                    t!("err-staff-twice", id = member.id.as_str()),
                ));
            }
            if !file.escalation.ladder.contains(&member.role) {
                problems.push(Problem::new(
                    format!("staff[{i}].role"),
                    t!(
                        "err-role-off-ladder",
                        role = member.role.as_str(),
                        ladder = file.escalation.ladder.join(", ")
                    ),
                ));
            }
        }
        problems.extend(file.notify.problems());
        for (level, amount) in &file.authority {
            let field = format!("authority.{level}");
            if !file.escalation.ladder.contains(level) {
                problems.push(Problem::new(
                    field,
                    t!(
                        "err-role-off-ladder",
                        role = level.as_str(),
                        ladder = file.escalation.ladder.join(", ")
                    ),
                ));
            } else if *amount < Money::ZERO {
                problems.push(Problem::new(field, t!("err-cost-negative")));
            }
        }
        let mut holidays = BTreeSet::new();
        for (i, text) in file.calendar.holidays.iter().enumerate() {
            match date_range(text) {
                Some(dates) => holidays.extend(dates),
                None => problems.push(Problem::new(
                    format!("calendar.holidays[{i}]"),
                    t!("err-not-dates", value = text.as_str()),
                )),
            }
        }
        let mut workdays = BTreeMap::new();
        for (i, day) in file.calendar.workdays.iter().enumerate() {
            let field = format!("calendar.workdays[{i}]");
            let (text, hours) = match day {
                Workday::Dates(text) => (text, default_hours.clone()),
                Workday::WithHours { date, hours } => (
                    date,
                    parse_hours(&format!("{field}.hours"), hours, &mut problems),
                ),
            };
            match date_range(text) {
                Some(dates) => {
                    for d in dates {
                        workdays.insert(d, hours.clone());
                    }
                }
                None => problems.push(Problem::new(
                    field,
                    t!("err-not-dates", value = text.as_str()),
                )),
            }
        }
        match tz {
            Some(tz) if problems.is_empty() => {
                let calendar = WorkingCalendar::new(tz, week, holidays).with_workdays(workdays);
                // The earliest callback must leave time before the callback is due:
                // measured from a Monday 09:00 of the calendar.
                let from = calendar.instant(
                    NaiveDate::from_ymd_opt(2026, 1, 5)
                        .unwrap_or_default()
                        .and_time(NaiveTime::MIN),
                );
                let cb = &file.callback;
                if calendar.add(from, cb.earliest) >= calendar.add(from, cb.within) {
                    return Err(vec![Problem::new(
                        "callback.earliest",
                        t!(
                            "err-earliest-after-within",
                            earliest = cb.earliest.label(),
                            within = cb.within.label()
                        ),
                    )]);
                }
                Ok(Policy { file, calendar })
            }
            _ => Err(problems),
        }
    }

    /// Returns the limits for a ticket of this template, priority and customer.
    pub fn limits_for(&self, template: &Template, priority: Priority, vip: bool) -> TicketLimits {
        let l = &self.file.limits;
        let t = &template.limits;
        let response = if vip {
            t.response_vip.unwrap_or(l.response_vip)
        } else {
            t.response.unwrap_or(l.response)
        };
        let base = t
            .resolution
            .or_else(|| l.resolution.get(&template.kind).copied())
            .or_else(|| l.resolution.get("default").copied())
            .unwrap_or(Span::WorkingDays { days: 2.0 });
        let resolution = match priority {
            Priority::Urgent => t.resolution_urgent.unwrap_or(base.scaled(l.urgent_factor)),
            _ => base,
        };
        TicketLimits {
            response,
            progress: t.progress.unwrap_or(l.progress),
            resolution,
        }
    }

    /// Returns the ladder's level names.
    pub fn ladder(&self) -> &[String] {
        &self.file.escalation.ladder
    }

    /// Finds a level by number, name or its word in either language (`1`,
    /// `supervisor`, `主管`).
    pub fn level(&self, text: &str) -> Option<u32> {
        crate::i18n::words::level_of(self.ladder(), text)
    }

    /// Returns what people read for the desk's own names: staff, kinds (labels of
    /// these templates), the ladder, the currency, the working day and the zone.
    pub fn names(&self, templates: &BTreeMap<String, Template>) -> Names {
        Names {
            staff: self
                .file
                .staff
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect(),
            kinds: templates
                .iter()
                .map(|(k, t)| (k.clone(), t.label.clone()))
                .collect(),
            ladder: self.ladder().to_vec(),
            currency: Some(self.file.shop.currency.clone()),
            day_minutes: Some(self.calendar.standard_day_minutes()),
            tz: Some(self.calendar.tz()),
        }
    }

    /// Returns true when tickets of `kind` need a second check (复检) before closing.
    pub fn needs_check(&self, kind: &str) -> bool {
        self.file.verify.kinds.iter().any(|k| k == kind)
    }

    /// Returns true when tickets of `kind` are passed to the department responsible
    /// (派单) within the policy's time.
    pub fn needs_dispatch(&self, kind: &str) -> bool {
        self.file.dispatch.kinds.iter().any(|k| k == kind)
    }

    /// Returns the name of a level, or its number when it is off the ladder.
    pub fn level_name(&self, level: u32) -> String {
        self.ladder()
            .get(level as usize)
            .cloned()
            .unwrap_or_else(|| level.to_string())
    }

    /// Finds a member of staff by id or name, case-insensitively, or by the start of
    /// one that only one member's has.
    pub fn staff(&self, who: &str) -> Option<&Staff> {
        match self.staff_meant(who) {
            Meant::One(s) => Some(s),
            _ => None,
        }
    }

    /// Who of the staff `who` means: one, several (a start they share) or nobody.
    pub fn staff_meant(&self, who: &str) -> Meant<&Staff> {
        crate::i18n::words::meant_among(
            who,
            self.file
                .staff
                .iter()
                .map(|s| (s, vec![s.id.to_lowercase(), s.name.trim().to_lowercase()])),
        )
    }

    /// Returns the most a level may grant alone (`None`: any amount).
    pub fn grant_limit(&self, level: u32) -> Option<Money> {
        self.file.authority.get(&self.level_name(level)).copied()
    }

    /// Returns the level of a member of staff, by their role.
    pub fn staff_level(&self, who: &str) -> Option<u32> {
        let role = &self.staff(who)?.role;
        self.ladder()
            .iter()
            .position(|l| l == role)
            .map(|n| n as u32)
    }

    /// Returns the first member of staff holding a level's role.
    pub fn holder_of_level(&self, level: u32) -> Option<&Staff> {
        let role = self.ladder().get(level as usize)?;
        self.file.staff.iter().find(|s| &s.role == role)
    }

    /// Checks that a person may hold tickets: anyone when no staff is listed, else a
    /// listed member; returns the canonical staff id.
    pub fn holder(&self, who: &str) -> Result<String, String> {
        if self.file.staff.is_empty() {
            return Ok(who.to_string());
        }
        match self.staff_meant(who) {
            Meant::One(s) => Ok(s.id.clone()),
            Meant::Ambiguous(some) => Err(t!(
                "err-ambiguous-word",
                value = who,
                choices = some
                    .iter()
                    .map(|s| s.name.as_str())
                    .collect::<Vec<_>>()
                    .join(&t!("sep-choice"))
            )),
            Meant::Unknown => Err(t!(
                "err-not-staff",
                who = who,
                staff = self
                    .file
                    .staff
                    .iter()
                    .map(|s| format!("{} ({})", s.id, s.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

fn weekday_index(day: &str) -> Option<usize> {
    let day = day.to_ascii_lowercase();
    WEEKDAYS.iter().position(|d| day.starts_with(d))
}

fn parse_hours(field: &str, hours: &[String], problems: &mut Vec<Problem>) -> Vec<Interval> {
    let mut out: Vec<Interval> = Vec::new();
    for (i, text) in hours.iter().enumerate() {
        let parsed = text.split_once('-').and_then(|(a, b)| {
            let a = NaiveTime::parse_from_str(a.trim(), "%H:%M").ok()?;
            let b = NaiveTime::parse_from_str(b.trim(), "%H:%M").ok()?;
            Some(Interval { start: a, end: b })
        });
        match parsed {
            Some(interval) if interval.start < interval.end => {
                if out.last().is_some_and(|last| last.end > interval.start) {
                    problems.push(Problem::new(
                        format!("{field}[{i}]"),
                        t!("err-interval-overlap", value = text.as_str()),
                    ));
                }
                out.push(interval);
            }
            _ => problems.push(Problem::new(
                format!("{field}[{i}]"),
                t!("err-not-an-interval", value = text.as_str()),
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{at, policy, policy_with, template};

    fn span(text: &str) -> Span {
        text.parse().unwrap()
    }

    #[test]
    fn the_limits_of_a_ticket_come_from_its_kind_priority_and_customer() {
        let p = policy();
        let complaint = template("complaint");
        let normal = p.limits_for(&complaint, Priority::Normal, false);
        assert_eq!(
            (normal.response, normal.progress, normal.resolution),
            (span("1wh"), span("1wd"), span("1wd"))
        );
        // Urgent halves the resolution; a VIP's first contact is due within half an hour.
        let urgent_vip = p.limits_for(&complaint, Priority::Urgent, true);
        assert_eq!(urgent_vip.resolution, span("0.5wd"));
        assert_eq!(urgent_vip.response, span("30wm"));
        // A consultation is answered by the end of the day, urgent or not.
        let consult = template("consult");
        assert_eq!(
            p.limits_for(&consult, Priority::Urgent, false).resolution,
            Span::EndOfDay
        );
        // A kind the policy does not list takes its `default`.
        let mut own = template("repair");
        own.kind = "binding".into();
        assert_eq!(
            p.limits_for(&own, Priority::Normal, false).resolution,
            span("2wd")
        );
    }

    #[test]
    fn a_template_overrides_the_limits_of_its_kind() {
        let p = policy();
        let mut t = template("complaint");
        t.limits.resolution = Some(span("3wd"));
        t.limits.response = Some(span("2wh"));
        assert_eq!(
            p.limits_for(&t, Priority::Normal, false).resolution,
            span("3wd")
        );
        assert_eq!(
            p.limits_for(&t, Priority::Urgent, false).resolution,
            span("1.5wd")
        );
        assert_eq!(
            p.limits_for(&t, Priority::Normal, false).response,
            span("2wh")
        );
        t.limits.resolution_urgent = Some(span("4wh"));
        assert_eq!(
            p.limits_for(&t, Priority::Urgent, false).resolution,
            span("4wh")
        );
        // The VIP's first contact is the policy's unless the template says its own.
        assert_eq!(
            p.limits_for(&t, Priority::Normal, true).response,
            span("30wm")
        );
    }

    #[test]
    fn a_ticket_is_entered_on_time_within_the_entry_limit_of_working_time() {
        let p = policy();
        let call = at(&p, "2026-11-02 17:55");
        // 15 working minutes: 5 on Monday evening, 10 on Tuesday morning.
        assert!(p.entered_on_time(call, at(&p, "2026-11-03 09:10")));
        assert!(!p.entered_on_time(call, at(&p, "2026-11-03 09:11")));
        // A call after hours may be entered at once.
        let night = at(&p, "2026-11-02 22:00");
        assert!(p.entered_on_time(night, night));
    }

    #[test]
    fn levels_staff_and_what_each_level_may_grant() {
        let p = policy_with(&[(
            "staff: []\n",
            "staff:\n  - { id: lina, name: 李娜, role: agent }\n  - { id: zhou, name: 周强, role: supervisor }\n",
        )]);
        for (text, level) in [
            ("1", Some(1)),
            ("supervisor", Some(1)),
            ("经理", Some(2)),
            ("9", None),
        ] {
            assert_eq!(p.level(text), level, "{text}");
        }
        assert_eq!(p.staff_level("李娜"), Some(0));
        assert_eq!(p.holder_of_level(1).map(|s| s.id.as_str()), Some("zhou"));
        assert_eq!(p.holder("LINA"), Ok("lina".to_string()));
        assert!(p.holder("wang").is_err(), "not on the staff list");
        assert_eq!(p.grant_limit(0), Money::from_units(500.0));
        assert_eq!(p.grant_limit(1), Money::from_units(5000.0));
        assert_eq!(
            p.grant_limit(2),
            None,
            "a level not listed may grant any amount"
        );
        assert!(
            policy().holder("anyone").is_ok(),
            "no staff list: anyone may hold"
        );
    }

    #[test]
    fn authority_must_name_ladder_levels_and_amounts_of_at_least_zero() {
        let build = |from: &str, to: &str| {
            let text = defaults::POLICY_EN
                .replace("{TIMEZONE}", "Asia/Shanghai")
                .replace("{SHOP}", "Test")
                .replacen(from, to, 1);
            let file: PolicyFile = crate::store::yaml::from_str(&text).unwrap();
            Policy::build(file).err().unwrap_or_default()
        };
        let fields = |problems: Vec<Problem>| -> Vec<String> {
            problems.into_iter().map(|p| p.field).collect()
        };
        assert_eq!(
            fields(build("  agent: 500\n", "  clerk: 500\n")),
            ["authority.clerk"]
        );
        assert_eq!(
            fields(build("  agent: 500\n", "  agent: -1\n")),
            ["authority.agent"]
        );
        assert!(build("  agent: 500\n", "  agent: 0\n").is_empty());
    }
}
