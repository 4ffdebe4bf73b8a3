//! Turning a review and the one before it into lines (section, metric, this period,
//! previous period) that the text, markdown and CSV forms print.

use std::collections::{BTreeMap, BTreeSet};

use super::metrics::{Rate, Review, Spread};

/// One line of the review.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub section: &'static str,
    pub metric: String,
    pub current: String,
    pub previous: String,
}

fn rate(r: &Rate) -> String {
    match r.percent {
        Some(p) => format!("{p}% ({}/{})", r.hits, r.total),
        None => "–".into(),
    }
}

fn hours(h: Option<f64>) -> String {
    h.map(|h| format!("{h}h")).unwrap_or_else(|| "–".into())
}

fn money(m: f64) -> String {
    if m.fract() == 0.0 {
        format!("{m:.0}")
    } else {
        format!("{m:.2}")
    }
}

/// Returns the keys of either map, in order: a line for every key either period has.
fn union<'a, K: Ord, V>(a: &'a BTreeMap<K, V>, b: &'a BTreeMap<K, V>) -> BTreeSet<&'a K> {
    a.keys().chain(b.keys()).collect()
}

/// Flattens a review and its predecessor into lines, every key of either shown.
pub fn lines(cur: &Review, prev: &Review) -> Vec<Line> {
    let mut out = Vec::new();
    let mut push = |section: &'static str, metric: String, current: String, previous: String| {
        out.push(Line {
            section,
            metric,
            current,
            previous,
        });
    };
    for (metric, c, p) in [
        ("opened", cur.opened, prev.opened),
        ("resolved", cur.resolved, prev.resolved),
        ("closed", cur.closed, prev.closed),
        ("open at end", cur.open_at_end, prev.open_at_end),
    ] {
        push("volume", metric.into(), c.to_string(), p.to_string());
    }
    let kinds = union(&cur.by_kind, &prev.by_kind);
    for kind in kinds {
        let v = |r: &Review| {
            r.by_kind
                .get(kind)
                .map(|v| {
                    format!(
                        "{} / {} / {} / {}",
                        v.opened, v.resolved, v.closed, v.open_at_end
                    )
                })
                .unwrap_or_else(|| "0 / 0 / 0 / 0".into())
        };
        push(
            "by kind (opened / resolved / closed / open at end)",
            kind.clone(),
            v(cur),
            v(prev),
        );
    }
    for (metric, c, p) in [
        (
            "first contact on time",
            &cur.first_contact_on_time,
            &prev.first_contact_on_time,
        ),
        (
            "resolution on time",
            &cur.resolution_on_time,
            &prev.resolution_on_time,
        ),
        ("promises kept", &cur.promises_kept, &prev.promises_kept),
        (
            "callbacks on time",
            &cur.callbacks_on_time,
            &prev.callbacks_on_time,
        ),
    ] {
        push("timeliness", metric.into(), rate(c), rate(p));
    }
    for (metric, c, p) in [
        (
            "to first contact",
            &cur.hours_to_first_contact,
            &prev.hours_to_first_contact,
        ),
        (
            "to resolution",
            &cur.hours_to_resolution,
            &prev.hours_to_resolution,
        ),
    ] {
        let s = |s: &Spread| format!("median {} · p90 {}", hours(s.median), hours(s.p90));
        push("working hours", metric.into(), s(c), s(p));
    }
    let levels = union(&cur.escalated_to_level, &prev.escalated_to_level);
    for level in levels {
        let n = |r: &Review| {
            r.escalated_to_level
                .get(level)
                .copied()
                .unwrap_or(0)
                .to_string()
        };
        push(
            "escalations",
            format!("reached level {level}"),
            n(cur),
            n(prev),
        );
    }
    for (metric, c, p) in [
        ("ours", cur.causes.ours, prev.causes.ours),
        ("customer", cur.causes.customer, prev.causes.customer),
        ("supplier", cur.causes.supplier, prev.causes.supplier),
        ("carrier", cur.causes.carrier, prev.causes.carrier),
        ("unknown", cur.causes.unknown, prev.causes.unknown),
        (
            "dissatisfaction tickets (不满单)",
            cur.dissatisfaction_tickets,
            prev.dissatisfaction_tickets,
        ),
    ] {
        push("causes", metric.into(), c.to_string(), p.to_string());
    }
    let kinds = union(&cur.causes.ours_by_kind, &prev.causes.ours_by_kind);
    for kind in kinds {
        let n = |r: &Review| {
            r.causes
                .ours_by_kind
                .get(kind)
                .copied()
                .unwrap_or(0)
                .to_string()
        };
        push("causes", format!("ours: {kind}"), n(cur), n(prev));
    }
    push(
        "callbacks",
        "callback rate".into(),
        rate(&cur.callback_rate),
        rate(&prev.callback_rate),
    );
    push(
        "callbacks",
        "closed without a callback".into(),
        cur.closed_without_callback.to_string(),
        prev.closed_without_callback.to_string(),
    );
    push(
        "callbacks",
        "reopen rate".into(),
        rate(&cur.reopen_rate),
        rate(&prev.reopen_rate),
    );
    let verdicts = union(&cur.satisfaction, &prev.satisfaction);
    for verdict in verdicts {
        let n = |r: &Review| {
            r.satisfaction
                .get(verdict)
                .copied()
                .unwrap_or(0)
                .to_string()
        };
        push("satisfaction", verdict.clone(), n(cur), n(prev));
    }
    let remedies = union(&cur.compensation, &prev.compensation);
    for remedy in remedies {
        let m = |r: &Review| money(r.compensation.get(remedy).copied().unwrap_or(0.0));
        push("compensation", remedy.clone(), m(cur), m(prev));
    }
    push(
        "compensation",
        "total".into(),
        money(cur.compensation_total),
        money(prev.compensation_total),
    );
    for (section, c, p) in [
        (
            "per assignee (opened / resolved · on time)",
            &cur.by_assignee,
            &prev.by_assignee,
        ),
        (
            "per department (opened / resolved · on time)",
            &cur.by_department,
            &prev.by_department,
        ),
    ] {
        let names = union(c, p);
        for name in names {
            let w = |m: &BTreeMap<String, super::metrics::Workload>| {
                m.get(name)
                    .map(|w| {
                        format!(
                            "{} / {} · {}",
                            w.opened,
                            w.resolved,
                            rate(&w.resolution_on_time)
                        )
                    })
                    .unwrap_or_else(|| "–".into())
            };
            push(section, name.clone(), w(c), w(p));
        }
    }
    for (i, top) in cur.top_customers.iter().enumerate() {
        let vip = if top.vip { "★" } else { "" };
        let company = top
            .company
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        let before = prev
            .top_customers
            .iter()
            .find(|p| p.customer == top.customer && p.company == top.company)
            .map(|p| p.tickets.to_string())
            .unwrap_or_else(|| "–".into());
        push(
            "customers with the most tickets",
            format!("{}. {vip}{}{company}", i + 1, top.customer),
            top.tickets.to_string(),
            before,
        );
    }
    out
}

/// Escapes text for markdown table cells.
fn md(s: &str) -> String {
    s.replace('|', "\\|")
}

/// The review as markdown, a table per section.
pub fn markdown(cur: &Review, prev: &Review, shop: &str) -> String {
    let mut out = format!(
        "# Service review {} — {shop}\n\nBeside it: {} (previous period).\n",
        cur.period, prev.period
    );
    let mut section = "";
    for line in lines(cur, prev) {
        if line.section != section {
            section = line.section;
            out += &format!(
                "\n## {section}\n\n| | {} | {} |\n|---|---:|---:|\n",
                cur.period, prev.period
            );
        }
        out += &format!(
            "| {} | {} | {} |\n",
            md(&line.metric),
            md(&line.current),
            md(&line.previous)
        );
    }
    out
}

/// The review as CSV rows: section, metric, current, previous.
pub fn csv(cur: &Review, prev: &Review) -> Vec<Vec<String>> {
    lines(cur, prev)
        .into_iter()
        .map(|l| vec![l.section.to_string(), l.metric, l.current, l.previous])
        .collect()
}
