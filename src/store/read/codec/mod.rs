//! How the desk index holds a summary: compact bytes (LEB128 integers, length-prefixed
//! texts, instants as seconds, nanoseconds and offset, codes as their place in their
//! set), read back in place into the buffers of a value already read.
//!
//! Every list of fields is written once, as a function generic over a [`Codec`]: the
//! same function writes the fields (`Put`) and reads them back (`Get`), so the two
//! cannot come apart. The index's format is a hash of this file and of the code the
//! summaries are derived by ([`FORMAT`]): an index written by another build is not
//! read, but made afresh.
//!
//! An entry is its head (the record's path and stamp, the summary's [`Peek`], the
//! length of the body) then its body, in sections a read can pass over:
//!
//! ```text
//! head  | texts of the head | deadlines in force | len, the other facts | len, history rows
//! ```
//!
//! A [`Summary`] reads all but the rows; a [`Story`] (the review's) the head's texts,
//! the deadlines in force and the rows.

use std::sync::OnceLock;

use super::stamp::FileStamp;
use crate::model::MISSABLE;
use crate::model::fnv::fnv1a;
use crate::summary::history::actions;
use crate::summary::{Head, Live, Occurrence, Peek, Story, Summary, TicketFacts};
pub use field::Get;
use field::{Code, Codec, Field, OptCode, Put, put_section};

/// Runs a codec over fields of one value, in order.
macro_rules! fields {
    ($c:ident, $v:ident: $($f:ident),+ $(,)?) => {{
        $( $c.field(&mut $v.$f)?; )+
        Some(())
    }};
}

mod field;

/// The index's format: a hash of the sources that decide what a summary holds and how
/// it is written. Any change to them makes every stored index foreign.
pub(super) const FORMAT: u64 = fnv1a(&[
    include_bytes!("mod.rs"),
    include_bytes!("field.rs"),
    include_bytes!("../../../summary/mod.rs"),
    include_bytes!("../../../summary/facts.rs"),
    include_bytes!("../../../summary/history.rs"),
    include_bytes!("../../../summary/peek.rs"),
    include_bytes!("../../../model/commitments.rs"),
    include_bytes!("../../../model/ticket.rs"),
    include_bytes!("../../../model/event.rs"),
    include_bytes!("../../../model/mod.rs"),
    include_bytes!("../../../policy/mod.rs"),
    include_bytes!("../../../policy/rules.rs"),
    include_bytes!("../../../policy/calendar.rs"),
    include_bytes!("../../../policy/deadlines.rs"),
    include_bytes!("../../../policy/duration.rs"),
]);

/// Every action a history row may carry, in a fixed order.
fn action_codes() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| actions().collect())
}

/// The peek, in an entry's head: what a read decides by without the body.
fn peek<'a>(c: &mut impl Codec<'a>, p: &mut Peek<'a>) -> Option<()> {
    fields!(c, p: id, status, timezone, phone, opened, last, resolved_at, closed_at,
        due_promised, due_callback)
}

/// The texts a history row's head holds besides the peek's, wherever they are kept.
struct HeadTexts<'h> {
    shop: &'h mut String,
    kind: &'h mut String,
    vip: &'h mut bool,
    customer: &'h mut String,
    company: &'h mut Option<String>,
    channel: &'h mut Option<String>,
}

impl HeadTexts<'_> {
    fn of_facts(f: &mut TicketFacts) -> HeadTexts<'_> {
        HeadTexts {
            shop: &mut f.shop,
            kind: &mut f.kind,
            vip: &mut f.vip,
            customer: &mut f.customer,
            company: &mut f.company,
            channel: &mut f.channel,
        }
    }

    fn of_head(h: &mut Head) -> HeadTexts<'_> {
        HeadTexts {
            shop: &mut h.shop,
            kind: &mut h.kind,
            vip: &mut h.vip,
            customer: &mut h.customer,
            company: &mut h.company,
            channel: &mut h.channel,
        }
    }
}

/// The body's first section: the head's texts.
fn head_texts<'a>(c: &mut impl Codec<'a>, h: HeadTexts) -> Option<()> {
    c.field(h.shop)?;
    c.field(h.kind)?;
    c.field(h.vip)?;
    c.field(h.customer)?;
    c.field(h.company)?;
    c.field(h.channel)
}

/// The facts that are neither in the peek nor in the head, and the summary's dates.
fn other_facts<'a>(c: &mut impl Codec<'a>, s: &mut Summary) -> Option<()> {
    let f = &mut s.facts;
    fields!(c, f: title, priority, email, assignee, department, cause, remedy,
        satisfaction, entered_on_time, closed_without_callback, received,
        first_contact_at, due_response, due_resolution, callback_at, response_on_time,
        resolution_on_time, promise_kept, callback_on_time, callback_attempts, max_level,
        escalations, reopens, breaches, minutes_to_first_contact, minutes_to_resolution,
        cost)?;
    fields!(c, s: due_progress, due_recheck, due_dispatch, due_delivery, waiting_since,
        restarted_at, level_since)
}

impl Field<'_> for Live {
    fn put(&mut self, out: &mut Vec<u8>) {
        live(&mut Put(out), self);
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        live(r, self)
    }
}

fn live<'a>(c: &mut impl Codec<'a>, l: &mut Live) -> Option<()> {
    c.field(&mut Code(&mut l.deadline, &MISSABLE))?;
    fields!(c, l: due, from)
}

impl Field<'_> for Occurrence {
    fn put(&mut self, out: &mut Vec<u8>) {
        row(&mut Put(out), self);
    }
    fn get(&mut self, r: &mut Get) -> Option<()> {
        row(r, self)
    }
}

/// One row of a history.
fn row<'a>(c: &mut impl Codec<'a>, o: &mut Occurrence) -> Option<()> {
    c.field(&mut Code(&mut o.action, action_codes()))?;
    c.field(&mut OptCode(&mut o.deadline, &MISSABLE))?;
    fields!(c, o: at, status, on_time, cause, remedy, satisfaction, by, assignee,
        department, level, due, minutes, attempt, score, cost, accepted, reached, verified,
        wrong_number)
}

/// Writes an index entry: the record's path and stamp, the summary, its rows.
pub(super) fn put_entry(
    out: &mut Vec<u8>,
    rel: &str,
    stamp: &FileStamp,
    summary: &mut Summary,
    rows: &mut Vec<Occurrence>,
) {
    let (mut path, mut stamp) = (rel, *stamp);
    path.put(out);
    stamp.put(out);
    let mut p = summary.facts.peek();
    let _ = peek(&mut Put(out), &mut p);
    put_section(out, |body| {
        let _ = head_texts(&mut Put(body), HeadTexts::of_facts(&mut summary.facts));
        summary.live.put(body);
        put_section(body, |b| {
            let _ = other_facts(&mut Put(b), summary);
        });
        put_section(body, |b| rows.put(b));
    });
}

/// An entry's head as it lies in the bytes: where its path is, its stamp, where its
/// peek begins, its peek, and the length of its body.
pub(super) struct EntryHead<'a> {
    pub(super) path: std::ops::Range<usize>,
    pub(super) stamp: FileStamp,
    pub(super) peek_at: usize,
    pub(super) peek: Peek<'a>,
    pub(super) body_len: usize,
}

/// Reads the head of the entry that begins at `r.at`.
pub(super) fn get_head<'a>(r: &mut Get<'a>) -> Option<EntryHead<'a>> {
    let len = r.u64()? as usize;
    let path = r.at..r.at.checked_add(len)?;
    r.take(len)?;
    let mut stamp = FileStamp::default();
    stamp.get(r)?;
    let peek_at = r.at;
    let p = get_peek(r)?;
    let body_len = r.u64()? as usize;
    Some(EntryHead {
        path,
        stamp,
        peek_at,
        peek: p,
        body_len,
    })
}

/// Reads a peek.
pub(super) fn get_peek<'a>(r: &mut Get<'a>) -> Option<Peek<'a>> {
    let mut p = Peek::default();
    peek(r, &mut p)?;
    Some(p)
}

/// Where an entry's head ends, if `bytes` is exactly one entry.
pub(super) fn head_length(bytes: &[u8]) -> Option<usize> {
    let mut r = Get::new(bytes, 0);
    let head = get_head(&mut r)?;
    (r.at.checked_add(head.body_len)? == bytes.len()).then_some(r.at)
}

/// What a read makes of an index entry (or of a record's YAML): a [`Summary`] or a
/// [`Story`].
pub trait Decoded: Default + Send + 'static {
    /// The value of a ticket summarised from its YAML.
    fn from_parts(summary: Summary, rows: Vec<Occurrence>) -> Self;
    /// Reads an entry's body (its peek read) into `self`, in place.
    #[doc(hidden)]
    fn read_body(&mut self, peek: &Peek, body: &mut Get) -> Option<()>;
}

impl Decoded for Summary {
    fn from_parts(summary: Summary, _rows: Vec<Occurrence>) -> Summary {
        summary
    }

    fn read_body(&mut self, p: &Peek, r: &mut Get) -> Option<()> {
        self.facts.set_peek(p);
        head_texts(r, HeadTexts::of_facts(&mut self.facts))?;
        self.live.get(r)?;
        r.section(|r| other_facts(r, self))?;
        r.pass_section()
    }
}

impl Decoded for Story {
    fn from_parts(summary: Summary, rows: Vec<Occurrence>) -> Story {
        Story::from_parts(summary, rows)
    }

    fn read_body(&mut self, p: &Peek, r: &mut Get) -> Option<()> {
        let head = &mut self.head;
        head.id.clear();
        head.id.push_str(p.id);
        head.timezone.clear();
        head.timezone.push_str(p.timezone);
        head_texts(r, HeadTexts::of_head(head))?;
        self.history.live.get(r)?;
        r.pass_section()?;
        r.section(|r| self.history.rows.get(r))
    }
}

/// Reads a whole body of `len` bytes (its peek read) into `into`.
pub(super) fn read_body<T: Decoded>(into: &mut T, p: &Peek, r: &mut Get, len: usize) -> Option<()> {
    let end = r.at.checked_add(len)?;
    into.read_body(p, r)?;
    (r.at == end).then_some(())
}

#[cfg(test)]
mod tests;
