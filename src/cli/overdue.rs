//! `inkdesk overdue`: the supervisor's morning list and cron's hourly check.

use serde::Serialize;

use crate::context::Ctx;
use crate::error::Result;
use crate::i18n::format;
use crate::i18n::words::word;
use crate::policy::Span;
use crate::policy::overdue::{Urgency, may_be_listed, overdue};
use crate::t;

use super::common::{level_flag, short_id_len};
use super::output::{Format, FormatArgs, human, json, machine, say};
use super::table::Table;

/// List every missed deadline of every ticket that is not closed — first contact,
/// progress contact, resolution, promise, callback — most serious first, and what falls
/// due soon.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Also list deadlines falling due within this (default: the policy's warning window).
    #[arg(long, value_name = "DURATION")]
    pub within: Option<Span>,
    /// Only tickets held by this person.
    #[arg(long)]
    pub assignee: Option<String>,
    /// Only tickets at this escalation level (number or name).
    #[arg(long)]
    pub level: Option<String>,
    /// Exit 1 when anything is listed, 0 when nothing is (for `cron … || mail`).
    #[arg(long)]
    pub exit_code: bool,
    #[command(flatten)]
    pub output: FormatArgs,
}

/// One line as scripts read it.
#[derive(Debug, Serialize)]
struct Row {
    id: String,
    deadline: &'static str,
    due: String,
    /// Working minutes past the deadline.
    late: i64,
    /// Minutes until the deadline (due soon).
    left: i64,
    state: Urgency,
    customer: String,
    vip: bool,
    title: String,
    kind: String,
    assignee: String,
    level: u32,
}

/// Runs `inkdesk overdue`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let policy = &desk.policy;
    let level = args
        .level
        .as_deref()
        .map(|l| level_flag(policy, "--level", l))
        .transpose()?;
    let assignee = args.assignee.as_deref().map(|a| {
        policy
            .staff(a)
            .map(|s| s.id.clone())
            .unwrap_or_else(|| a.trim().to_string())
    });
    let window = args.within.unwrap_or(policy.file.limits.warning);
    // Short ids must be unique among every ticket, listed or not; a record file is
    // named by its ticket's id.
    let (mut ids, mut tickets, mut unreadable) = (Vec::new(), Vec::new(), Vec::new());
    desk.each_summary_or(
        ctx.cache,
        |p| may_be_listed(p.status),
        |rel, s| {
            let stem = std::path::Path::new(rel).file_stem().unwrap_or_default();
            ids.push(stem.to_string_lossy().into_owned());
            tickets.extend(s);
            Ok(())
        },
        // A broken record must not hide the morning list: it is named at the end.
        |e| {
            unreadable.push(e);
            Ok(())
        },
    )?;
    let id_len = short_id_len(ids.iter().map(String::as_str));
    let lines: Vec<_> = overdue(&tickets, policy, ctx.now, window)
        .into_iter()
        .filter(|l| level.is_none_or(|n| l.level == n))
        .filter(|l| {
            assignee.as_ref().is_none_or(|a| {
                l.assignee
                    .as_deref()
                    .is_some_and(|h| h.eq_ignore_ascii_case(a))
            })
        })
        .collect();
    let tz = policy.calendar.tz();
    let rows_out: Vec<Row> = lines
        .iter()
        .map(|l| Row {
            id: l.id.clone(),
            deadline: l.deadline,
            due: l.due.with_timezone(&tz).fixed_offset().to_rfc3339(),
            late: l.late,
            left: l.left,
            state: l.state,
            customer: l.customer.clone(),
            vip: l.vip,
            title: l.title.clone(),
            kind: l.kind.clone(),
            assignee: l.assignee.clone().unwrap_or_default(),
            level: l.level,
        })
        .collect();
    match args.output.format {
        Format::Json => json(&rows_out)?,
        Format::Csv => {
            let headers = [
                "id", "deadline", "due", "late", "left", "state", "customer", "vip", "title",
                "kind", "assignee", "level",
            ];
            let cells = rows_out.iter().map(|r| {
                vec![
                    r.id.clone(),
                    r.deadline.to_string(),
                    r.due.clone(),
                    r.late.to_string(),
                    r.left.to_string(),
                    match r.state {
                        Urgency::Overdue => "overdue",
                        Urgency::DueSoon => "due_soon",
                    }
                    .to_string(),
                    r.customer.clone(),
                    r.vip.to_string(),
                    r.title.clone(),
                    r.kind.clone(),
                    r.assignee.clone(),
                    r.level.to_string(),
                ]
            });
            machine(Format::Csv, &headers, cells)?;
        }
        format @ (Format::Table | Format::Markdown) => {
            let names = desk.names();
            let how_late = |l: &crate::policy::overdue::Line| match l.state {
                Urgency::Overdue => names.working(l.late),
                Urgency::DueSoon => t!("overdue-in", time = format::calendar(l.left)),
            };
            let rows: Vec<Vec<String>> = lines
                .iter()
                .map(|l| {
                    let vip = if l.vip { "★" } else { "" };
                    let deadline = match l.state {
                        Urgency::Overdue if l.deadline == "promise" => {
                            t!("deadline-promise-broken")
                        }
                        _ => word("deadline", l.deadline),
                    };
                    let id = match format {
                        Format::Table => l.id[..id_len.min(l.id.len())].to_string(),
                        _ => l.id.clone(),
                    };
                    vec![
                        id,
                        format!("{vip}{}", l.customer),
                        deadline,
                        format::short(l.due, tz),
                        how_late(l),
                        l.assignee
                            .as_deref()
                            .map(|a| names.person(a))
                            .unwrap_or_default(),
                        names.level(l.level),
                        l.title.clone(),
                    ]
                })
                .collect();
            let table = Table::new()
                .col(t!("col-id"))
                .col(t!("col-customer"))
                .cut(6)
                .drop(4)
                .col(t!("col-deadline"))
                .col(t!("col-due"))
                .drop(2)
                .col(t!("col-late"))
                .col(t!("col-holder"))
                .cut(6)
                .drop(3)
                .col(t!("col-level"))
                .drop(1)
                .col(t!("col-title"))
                .cut(20);
            if lines.is_empty() && format == Format::Table {
                say(&t!("overdue-none"));
            } else {
                human(format, ctx.width, &table, &rows)?;
                if format == Format::Table {
                    let missed = lines.iter().filter(|l| l.state == Urgency::Overdue).count();
                    say(&t!(
                        "overdue-summary",
                        missed = missed,
                        soon = lines.len() - missed
                    ));
                    say(&t!("legend-overdue"));
                }
            }
        }
    }
    let found = if args.exit_code && !lines.is_empty() {
        1
    } else {
        0
    };
    Ok(super::common::name_unreadable(unreadable).max(found))
}
