//! Durations of the policy: calendar time (`30m`, `72h`, `2d`), working time (`30wm`,
//! `1wh`, `2wd`) and the end of the working day (`eod`).
//!
//! A `Span` is only a quantity; the `WorkingCalendar` turns it into an instant.

use std::fmt;
use std::str::FromStr;

use crate::i18n::t;

/// The longest span the policy may state, in days (ten years).
const MAX_DAYS: f64 = 3660.0;

/// A span of time as the policy states it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Span {
    /// Wall-clock minutes, nights and weekends included.
    Calendar { minutes: i64 },
    /// Minutes counted only inside working hours.
    Working { minutes: i64 },
    /// Working days: the same time of day that many working days later.
    WorkingDays { days: f64 },
    /// The end of the working day (the same day when it has not ended yet).
    EndOfDay,
}

impl Span {
    /// Returns the span multiplied by `factor` (used to shorten urgent limits).
    /// The end of the day stays the end of the day.
    pub fn scaled(self, factor: f64) -> Span {
        let scale = |m: i64| ((m as f64) * factor).round() as i64;
        match self {
            Span::Calendar { minutes } => Span::Calendar {
                minutes: scale(minutes),
            },
            Span::Working { minutes } => Span::Working {
                minutes: scale(minutes),
            },
            Span::WorkingDays { days } => Span::WorkingDays {
                days: days * factor,
            },
            Span::EndOfDay => Span::EndOfDay,
        }
    }
}

impl Span {
    /// Returns the span as people read it, in the current language: `3个工作日`, `2h`.
    pub fn label(self) -> String {
        use crate::i18n::format;
        match self {
            Span::Calendar { minutes } => format::calendar(minutes),
            Span::Working { minutes } => {
                t!("dur-of-working-time", time = format::working(minutes, None))
            }
            Span::WorkingDays { days } => t!("dur-working-days", n = days),
            Span::EndOfDay => t!("dur-end-of-day"),
        }
    }
}

impl FromStr for Span {
    type Err = String;

    fn from_str(text: &str) -> Result<Span, String> {
        let s = text.trim();
        if s.eq_ignore_ascii_case("eod") {
            return Ok(Span::EndOfDay);
        }
        let split = s
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| t!("err-span-no-unit", value = text))?;
        let (number, unit) = s.split_at(split);
        let value: f64 = number
            .parse()
            .map_err(|_| t!("err-span-no-number", value = text))?;
        if !value.is_finite() || value < 0.0 {
            return Err(t!("err-span-negative", value = text));
        }
        let days = match unit {
            "m" | "min" | "wm" => value / 1440.0,
            "h" | "wh" => value / 24.0,
            _ => value,
        };
        if days > MAX_DAYS {
            return Err(t!("err-span-too-long", value = text));
        }
        let minutes = |per: f64| (value * per).round() as i64;
        Ok(match unit {
            "m" | "min" => Span::Calendar {
                minutes: minutes(1.0),
            },
            "h" => Span::Calendar {
                minutes: minutes(60.0),
            },
            "d" => Span::Calendar {
                minutes: minutes(1440.0),
            },
            "wm" => Span::Working {
                minutes: minutes(1.0),
            },
            "wh" => Span::Working {
                minutes: minutes(60.0),
            },
            "wd" => Span::WorkingDays { days: value },
            _ => return Err(t!("err-span-unit", value = text, unit = unit)),
        })
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn minutes(f: &mut fmt::Formatter<'_>, m: i64, prefix: &str) -> fmt::Result {
            if m % 1440 == 0 && prefix.is_empty() && m != 0 {
                write!(f, "{}d", m / 1440)
            } else if m % 60 == 0 && m != 0 {
                write!(f, "{}{prefix}h", m / 60)
            } else {
                write!(f, "{m}{prefix}m")
            }
        }
        match *self {
            Span::Calendar { minutes: m } => minutes(f, m, ""),
            Span::Working { minutes: m } => minutes(f, m, "w"),
            Span::WorkingDays { days } => write!(f, "{days}wd"),
            Span::EndOfDay => f.write_str("eod"),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|e: String| serde::de::Error::custom(t!("err-span-hint", message = e)))
    }
}

impl serde::Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_unit() {
        assert_eq!("90m".parse(), Ok(Span::Calendar { minutes: 90 }));
        assert_eq!("72h".parse(), Ok(Span::Calendar { minutes: 72 * 60 }));
        assert_eq!("2d".parse(), Ok(Span::Calendar { minutes: 2880 }));
        assert_eq!("0.5wh".parse(), Ok(Span::Working { minutes: 30 }));
        assert_eq!("45wm".parse(), Ok(Span::Working { minutes: 45 }));
        assert_eq!("2wd".parse(), Ok(Span::WorkingDays { days: 2.0 }));
        assert_eq!("EOD".parse(), Ok(Span::EndOfDay));
    }

    #[test]
    fn rejects_nonsense() {
        for bad in [
            "",
            "h",
            "3",
            "3x",
            "-2h",
            "two days",
            "1.2.3h",
            "99999999999d",
            "4000wd",
            "1e9wm",
        ] {
            assert!(bad.parse::<Span>().is_err(), "{bad}");
        }
    }

    #[test]
    fn displays_round_trip() {
        for text in ["90m", "72h", "2d", "1wh", "30wm", "2wd", "0.5wd", "eod"] {
            let span: Span = text.parse().unwrap();
            assert_eq!(span.to_string().parse::<Span>().unwrap(), span, "{text}");
        }
    }

    #[test]
    fn scaling_halves_working_time() {
        let span: Span = "1wd".parse().unwrap();
        assert_eq!(span.scaled(0.5), Span::WorkingDays { days: 0.5 });
        assert_eq!(Span::EndOfDay.scaled(0.5), Span::EndOfDay);
        assert_eq!(
            "3h".parse::<Span>().unwrap().scaled(0.5),
            Span::Calendar { minutes: 90 }
        );
    }
}
