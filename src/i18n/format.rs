//! Numbers, lengths of time, money and times of day as people read them, one rule each
//! wherever they appear (tables, `show`, the review): `1wd 2h` / `1个工作日2小时`,
//! `¥3,650`, `85.7%`, `2026-11-20 17:00` in the shop's zone.

use chrono::{DateTime, TimeZone};

use crate::t;

/// Formats working time: whole working days (of `day_minutes`, when given) and hours,
/// or hours and minutes under a day: `1wd 2h`, `2h 40m`, `45m`.
pub fn working(minutes: i64, day_minutes: Option<i64>) -> String {
    let minutes = minutes.abs();
    let day = day_minutes.filter(|d| *d > 0);
    let (days, rest) = match day {
        Some(d) => (minutes / d, minutes % d),
        None => (0, minutes),
    };
    let parts = [
        (days, t!("dur-working-days", n = days)),
        (rest / 60, t!("dur-hours", n = rest / 60)),
        (
            if days > 0 { 0 } else { rest % 60 },
            t!("dur-minutes", n = rest % 60),
        ),
    ];
    join(&parts)
}

/// Formats calendar time: days and hours, or hours and minutes under a day: `2d 3h`.
pub fn calendar(minutes: i64) -> String {
    let minutes = minutes.abs();
    let (days, rest) = (minutes / 1440, minutes % 1440);
    let parts = [
        (days, t!("dur-days", n = days)),
        (rest / 60, t!("dur-hours", n = rest / 60)),
        (
            if days > 0 { 0 } else { rest % 60 },
            t!("dur-minutes", n = rest % 60),
        ),
    ];
    join(&parts)
}

/// Joins the parts with a non-zero count, or says zero minutes.
fn join(parts: &[(i64, String)]) -> String {
    let shown: Vec<&str> = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(_, s)| s.as_str())
        .collect();
    if shown.is_empty() {
        return t!("dur-minutes", n = 0);
    }
    shown.join(&t!("dur-sep"))
}

/// Formats an amount of money with its currency: `¥3,650`, `¥120.50`, `CHF 80`.
pub fn money(amount: f64, currency: Option<&str>) -> String {
    let negative = amount < 0.0;
    let cents = (amount.abs() * 100.0).round() as u128;
    let (whole, frac) = (cents / 100, cents % 100);
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac > 0 {
        grouped += &format!(".{frac:02}");
    }
    let sign = if negative { "-" } else { "" };
    match currency.map(str::trim).filter(|c| !c.is_empty()) {
        None => format!("{sign}{grouped}"),
        Some(code) => match symbol(code) {
            Some(s) => format!("{sign}{s}{grouped}"),
            None => format!("{sign}{code} {grouped}"),
        },
    }
}

/// The symbol of a currency a print shop is likely to use, by ISO 4217 code.
fn symbol(code: &str) -> Option<&'static str> {
    Some(match code.to_ascii_uppercase().as_str() {
        "CNY" | "RMB" => "¥",
        "USD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "HKD" => "HK$",
        "TWD" => "NT$",
        "JPY" => "JP¥",
        "SGD" => "S$",
        _ => return None,
    })
}

/// Formats a share as percent with one decimal: `85.7%`, `100.0%`.
pub fn percent(p: f64) -> String {
    format!("{p:.1}%")
}

/// Formats a rate as `85.7% (6/7)`, or `–` when nothing was counted.
pub fn rate(percent_of: Option<f64>, hits: u64, total: u64) -> String {
    match percent_of {
        Some(p) => format!("{} ({hits}/{total})", percent(p)),
        None => "–".into(),
    }
}

/// Formats an instant as the shop's local date and time: `2026-11-20 17:00`.
pub fn local<Z: TimeZone>(t: DateTime<Z>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// Formats an instant as the shop's local month, day and time: `11-20 17:00`.
pub fn short<Z: TimeZone>(t: DateTime<Z>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%m-%d %H:%M").to_string()
}

/// Formats an instant as the shop's local month and day: `11-20`.
pub fn day<Z: TimeZone>(t: DateTime<Z>, tz: chrono_tz::Tz) -> String {
    t.with_timezone(&tz).format("%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, with_lang};

    #[test]
    fn working_time_reads_the_same_everywhere() {
        with_lang(Lang::En, || {
            assert_eq!(working(0, Some(540)), "0m");
            assert_eq!(working(45, Some(540)), "45m");
            assert_eq!(working(160, Some(540)), "2h 40m");
            assert_eq!(working(540 + 125, Some(540)), "1wd 2h");
            assert_eq!(working(540 * 3, None), "27h");
            assert_eq!(calendar(3 * 1440 + 61), "3d 1h");
        });
        with_lang(Lang::Zh, || {
            assert_eq!(working(540 + 125, Some(540)), "1个工作日2小时");
            assert_eq!(working(160, Some(540)), "2小时40分钟");
            assert_eq!(working(0, Some(540)), "0分钟");
            assert_eq!(calendar(2 * 1440 + 180), "2天3小时");
        });
    }

    #[test]
    fn money_carries_its_currency_and_groups_thousands() {
        assert_eq!(money(3650.0, Some("CNY")), "¥3,650");
        assert_eq!(money(1_234_567.5, Some("CNY")), "¥1,234,567.50");
        assert_eq!(money(80.0, Some("CHF")), "CHF 80");
        assert_eq!(money(999.0, None), "999");
        assert_eq!(money(0.0, Some("USD")), "$0");
    }

    #[test]
    fn rates_have_one_decimal() {
        assert_eq!(rate(Some(100.0), 3, 3), "100.0% (3/3)");
        assert_eq!(rate(Some(85.7), 6, 7), "85.7% (6/7)");
        assert_eq!(rate(None, 0, 0), "–");
    }
}
