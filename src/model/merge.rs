//! The three-way merge of one ticket changed on two clones (the git merge driver).
//!
//! - The log merges three-way against the base's log: an event of the base that one
//!   side removed or corrected (a hand edit) is gone, so a corrected event comes out
//!   once, corrected; the events each side added are kept once (an event both added is
//!   one event), merged by time, never reordered within a side. Without a base (both
//!   sides added the file), their common beginning stands for it.
//! - Every other field merges three-way against the base: a change on one side wins.
//!   When both sides changed a field to different values, the side whose newest log
//!   event is later wins, and a `merge` event records the clash.
//! - Fields that only make sense together merge together: the priority with the
//!   resolution deadline it set, and the resolution as a whole. If both sides changed
//!   any of a group, one side's values of all of it are kept.
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
        return Err(crate::i18n::t!(
            "merge-different-tickets",
            ours = ours.id.to_string(),
            theirs = theirs.id.to_string()
        ));
    }
    let (log, newest_ours, newest_theirs) =
        merge_logs(base.map(|b| b.log.as_slice()), &ours.log, &theirs.log);
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
    let (mut ours_v, mut theirs_v) = (strip(ours)?, strip(theirs)?);
    let mut clashes = Vec::new();
    for group in GROUPS {
        merge_group(
            group,
            base_v.as_ref(),
            &mut ours_v,
            &mut theirs_v,
            ours_later,
            &mut clashes,
        );
    }
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
        .map_err(|e| crate::i18n::t!("merge-does-not-hold", reason = e.to_string()))?;
    if let Some(status) = ticket.status_from_log() {
        ticket.status = status;
    }
    clashes.retain(|c| c.field != "status");
    // The merged log must tell the deadlines the merged ticket keeps: where the side
    // that won a deadline's field set it otherwise than the other side's later move
    // in the log, the merge logs the deadline it kept (`rule: merge`).
    if ticket.log.first().is_some_and(|e| e.due.is_some())
        && let Some(last) = ticket.log.last().map(|e| e.at)
    {
        let made = super::commitments::commitments(&ticket);
        for name in super::DEADLINES {
            let logged = made
                .iter()
                .rev()
                .find(|c| c.deadline == name)
                .map(|c| c.due);
            if let Some(kept) = ticket.due.get(name)
                && logged != Some(kept)
            {
                let mut e = Event::new(last, MERGE_ACTOR, Action::Due);
                e.deadline = Some(name.to_string());
                e.from = logged.map(|d| d.to_rfc3339());
                e.to = Some(kept.to_rfc3339());
                e.rule = Some("merge".into());
                ticket.log.push(e);
            }
        }
    }
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

/// Fields that merge together: one side's values of the whole group are kept.
const GROUPS: &[&[&str]] = &[&["priority", "due.resolution"], &["resolution"]];

/// Reads a field (`due.resolution`) of a ticket's value.
fn field<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |at, key| at.get(key))
}

/// Writes a field of a ticket's value (removing it for `null`).
fn set_field(v: &mut Value, path: &str, to: Option<&Value>) {
    let keys: Vec<&str> = path.split('.').collect();
    let mut at = v;
    for key in &keys[..keys.len() - 1] {
        let Some(next) = at.as_object_mut().map(|m| {
            m.entry(key.to_string())
                .or_insert(Value::Object(Map::new()))
        }) else {
            return;
        };
        at = next;
    }
    if let Some(m) = at.as_object_mut() {
        let last = keys[keys.len() - 1].to_string();
        match to {
            Some(value) if !value.is_null() => {
                m.insert(last, value.clone());
            }
            _ => {
                m.remove(&last);
            }
        }
    }
}

/// Settles a group of fields that only make sense together: when both sides changed
/// any of it, the later side's values of all of it are kept (each field that differed
/// is recorded as a clash); when one side did, its values of all of it. Both sides then
/// agree on the group, so the field-by-field merge keeps it as it is.
fn merge_group(
    group: &[&str],
    base: Option<&Value>,
    ours: &mut Value,
    theirs: &mut Value,
    ours_later: Option<bool>,
    clashes: &mut Vec<Clash>,
) {
    let null = Value::Null;
    let at = |v: &Value, f: &str| field(v, f).cloned().unwrap_or(Value::Null);
    let of_base = |f: &str| base.map_or(Value::Null, |b| at(b, f));
    let changed = |v: &Value| group.iter().any(|f| at(v, f) != of_base(f));
    let (ours_changed, theirs_changed) = (changed(ours), changed(theirs));
    let take_ours = match (ours_changed, theirs_changed) {
        (false, false) => return,
        (true, false) => true,
        (false, true) => false,
        (true, true) => {
            let whole = |v: &Value| {
                group
                    .iter()
                    .map(|f| at(v, f).to_string())
                    .collect::<Vec<_>>()
            };
            let keep = ours_later.unwrap_or_else(|| whole(ours) > whole(theirs));
            for f in group {
                let (o, t) = (at(ours, f), at(theirs, f));
                if o != t {
                    let (kept, dropped) = if keep { (o, t) } else { (t, o) };
                    clashes.push(Clash {
                        field: f.to_string(),
                        kept,
                        dropped,
                    });
                }
            }
            keep
        }
    };
    for f in group {
        let value = if take_ours {
            at(ours, f)
        } else {
            at(theirs, f)
        };
        let value = Some(&value).filter(|v| **v != null);
        set_field(ours, f, value);
        set_field(theirs, f, value);
    }
}

/// How one side's log matches the base's: for each base event, whether the side still
/// holds it unchanged (a longest common subsequence), and the events the side added.
fn against_base<'a>(base: &[Event], side: &'a [Event]) -> (Vec<bool>, Vec<&'a Event>) {
    let (n, m) = (base.len(), side.len());
    // lcs[i][j]: the longest common subsequence of base[i..] and side[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if base[i] == side[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut kept, mut added) = (vec![false; n], Vec::new());
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if base[i] == side[j] {
            kept[i] = true;
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            added.push(&side[j]);
            j += 1;
        }
    }
    added.extend(&side[j..]);
    (kept, added)
}

/// Merges two logs against the base's; returns the merged log and the newest time
/// each side added.
fn merge_logs(
    base: Option<&[Event]>,
    ours: &[Event],
    theirs: &[Event],
) -> (Vec<Event>, Option<Stamp>, Option<Stamp>) {
    let common = ours.iter().zip(theirs).take_while(|(a, b)| a == b).count();
    let base = base.unwrap_or(&ours[..common]);
    let (kept_ours, mine) = against_base(base, ours);
    let (kept_theirs, mut other) = against_base(base, theirs);
    // An event both sides added (from a third clone, say) is kept once.
    for e in &mine {
        if let Some(k) = other.iter().position(|o| o == e) {
            other.remove(k);
        }
    }
    let newest = |side: &[&Event]| side.iter().map(|e| e.at).max();
    let (newest_ours, newest_theirs) = (newest(&mine), newest(&other));
    let kept: Vec<&Event> = base
        .iter()
        .enumerate()
        .filter(|(i, _)| kept_ours[*i] && kept_theirs[*i])
        .map(|(_, e)| e)
        .collect();
    // Three lists in time order, merged by (time, base before new, content): the
    // result is the same whichever side is ours, and no side is reordered.
    let key = |e: &Event, class: u8| (e.at, class, serde_json::to_string(e).unwrap_or_default());
    let lists = [(kept, 0u8), (mine, 1u8), (other, 1u8)];
    let mut heads = [0usize; 3];
    let mut log = Vec::new();
    loop {
        let next = (0..3)
            .filter(|&l| heads[l] < lists[l].0.len())
            .min_by(|&a, &b| {
                key(lists[a].0[heads[a]], lists[a].1).cmp(&key(lists[b].0[heads[b]], lists[b].1))
            });
        let Some(l) = next else { break };
        log.push(lists[l].0[heads[l]].clone());
        heads[l] += 1;
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

            let kept: Vec<&Event> = ab.log.iter().filter(|e| e.by != MERGE_ACTOR).collect();
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

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn an_event_corrected_or_removed_on_one_side_is_not_doubled(
            shared in prop::collection::vec((step(), 1i64..600), 0..5),
            left in prop::collection::vec((step(), 1i64..3000), 0..6),
            right in prop::collection::vec((step(), 1i64..3000), 0..6),
            remove in any::<bool>(),
            left_corrects in any::<bool>(),
        ) {
            let p = policy();
            let mut base = open(&p, "complaint", "2026-11-02 09:00", false, 7);
            play(&p, &mut base, "lina", &shared);
            // A note with a typo, in the base.
            let last = base.log.last().expect("opened");
            let mut typo = Event::new(last.at, &last.by, Action::Note);
            typo.note = Some("sample recieved".into());
            base.log.push(typo.clone());
            let (mut a, mut b) = (base.clone(), base.clone());
            // One side corrects it (or removes it) by hand, then both go on.
            let fixer = if left_corrects { &mut a } else { &mut b };
            let at = fixer.log.iter().position(|e| *e == typo).expect("the typo");
            if remove {
                fixer.log.remove(at);
            } else {
                fixer.log[at].note = Some("sample received".into());
            }
            play(&p, &mut a, "lina", &left);
            play(&p, &mut b, "lina", &right);

            let (ab, _) = merge(Some(&base), &a, &b).expect("same ticket");
            let (ba, _) = merge(Some(&base), &b, &a).expect("same ticket");
            prop_assert_eq!(&ab, &ba, "the side order does not matter");
            let notes = |text: &str| ab.log.iter().filter(|e| e.note.as_deref() == Some(text)).count();
            prop_assert_eq!(notes("sample recieved"), 0, "the typo is gone");
            prop_assert_eq!(notes("sample received"), usize::from(!remove), "the correction once");
            // Every event a side added after the base is there exactly once.
            for side in [&a, &b] {
                for e in side.log.iter().filter(|e| !base.log.contains(e) && e.note.as_deref() != Some("sample received")) {
                    prop_assert_eq!(ab.log.iter().filter(|k| *k == e).count(), 1, "{:?}", e);
                }
            }
            prop_assert!(ab.log.windows(2).all(|w| w[0].at <= w[1].at), "in time order");
            let problems = validate::ticket(&ab, &p, &["complaint".to_string()]);
            prop_assert!(problems.is_empty(), "{:?}", problems);
        }
    }

    #[test]
    fn a_priority_and_the_deadline_it_set_merge_together() {
        let p = policy();
        let base = open(&p, "complaint", "2026-11-02 09:00", false, 7);
        let (mut a, mut b) = (base.clone(), base.clone());
        crate::testkit::act(&p, &mut a, "2026-11-02 10:00", |t, x| {
            crate::lifecycle::set_priority(t, x, crate::model::Priority::Urgent)
        })
        .unwrap();
        crate::testkit::act(&p, &mut b, "2026-11-02 11:00", |t, x| {
            crate::lifecycle::set_priority(t, x, crate::model::Priority::Low)
        })
        .unwrap();
        let (merged, _) = merge(Some(&base), &a, &b).unwrap();
        assert_eq!(
            merged.priority,
            crate::model::Priority::Low,
            "the later side"
        );
        // Low keeps the normal limit: its side left the deadline as it was, and the
        // urgent side's shorter one must not come along with the low priority.
        assert_eq!(b.due.resolution, base.due.resolution);
        assert_eq!(merged.due.resolution, b.due.resolution);
        // The urgent side's move is in the merged log, so the merge logs the deadline
        // it kept, and the log tells the stored deadline again.
        let settled = merged
            .log
            .iter()
            .find(|e| e.action == Action::Due && e.rule.as_deref() == Some("merge"))
            .expect("the kept deadline is logged");
        assert_eq!(settled.to, b.due.resolution.map(|d| d.to_rfc3339()));
        assert!(validate::ticket(&merged, &p, &["complaint".to_string()]).is_empty());
    }

    #[test]
    fn different_tickets_do_not_merge() {
        let p = policy();
        let a = open(&p, "complaint", "2026-11-02 09:00", false, 1);
        let b = open(&p, "complaint", "2026-11-02 09:00", false, 2);
        assert!(merge(None, &a, &b).is_err());
    }
}
