//! Instants as written in files and typed on the command line.
//!
//! Files hold RFC 3339 with the shop's offset, to the second, so a clerk reads local
//! time. Flags accept RFC 3339, or a local `YYYY-MM-DD HH:MM` in the shop's zone, or a
//! bare date whose meaning the caller decides (a promise means the end of that working day).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::i18n::t;

/// An instant as stored in a ticket.
pub type Stamp = DateTime<FixedOffset>;

/// Converts an instant to the shop's local offset, to the second.
pub fn stamp(t: DateTime<Utc>, tz: Tz) -> Stamp {
    let whole = DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t);
    whole.with_timezone(&tz).fixed_offset()
}

/// What a user typed for a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A precise instant.
    Instant(DateTime<Utc>),
    /// A calendar date in the shop's zone.
    Date(NaiveDate),
}

/// Reads a time typed on the command line, or says what forms are accepted.
pub fn parse_when(text: &str, tz: Tz) -> Result<When, String> {
    let s = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(When::Instant(t.with_timezone(&Utc)));
    }
    for format in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(s, format) {
            return match local.and_local_timezone(tz).earliest() {
                Some(t) => Ok(When::Instant(t.with_timezone(&Utc))),
                None => Err(t!("err-time-in-gap", value = text, zone = tz.name())),
            };
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Ok(When::Date(date));
    }
    Err(t!("err-not-a-time", value = text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_accepted_form() {
        let tz = chrono_tz::Asia::Shanghai;
        let expect: DateTime<Utc> = "2026-11-02T06:30:00Z".parse().unwrap();
        assert_eq!(
            parse_when("2026-11-02T14:30:00+08:00", tz),
            Ok(When::Instant(expect))
        );
        assert_eq!(
            parse_when("2026-11-02 14:30", tz),
            Ok(When::Instant(expect))
        );
        assert_eq!(
            parse_when("2026-11-02T14:30", tz),
            Ok(When::Instant(expect))
        );
        assert_eq!(
            parse_when("2026-11-02", tz),
            Ok(When::Date("2026-11-02".parse().unwrap()))
        );
        assert!(parse_when("2026-13-02", tz).is_err());
        assert!(parse_when("next friday", tz).is_err());
    }

    #[test]
    fn stamps_are_local_and_whole_seconds() {
        let t: DateTime<Utc> = "2026-11-02T06:30:00.750Z".parse().unwrap();
        assert_eq!(
            stamp(t, chrono_tz::Asia::Shanghai).to_rfc3339(),
            "2026-11-02T14:30:00+08:00"
        );
    }
}
