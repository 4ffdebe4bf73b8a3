//! Reading flag values a command cannot leave to clap: times in the shop's zone (an
//! instant, or a date meaning the start or the end of its working day), promised dates,
//! free text that must not be a flag's name, ladder levels, holders on the staff list,
//! and output files that must not land among the desk's own.

use std::path::Path;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::model::time::{Stamp, When, parse_when, stamp};
use crate::policy::Policy;

/// Reads a time flag: an instant, or a date taken as the end of that working day.
pub fn deadline_flag(policy: &Policy, flag: &str, name: &str, text: &str) -> Result<Stamp> {
    let tz = policy.calendar.tz();
    match parse_when(text, tz).map_err(|m| Error::input(flag, m, t!("hint-time-forms")))? {
        When::Instant(t) => Ok(stamp(t, tz)),
        When::Date(d) => {
            closed_day(policy, flag, d, |next| format!("{flag} {name}={next}"))?;
            Ok(stamp(policy.calendar.end_of_date(d), tz))
        }
    }
}

/// Refuses a day the shop is closed, naming the next working day: a date means the end
/// of that day's working hours, and a closed day has none.
fn closed_day(
    policy: &Policy,
    flag: &str,
    day: chrono::NaiveDate,
    example: impl Fn(chrono::NaiveDate) -> String,
) -> Result<()> {
    let cal = &policy.calendar;
    if cal.is_working_day(day) {
        return Ok(());
    }
    let next = (1..=400)
        .map(|n| day + chrono::Duration::days(n))
        .find(|d| cal.is_working_day(*d))
        .unwrap_or(day);
    Err(Error::input(
        flag,
        t!("err-promise-closed-day", date = day.to_string()),
        t!(
            "hint-closed-day-next",
            date = next.to_string(),
            example = example(next)
        ),
    ))
}

/// Reads a promised date or time (`--promise`): a date means the end of that day's
/// working hours; a day the shop is closed is refused with the next working day, and a
/// promise in the past is refused.
pub fn promise_flag(
    policy: &Policy,
    now: chrono::DateTime<chrono::Utc>,
    flag: &str,
    text: &str,
) -> Result<Stamp> {
    let cal = &policy.calendar;
    let tz = cal.tz();
    let when = parse_when(text, tz).map_err(|m| Error::input(flag, m, t!("hint-time-forms")))?;
    let (day, at) = match when {
        When::Instant(t) => (cal.local_date(t), t),
        When::Date(d) => (d, cal.end_of_date(d)),
    };
    closed_day(policy, flag, day, |next| format!("{flag} {next}"))?;
    if at < now {
        return Err(Error::input(
            flag,
            t!("err-promise-past", at = crate::i18n::format::local(at, tz)),
            t!("hint-promise-past"),
        ));
    }
    Ok(stamp(at, tz))
}

/// Reads how a complaint came in (`来访`, `phone`, `意见簿` …) into its code.
pub fn channel_flag(text: &str) -> Result<String> {
    use crate::model::CHANNELS;
    crate::i18n::words::code_of("channel", &CHANNELS, text)
        .map(str::to_string)
        .ok_or_else(|| {
            let known: Vec<String> = CHANNELS
                .iter()
                .map(|c| crate::i18n::words::word("channel", c))
                .collect();
            Error::input(
                "--channel",
                t!("err-not-a-channel", value = text),
                t!("hint-channel", known = known.join(&t!("sep-list"))),
            )
        })
}

/// Reads a date flag (`YYYY-MM-DD`).
pub fn date_flag(flag: &str, text: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| Error::input(flag, t!("err-not-a-date", value = text), t!("hint-date")))
}

/// Reads a time flag where a bare date means the start of that day.
pub fn instant_flag(
    policy: &Policy,
    flag: &str,
    text: &str,
) -> Result<chrono::DateTime<chrono::Utc>> {
    let tz = policy.calendar.tz();
    match parse_when(text, tz).map_err(|m| Error::input(flag, m, t!("hint-time-forms")))? {
        When::Instant(t) => Ok(t),
        When::Date(d) => Ok(policy.calendar.instant(d.and_time(chrono::NaiveTime::MIN))),
    }
}

/// Reads a free-text flag (a title, a note, a reason): any text, also one that starts
/// with a hyphen (`--title "-5mm 偏差"`), but not a flag's name (`--title --vip`), which
/// means the value was left out.
pub fn text(value: &str) -> std::result::Result<String, String> {
    let looks_like_flag = value.len() > 2
        && value.starts_with("--")
        && value[2..]
            .chars()
            .all(|c| c.is_ascii_lowercase() || c == '-');
    if looks_like_flag {
        return Err(t!("err-value-is-flag", value = value));
    }
    Ok(value.to_string())
}

/// Resolves an output file (`-o`) against the current folder, refusing one among the
/// desk's own records or templates (an export must never overwrite a ticket).
pub fn output_path(ctx: &Ctx, path: &Path) -> Result<std::path::PathBuf> {
    let full = ctx.cwd.join(path);
    if let Ok(root) = crate::store::find_root(ctx.dir.as_deref(), &ctx.cwd) {
        let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
        let parent = full.parent().map(canonical).unwrap_or_default();
        for folder in ["records", "templates"] {
            if parent.starts_with(canonical(&root.join(folder))) {
                return Err(Error::input(
                    "--output",
                    t!("err-output-in-desk", folder = folder),
                    t!("hint-output-in-desk"),
                ));
            }
        }
        if canonical(&full) == canonical(&root.join(crate::store::POLICY_FILE)) {
            return Err(Error::input(
                "--output",
                t!("err-output-in-desk", folder = crate::store::POLICY_FILE),
                t!("hint-output-in-desk"),
            ));
        }
    }
    Ok(full)
}

/// Reads a level flag: a number, a name of the ladder or its word in either language.
pub fn level_flag(policy: &Policy, flag: &str, text: &str) -> Result<u32> {
    policy.level(text).ok_or_else(|| {
        Error::input(
            flag,
            t!("err-not-on-ladder", value = text),
            t!(
                "hint-ladder",
                ladder = policy.names(&Default::default()).ladder_choices()
            ),
        )
    })
}

/// Checks a holder against the staff list; returns the canonical staff id.
pub fn holder(policy: &Policy, flag: &str, who: &str) -> Result<String> {
    policy
        .holder(who.trim())
        .map_err(|m| Error::input(flag, m, t!("hint-add-staff")))
}

/// Reads a whole number as people type it: ASCII or full-width digits (`１２`),
/// thousands separators (`1,000`, `1，000`), and, where `unit` allows, a unit after it
/// (`10盒`, `500 张`, `20 pcs`); anything else is refused in the desk's words.
fn whole(
    text: &str,
    unit: bool,
    range: std::ops::RangeInclusive<u64>,
) -> std::result::Result<u64, String> {
    let plain = crate::model::typed::narrowed(text.trim());
    let digits_end = plain
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == ',' || *c == '，'))
        .map_or(plain.len(), |(i, _)| i);
    let (number, rest) = plain.split_at(digits_end);
    let rest = rest.trim();
    let refused = || {
        if unit || *range.end() == u64::MAX {
            t!("err-not-a-count", value = text)
        } else {
            t!(
                "err-not-a-whole-number",
                value = text,
                min = *range.start(),
                max = *range.end()
            )
        }
    };
    let unit_ok = rest.is_empty()
        || (unit
            && !rest.starts_with(['.', '-', '/'])
            && rest.chars().all(|c| c.is_alphabetic() || c == ' '));
    if number.is_empty() || !unit_ok {
        return Err(refused());
    }
    let n: u64 = number
        .replace([',', '，'], "")
        .parse()
        .map_err(|_| refused())?;
    if range.contains(&n) {
        Ok(n)
    } else {
        Err(refused())
    }
}

/// Reads a quantity (`--quantity 10盒`): a whole number, a unit after it allowed.
pub fn quantity(text: &str) -> std::result::Result<u64, String> {
    whole(text, true, 0..=u64::from(u32::MAX) * 1000)
}

/// Reads a quality-review score: a whole number from 0 to 100.
pub fn score(text: &str) -> std::result::Result<u32, String> {
    whole(text, false, 0..=100).map(|n| n as u32)
}

/// Reads a percentage of a sample: a whole number from 1 to 100.
pub fn percent(text: &str) -> std::result::Result<u32, String> {
    whole(text, false, 1..=100).map(|n| n as u32)
}

/// Reads how many months a demo spans: 1 to 120.
pub fn months(text: &str) -> std::result::Result<u32, String> {
    whole(text, false, 1..=120).map(|n| n as u32)
}

/// Reads a count or a seed: any whole number.
pub fn number(text: &str) -> std::result::Result<u64, String> {
    whole(text, false, 0..=u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_people_type_them() {
        for (text, n) in [
            ("10", 10),
            ("１２", 12),
            ("1,000", 1000),
            ("10盒", 10),
            ("500 张", 500),
            ("20 pcs", 20),
        ] {
            assert_eq!(quantity(text), Ok(n), "{text}");
        }
        for bad in ["", "盒", "10.5", "-3", "1e3", "10/20", "abc"] {
            assert!(quantity(bad).is_err(), "{bad}");
        }
        assert_eq!(score("７２"), Ok(72));
        for bad in ["72.5", "-1", "101", "72分"] {
            assert!(score(bad).is_err(), "{bad}");
        }
    }
}
