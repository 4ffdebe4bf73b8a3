//! `inkdesk list`: tickets filtered by status, kind, holder, customer, level, period, text.

use chrono::{DateTime, FixedOffset};
use rayon::prelude::*;
use serde::Serialize;

use crate::context::Ctx;
use crate::error::Result;
use crate::store::read_ticket_text;

use crate::model::{Priority, Status};
use crate::store::read::ReadOptions;
use crate::summary::{Peek, Summary, TicketFacts, facts};

use super::flags::{instant_flag, level_flag};
use super::ids::Ids;
use super::output::{
    CsvStream, Format, FormatArgs, JsonStream, TextStream, markdown_head, markdown_row,
};
use super::table::Table;
use super::terminal::say;
use crate::i18n::format;
use crate::i18n::t;
use crate::i18n::words::word;
use unicode_width::UnicodeWidthStr;

// List tickets (by default every ticket that is not closed), oldest first.
#[derive(Debug, clap::Args)]
pub struct Args {
    // Only these statuses (repeatable): open, waiting, resolved, closed.
    #[arg(long)]
    pub status: Vec<Status>,
    // Include closed tickets.
    #[arg(long, conflicts_with = "status")]
    pub all: bool,
    // Only this kind.
    #[arg(long)]
    pub kind: Option<String>,
    // Only complaints that came in this way (visit, phone, letter, book, online).
    #[arg(long, value_name = "CHANNEL")]
    pub channel: Option<String>,
    // Only tickets held by this person.
    #[arg(long)]
    pub assignee: Option<String>,
    // Only customers whose name or company contains this text.
    #[arg(long)]
    pub customer: Option<String>,
    // Only this escalation level (number or name).
    #[arg(long)]
    pub level: Option<String>,
    // Only tickets opened at or after this time (a date means its start).
    #[arg(long, value_name = "TIME|DATE")]
    pub opened_since: Option<String>,
    // Only tickets opened before this time (a date means the end of that day).
    #[arg(long, value_name = "TIME|DATE")]
    pub opened_until: Option<String>,
    // Only tickets whose texts (title, description, notes, customer) contain this.
    #[arg(long)]
    pub grep: Option<String>,
    // Print only the ids, one a line (for scripts and shell completion).
    #[arg(long, conflicts_with = "format")]
    pub ids: bool,
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
    channel: String,
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
            channel: f.channel.unwrap_or_default(),
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
    let kind = args
        .kind
        .as_deref()
        .map(|k| desk.template(k, "--kind").map(|t| t.kind.clone()))
        .transpose()?;
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
    let channel = args
        .channel
        .as_deref()
        .map(super::flags::channel_flag)
        .transpose()?;
    let lower = |s: &str| s.to_lowercase();
    // What the index's peek decides (status, opening time), then the rest.
    let by_peek = |p: &Peek| {
        Status::parse(p.status).is_ok_and(|s| statuses.contains(&s))
            && since.is_none_or(|s| p.opened.time() >= s)
            && until.is_none_or(|u| p.opened.time() < u)
    };
    let keep = |f: &TicketFacts| {
        by_peek(&f.peek())
            && kind.as_ref().is_none_or(|k| &f.kind == k)
            && channel
                .as_ref()
                .is_none_or(|c| f.channel.as_ref() == Some(c))
            && args.assignee.as_ref().is_none_or(|a| {
                f.assignee.as_deref().is_some_and(|h| {
                    h.eq_ignore_ascii_case(a)
                        || policy
                            .staff(a.trim())
                            .is_some_and(|s| s.id.eq_ignore_ascii_case(h))
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
    let names = desk.names();
    let tz = policy.calendar.tz();
    let csv_cells = |r: &Row| {
        vec![
            r.id.to_string(),
            r.title.to_string(),
            r.kind.to_string(),
            r.status.to_string(),
            r.priority.to_string(),
            r.channel.to_string(),
            r.level.to_string(),
            r.assignee.to_string(),
            r.department.to_string(),
            r.customer.to_string(),
            r.company.to_string(),
            r.vip.to_string(),
            r.opened.to_rfc3339(),
            r.due_resolution.map(|d| d.to_rfc3339()).unwrap_or_default(),
        ]
    };
    let human_cells = |r: &Row, id_len: Option<usize>| {
        let vip = if r.vip { "★" } else { "" };
        let id = match id_len {
            Some(n) => r.id[..n.min(r.id.len())].to_string(),
            None => r.id.clone(),
        };
        vec![
            id,
            format::day(r.opened, tz),
            names.kind(&r.kind),
            word("status", &r.status),
            priority_mark(&r.priority).to_string(),
            names.level(r.level),
            names.person(&r.assignee),
            format!("{vip}{}", r.customer),
            r.title.clone(),
        ]
    };
    let table = Table::new()
        .col(t!("col-id"))
        .col(t!("col-opened"))
        .drop(2)
        .col(t!("col-kind"))
        .cut(4)
        .drop(3)
        .col(t!("col-status"))
        .col("!")
        .drop(5)
        .col(t!("col-level"))
        .drop(1)
        .col(t!("col-holder"))
        .cut(6)
        .drop(4)
        .col(t!("col-customer"))
        .cut(6)
        .drop(6)
        .col(t!("col-title"))
        .cut(20);
    // A record that cannot be read does not hide the others: it is named at the end.
    let mut unreadable = Vec::new();
    // The rows, handed to `emit` in the order of opening. The texts --grep searches
    // (description, notes) are in the YAML only, which is read in parallel and the few
    // rows found sorted; otherwise the rows stream from the index in path order — a
    // month's folder, then ids, which begin with the opening time to four seconds —
    // the rows of one four-second tick put in order before they go out, so that a long
    // list needs no more memory than a short one.
    // `ids`, when given, is told every ticket's id, listed or not.
    let mut rows_of =
        |emit: &mut dyn FnMut(Row) -> Result<()>, mut ids: Option<&mut Ids>| -> Result<()> {
            unreadable.clear();
            match &args.grep {
                Some(g) => {
                    let g = lower(g);
                    let files = desk.record_files()?;
                    if let Some(ids) = &mut ids {
                        for path in &files {
                            ids.push_file(&path.to_string_lossy());
                        }
                    }
                    let found: Vec<Result<Option<Row>>> = files
                        .par_iter()
                        .map(|path| {
                            let (_, t) = read_ticket_text(path)?;
                            let f = facts(&t, policy);
                            let hit = t.texts().any(|x| lower(x).contains(&g)) && keep(&f);
                            Ok(hit.then(|| Row::of(f)))
                        })
                        .collect();
                    let mut rows = Vec::new();
                    for r in found {
                        match r {
                            Ok(row) => rows.extend(row),
                            Err(e) => unreadable.push(e),
                        }
                    }
                    rows.sort_by(|a, b| (a.opened, &a.id).cmp(&(b.opened, &b.id)));
                    rows.into_iter().try_for_each(emit)
                }
                None => {
                    let mut tick: Vec<Row> = Vec::new();
                    let flush = |tick: &mut Vec<Row>, emit: &mut dyn FnMut(Row) -> Result<()>| {
                        tick.sort_by(|a, b| (a.opened, &a.id).cmp(&(b.opened, &b.id)));
                        tick.drain(..).try_for_each(&mut *emit)
                    };
                    let skipped = desk.read(
                        ReadOptions::new(ctx.cache, by_peek).skipping_unreadable(),
                        |rel, s: Option<&Summary>| {
                            if let Some(ids) = &mut ids {
                                ids.push_file(rel);
                            }
                            if let Some(s) = s.filter(|s| keep(&s.facts)) {
                                let row = Row::of(s.facts.clone());
                                if tick
                                    .first()
                                    .is_some_and(|r| r.id.get(..6) != row.id.get(..6))
                                {
                                    flush(&mut tick, emit)?;
                                }
                                tick.push(row);
                            }
                            Ok(())
                        },
                    )?;
                    unreadable.extend(skipped);
                    flush(&mut tick, emit)
                }
            }
        };
    match args.output.format {
        _ if args.ids => {
            let mut out = TextStream::new();
            rows_of(&mut |r| out.push(&format!("{}\n", r.id)), None)?;
            out.finish()?;
        }
        Format::Json => {
            let mut out = JsonStream::new();
            rows_of(&mut |r| out.push(&r), None)?;
            out.finish()?;
        }
        Format::Csv => {
            let mut out = CsvStream::new(&MACHINE_HEADERS)?;
            rows_of(&mut |r| out.push(csv_cells(&r)), None)?;
            out.finish()?;
        }
        Format::Markdown => {
            let mut out = TextStream::new();
            out.push(&markdown_head(&table.heads()))?;
            rows_of(
                &mut |r| out.push(&markdown_row(&human_cells(&r, None))),
                None,
            )?;
            out.finish()?;
        }
        Format::Table => {
            // Short ids must tell apart every ticket of the desk, listed or not. The
            // first pass (measuring) keeps every id, 12 bytes each, and finds how long
            // they must be; the second prints them that long.
            let ids = std::cell::RefCell::new(Ids::default());
            let id_len = std::cell::Cell::new(None::<usize>);
            let mut count = 0;
            table.print_replayed_measured(
                ctx.width,
                |each| {
                    count = 0;
                    let first = id_len.get().is_none();
                    let mut kept = ids.borrow_mut();
                    rows_of(
                        &mut |r| {
                            count += 1;
                            each(human_cells(&r, id_len.get()))
                        },
                        if first { Some(&mut *kept) } else { None },
                    )
                },
                |natural| {
                    let n = ids.take().short_len();
                    id_len.set(Some(n));
                    natural[0] = natural[0].min(n.max(t!("col-id").width()));
                },
            )?;
            say(&t!("list-count", count = count));
            say(&t!("legend-marks"));
        }
    }
    Ok(super::output::name_unreadable(unreadable))
}

/// The columns of `list --format csv`, the same in every language.
const MACHINE_HEADERS: [&str; 14] = [
    "id",
    "title",
    "kind",
    "status",
    "priority",
    "channel",
    "level",
    "assignee",
    "department",
    "customer",
    "company",
    "vip",
    "opened",
    "due_resolution",
];

/// One character for the priority column: `!` urgent, `↓` low, blank for normal.
fn priority_mark(p: &str) -> &'static str {
    match Priority::parse(p) {
        Ok(Priority::Urgent) => "!",
        Ok(Priority::Low) => "↓",
        _ => "",
    }
}
