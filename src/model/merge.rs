//! The three-way merge of one ticket changed on two clones (the git merge driver).
//!
//! - The log is the union of both logs: after their common part, the events each side
//!   added are merged by time, never reordered within a side; an event both sides hold
//!   is kept once. No event is lost or doubled.
//! - Every other field merges three-way against the base: a change on one side wins.
//!   When both sides changed a field to different values, the side whose newest log
//!   event is later wins, and a `merge` event records the clash.
//! - The status is the one the merged log leads to.
//!
//! The result does not depend on which side is "ours": ties are broken by the values
//! themselves.

use serde_json::{Map, Value};

use super::Ticket;
use super::event::{Action, Event};
use super::time::Stamp;

/// Who the merge events are by.
pub const MERGE_ACTOR: &str = "inkdesk merge";

/// A field both sides changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Clash {
    pub field: String,
    pub kept: Value,
    pub dropped: Value,
}

/// Merges two versions of a ticket against their common base (none when both sides
/// added the file). Fails when the two are not the same ticket.
pub fn merge(
    base: Option<&Ticket>,
    ours: &Ticket,
    theirs: &Ticket,
) -> Result<(Ticket, Vec<Clash>), String> {
    if ours.id != theirs.id {
        return Err(crate::t!(
            "merge-different-tickets",
            ours = ours.id.to_string(),
            theirs = theirs.id.to_string()
        ));
    }
    let (log, newest_ours, newest_theirs) = merge_logs(&ours.log, &theirs.log);
    let ours_later = match newest_ours.cmp(&newest_theirs) {
        std::cmp::Ordering::Equal => None,
        order => Some(order.is_gt()),
    };
    let strip = |t: &Ticket| -> Result<Value, String> {
        let mut v = serde_json::to_value(t).map_err(|e| e.to_string())?;
        if let Value::Object(m) = &mut v {
            m.remove("log");
        }
        Ok(v)
    };
    let base_v = base.map(strip).transpose()?;
    let (ours_v, theirs_v) = (strip(ours)?, strip(theirs)?);
    let mut clashes = Vec::new();
    let mut merged = merge_value(
        "",
        base_v.as_ref(),
        &ours_v,
        &theirs_v,
        ours_later,
        &mut clashes,
    );
    if let Value::Object(m) = &mut merged {
        m.insert(
            "log".into(),
            serde_json::to_value(&log).map_err(|e| e.to_string())?,
        );
    }
    let mut ticket: Ticket = serde_json::from_value(merged)
        .map_err(|e| crate::t!("merge-does-not-hold", reason = e.to_string()))?;
    if let Some(status) = ticket.status_from_log() {
        ticket.status = status;
    }
    clashes.retain(|c| c.field != "status");
    if let Some(last) = ticket.log.last().map(|e| e.at) {
        for clash in &clashes {
            ticket.log.push(clash_event(last, clash));
        }
    }
    Ok((ticket, clashes))
}

fn clash_event(at: Stamp, clash: &Clash) -> Event {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let mut e = Event::new(at, MERGE_ACTOR, Action::Merge);
    e.field = Some(clash.field.clone());
    e.from = Some(text(&clash.dropped));
    e.to = Some(text(&clash.kept));
    e
}

/// Merges two logs; returns the merged log and the newest time each side added.
fn merge_logs(ours: &[Event], theirs: &[Event]) -> (Vec<Event>, Option<Stamp>, Option<Stamp>) {
    let common = ours.iter().zip(theirs).take_while(|(a, b)| a == b).count();
    let mine: Vec<&Event> = ours[common..].iter().collect();
    // An event both sides added (from a third clone, say) is kept once.
    let other: Vec<&Event> = theirs[common..]
        .iter()
        .filter(|e| !mine.contains(e))
        .collect();
    let newest = |side: &[&Event]| side.iter().map(|e| e.at).max();
    let (newest_ours, newest_theirs) = (newest(&mine), newest(&other));
    let key = |e: &Event| (e.at, serde_json::to_string(e).unwrap_or_default());
    let mut log: Vec<Event> = ours[..common].to_vec();
    let (mut i, mut j) = (0, 0);
    while i < mine.len() || j < other.len() {
        let take_mine = match (mine.get(i), other.get(j)) {
            (Some(a), Some(b)) => key(a) <= key(b),
            (Some(_), None) => true,
            _ => false,
        };
        if take_mine {
            log.push(mine[i].clone());
            i += 1;
        } else {
            log.push(other[j].clone());
            j += 1;
        }
    }
    (log, newest_ours, newest_theirs)
}

fn merge_value(
    path: &str,
    base: Option<&Value>,
    ours: &Value,
    theirs: &Value,
    ours_later: Option<bool>,
    clashes: &mut Vec<Clash>,
) -> Value {
    if ours == theirs {
        return ours.clone();
    }
    let base = base.unwrap_or(&Value::Null);
    if base == ours {
        return theirs.clone();
    }
    if base == theirs {
        return ours.clone();
    }
    let empty = Map::new();
    if let (Value::Object(o), Value::Object(t)) = (ours, theirs) {
        let b = base.as_object().unwrap_or(&empty);
        let mut keys: Vec<&String> = o.keys().chain(t.keys()).collect();
        keys.sort();
        keys.dedup();
        let mut out = Map::new();
        for key in keys {
            let field = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            let null = Value::Null;
            let v = merge_value(
                &field,
                b.get(key),
                o.get(key).unwrap_or(&null),
                t.get(key).unwrap_or(&null),
                ours_later,
                clashes,
            );
            if !v.is_null() {
                out.insert(key.clone(), v);
            }
        }
        return Value::Object(out);
    }
    // With no later side, the greater value wins, so the result is the same either way round.
    let keep_ours = ours_later.unwrap_or_else(|| {
        let (o, t) = (ours.to_string(), theirs.to_string());
        o > t
    });
    let (kept, dropped) = if keep_ours {
        (ours, theirs)
    } else {
        (theirs, ours)
    };
    clashes.push(Clash {
        field: path.to_string(),
        kept: kept.clone(),
        dropped: dropped.clone(),
    });
    kept.clone()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::policy::validate;
    use crate::testkit::{open, play, policy, step};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn a_merge_keeps_every_event_once_is_symmetric_and_passes_check(
            shared in prop::collection::vec((step(), 1i64..600), 0..6),
            left in prop::collection::vec((step(), 1i64..3000), 0..8),
            right in prop::collection::vec((step(), 1i64..3000), 0..8),
        ) {
            let p = policy();
            let mut base = open(&p, "complaint", "2026-11-02 09:00", false, 7);
            play(&p, &mut base, "lina", &shared);
            let (mut a, mut b) = (base.clone(), base.clone());
            play(&p, &mut a, "lina", &left);
            play(&p, &mut b, "lina", &right);

            let (ab, _) = merge(Some(&base), &a, &b).expect("same ticket");
            let (ba, _) = merge(Some(&base), &b, &a).expect("same ticket");
            prop_assert_eq!(&ab, &ba, "the side order does not matter");

            let kept: Vec<&Event> = ab.log.iter().filter(|e| e.action != Action::Merge).collect();
            let mut union: Vec<&Event> = a.log.iter().collect();
            union.extend(b.log.iter().filter(|e| !a.log.contains(e)));
            prop_assert_eq!(kept.len(), union.len(), "no event lost or doubled");
            for e in &union {
                prop_assert_eq!(kept.iter().filter(|k| **k == *e).count(), 1);
            }
            let problems = validate::ticket(&ab, &p, &["complaint".to_string()]);
            prop_assert!(problems.is_empty(), "{:?}", problems);
        }
    }

    #[test]
    fn different_tickets_do_not_merge() {
        let p = policy();
        let a = open(&p, "complaint", "2026-11-02 09:00", false, 1);
        let b = open(&p, "complaint", "2026-11-02 09:00", false, 2);
        assert!(merge(None, &a, &b).is_err());
    }
}
