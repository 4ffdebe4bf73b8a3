//! `inkdesk list`: tickets filtered by status, kind, holder, customer, level, period, text.

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use serde::Serialize;

use crate::context::Ctx;
use crate::error::Result;
use crate::store::read_ticket_text;

use crate::model::{Priority, Status};
use crate::report::facts::{Peek, TicketFacts, facts};

use super::common::{instant_flag, level_flag};
use super::output::{Format, FormatArgs, json, print_long_table};

/// List tickets (by default every ticket that is not closed), oldest first.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only these statuses (repeatable): open, waiting, resolved, closed.
    #[arg(long)]
    pub status: Vec<Status>,
    /// Include closed tickets.
    #[arg(long, conflicts_with = "status")]
    pub all: bool,
    /// Only this kind.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only tickets held by this person.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Only customers whose name or company contains this text.
    #[arg(long)]
    pub customer: Option<String>,
    /// Only this escalation level (number or name).
    #[arg(long)]
    pub level: Option<String>,
    /// Only tickets opened at or after this time (a date means its start).
    #[arg(long, value_name = "TIME|DATE")]
    pub opened_since: Option<String>,
    /// Only tickets opened before this time (a date means the end of that day).
    #[arg(long, value_name = "TIME|DATE")]
    pub opened_until: Option<String>,
    /// Only tickets whose texts (title, description, notes, customer) contain this.
    #[arg(long)]
    pub grep: Option<String>,
    #[command(flatten)]
    pub output: FormatArgs,
}

/// One row of the list, as JSON and CSV give it; only what the list shows is kept of
/// each ticket, so that a long list stays small.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    title: String,
    kind: String,
    status: String,
    priority: String,
    level: u32,
    assignee: String,
    department: String,
    customer: String,
    company: String,
    vip: bool,
    #[serde(serialize_with = "rfc3339")]
    opened: DateTime<FixedOffset>,
    #[serde(serialize_with = "rfc3339_or_empty")]
    due_resolution: Option<DateTime<FixedOffset>>,
}

impl Row {
    fn of(f: TicketFacts) -> Row {
        Row {
            id: f.id,
            title: f.title,
            kind: f.kind,
            status: f.status,
            priority: f.priority,
            level: f.max_level,
            assignee: f.assignee.unwrap_or_default(),
            department: f.department.unwrap_or_default(),
            customer: f.customer,
            company: f.company.unwrap_or_default(),
            vip: f.vip,
            opened: f.opened,
            due_resolution: f.due_resolution,
        }
    }
}

fn rfc3339<S: serde::Serializer>(t: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.to_rfc3339())
}

fn rfc3339_or_empty<S: serde::Serializer>(
    t: &Option<DateTime<FixedOffset>>,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(&t.map(|t| t.to_rfc3339()).unwrap_or_default())
}

/// Runs `inkdesk list`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let policy = &desk.policy;
    if let Some(kind) = &args.kind {
        desk.template(kind)?;
    }
    let level = args
        .level
        .as_deref()
        .map(|l| level_flag(policy, "--level", l))
        .transpose()?;
    let since = args
        .opened_since
        .as_deref()
        .map(|s| instant_flag(policy, "--opened-since", s))
        .transpose()?;
    let until = args
        .opened_until
        .as_deref()
        .map(
            |s| match crate::model::time::parse_when(s, policy.calendar.tz()) {
                Ok(crate::model::time::When::Date(d)) => Ok(policy
                    .calendar
                    .instant((d + chrono::Duration::days(1)).and_time(chrono::NaiveTime::MIN))),
                _ => instant_flag(policy, "--opened-until", s),
            },
        )
        .transpose()?;
    let statuses: Vec<Status> = if !args.status.is_empty() {
        args.status.clone()
    } else if args.all {
        Status::ALL.to_vec()
    } else {
        vec![Status::Open, Status::Waiting, Status::Resolved]
    };
    let lower = |s: &str| s.to_lowercase();
    // What the index's peek decides (status, opening time), then the rest.
    let by_peek = |p: &Peek| {
        Status::parse(p.status).is_ok_and(|s| statuses.contains(&s))
            && since.is_none_or(|s| p.opened.to_utc() >= s)
            && until.is_none_or(|u| p.opened.to_utc() < u)
    };
    let keep = |f: &TicketFacts| {
        by_peek(&f.peek())
            && args.kind.as_ref().is_none_or(|k| &f.kind == k)
            && args.assignee.as_ref().is_none_or(|a| {
                f.assignee.as_deref().is_some_and(|h| {
                    h.eq_ignore_ascii_case(a) || policy.staff(a).is_some_and(|s| s.id == h)
                })
            })
            && args.customer.as_ref().is_none_or(|c| {
                let c = lower(c);
                lower(&f.customer).contains(&c)
                    || f.company
                        .as_deref()
                        .is_some_and(|co| lower(co).contains(&c))
            })
            && level.is_none_or(|l| f.max_level == l)
    };
    // The texts --grep searches (description, notes) are in the YAML only.
    let mut rows: Vec<Row> = match &args.grep {
        Some(g) => {
            let g = lower(g);
            let found: Vec<Option<Row>> = desk
                .record_files()?
                .par_iter()
                .map(|path| {
                    let (_, t) = read_ticket_text(path)?;
                    let f = facts(&t, policy);
                    let hit = t.texts().any(|x| lower(x).contains(&g)) && keep(&f);
                    Ok(hit.then(|| Row::of(f)))
                })
                .collect::<Result<_>>()?;
            found.into_iter().flatten().collect()
        }
        None => {
            let mut rows = Vec::new();
            desk.each_summary(ctx.cache, by_peek, |_, s| {
                if let Some(s) = s.filter(|s| keep(&s.facts)) {
                    rows.push(Row::of(s.facts));
                }
                Ok(())
            })?;
            rows
        }
    };
    rows.sort_by(|a, b| (a.opened, &a.id).cmp(&(b.opened, &b.id)));
    let tz = policy.calendar.tz();
    match args.output.format {
        Format::Json => json(&rows)?,
        format @ (Format::Csv | Format::Markdown) => {
            let headers = [
                "id",
                "title",
                "kind",
                "status",
                "priority",
                "level",
                "assignee",
                "department",
                "customer",
                "company",
                "vip",
                "opened",
                "due_resolution",
            ];
            let lines = rows.iter().map(|r| {
                vec![
                    r.id.to_string(),
                    r.title.to_string(),
                    r.kind.to_string(),
                    r.status.to_string(),
                    r.priority.to_string(),
                    r.level.to_string(),
                    r.assignee.to_string(),
                    r.department.to_string(),
                    r.customer.to_string(),
                    r.company.to_string(),
                    r.vip.to_string(),
                    r.opened.to_rfc3339(),
                    r.due_resolution.map(|d| d.to_rfc3339()).unwrap_or_default(),
                ]
            });
            super::output::rows(format, &headers, lines)?;
        }
        Format::Table => {
            let headers = [
                "id", "opened", "kind", "status", "!", "lvl", "holder", "customer", "title",
            ];
            let cells = |i: usize| {
                let r = &rows[i];
                let vip = if r.vip { "★" } else { "" };
                vec![
                    r.id.clone(),
                    r.opened.with_timezone(&tz).format("%m-%d").to_string(),
                    r.kind.clone(),
                    r.status.clone(),
                    priority_mark(&r.priority).to_string(),
                    r.level.to_string(),
                    r.assignee.clone(),
                    format!("{vip}{}", r.customer),
                    r.title.clone(),
                ]
            };
            // The customer column is kept narrow; long names wrap.
            print_long_table(&headers, rows.len(), cells, &[(7, 12)])?;
            super::output::say(&format!("{} ticket(s)", rows.len()));
        }
    }
    Ok(0)
}

/// One character for the priority column: `!` urgent, `↓` low, blank for normal.
fn priority_mark(p: &str) -> &'static str {
    match Priority::parse(p) {
        Ok(Priority::Urgent) => "!",
        Ok(Priority::Low) => "↓",
        _ => "",
    }
}
