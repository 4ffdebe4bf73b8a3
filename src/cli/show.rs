//! `inkdesk show`: one ticket, its deadlines and their state, its timeline.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use crate::context::Ctx;
use crate::error::Result;
use crate::i18n::t;
use crate::i18n::{Names, format};
use crate::model::Ticket;
use crate::policy::Policy;
use crate::policy::deadlines::committed;
use crate::policy::deadlines::{Clock, Deadline, State, deadlines};

use super::output::{Format, FormatArgs, json, machine, markdown};
use super::table::{Table, wrap};
use super::terminal::clean;
use super::terminal::out_drawn as out;

// Show a ticket: its fields, each deadline with its state, and its timeline.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The ticket id or a unique prefix (at least 4 characters).
    pub id: String,
    #[command(flatten)]
    pub output: FormatArgs,
}

/// Runs `inkdesk show`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let (_, ticket) = desk.load(&args.id)?;
    let states = deadlines(&Clock::of(&ticket), &desk.policy, ctx.now);
    let names = desk.names();
    let misses = breaches(&ticket, &desk.policy, ctx.now);
    // The agreed answers (统一口径) of its kind, and of its cause once known.
    let cause = ticket.resolution.as_ref().and_then(|r| r.cause);
    let answers: Vec<&str> = desk
        .templates
        .get(&ticket.kind)
        .map(|tp| tp.answers(cause))
        .unwrap_or_default();
    match args.output.format {
        Format::Json => {
            let mut value = serde_json::to_value(&ticket).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut value {
                map.insert(
                    "deadlines".into(),
                    serde_json::to_value(&states).unwrap_or(Value::Null),
                );
                map.insert(
                    "breaches".into(),
                    serde_json::to_value(&misses).unwrap_or(Value::Null),
                );
                map.insert(
                    "answers".into(),
                    serde_json::to_value(&answers).unwrap_or(Value::Null),
                );
            }
            json(&value)?;
        }
        Format::Csv => {
            let text = |v: &Option<String>| v.clone().unwrap_or_default();
            let show = |v: Option<String>| v.unwrap_or_default();
            let lines = ticket.log.iter().map(|e| {
                vec![
                    ticket.id.to_string(),
                    e.at.to_rfc3339(),
                    e.by.clone(),
                    e.action.as_str().to_string(),
                    text(&e.deadline),
                    text(&e.field),
                    text(&e.from),
                    text(&e.to),
                    show(e.skip.map(|b| b.to_string())),
                    show(e.reached.map(|b| b.to_string())),
                    show(e.attempt.map(|n| n.to_string())),
                    show(e.satisfaction.map(|s| s.as_str().to_string())),
                    show(e.cause.map(|c| c.as_str().to_string())),
                    show(e.remedy.map(|r| r.as_str().to_string())),
                    show(e.cost.map(|c| c.to_string())),
                    show(e.accepted.map(|b| b.to_string())),
                    show(e.verified.map(|b| b.to_string())),
                    text(&e.rule),
                    text(&e.reason),
                    text(&e.note),
                ]
            });
            machine(Format::Csv, &EVENT_COLUMNS, lines)?;
        }
        Format::Markdown => {
            let mut text = format!(
                "## {} {}\n\n{}\n\n",
                ticket.id,
                super::output::markdown_cell(&ticket.title),
                super::output::markdown_cell(&status_line(&ticket, &names))
            );
            text += &markdown(&deadline_heads(), &deadline_rows(&states, &names));
            text += "\n";
            if !misses.is_empty() {
                text += &format!("### {}\n\n", t!("show-breaches"));
                text += &markdown(&breach_heads(), &breach_rows(&misses, &names));
                text += "\n";
            }
            text += &markdown(&timeline_heads(), &timeline_rows(&ticket, &names));
            out(&text)?;
        }
        Format::Table => {
            let shown = Shown {
                states: &states,
                misses: &misses,
                answers: &answers,
            };
            print_ticket(ctx, &desk.policy, &ticket, &shown, &names)?
        }
    }
    Ok(0)
}

/// The columns of `show --format csv`: one row per event, codes as in the file.
const EVENT_COLUMNS: [&str; 20] = [
    "id",
    "at",
    "by",
    "action",
    "deadline",
    "field",
    "from",
    "to",
    "skip",
    "reached",
    "attempt",
    "satisfaction",
    "cause",
    "remedy",
    "cost",
    "accepted",
    "verified",
    "rule",
    "reason",
    "note",
];

/// Describes a deadline's state for people.
pub fn describe(state: &State, names: &Names) -> String {
    match state {
        State::Met { late: 0, .. } => t!("state-met-on-time"),
        State::Met { late, .. } => t!("state-met-late", late = names.working(*late)),
        State::Pending { left } => t!("state-pending", left = format::calendar(*left)),
        State::DueSoon { left } => t!("state-due-soon", left = format::calendar(*left)),
        State::Missed { late } => t!("state-missed", late = names.working(*late)),
        State::Paused { waited } => t!("state-paused", waited = names.working(*waited)),
        State::Inactive => t!("state-inactive"),
    }
}

/// Kind, status, priority, level and the channel it came in by on one line.
fn status_line(t: &Ticket, names: &Names) -> String {
    let mut parts = vec![
        names.kind(&t.kind),
        t.status.label(),
        t.priority.label(),
        t!("show-level", level = names.level(t.level)),
    ];
    parts.extend(
        t.channel
            .as_deref()
            .map(|c| crate::i18n::words::word("channel", c)),
    );
    parts.join(" · ")
}

fn deadline_heads() -> Vec<String> {
    vec![t!("col-deadline"), t!("col-due"), t!("col-state")]
}

fn deadline_rows(states: &[Deadline], names: &Names) -> Vec<Vec<String>> {
    states
        .iter()
        .map(|d| {
            vec![
                crate::i18n::words::word("deadline", d.name),
                names.time(d.due),
                describe(&d.state, names),
            ]
        })
        .collect()
}

/// A deadline that passed unmet, and what became of it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Breach {
    pub deadline: &'static str,
    pub due: DateTime<Utc>,
    /// When it counted as missed (its due time, or later if it was set late or paused).
    pub missed_at: DateTime<Utc>,
    /// `met` (late), `replaced` (moved, renewed or no longer applying) or `open`.
    pub then: &'static str,
    pub then_at: Option<DateTime<Utc>>,
    /// Working minutes from the deadline to when it was met or replaced, or to now.
    pub late: i64,
}

/// The ticket's breach record at `now`: every deadline that passed unmet.
pub fn breaches(t: &Ticket, policy: &Policy, now: DateTime<Utc>) -> Vec<Breach> {
    committed(t, policy)
        .iter()
        .filter_map(|c| {
            let missed = c.missed_at(now)?.to_utc();
            let (then, then_at) = match (c.met, c.dropped) {
                (Some((at, _)), _) => ("met", Some(at.to_utc())),
                (None, Some(at)) => ("replaced", Some(at.to_utc())),
                (None, None) => ("open", None),
            };
            Some(Breach {
                deadline: c.deadline,
                due: c.due.to_utc(),
                missed_at: missed,
                then,
                then_at,
                late: policy
                    .calendar
                    .working_minutes_between(c.due.to_utc(), then_at.unwrap_or(now)),
            })
        })
        .collect()
}

fn breach_heads() -> Vec<String> {
    vec![t!("col-deadline"), t!("col-due"), t!("col-then")]
}

fn breach_rows(misses: &[Breach], names: &Names) -> Vec<Vec<String>> {
    misses
        .iter()
        .map(|b| {
            let late = names.working(b.late);
            let then = match (b.then, b.then_at) {
                ("met", Some(at)) => t!("breach-met", late = late, at = names.time(at)),
                ("replaced", Some(at)) => {
                    t!("breach-replaced", late = late, at = names.time(at))
                }
                _ => t!("breach-open", late = late),
            };
            vec![
                crate::i18n::words::word("deadline", b.deadline),
                names.time(b.due),
                then,
            ]
        })
        .collect()
}

fn timeline_heads() -> Vec<String> {
    vec![
        t!("col-when"),
        t!("col-who"),
        t!("col-what"),
        t!("col-details"),
    ]
}

fn timeline_rows(t: &Ticket, names: &Names) -> Vec<Vec<String>> {
    t.log
        .iter()
        .map(|e| {
            vec![
                names.time(e.at),
                names.person(&e.by),
                e.action.label(),
                e.summary(names),
            ]
        })
        .collect()
}

/// Lines of `label value`, the values lined up after the widest label and wrapped
/// under themselves to fit `width`.
fn fields(pairs: &[(String, String)], width: usize) -> String {
    let label_width = pairs.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
    pairs
        .iter()
        .map(|(label, value)| {
            let pad = " ".repeat(label_width - label.width());
            hanging(&format!("{label}{pad}  "), &clean(value), width)
        })
        .collect()
}

/// `first` then the text wrapped to `width`, its further lines indented as far as
/// `first` is wide.
fn hanging(first: &str, text: &str, width: usize) -> String {
    let indent = first.width();
    let body = wrap(text, width.saturating_sub(indent));
    let mut out = String::new();
    for (i, line) in body.lines().enumerate() {
        let lead = if i == 0 {
            first.to_string()
        } else {
            " ".repeat(indent)
        };
        out += &format!("{}\n", format!("{lead}{line}").trim_end());
    }
    if body.is_empty() {
        out += &format!("{}\n", first.trim_end());
    }
    out
}

/// What `show` prints besides the ticket: its deadlines, its breach record and the
/// agreed answers of its kind.
struct Shown<'a> {
    states: &'a [Deadline],
    misses: &'a [Breach],
    answers: &'a [&'a str],
}

fn print_ticket(
    ctx: &Ctx,
    policy: &Policy,
    t: &Ticket,
    shown: &Shown,
    names: &Names,
) -> Result<()> {
    let (states, misses) = (shown.states, shown.misses);
    let width = ctx.width;
    let mut head = hanging(&format!("{}  ", t.id), &clean(&t.title), width);
    head += &hanging("", &status_line(t, names), width);
    let mut pairs: Vec<(String, String)> = Vec::new();
    let vip = if t.customer.vip {
        format!(" ★{}", t!("word-vip"))
    } else {
        String::new()
    };
    let company = t
        .customer
        .company
        .as_deref()
        .map(|c| t!("show-company", company = c))
        .unwrap_or_default();
    pairs.push((
        t!("show-customer"),
        format!("{}{company}{vip}", t.customer.name),
    ));
    let contact: Vec<&str> = [t.customer.phone.as_deref(), t.customer.email.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !contact.is_empty() {
        pairs.push((t!("show-contact"), contact.join(" · ")));
    }
    if !t.order.is_empty() {
        let o = &t.order;
        let parts: Vec<String> = [
            o.job.clone(),
            o.product.clone(),
            o.quantity.map(|q| format!("×{q}")),
            o.delivered
                .map(|d| t!("show-delivered", date = d.to_string())),
        ]
        .into_iter()
        .flatten()
        .collect();
        pairs.push((t!("show-order"), parts.join(" · ")));
    }
    pairs.push((
        t!("show-holder"),
        format!(
            "{} · {}",
            t.assignee
                .as_deref()
                .map(|a| names.person(a))
                .unwrap_or_else(|| t!("word-nobody")),
            t.department
                .clone()
                .unwrap_or_else(|| t!("show-no-department"))
        ),
    ));
    pairs.push((t!("show-received"), names.time(t.received)));
    let opened = names.time(t.opened);
    pairs.push((
        t!("show-opened"),
        if policy.entered_on_time(t.received.to_utc(), t.opened.to_utc()) {
            opened
        } else {
            let after = policy
                .calendar
                .working_minutes_between(t.received.to_utc(), t.opened.to_utc());
            t!(
                "show-entered-late",
                at = opened,
                after = names.working(after)
            )
        },
    ));
    if let Some(r) = &t.resolution {
        let cost = r
            .cost
            .map(|c| t!("show-cost", cost = names.money(c.units())))
            .unwrap_or_default();
        pairs.push((
            t!("show-resolution"),
            t!(
                "show-resolution-value",
                cause = r.cause.map_or_else(|| "–".to_string(), |c| c.label()),
                remedy = r.remedy.map_or_else(|| "–".to_string(), |c| c.label()),
                cost = cost,
                summary = r.summary.as_str()
            ),
        ));
    }
    if let Some(s) = t.satisfaction {
        pairs.push((t!("show-satisfaction"), s.label()));
    }
    head += &fields(&pairs, width);
    out(&head)?;
    let description = filled(&t.description);
    if !description.is_empty() {
        let text: String = description
            .iter()
            .map(|l| hanging("", &clean(l), width))
            .collect();
        out(&format!("\n{text}"))?;
    }
    if !t.checklist.is_empty() {
        let items: String = t
            .checklist
            .iter()
            .map(|c| hanging("  - ", &clean(c), width))
            .collect();
        out(&format!("\n{}\n{items}", t!("show-checklist")))?;
    }
    if !shown.answers.is_empty() {
        let items: String = shown
            .answers
            .iter()
            .flat_map(|a| a.lines())
            .map(|l| hanging("  ", &clean(l), width))
            .collect();
        out(&format!("\n{}\n{items}", t!("show-answers")))?;
    }
    out("\n")?;
    let deadline_table = Table::new()
        .col(t!("col-deadline"))
        .col(t!("col-due"))
        .col(t!("col-state"))
        .cut(10);
    deadline_table.print_rows(ctx.width, &deadline_rows(states, names))?;
    out("\n")?;
    if !misses.is_empty() {
        out(&format!("{}\n", t!("show-breaches")))?;
        let breach_table = Table::new()
            .col(t!("col-deadline"))
            .col(t!("col-due"))
            .col(t!("col-then"))
            .wrap(12);
        breach_table.print_rows(ctx.width, &breach_rows(misses, names))?;
        out("\n")?;
    }
    let timeline = Table::new()
        .col(t!("col-when"))
        .col(t!("col-who"))
        .cut(6)
        .col(t!("col-what"))
        .col(t!("col-details"))
        .wrap(16);
    timeline.print_rows(ctx.width, &timeline_rows(t, names))
}

/// The lines of a description that say something: a template's heading (`客户的期望：`)
/// left with nothing under it is not shown, nor are the blank lines around it.
fn filled(description: &str) -> Vec<&str> {
    let lines: Vec<&str> = description.trim_end().lines().collect();
    let heading = |l: &str| {
        let l = l.trim();
        !l.is_empty() && (l.ends_with(':') || l.ends_with('：'))
    };
    let mut kept: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if heading(line) {
            // A heading stays when something other than blank lines follows it before
            // the next heading.
            let said = lines[i + 1..]
                .iter()
                .take_while(|l| !heading(l))
                .any(|l| !l.trim().is_empty());
            if !said {
                continue;
            }
        } else if line.trim().is_empty() && kept.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        kept.push(line);
    }
    while kept.last().is_some_and(|l| l.trim().is_empty()) {
        kept.pop();
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::filled;

    #[test]
    fn a_description_shows_only_the_headings_with_something_under_them() {
        let template = "客户反映的问题：\n\n客户的期望：\n";
        assert!(filled(template).is_empty());
        let said = "客户反映的问题：\n封面偏红\n\n客户的期望：\n";
        assert_eq!(filled(said), ["客户反映的问题：", "封面偏红"]);
        assert_eq!(filled("Cover: too red\n"), ["Cover: too red"]);
        assert_eq!(filled("a\n\n\nb"), ["a", "", "b"]);
    }
}
