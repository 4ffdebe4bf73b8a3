//! The values an index entry is made of, and the two ways through a list of them:
//! [`Put`] writes, [`Get`] reads back in place.

use chrono::{DateTime, FixedOffset};

use crate::model::{Cause, Money, Remedy, Satisfaction, Status};
use crate::summary::At;

use super::super::stamp::FileStamp;

/// A value the index holds: written as bytes, and read back in place, into the
/// buffers the value already has. (`put` takes `&mut` only so that one field list
/// serves both ways.)
pub(in crate::store::read) trait Field<'a> {
    fn put(&mut self, out: &mut Vec<u8>);
    fn get(&mut self, r: &mut Get<'a>) -> Option<()>;
}

/// One way through a list of fields: writing them, or reading them back.
pub(in crate::store::read) trait Codec<'a> {
    fn field<F: Field<'a>>(&mut self, f: &mut F) -> Option<()>;
}

/// Writes fields.
pub(in crate::store::read) struct Put<'o>(pub(in crate::store::read) &'o mut Vec<u8>);

impl<'a> Codec<'a> for Put<'_> {
    fn field<F: Field<'a>>(&mut self, f: &mut F) -> Option<()> {
        f.put(self.0);
        Some(())
    }
}

/// Reads fields from `bytes`, from `at` on; `None` on any inconsistency.
pub struct Get<'a> {
    pub(in crate::store::read) bytes: &'a [u8],
    pub(in crate::store::read) at: usize,
}

impl<'a> Codec<'a> for Get<'a> {
    fn field<F: Field<'a>>(&mut self, f: &mut F) -> Option<()> {
        f.get(self)
    }
}

impl<'a> Get<'a> {
    pub(in crate::store::read) fn new(bytes: &'a [u8], at: usize) -> Get<'a> {
        Get { bytes, at }
    }

    pub(in crate::store::read) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(slice)
    }

    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(b)
    }

    pub(in crate::store::read) fn u64(&mut self) -> Option<u64> {
        let rest = self.bytes.get(self.at..)?;
        let mut v: u64 = 0;
        for (i, &byte) in rest.iter().take(10).enumerate() {
            v |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                self.at += i + 1;
                return Some(v);
            }
        }
        None
    }

    fn i64(&mut self) -> Option<i64> {
        let v = self.u64()?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }

    /// Length-prefixed bytes, left where they lie.
    pub(in crate::store::read) fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.u64()? as usize;
        self.take(n)
    }

    fn text(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }

    /// A section written behind its length, read by `read` (which must end it exactly).
    pub(super) fn section(&mut self, read: impl FnOnce(&mut Get<'a>) -> Option<()>) -> Option<()> {
        let end = self.section_end()?;
        read(self)?;
        (self.at == end).then_some(())
    }

    /// Passes over a section written behind its length.
    pub(super) fn pass_section(&mut self) -> Option<()> {
        self.at = self.section_end()?;
        Some(())
    }

    fn section_end(&mut self) -> Option<usize> {
        let len = self.u64()? as usize;
        let end = self.at.checked_add(len)?;
        (end <= self.bytes.len()).then_some(end)
    }
}

fn put_u64(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn put_i64(out: &mut Vec<u8>, v: i64) {
    put_u64(out, ((v << 1) ^ (v >> 63)) as u64);
}

/// Writes what `write` puts behind its length.
pub(super) fn put_section(out: &mut Vec<u8>, write: impl FnOnce(&mut Vec<u8>)) {
    let mut section = Vec::with_capacity(256);
    write(&mut section);
    put_u64(out, section.len() as u64);
    out.extend_from_slice(&section);
}

impl Field<'_> for u8 {
    fn put(&mut self, out: &mut Vec<u8>) {
        out.push(*self);
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        *self = r.byte()?;
        Some(())
    }
}

impl Field<'_> for bool {
    fn put(&mut self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        *self = match r.byte()? {
            0 => false,
            1 => true,
            _ => return None,
        };
        Some(())
    }
}

impl Field<'_> for u64 {
    fn put(&mut self, out: &mut Vec<u8>) {
        put_u64(out, *self);
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        *self = r.u64()?;
        Some(())
    }
}

impl Field<'_> for u32 {
    fn put(&mut self, out: &mut Vec<u8>) {
        put_u64(out, u64::from(*self));
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        *self = u32::try_from(r.u64()?).ok()?;
        Some(())
    }
}

impl Field<'_> for i64 {
    fn put(&mut self, out: &mut Vec<u8>) {
        put_i64(out, *self);
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        *self = r.i64()?;
        Some(())
    }
}

impl Field<'_> for Money {
    fn put(&mut self, out: &mut Vec<u8>) {
        put_i64(out, self.hundredths());
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        *self = Money::from_hundredths(r.i64()?);
        Some(())
    }
}

impl Field<'_> for String {
    fn put(&mut self, out: &mut Vec<u8>) {
        put_u64(out, self.len() as u64);
        out.extend_from_slice(self.as_bytes());
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        let text = r.text()?;
        self.clear();
        self.push_str(text);
        Some(())
    }
}

/// A text read where it lies (a peek's).
impl<'a> Field<'a> for &'a str {
    fn put(&mut self, out: &mut Vec<u8>) {
        put_u64(out, self.len() as u64);
        out.extend_from_slice(self.as_bytes());
    }
    fn get(&mut self, r: &mut Get<'a>) -> Option<()> {
        *self = r.text()?;
        Some(())
    }
}

/// `None`, or `Some` and the value (read into the buffer of the one there).
impl<'a, T: Field<'a> + Default> Field<'a> for Option<T> {
    fn put(&mut self, out: &mut Vec<u8>) {
        match self {
            Some(v) => {
                out.push(1);
                v.put(out);
            }
            None => out.push(0),
        }
    }
    fn get(&mut self, r: &mut Get<'a>) -> Option<()> {
        match r.byte()? {
            0 => *self = None,
            1 => self.get_or_insert_with(T::default).get(r)?,
            _ => return None,
        }
        Some(())
    }
}

/// The count, then each item (read into the items there, which are kept).
impl<'a, T: Field<'a> + Default> Field<'a> for Vec<T> {
    fn put(&mut self, out: &mut Vec<u8>) {
        put_u64(out, self.len() as u64);
        for item in self {
            item.put(out);
        }
    }
    fn get(&mut self, r: &mut Get<'a>) -> Option<()> {
        let count = r.u64()? as usize;
        // Never more items than bytes left: a damaged count allocates nothing.
        if count > r.bytes.len() - r.at {
            return None;
        }
        self.truncate(count);
        for i in 0..count {
            if i == self.len() {
                self.push(T::default());
            }
            self[i].get(r)?;
        }
        Some(())
    }
}

impl Field<'_> for DateTime<FixedOffset> {
    fn put(&mut self, out: &mut Vec<u8>) {
        At::from(*self).put(out);
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        let mut at = At::default();
        at.get(r)?;
        *self = at.time();
        Some(())
    }
}

impl Field<'_> for At {
    fn put(&mut self, out: &mut Vec<u8>) {
        let (secs, nanos, offset) = self.parts();
        put_i64(out, secs);
        put_u64(out, u64::from(nanos));
        put_i64(out, i64::from(offset));
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        *self = At::new(
            r.i64()?,
            r.u64()?.try_into().ok()?,
            r.i64()?.try_into().ok()?,
        )?;
        Some(())
    }
}

impl Field<'_> for FileStamp {
    fn put(&mut self, out: &mut Vec<u8>) {
        put_u64(out, self.size);
        put_i64(out, self.modified.0);
        put_u64(out, u64::from(self.modified.1));
        put_i64(out, self.changed.0);
        put_u64(out, u64::from(self.changed.1));
        put_u64(out, self.inode);
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        *self = FileStamp {
            size: r.u64()?,
            modified: (r.i64()?, u32::try_from(r.u64()?).ok()?),
            changed: (r.i64()?, u32::try_from(r.u64()?).ok()?),
            inode: r.u64()?,
        };
        Some(())
    }
}

/// A value of a fixed set of codes, as its place in the set.
macro_rules! coded {
    ($($t:ty),+) => {$(
        impl Field<'_> for $t {
            fn put(&mut self, out: &mut Vec<u8>) {
                out.push(<$t>::ALL.iter().position(|c| *c == *self).unwrap_or(0) as u8);
            }
            fn get(&mut self, r: &mut Get) -> Option<()> {
                *self = *<$t>::ALL.get(usize::from(r.byte()?))?;
                Some(())
            }
        }

        /// None as 0, a value as its place counted from 1.
        impl Field<'_> for Option<$t> {
            fn put(&mut self, out: &mut Vec<u8>) {
                out.push(self.map_or(0, |v| {
                    <$t>::ALL.iter().position(|c| *c == v).unwrap_or(0) as u8 + 1
                }));
            }
            fn get(&mut self, r: &mut Get) -> Option<()> {
                *self = match r.byte()? {
                    0 => None,
                    n => Some(*<$t>::ALL.get(usize::from(n) - 1)?),
                };
                Some(())
            }
        }
    )+};
}
coded!(Status, Cause, Remedy, Satisfaction);

/// A code of a set of texts (an action, a deadline), as its place in the set.
pub(super) struct Code<'c>(
    pub(super) &'c mut &'static str,
    pub(super) &'static [&'static str],
);

impl Field<'_> for Code<'_> {
    fn put(&mut self, out: &mut Vec<u8>) {
        out.push(self.1.iter().position(|c| *c == *self.0).unwrap_or(0) as u8);
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        *self.0 = self.1.get(usize::from(r.byte()?))?;
        Some(())
    }
}

/// As `Code`, or none.
pub(super) struct OptCode<'c>(
    pub(super) &'c mut Option<&'static str>,
    pub(super) &'static [&'static str],
);

impl Field<'_> for OptCode<'_> {
    fn put(&mut self, out: &mut Vec<u8>) {
        let place = |code| self.1.iter().position(|c| *c == code).unwrap_or(0) as u8 + 1;
        out.push(self.0.map_or(0, place));
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        *self.0 = match r.byte()? {
            0 => None,
            n => Some(self.1.get(usize::from(n) - 1)?),
        };
        Some(())
    }
}
