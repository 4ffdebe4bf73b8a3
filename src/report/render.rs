//! Turning a review and the one before it into lines (section, metric, this period,
//! previous period): for people in the current language (the table, markdown and HTML
//! forms), and for scripts as codes and plain numbers (the CSV form), which never
//! change with the language.

use std::collections::{BTreeMap, BTreeSet};

use super::metrics::{Rate, Review, Spread, Volume, Workload};
use crate::i18n::t;
use crate::i18n::{Names, format, tr, words::word};

/// What a holder or department with no name is counted under (see `metrics`).
const NOBODY: &str = "(none)";

/// One figure of the review, as computed.
#[derive(Debug, Clone, PartialEq)]
pub enum Figure {
    Count(u64),
    Rate(Rate),
    Spread(Spread),
    Money(f64),
    /// An amount and the total it is part of.
    Part(f64, f64),
    Volume(Volume),
    Workload(Workload),
    /// Quality reviews: how many, and their average score.
    Quality(super::metrics::Quality),
    /// Not there in this period (a customer with no tickets before).
    Missing,
}

impl Figure {
    /// The figure as people read it.
    pub fn human(&self, names: &Names) -> String {
        let rate = |r: &Rate| format::rate(r.percent, r.hits, r.total);
        let hours = |h: Option<f64>| {
            h.map(|h| format::working((h * 60.0).round() as i64, None))
                .unwrap_or_else(|| "–".into())
        };
        match self {
            Figure::Count(n) => n.to_string(),
            Figure::Rate(r) => rate(r),
            Figure::Spread(s) => t!(
                "review-spread",
                median = hours(s.median),
                p90 = hours(s.p90)
            ),
            Figure::Money(m) => names.money(*m),
            Figure::Part(m, total) => match share(*m, *total) {
                Some(p) => format!("{} ({})", names.money(*m), format::percent(p)),
                None => names.money(*m),
            },
            Figure::Volume(v) => format!(
                "{} / {} / {} / {}",
                v.opened, v.resolved, v.closed, v.open_at_end
            ),
            Figure::Workload(w) => format!(
                "{} / {} · {}",
                w.opened,
                w.resolved,
                rate(&w.resolution_on_time)
            ),
            Figure::Quality(q) => t!(
                "review-quality",
                reviewed = q.reviewed,
                average = q
                    .average
                    .map(|a| format!("{a:.1}"))
                    .unwrap_or_else(|| "–".into())
            ),
            Figure::Missing => "–".into(),
        }
    }

    /// The figure as scripts read it: (suffix of the metric code, plain number).
    pub fn machine(&self) -> Vec<(&'static str, String)> {
        let num = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        let rate = |prefix: &'static [&'static str; 3], r: &Rate| {
            vec![
                (prefix[0], num(r.percent)),
                (prefix[1], r.hits.to_string()),
                (prefix[2], r.total.to_string()),
            ]
        };
        match self {
            Figure::Count(n) => vec![("", n.to_string())],
            Figure::Rate(r) => rate(&[".percent", ".hits", ".total"], r),
            Figure::Spread(s) => vec![
                (".median_hours", num(s.median)),
                (".p90_hours", num(s.p90)),
                (".count", s.count.to_string()),
            ],
            Figure::Money(m) => vec![("", m.to_string())],
            Figure::Part(m, total) => vec![
                ("", m.to_string()),
                (".share_percent", num(share(*m, *total))),
            ],
            Figure::Volume(v) => vec![
                (".opened", v.opened.to_string()),
                (".resolved", v.resolved.to_string()),
                (".closed", v.closed.to_string()),
                (".open_at_end", v.open_at_end.to_string()),
            ],
            Figure::Workload(w) => {
                let mut out = vec![
                    (".opened", w.opened.to_string()),
                    (".resolved", w.resolved.to_string()),
                ];
                out.extend(rate(
                    &[".on_time.percent", ".on_time.hits", ".on_time.total"],
                    &w.resolution_on_time,
                ));
                out
            }
            Figure::Quality(q) => vec![
                (".reviewed", q.reviewed.to_string()),
                (".average_score", num(q.average)),
            ],
            Figure::Missing => vec![("", String::new())],
        }
    }
}

/// The share of `total` that `part` is, in percent with one decimal.
fn share(part: f64, total: f64) -> Option<f64> {
    (total > 0.0).then(|| (part * 1000.0 / total).round() / 10.0)
}

/// One line of the review.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The section's code (`volume`, `timeliness` …).
    pub section: &'static str,
    /// The metric's code within its section (`opened`, `complaint`, `level_1` …).
    pub metric: String,
    /// The metric as people read it.
    pub label: String,
    pub current: Figure,
    pub previous: Figure,
}

/// Returns the title of a section in the current language.
pub fn section_title(section: &str) -> String {
    tr(&format!("review-section-{section}"), &[])
}

/// Returns the keys of either map, in order: a line for every key either period has.
fn union<'a, K: Ord, V>(a: &'a BTreeMap<K, V>, b: &'a BTreeMap<K, V>) -> BTreeSet<&'a K> {
    a.keys().chain(b.keys()).collect()
}

/// The sections in order, each with its metrics: the one flattening every form shares.
pub fn lines(cur: &Review, prev: &Review, names: &Names) -> Vec<Line> {
    let mut out = Vec::new();
    let mut push = |section: &'static str, metric: String, label: String, c: Figure, p: Figure| {
        out.push(Line {
            section,
            metric,
            label,
            current: c,
            previous: p,
        });
    };
    for (metric, c, p) in [
        ("opened", cur.opened, prev.opened),
        ("resolved", cur.resolved, prev.resolved),
        ("closed", cur.closed, prev.closed),
        ("reopened", cur.reopened, prev.reopened),
        ("open_at_end", cur.open_at_end, prev.open_at_end),
        ("abnormal", cur.abnormal, prev.abnormal),
    ] {
        let label = tr(&format!("review-metric-{metric}"), &[]);
        push(
            "volume",
            metric.into(),
            label,
            Figure::Count(c),
            Figure::Count(p),
        );
    }
    for kind in union(&cur.by_kind, &prev.by_kind) {
        let v = |r: &Review| Figure::Volume(r.by_kind.get(kind).cloned().unwrap_or_default());
        push("by_kind", kind.clone(), names.kind(kind), v(cur), v(prev));
    }
    for channel in union(&cur.by_channel, &prev.by_channel) {
        let n = |r: &Review| Figure::Count(r.by_channel.get(channel).copied().unwrap_or(0));
        push(
            "by_channel",
            channel.clone(),
            word("channel", channel),
            n(cur),
            n(prev),
        );
    }
    for (metric, c, p) in [
        (
            "entered_on_time",
            &cur.entered_on_time,
            &prev.entered_on_time,
        ),
        (
            "first_contact_on_time",
            &cur.first_contact_on_time,
            &prev.first_contact_on_time,
        ),
        (
            "progress_on_time",
            &cur.progress_on_time,
            &prev.progress_on_time,
        ),
        (
            "resolution_on_time",
            &cur.resolution_on_time,
            &prev.resolution_on_time,
        ),
        ("promises_kept", &cur.promises_kept, &prev.promises_kept),
        (
            "callbacks_on_time",
            &cur.callbacks_on_time,
            &prev.callbacks_on_time,
        ),
    ] {
        let label = tr(&format!("review-metric-{metric}"), &[]);
        push(
            "timeliness",
            metric.into(),
            label,
            Figure::Rate(c.clone()),
            Figure::Rate(p.clone()),
        );
    }
    for deadline in crate::model::MISSABLE {
        let n = |r: &Review| Figure::Count(r.breaches.get(deadline).copied().unwrap_or(0));
        push(
            "breaches",
            deadline.into(),
            word("deadline", deadline),
            n(cur),
            n(prev),
        );
    }
    for (metric, c, p) in [
        (
            "to_first_contact",
            &cur.hours_to_first_contact,
            &prev.hours_to_first_contact,
        ),
        (
            "to_resolution",
            &cur.hours_to_resolution,
            &prev.hours_to_resolution,
        ),
    ] {
        let label = tr(&format!("review-metric-{metric}"), &[]);
        push(
            "working_hours",
            metric.into(),
            label,
            Figure::Spread(c.clone()),
            Figure::Spread(p.clone()),
        );
    }
    for level in union(&cur.escalated_to_level, &prev.escalated_to_level) {
        let n = |r: &Review| Figure::Count(r.escalated_to_level.get(level).copied().unwrap_or(0));
        push(
            "escalations",
            format!("level_{level}"),
            t!("review-reached-level", level = names.level(*level)),
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
    ] {
        push(
            "causes",
            metric.into(),
            word("cause", metric),
            Figure::Count(c),
            Figure::Count(p),
        );
    }
    for (metric, c, p) in [
        (
            "dissatisfaction_tickets",
            cur.dissatisfaction_tickets,
            prev.dissatisfaction_tickets,
        ),
        (
            "customer_cause_not_accepted",
            cur.customer_cause_not_accepted,
            prev.customer_cause_not_accepted,
        ),
    ] {
        push(
            "causes",
            metric.into(),
            tr(&format!("review-metric-{metric}"), &[]),
            Figure::Count(c),
            Figure::Count(p),
        );
    }
    for kind in union(&cur.causes.ours_by_kind, &prev.causes.ours_by_kind) {
        let n = |r: &Review| Figure::Count(r.causes.ours_by_kind.get(kind).copied().unwrap_or(0));
        push(
            "causes",
            format!("ours.{kind}"),
            t!("review-ours-by-kind", kind = names.kind(kind)),
            n(cur),
            n(prev),
        );
    }
    push(
        "callbacks",
        "callback_rate".into(),
        t!("review-metric-callback_rate"),
        Figure::Rate(cur.callback_rate.clone()),
        Figure::Rate(prev.callback_rate.clone()),
    );
    for (metric, c, p) in [
        (
            "callback_attempts",
            cur.callback_attempts,
            prev.callback_attempts,
        ),
        ("wrong_numbers", cur.wrong_numbers, prev.wrong_numbers),
    ] {
        push(
            "callbacks",
            metric.into(),
            tr(&format!("review-metric-{metric}"), &[]),
            Figure::Count(c),
            Figure::Count(p),
        );
    }
    push(
        "callbacks",
        "closed_without_callback".into(),
        t!("review-metric-closed_without_callback"),
        Figure::Count(cur.closed_without_callback),
        Figure::Count(prev.closed_without_callback),
    );
    push(
        "callbacks",
        "reopen_rate".into(),
        t!("review-metric-reopen_rate"),
        Figure::Rate(cur.reopen_rate.clone()),
        Figure::Rate(prev.reopen_rate.clone()),
    );
    for verdict in union(&cur.satisfaction, &prev.satisfaction) {
        let n = |r: &Review| Figure::Count(r.satisfaction.get(verdict).copied().unwrap_or(0));
        push(
            "satisfaction",
            verdict.clone(),
            word("satisfaction", verdict),
            n(cur),
            n(prev),
        );
    }
    for (metric, c, p) in [
        ("checks", cur.checks, prev.checks),
        ("redos", cur.redos, prev.redos),
    ] {
        push(
            "checks",
            metric.into(),
            tr(&format!("review-metric-{metric}"), &[]),
            Figure::Count(c),
            Figure::Count(p),
        );
    }
    for remedy in union(&cur.compensation, &prev.compensation) {
        let m = |r: &Review| {
            Figure::Part(
                r.compensation.get(remedy).copied().unwrap_or(0.0),
                r.compensation_total,
            )
        };
        push(
            "compensation",
            remedy.clone(),
            word("remedy", remedy),
            m(cur),
            m(prev),
        );
    }
    for cause in union(&cur.compensation_by_cause, &prev.compensation_by_cause) {
        let m = |r: &Review| {
            Figure::Part(
                r.compensation_by_cause.get(cause).copied().unwrap_or(0.0),
                r.compensation_total,
            )
        };
        push(
            "compensation",
            format!("cause.{cause}"),
            t!("review-compensation-cause", cause = word("cause", cause)),
            m(cur),
            m(prev),
        );
    }
    push(
        "compensation",
        "total".into(),
        t!("review-metric-total"),
        Figure::Money(cur.compensation_total),
        Figure::Money(prev.compensation_total),
    );
    for (section, c, p) in [
        ("per_assignee", &cur.by_assignee, &prev.by_assignee),
        ("per_department", &cur.by_department, &prev.by_department),
    ] {
        for name in union(c, p) {
            let w = |m: &BTreeMap<String, Workload>| {
                m.get(name)
                    .map(|w| Figure::Workload(w.clone()))
                    .unwrap_or(Figure::Missing)
            };
            let label = match name.as_str() {
                NOBODY => t!("review-nobody"),
                _ if section == "per_assignee" => names.person(name),
                _ => name.clone(),
            };
            push(section, name.clone(), label, w(c), w(p));
        }
    }
    for agent in union(&cur.quality, &prev.quality) {
        let q = |r: &Review| {
            r.quality
                .get(agent)
                .map(|q| Figure::Quality(q.clone()))
                .unwrap_or(Figure::Missing)
        };
        let label = match agent.as_str() {
            NOBODY => t!("review-nobody"),
            _ => names.person(agent),
        };
        push("quality", agent.clone(), label, q(cur), q(prev));
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
            .map_or(Figure::Missing, |p| Figure::Count(p.tickets));
        push(
            "top_customers",
            (i + 1).to_string(),
            format!("{}. {vip}{}{company}", i + 1, top.customer),
            Figure::Count(top.tickets),
            before,
        );
    }
    out
}

/// The title of the review: `Service review 2026-10 — shop`.
pub fn title(cur: &Review, shop: &str) -> String {
    t!("review-title", period = cur.period.as_str(), shop = shop)
}

/// The line under the title: which period stands beside this one.
pub fn beside(prev: &Review) -> String {
    t!("review-beside", period = prev.period.as_str())
}

/// Escapes text for a markdown table cell: pipes, line breaks and HTML.
fn md(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The review as markdown, a table per section.
pub fn markdown(cur: &Review, prev: &Review, shop: &str, names: &Names) -> String {
    let mut out = format!("# {}\n\n{}\n", md(&title(cur, shop)), md(&beside(prev)));
    let mut section = "";
    for line in lines(cur, prev, names) {
        if line.section != section {
            section = line.section;
            out += &format!(
                "\n## {}\n\n| | {} | {} |\n|---|---:|---:|\n",
                md(&section_title(section)),
                cur.period,
                prev.period
            );
        }
        out += &format!(
            "| {} | {} | {} |\n",
            md(&line.label),
            md(&line.current.human(names)),
            md(&line.previous.human(names))
        );
    }
    out
}

/// The review as CSV rows for scripts: section and metric codes, plain numbers. The
/// header row is `section, metric, <period>, <previous period>`.
pub fn csv(cur: &Review, prev: &Review) -> Vec<Vec<String>> {
    let mut rows = vec![vec![
        "section".to_string(),
        "metric".to_string(),
        cur.period.clone(),
        prev.period.clone(),
    ]];
    for line in lines(cur, prev, &Names::default()) {
        // A figure missing from one period takes the shape of the other.
        let shape = match line.current {
            Figure::Missing => line.previous.machine(),
            _ => line.current.machine(),
        };
        let values = |f: &Figure| match f {
            Figure::Missing => shape.iter().map(|(s, _)| (*s, String::new())).collect(),
            _ => f.machine(),
        };
        let (c, p): (Vec<_>, Vec<_>) = (values(&line.current), values(&line.previous));
        for ((suffix, current), (_, previous)) in c.into_iter().zip(p) {
            rows.push(vec![
                line.section.to_string(),
                format!("{}{suffix}", line.metric),
                current,
                previous,
            ]);
        }
    }
    rows
}
