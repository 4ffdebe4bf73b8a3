//! Money: an amount of the shop's currency kept as a whole number of hundredths of its
//! unit (fen, cents), so that sums and comparisons are exact. Files, exports and JSON
//! write it as a plain number, as people write it: `1500`, `99.5`, `99.05`.

use std::fmt;
use std::iter::Sum;
use std::ops::Add;

/// An amount, in hundredths of the currency's unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

/// The largest amount kept: far beyond any shop's compensation, and exact as a float.
const MAX_HUNDREDTHS: i64 = 1 << 52;

impl Money {
    pub const ZERO: Money = Money(0);

    /// An amount of so many hundredths.
    pub const fn from_hundredths(n: i64) -> Money {
        Money(n)
    }

    /// The amount in hundredths.
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// An amount written as a number of units, when it has at most two decimals.
    pub fn from_units(units: f64) -> Option<Money> {
        let hundredths = units * 100.0;
        let whole = hundredths.round();
        ((hundredths - whole).abs() < 1e-6 && whole.abs() <= MAX_HUNDREDTHS as f64)
            .then_some(Money(whole as i64))
    }

    /// The amount as a number of units (for figures and display).
    pub fn units(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Reads an amount written in decimals (`1500`, `-3`, `99.5`, `99.05`): at most two
    /// decimals, nothing else.
    pub fn parse(text: &str) -> Option<Money> {
        let text = text.trim();
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.strip_prefix('+').unwrap_or(text)),
        };
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && fraction.is_empty()
            || !plain(whole)
            || !plain(fraction)
            || fraction.len() > 2
            || (digits.contains('.') && fraction.is_empty())
        {
            return None;
        }
        let units: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().ok()?
        };
        let cents: i64 = format!("{fraction:0<2}").parse().ok()?;
        let n = units.checked_mul(100)?.checked_add(cents)?;
        (n <= MAX_HUNDREDTHS).then_some(Money(if negative { -n } else { n }))
    }

    /// Reads a positive amount as people write it in a sheet or at the prompt: a
    /// currency sign before it (`¥`, `￥`, `$`) or a word after it (`元`, `块`),
    /// thousands separated in groups of three (`1,200`, `1，200`, `12,000.50`), and
    /// full-width digits (`１２００`); at most two decimals. Nothing negative.
    pub fn read_written(text: &str) -> Option<Money> {
        let narrow = super::typed::narrowed(text.trim());
        let bare = narrow
            .trim_start_matches(['¥', '￥', '$'])
            .trim_end_matches(['元', '块'])
            .trim();
        let (whole, fraction) = bare.split_once('.').unwrap_or((bare, ""));
        // Separators only between groups of three: `1,5` is not one and a half.
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or_default();
        let grouped = groups.all(|g| g.len() == 3) && (!whole.contains(',') || first.len() <= 3);
        if !grouped || bare.starts_with(['-', '+']) || first.is_empty() && whole.contains(',') {
            return None;
        }
        let plain = whole.replace(',', "");
        let number = if bare.contains('.') {
            format!("{plain}.{fraction}")
        } else {
            plain
        };
        Money::parse(&number)
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money(self.0.saturating_add(other.0))
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

/// The plain number: the whole units, and the hundredths without trailing zeros.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let (units, cents) = (self.0.unsigned_abs() / 100, self.0.unsigned_abs() % 100);
        match cents {
            0 => write!(f, "{sign}{units}"),
            c if c % 10 == 0 => write!(f, "{sign}{units}.{}", c / 10),
            c => write!(f, "{sign}{units}.{c:02}"),
        }
    }
}

/// A whole amount as an integer, any other as a decimal number.
impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            s.serialize_i64(self.0 / 100)
        } else {
            s.serialize_f64(self.units())
        }
    }
}

impl<'de> serde::Deserialize<'de> for Money {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        d.deserialize_any(AmountVisitor)
    }
}

struct AmountVisitor;

impl serde::de::Visitor<'_> for AmountVisitor {
    type Value = Money;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an amount with at most two decimals")
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Money, E> {
        v.checked_mul(100)
            .filter(|n| n.abs() <= MAX_HUNDREDTHS)
            .map(Money)
            .ok_or_else(|| E::custom("an amount too large"))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Money, E> {
        self.visit_i64(i64::try_from(v).map_err(|_| E::custom("an amount too large"))?)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Money, E> {
        Money::from_units(v).ok_or_else(|| E::custom("an amount with at most two decimals"))
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Money, E> {
        Money::parse(v).ok_or_else(|| E::custom("an amount with at most two decimals"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn amounts_are_read_as_people_write_them_in_sheets_and_at_the_prompt() {
        for (text, hundredths) in [
            ("1200", 120_000),
            ("¥1,200", 120_000),
            ("￥1，200元", 120_000),
            ("1,200.50", 120_050),
            ("300元", 30_000),
            ("１２００", 120_000),
            ("12,345,678", 1_234_567_800),
            ("99.5", 9_950),
        ] {
            assert_eq!(
                Money::read_written(text),
                Some(Money::from_hundredths(hundredths)),
                "{text}"
            );
        }
        for bad in [
            "", "一千", "-5", "¥-5", "1.234", "1,5", "12,34", ",200", "1,2000", "1.", "abc",
        ] {
            assert_eq!(Money::read_written(bad), None, "{bad}");
        }
    }

    #[test]
    fn amounts_are_read_exactly_and_written_as_people_write_them() {
        for (text, hundredths, shown) in [
            ("1500", 150_000, "1500"),
            ("99.5", 9950, "99.5"),
            ("99.50", 9950, "99.5"),
            ("99.05", 9905, "99.05"),
            ("0.1", 10, "0.1"),
            (".5", 50, "0.5"),
            ("-3", -300, "-3"),
        ] {
            let m = Money::parse(text).unwrap();
            assert_eq!(m.hundredths(), hundredths, "{text}");
            assert_eq!(m.to_string(), shown, "{text}");
        }
        for bad in ["", ".", "1.", "1.234", "abc", "1,5", "1e3", "--1", "NaN"] {
            assert_eq!(Money::parse(bad), None, "{bad}");
        }
        let sum: Money = ["0.1", "0.2"]
            .iter()
            .map(|t| Money::parse(t).unwrap())
            .sum();
        assert_eq!(sum, Money::parse("0.3").unwrap(), "exact, unlike 0.1 + 0.2");
    }

    #[test]
    fn written_and_read_back_as_a_number() {
        for text in ["1500", "99.5", "99.05", "0.01"] {
            let m = Money::parse(text).unwrap();
            let yaml = serde_json::to_string(&m).unwrap();
            assert_eq!(yaml, text);
            assert_eq!(serde_json::from_str::<Money>(&yaml).unwrap(), m);
        }
        assert!(serde_json::from_str::<Money>("1.234").is_err());
    }

    proptest! {
        /// What is shown is what the same amount as a float shows: files and exports
        /// read as they did when amounts were floats.
        #[test]
        fn shown_as_the_float_of_the_same_amount(n in -1_000_000_000i64..1_000_000_000) {
            let m = Money::from_hundredths(n);
            prop_assert_eq!(m.to_string(), m.units().to_string());
            prop_assert_eq!(Money::from_units(m.units()), Some(m));
            prop_assert_eq!(Money::parse(&m.to_string()), Some(m));
        }
    }
}
