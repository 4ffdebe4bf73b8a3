//! Numbers, lengths of time, money and times of day as people read them, one rule each
//! wherever they appear (tables, `show`, the review): `1wd 2h` / `1个工作日2小时`,
//! `¥3,650`, `85.7%`, `2026-11-20 17:00` in the shop's zone.

use chrono::{DateTime, TimeZone};

use super::tr;
use crate::i18n::t;

/// Formats working time: whole working days (of `day_minutes`, when given) and hours,
/// or hours and minutes under a day: `1wd 2h`, `2h 40m`, `45m`.
pub fn working(minutes: i64, day_minutes: Option<i64>) -> String {
    match day_minutes.filter(|d| *d > 0) {
        Some(day) => length(minutes, day, "dur-working-days"),
        None => length(minutes, i64::MAX, "dur-working-days"),
    }
}

/// Formats calendar time: days and hours, or hours and minutes under a day: `2d 3h`.
pub fn calendar(minutes: i64) -> String {
    length(minutes, 1440, "dur-days")
}

/// Formats a length in days of `day` minutes (worded by `days_id`) and hours, or hours
/// and minutes under a day; zero reads as zero minutes.
fn length(minutes: i64, day: i64, days_id: &str) -> String {
    let minutes = minutes.abs();
    let (days, rest) = (minutes / day, minutes % day);
    let mins = if days > 0 { 0 } else { rest % 60 };
    let mut shown = Vec::new();
    if days > 0 {
        shown.push(tr(days_id, &[("n", days.into())]));
    }
    if rest / 60 > 0 {
        shown.push(t!("dur-hours", n = rest / 60));
    }
    if mins > 0 || shown.is_empty() {
        shown.push(t!("dur-minutes", n = mins));
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

/// Whether a character must not reach a terminal: control characters (ESC, BEL, CR,
/// C1 controls …) and the marks that reorder text (U+202A–U+202E, U+2066–U+2069).
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Makes text of a record safe to print in any format: every character that must
/// not reach a terminal becomes `�`, but for line breaks and tabs (which CSV and
/// JSON carry as data).
pub fn printable_in_place(s: &mut String) {
    if s.chars().any(|c| c != '\n' && c != '\t' && is_unsafe(c)) {
        *s = s
            .chars()
            .map(|c| {
                if c != '\n' && c != '\t' && is_unsafe(c) {
                    '\u{fffd}'
                } else {
                    c
                }
            })
            .collect();
    }
}

/// Whether people's screens are drawn in plain ASCII (`INKDESK_ASCII`, or the policy's
/// `ascii`): for terminals that draw the characters of ambiguous width two cells wide
/// (a setting of Chinese terminal programs such as Xshell and PuTTY's CJK mode).
static ASCII: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Chooses whether people's screens are drawn in plain ASCII.
pub fn set_ascii(on: bool) {
    ASCII.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Whether people's screens are drawn in plain ASCII.
pub fn ascii() -> bool {
    ASCII.load(std::sync::atomic::Ordering::Relaxed)
}

/// The characters of ambiguous width that inkdesk draws with, and their ASCII, each
/// one cell wide as they are counted (so a table laid out for one fits with the other).
const DRAWING: &[(char, char)] = &[
    ('─', '-'),
    ('…', '~'),
    ('—', '-'),
    ('–', '-'),
    ('·', '|'),
    ('→', '>'),
    ('★', '*'),
    ('↓', 'v'),
    ('×', 'x'),
    ('“', '"'),
    ('”', '"'),
    ('‘', '\''),
    ('’', '\''),
    ('≈', '~'),
    ('\u{fffd}', '?'),
];

/// Text for a person's screen: as it is, or in ASCII drawing when that is chosen.
pub fn drawn(text: &str) -> std::borrow::Cow<'_, str> {
    if !ascii() || !text.chars().any(|c| DRAWING.iter().any(|(d, _)| *d == c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| DRAWING.iter().find(|(d, _)| *d == c).map_or(c, |(_, a)| *a))
            .collect(),
    )
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
