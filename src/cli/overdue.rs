//! `inkdesk overdue`: the supervisor's morning list and cron's hourly check.

use serde::Serialize;

use crate::context::Ctx;
use crate::error::Result;
use crate::i18n::format;
use crate::i18n::t;
use crate::i18n::words::word;
use crate::model::id::Packed;
use crate::policy::Span;
use crate::store::read::ReadOptions;
use crate::store::read::spill::{Place, Sealed, Spill};
use crate::summary::overdue::{Line, Urgency, lines_of, may_be_listed, order_of};
use crate::summary::{Peek, Summary};

use super::flags::level_flag;
use super::ids::Ids;
use super::output::{Format, FormatArgs, JsonStream, TextStream, markdown_head, markdown_row};
use super::table::Table;
use super::terminal::say;

// List every missed deadline of every ticket that is not closed — first contact,
// progress contact, resolution, promise, callback — most serious first, and what falls
// due soon.
#[derive(Debug, clap::Args)]
pub struct Args {
    // Also list deadlines falling due within this (default: the policy's warning window).
    #[arg(long, value_name = "DURATION")]
    pub within: Option<Span>,
    // Only tickets held by this person (and the messages left for them).
    #[arg(long)]
    pub assignee: Option<String>,
    // Only your tickets, and the messages left for you first.
    #[arg(long, conflicts_with = "assignee")]
    pub mine: bool,
    // Only tickets at this escalation level (number or name).
    #[arg(long)]
    pub level: Option<String>,
    // Exit 1 when anything is listed, 0 when nothing is (for `cron … || mail`).
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
    let assignee = match args.mine {
        true => Some(ctx.staff_actor(&desk)?),
        false => args.assignee.as_deref().map(|a| {
            policy
                .staff(a)
                .map(|s| s.id.clone())
                .unwrap_or_else(|| a.trim().to_string())
        }),
    };
    let window = args.within.unwrap_or(policy.file.limits.warning);
    // Short ids must be unique among every ticket, listed or not; a record file is
    // named by its ticket's id. Only the table shortens them, so only it keeps them.
    // The lines are worked out ticket by ticket as the records come, and only they are
    // kept: the list of a big desk holds no ticket it does not show.
    let table_ids = args.output.format == Format::Table;
    let mut ids = Ids::default();
    // Of each line only what orders it is held; its texts wait in a spill file.
    let mut kept: Vec<Kept> = Vec::new();
    let mut spill = Spill::new(&desk.root.join(crate::store::SCRATCH_DIR));
    let window_span = window;
    // A broken record must not hide the morning list: it is named at the end.
    let unreadable = desk.read(
        ReadOptions::new(ctx.cache, |p: &Peek| may_be_listed(p.status)).skipping_unreadable(),
        |rel, s: Option<&Summary>| {
            if table_ids {
                ids.push_file(rel);
            }
            if let Some(s) = s {
                for l in lines_of(s, policy, ctx.now, window_span) {
                    let held = assignee.as_ref().is_none_or(|a| {
                        l.assignee
                            .as_deref()
                            .is_some_and(|h| h.eq_ignore_ascii_case(a))
                    });
                    if level.is_none_or(|n| l.level == n) && held {
                        kept.push(Kept::of(l, &mut spill)?);
                    }
                }
            }
            Ok(())
        },
    )?;
    kept.sort_by_cached_key(|k| {
        order_of(k.state, k.deadline, k.late, k.left, k.vip, k.due, k.id())
    });
    let texts = spill.seal()?;
    let line_of = |k: &Kept| k.line_with(&texts);
    let id_len = ids.short_len();
    drop(ids);
    let tz = policy.calendar.tz();
    let row_of = |l: &crate::summary::overdue::Line| Row {
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
    };
    let mut broken_messages = 0;
    match args.output.format {
        Format::Json => {
            let mut out = JsonStream::new();
            for k in &kept {
                out.push(&row_of(&line_of(k)?))?;
            }
            out.finish()?;
        }
        Format::Csv => {
            let headers = [
                "id", "deadline", "due", "late", "left", "state", "customer", "vip", "title",
                "kind", "assignee", "level",
            ];
            let mut out = super::output::CsvStream::new(&headers)?;
            for k in &kept {
                let r = row_of(&line_of(k)?);
                out.push(vec![
                    r.id,
                    r.deadline.to_string(),
                    r.due,
                    r.late.to_string(),
                    r.left.to_string(),
                    match r.state {
                        Urgency::Overdue => "overdue",
                        Urgency::DueSoon => "due_soon",
                    }
                    .to_string(),
                    r.customer,
                    r.vip.to_string(),
                    r.title,
                    r.kind,
                    r.assignee,
                    r.level.to_string(),
                ])?;
            }
            out.finish()?;
        }
        format @ (Format::Table | Format::Markdown) => {
            let names = desk.names();
            // The messages left for the person come first; the whole desk's list
            // says who has messages waiting.
            broken_messages = match &assignee {
                Some(who) => super::inbox::print_unread(&desk, &names, who, ctx.width)?,
                None => {
                    let (counts, broken) = super::inbox::unread_by_person(&desk)?;
                    if !counts.is_empty() {
                        let each: Vec<String> = counts
                            .iter()
                            .map(|(who, n)| format!("{} {n}", names.person(who)))
                            .collect();
                        say(&t!(
                            "overdue-messages-waiting",
                            list = each.join(&t!("sep-list"))
                        ));
                    }
                    broken
                }
            };
            let (late, soon) = by_ticket(&kept);
            let id_of = |l: &Line| match format {
                Format::Table => l.id[..id_len.min(l.id.len())].to_string(),
                _ => l.id.clone(),
            };
            let holder = |l: &Line| {
                l.assignee
                    .as_deref()
                    .map(|a| names.person(a))
                    .unwrap_or_default()
            };
            let customer = |l: &Line| format!("{}{}", if l.vip { "★" } else { "" }, l.customer);
            // A ticket's worst missed deadline, and how many more it has.
            let late_cells = |(k, more): &(usize, usize)| -> Result<Vec<String>> {
                let l = line_of(&kept[*k])?;
                let mut deadline = match l.deadline {
                    "promise" => t!("deadline-promise-broken"),
                    d => word("deadline", d),
                };
                if *more > 0 {
                    deadline += &t!("overdue-more", count = *more);
                }
                let how_late = if l.late == 0 {
                    t!("overdue-just-due")
                } else {
                    names.working(l.late)
                };
                Ok(vec![
                    id_of(&l),
                    customer(&l),
                    deadline,
                    format::short(l.due, tz),
                    how_late,
                    holder(&l),
                    names.level(l.level),
                    l.title.clone(),
                ])
            };
            let soon_cells = |(k, _): &(usize, usize)| -> Result<Vec<String>> {
                let l = line_of(&kept[*k])?;
                Ok(vec![
                    id_of(&l),
                    customer(&l),
                    word("deadline", l.deadline),
                    format::short(l.due, tz),
                    t!("overdue-in", time = format::calendar(l.left)),
                    holder(&l),
                    names.level(l.level),
                    l.title.clone(),
                ])
            };
            // The customer is who staff call back: kept whole before the title is cut.
            let table = |when: String| {
                Table::new()
                    .col(t!("col-id"))
                    .col(t!("col-customer"))
                    .cut_last(8)
                    .col(t!("col-deadline"))
                    .col(t!("col-due"))
                    .drop(2)
                    .col(when)
                    .col(t!("col-holder"))
                    .cut(6)
                    .drop(3)
                    .col(t!("col-level"))
                    .drop(1)
                    .col(t!("col-title"))
                    .cut(8)
            };
            let (late_table, soon_table) = (table(t!("col-late")), table(t!("col-due-in")));
            if kept.is_empty() && format == Format::Table {
                say(&t!("overdue-none"));
            } else if format == Format::Markdown {
                let mut out = TextStream::new();
                out.push(&markdown_head(&late_table.heads()))?;
                for row in &late {
                    out.push(&markdown_row(&late_cells(row)?))?;
                }
                if !soon.is_empty() {
                    out.push(&format!("\n{}\n\n", t!("overdue-soon-heading")))?;
                    out.push(&markdown_head(&soon_table.heads()))?;
                    for row in &soon {
                        out.push(&markdown_row(&soon_cells(row)?))?;
                    }
                }
                out.finish()?;
            } else {
                if !late.is_empty() {
                    late_table.print_replayed(ctx.width, |each| {
                        late.iter().try_for_each(|row| each(late_cells(row)?))
                    })?;
                }
                if !soon.is_empty() {
                    let gap = if late.is_empty() { "" } else { "\n" };
                    super::terminal::out_drawn(&format!("{gap}{}\n", t!("overdue-soon-heading")))?;
                    soon_table.print_replayed(ctx.width, |each| {
                        soon.iter().try_for_each(|row| each(soon_cells(row)?))
                    })?;
                }
                say(&t!(
                    "overdue-summary",
                    missed = late.len(),
                    soon = soon.len()
                ));
                say(&t!("legend-overdue"));
            }
        }
    }
    let found = if args.exit_code && !kept.is_empty() {
        1
    } else {
        0
    };
    let unreadable_messages = if broken_messages > 0 { 2 } else { 0 };
    Ok(super::output::name_unreadable(unreadable)
        .max(found)
        .max(unreadable_messages))
}

/// A line of the list as it is held until the list is sorted: what orders it, and
/// where its texts (customer, title, kind, holder) were set aside.
struct Kept {
    id: Packed,
    deadline: &'static str,
    due: chrono::DateTime<chrono::Utc>,
    late: i64,
    left: i64,
    state: Urgency,
    vip: bool,
    level: u32,
    texts: Place,
}

impl Kept {
    fn of(line: Line, spill: &mut Spill) -> Result<Kept> {
        let mut texts = Vec::new();
        for text in [&line.customer, &line.title, &line.kind] {
            texts.extend_from_slice(text.as_bytes());
            texts.push(0);
        }
        if let Some(holder) = &line.assignee {
            texts.extend_from_slice(holder.as_bytes());
        }
        Ok(Kept {
            id: Packed::new(&line.id),
            deadline: line.deadline,
            due: line.due,
            late: line.late,
            left: line.left,
            state: line.state,
            vip: line.vip,
            level: line.level,
            texts: spill.put(&texts)?,
        })
    }

    fn id(&self) -> &str {
        self.id.as_str()
    }

    /// The whole line, its texts read back.
    fn line_with(&self, texts: &Sealed) -> Result<Line> {
        let bytes = texts.get(self.texts)?;
        let mut parts = bytes
            .split(|b| *b == 0)
            .map(|p| String::from_utf8_lossy(p).into_owned());
        Ok(Line {
            id: self.id().to_string(),
            deadline: self.deadline,
            due: self.due,
            late: self.late,
            left: self.left,
            state: self.state,
            customer: parts.next().unwrap_or_default(),
            vip: self.vip,
            title: parts.next().unwrap_or_default(),
            kind: parts.next().unwrap_or_default(),
            assignee: parts.next().filter(|h| !h.is_empty()),
            level: self.level,
        })
    }
}

/// A ticket of the list: the place of its worst line, and how many more it missed.
type TicketRow = (usize, usize);

/// The list's tickets, each by its worst line (the lines are in the list's order): those
/// with a missed deadline, with how many more they missed, then those only due soon.
fn by_ticket(kept: &[Kept]) -> (Vec<TicketRow>, Vec<TicketRow>) {
    let mut seen: std::collections::HashMap<&str, (bool, usize)> = Default::default();
    let (mut late, mut soon): (Vec<TicketRow>, Vec<TicketRow>) = (Vec::new(), Vec::new());
    for (k, line) in kept.iter().enumerate() {
        let overdue = line.state == Urgency::Overdue;
        match seen.get(line.id()) {
            Some((true, at)) if overdue => late[*at].1 += 1,
            Some(_) => {}
            None if overdue => {
                seen.insert(line.id(), (true, late.len()));
                late.push((k, 0));
            }
            None => {
                seen.insert(line.id(), (false, soon.len()));
                soon.push((k, 0));
            }
        }
    }
    (late, soon)
}
