//! Dates and times as registers write them: `2026-10-09`, `2026/11/3 14:05`,
//! `2026.11.3`, `2026年11月3日`, `11月3日` (the year known from elsewhere), a spreadsheet's
//! date cell (`2026-10-09 00:00:00`) or its serial number (`46304`), full-width digits.
//! A date alone is taken at 09:00, the start of a working day.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

/// Why a cell is not a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotATime {
    /// Nothing a date is written as.
    Unreadable,
    /// A day and month without a year, and no year known.
    NoYear,
}

/// The time a date alone stands for.
fn morning() -> NaiveTime {
    NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default()
}

/// Reads a cell: first by the map's own formats (chrono's notation), then by the forms
/// registers use. `year` is taken for a date written without one; the result says
/// whether the cell gave its own year (so that later rows may take it).
pub fn read(
    text: &str,
    formats: &[String],
    year: Option<i32>,
) -> Result<(NaiveDateTime, bool), NotATime> {
    let text = text.trim();
    for f in formats {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, f) {
            return Ok((t, true));
        }
        if let Ok(d) = NaiveDate::parse_from_str(text, f) {
            return Ok((d.and_time(morning()), true));
        }
    }
    if let Some(t) = serial(text) {
        return Ok((t, true));
    }
    let plain = crate::model::typed::narrowed(text);
    let numbers: Vec<u32> = plain
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().unwrap_or(u32::MAX))
        .collect();
    let (date, time, own_year) = match numbers.as_slice() {
        [y, m, d, rest @ ..] if (1900..=2999).contains(y) => {
            (NaiveDate::from_ymd_opt(*y as i32, *m, *d), rest, true)
        }
        // A day and month (`11月3日`, `11/3`), not a time of day (`12:30`).
        [m, d, rest @ ..] if plain.contains('月') || !plain.contains(':') || rest.len() >= 2 => {
            let Some(year) = year else {
                return Err(if *m <= 12 && *d <= 31 {
                    NotATime::NoYear
                } else {
                    NotATime::Unreadable
                });
            };
            (NaiveDate::from_ymd_opt(year, *m, *d), rest, false)
        }
        _ => return Err(NotATime::Unreadable),
    };
    let date = date.ok_or(NotATime::Unreadable)?;
    let time = match time {
        [] => morning(),
        // A date cell is written with midnight: it holds a date alone.
        [0, 0] | [0, 0, 0] => morning(),
        [h, m] => NaiveTime::from_hms_opt(*h, *m, 0).ok_or(NotATime::Unreadable)?,
        [h, m, s] => NaiveTime::from_hms_opt(*h, *m, *s).ok_or(NotATime::Unreadable)?,
        _ => return Err(NotATime::Unreadable),
    };
    Ok((date.and_time(time), own_year))
}

/// A spreadsheet's serial date (days since 1899-12-30, a fraction for the time of
/// day), within the years a register holds.
fn serial(text: &str) -> Option<NaiveDateTime> {
    let days: f64 = text.parse().ok()?;
    if !(20_000.0..=80_000.0).contains(&days) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_time(NaiveTime::MIN);
    let t = base + Duration::seconds((days * 86_400.0).round() as i64);
    Some(if t.time() == NaiveTime::MIN {
        t.date().and_time(morning())
    } else {
        t
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn dates_are_read_as_registers_write_them() {
        let none: Vec<String> = Vec::new();
        for (text, wanted) in [
            ("2026-10-09", "2026-10-09 09:00"),
            ("2026/11/3", "2026-11-03 09:00"),
            ("2026/11/3 14:05", "2026-11-03 14:05"),
            ("2026.11.3", "2026-11-03 09:00"),
            ("2026年11月3日", "2026-11-03 09:00"),
            ("2026年11月3日 14:05", "2026-11-03 14:05"),
            ("２０２６年１１月３日", "2026-11-03 09:00"),
            ("2026-10-09 00:00:00", "2026-10-09 09:00"),
            ("46304", "2026-10-09 09:00"),
        ] {
            let (t, own) = read(text, &none, None).unwrap_or_else(|e| panic!("{text}: {e:?}"));
            assert_eq!(t.format("%Y-%m-%d %H:%M").to_string(), wanted, "{text}");
            assert!(own, "{text} gives its year");
            assert_eq!(t, at(wanted));
        }
        assert_eq!(read("11月3日", &none, None), Err(NotATime::NoYear));
        let (t, own) = read("11月3日", &none, Some(2026)).unwrap();
        assert_eq!((t, own), (at("2026-11-03 09:00"), false));
        assert_eq!(
            read("11/3", &none, Some(2025)).unwrap().0,
            at("2025-11-03 09:00")
        );
        for bad in ["", "下周", "2026-13-01", "2026-02-30", "12:30"] {
            assert!(read(bad, &none, Some(2026)).is_err(), "{bad}");
        }
        let own = vec!["%d.%m.%Y".to_string()];
        assert_eq!(
            read("03.11.2026", &own, None).unwrap().0,
            at("2026-11-03 09:00")
        );
    }
}
