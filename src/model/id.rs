//! Ticket ids: 12 characters of Crockford base32, readable over the phone.
//!
//! The first six characters count 4-second ticks since 2024-01-01 UTC (so ids sort by
//! opening time until the year 2160); the last six are 30 random bits. Two clones can
//! only collide when they open tickets in the same 4 seconds *and* draw the same 30
//! bits. At 100 tickets a day in 9 working hours the number of same-tick pairs is about
//! 4950 × 4 / 32400 ≈ 0.61 a day, 223 a year; each collides with probability 2⁻³⁰, so
//! about 2 × 10⁻⁷ collisions a year — one in five million years. Within one clone the
//! store retries a draw that names an existing file.
//!
//! The alphabet has no I, L, O or U; reading is case-insensitive and, as Crockford
//! intends, takes `I`/`L` for `1` and `O` for `0`.

use std::fmt;

use chrono::{DateTime, TimeZone, Utc};

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const TICK_SECONDS: i64 = 4;
const TIME_CHARS: usize = 6;
const RANDOM_CHARS: usize = 6;
/// Length of an id.
pub const ID_LEN: usize = TIME_CHARS + RANDOM_CHARS;
/// Shortest prefix accepted in place of an id.
pub const MIN_PREFIX: usize = 4;

/// An id's text held in 12 bytes, for the reads that keep one for every record of a big
/// desk (a `String` costs three times that). A longer text is cut, a shorter one padded
/// with zero bytes; `as_str` gives back what was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Packed([u8; ID_LEN]);

impl Packed {
    pub fn new(text: &str) -> Packed {
        let mut bytes = [0u8; ID_LEN];
        let n = text.len().min(ID_LEN);
        bytes[..n].copy_from_slice(&text.as_bytes()[..n]);
        Packed(bytes)
    }

    pub fn as_str(&self) -> &str {
        let end = self.0.iter().position(|b| *b == 0).unwrap_or(ID_LEN);
        std::str::from_utf8(&self.0[..end]).unwrap_or_default()
    }
}

fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .expect("valid epoch")
}

/// A ticket id, always in canonical upper case.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Id(String);

impl Id {
    /// Makes the id of a ticket opened at `at` with 30 bits taken from `entropy`.
    pub fn new(at: DateTime<Utc>, entropy: u64) -> Id {
        let ticks = ((at - epoch()).num_seconds().max(0) / TICK_SECONDS) as u64;
        let mut text = String::with_capacity(ID_LEN);
        push_base32(&mut text, ticks, TIME_CHARS);
        push_base32(&mut text, entropy, RANDOM_CHARS);
        Id(text)
    }

    /// Reads a full id, or says what is wrong with it.
    pub fn parse(text: &str) -> Result<Id, String> {
        let canonical = canonical_prefix(text)?;
        if canonical.len() != ID_LEN {
            return Err(crate::i18n::t!("err-id-length", value = text, len = ID_LEN));
        }
        Ok(Id(canonical))
    }

    /// Returns the id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Returns the time its tick stands for (to within 4 seconds).
    pub fn time(&self) -> DateTime<Utc> {
        let ticks = self.0[..TIME_CHARS].bytes().fold(0i64, |acc, b| {
            acc * 32 + ALPHABET.iter().position(|&a| a == b).unwrap_or(0) as i64
        });
        epoch() + chrono::Duration::seconds(ticks * TICK_SECONDS)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn push_base32(out: &mut String, value: u64, chars: usize) {
    for i in (0..chars).rev() {
        let digit = (value >> (5 * i)) & 31;
        out.push(ALPHABET[digit as usize] as char);
    }
}

/// Returns the span of opening times an id prefix (canonical form) can stand for: its
/// first characters are the time, so a 4-character prefix pins it to about an hour.
pub fn prefix_time_range(prefix: &str) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let time: Vec<u8> = prefix.bytes().take(TIME_CHARS).collect();
    let mut ticks: i64 = 0;
    for b in &time {
        ticks = ticks * 32 + ALPHABET.iter().position(|a| a == b)? as i64;
    }
    let unknown = 32i64.pow((TIME_CHARS - time.len()) as u32);
    let lo = ticks * unknown;
    let hi = lo + unknown - 1;
    Some((
        epoch() + chrono::Duration::seconds(lo * TICK_SECONDS),
        epoch() + chrono::Duration::seconds(hi * TICK_SECONDS + TICK_SECONDS - 1),
    ))
}

/// Turns typed text into the canonical form of an id prefix (upper case, Crockford's
/// look-alikes mapped), or says which character cannot be in an id.
pub fn canonical_prefix(text: &str) -> Result<String, String> {
    text.trim()
        .chars()
        .map(|c| match c.to_ascii_uppercase() {
            'I' | 'L' => Ok('1'),
            'O' => Ok('0'),
            u if u.is_ascii() && ALPHABET.contains(&(u as u8)) => Ok(u),
            _ => Err(crate::i18n::t!(
                "err-id-char",
                value = text,
                char = c.to_string()
            )),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn packed_ids_give_back_their_text() {
        assert_eq!(Packed::new("0NB5F6S264C3").as_str(), "0NB5F6S264C3");
        assert_eq!(Packed::new("0NB5").as_str(), "0NB5");
        assert!(Packed::new("0NB5F6S264C3") > Packed::new("0NB5F6S264C2"));
    }

    #[test]
    fn ids_are_twelve_unambiguous_characters() {
        let id = Id::new(at("2026-11-02T02:15:00Z"), 0x3FFF_FFFF);
        assert_eq!(id.as_str().len(), ID_LEN);
        assert!(id.as_str().ends_with("ZZZZZZ"));
        assert!(!id.as_str().contains(['I', 'L', 'O', 'U']));
    }

    #[test]
    fn ids_sort_by_opening_time() {
        let a = Id::new(at("2026-11-02T02:15:00Z"), 0x3FFF_FFFF);
        let b = Id::new(at("2026-11-02T02:15:04Z"), 0);
        let c = Id::new(at("2027-01-01T00:00:00Z"), 7);
        assert!(a < b && b < c);
        assert_eq!(a.time(), at("2026-11-02T02:15:00Z"));
    }

    #[test]
    fn typed_ids_are_case_insensitive_and_forgive_look_alikes() {
        let id = Id::new(at("2026-11-02T02:15:00Z"), 12345);
        let typed = id.as_str().to_lowercase();
        assert_eq!(Id::parse(&typed).unwrap(), id);
        assert_eq!(canonical_prefix("o1il").unwrap(), "0111");
        assert!(canonical_prefix("AB-C").is_err());
        assert!(canonical_prefix("ABCU").is_err());
        assert!(Id::parse("0123").is_err());
    }

    #[test]
    fn a_prefix_pins_the_opening_time() {
        let t = at("2026-11-02T02:15:00Z");
        let id = Id::new(t, 99);
        let (lo, hi) = prefix_time_range(&id.as_str()[..4]).unwrap();
        assert!(
            lo <= t && t <= hi && (hi - lo).num_minutes() < 70,
            "{lo} {hi}"
        );
        let (lo, hi) = prefix_time_range(id.as_str()).unwrap();
        assert!(lo <= t && t <= hi && (hi - lo).num_seconds() < 4);
    }

    proptest! {
        #[test]
        fn id_round_trips_and_keeps_time(secs in 0i64..4_000_000_000, entropy: u64) {
            let t = epoch() + chrono::Duration::seconds(secs);
            let id = Id::new(t, entropy);
            prop_assert_eq!(Id::parse(id.as_str()).unwrap(), id.clone());
            prop_assert!((t - id.time()).num_seconds() < TICK_SECONDS);
        }
    }
}
