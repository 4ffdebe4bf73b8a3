//! Every field written to the index comes back as it was.

use super::*;
use crate::model::{Cause, Money, Remedy, Satisfaction, Status};
use crate::summary::At;
use crate::summary::derive;
use crate::testkit::{open, play, policy, step};
use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;

/// Reads back an entry written by `put_entry`, as `T`, into `old`.
fn read_back<T: Decoded>(bytes: &[u8], old: T) -> Option<(String, FileStamp, T)> {
    let mut r = Get::new(bytes, 0);
    let head = get_head(&mut r)?;
    let mut into = old;
    read_body(&mut into, &head.peek, &mut r, head.body_len)?;
    (r.at == bytes.len()).then_some(())?;
    let path = std::str::from_utf8(&bytes[head.path]).ok()?.to_string();
    Some((path, head.stamp, into))
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-z 墨香印务]{1,12}"]
}

fn time() -> impl Strategy<Value = DateTime<FixedOffset>> {
    (
        -62_135_596_800i64..253_402_300_799,
        0u32..1_000_000_000,
        -86_399i32..86_400,
    )
        .prop_map(|(s, n, o)| At::new(s, n, o).unwrap().time())
}

fn code<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    prop::sample::select(all)
}

/// A summary with every field drawn on its own.
fn summary() -> impl Strategy<Value = Summary> {
    let texts = prop::collection::vec(text(), 7);
    let opt_texts = prop::collection::vec(prop::option::of(text()), 10);
    let times = prop::collection::vec(time(), 4);
    let opt_times = prop::collection::vec(prop::option::of(time()), 15);
    let flags = prop::collection::vec(any::<bool>(), 3);
    let opt_flags = prop::collection::vec(prop::option::of(any::<bool>()), 4);
    let counts = prop::collection::vec(any::<u32>(), 5);
    let minutes = prop::collection::vec(prop::option::of(any::<i64>()), 2);
    let cost = prop::option::of(any::<i64>().prop_map(Money::from_hundredths));
    let live = prop::collection::vec((code(&MISSABLE), time(), time()), 0..4);
    (
        (texts, opt_texts, times, opt_times),
        (flags, opt_flags, counts, minutes, cost, live),
    )
        .prop_map(|((t, o, tm, ot), (fl, of, n, m, cost, live))| Summary {
            facts: TicketFacts {
                shop: t[0].clone(),
                timezone: t[1].clone(),
                id: t[2].clone(),
                kind: t[3].clone(),
                title: t[4].clone(),
                priority: t[5].clone(),
                channel: o[9].clone(),
                status: t[6].clone(),
                vip: fl[0],
                customer: o[0].clone().unwrap_or_default(),
                company: o[1].clone(),
                phone: o[2].clone(),
                email: o[3].clone(),
                assignee: o[4].clone(),
                department: o[5].clone(),
                received: tm[0],
                opened: tm[1],
                entered_on_time: fl[1],
                last_event: tm[2],
                first_contact_at: ot[0],
                resolved_at: ot[1],
                closed_at: ot[2],
                due_response: ot[3],
                due_resolution: ot[4],
                due_promised: ot[5],
                due_callback: ot[6],
                response_on_time: of[0],
                resolution_on_time: of[1],
                promise_kept: of[2],
                callback_at: ot[7],
                callback_on_time: of[3],
                callback_attempts: n[0],
                closed_without_callback: fl[2],
                max_level: n[1],
                escalations: n[2],
                reopens: n[3],
                breaches: n[4],
                minutes_to_first_contact: m[0],
                minutes_to_resolution: m[1],
                cause: o[6].clone(),
                remedy: o[7].clone(),
                cost,
                satisfaction: o[8].clone(),
            },
            live: live
                .into_iter()
                .map(|(deadline, due, from)| Live {
                    deadline,
                    due,
                    from,
                })
                .collect(),
            due_progress: ot[8],
            due_recheck: ot[12],
            due_dispatch: ot[13],
            due_delivery: ot[14],
            waiting_since: ot[9],
            restarted_at: ot[11],
            level_since: ot[10],
        })
}

/// A history row with every field drawn on its own.
fn row() -> impl Strategy<Value = Occurrence> {
    let codes = (
        prop::sample::select(action_codes()),
        prop::option::of(code(&MISSABLE)),
        code(Status::ALL),
        prop::option::of(code(Cause::ALL)),
        prop::option::of(code(Remedy::ALL)),
        prop::option::of(code(Satisfaction::ALL)),
    );
    let texts = (text(), prop::option::of(text()), prop::option::of(text()));
    let numbers = (
        any::<u32>(),
        any::<u8>(),
        prop::option::of(any::<i64>()),
        prop::option::of(any::<u32>()),
        prop::option::of(any::<u32>()),
        prop::option::of(any::<i64>().prop_map(Money::from_hundredths)),
    );
    let flags = prop::collection::vec(prop::option::of(any::<bool>()), 4);
    (
        codes,
        texts,
        numbers,
        flags,
        time(),
        prop::option::of(time()),
    )
        .prop_map(
            |(
                (action, deadline, status, cause, remedy, satisfaction),
                (by, assignee, department),
                (level, on_time, minutes, attempt, score, cost),
                f,
                at,
                due,
            )| Occurrence {
                at,
                action,
                by,
                status,
                assignee,
                department,
                level,
                deadline,
                due,
                on_time,
                minutes,
                cause,
                remedy,
                cost,
                score,
                accepted: f[0],
                satisfaction,
                reached: f[1],
                attempt,
                wrong_number: f[2],
                verified: f[3],
            },
        )
}

fn stamp() -> impl Strategy<Value = FileStamp> {
    (
        any::<u64>(),
        any::<i64>(),
        any::<u32>(),
        any::<i64>(),
        any::<u32>(),
        any::<u64>(),
    )
        .prop_map(|(size, ms, mn, cs, cn, inode)| FileStamp {
            size,
            modified: (ms, mn),
            changed: (cs, cn),
            inode,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every field of a summary and of its rows comes back as it was written, read
    /// as a summary and as a story, into fresh values and into others' buffers.
    #[test]
    fn every_field_survives_the_index(
        s in summary(), rows in prop::collection::vec(row(), 0..6),
        other in summary(), other_rows in prop::collection::vec(row(), 0..9),
        rel in "records/[0-9A-Z/]{1,30}\\.yaml", st in stamp(),
    ) {
        let mut bytes = Vec::new();
        put_entry(&mut bytes, &rel, &st, &mut s.clone(), &mut rows.clone());
        prop_assert_eq!(head_length(&bytes).map(|n| n < bytes.len()), Some(true));
        let story = Story::from_parts(s.clone(), rows.clone());
        let old_story = Story::from_parts(other.clone(), other_rows);
        for old in [Summary::default(), other] {
            prop_assert_eq!(read_back(&bytes, old), Some((rel.clone(), st, s.clone())));
        }
        for old in [Story::default(), old_story] {
            prop_assert_eq!(read_back(&bytes, old), Some((rel.clone(), st, story.clone())));
        }
        // Cut anywhere, an entry does not read.
        for cut in [1, bytes.len() / 2, bytes.len() - 1] {
            prop_assert!(read_back::<Summary>(&bytes[..cut], Summary::default()).is_none());
        }
    }

    /// A ticket's summary and story, as the lifecycle makes them, read back whole.
    #[test]
    fn summaries_of_tickets_survive_the_index(
        steps in prop::collection::vec((step(), 1i64..3000), 0..12), vip: bool,
    ) {
        let p = policy();
        let mut t = open(&p, "complaint", "2026-11-02 09:00", vip, 3);
        play(&p, &mut t, "lina", &steps);
        let (mut s, mut rows) = derive(&t, &p);
        let mut bytes = Vec::new();
        let st = FileStamp::default();
        put_entry(&mut bytes, "records/a.yaml", &st, &mut s, &mut rows);
        prop_assert_eq!(read_back(&bytes, Summary::default()).map(|r| r.2), Some(Summary::of(&t, &p)));
        prop_assert_eq!(read_back(&bytes, Story::default()).map(|r| r.2), Some(Story::of(&t, &p)));
    }
}

#[test]
fn the_format_depends_on_this_file() {
    let mut bytes = include_bytes!("mod.rs").to_vec();
    bytes.push(b' ');
    assert_ne!(fnv1a(&[&bytes]), fnv1a(&[include_bytes!("mod.rs")]));
    assert_ne!(FORMAT, 0);
}
