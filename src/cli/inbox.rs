//! `inkdesk inbox`: the messages left for someone (留言) and the shift handovers
//! addressed to them, oldest first; `--read` marks them read, after which only `--all`
//! shows them. The morning list (`overdue --mine`) shows the same unread ones first.

use chrono_tz::Tz;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::i18n::format;
use crate::i18n::words::word;
use crate::i18n::{Names, t};
use crate::model::id::canonical_prefix;
use crate::model::message::{Message, Shift};
use crate::model::time::stamp;
use crate::store::Desk;

use super::output::{Format, FormatArgs, json};
use super::table::wrap;
use super::terminal::{clean, out_drawn, say};

/// How many deadlines a handover names in each list before "and N more".
const NAMED: usize = 8;

// Show the messages left for you (or someone) and mark them read.
#[derive(Debug, clap::Args)]
pub struct Args {
    // Whose messages (default: yours).
    #[arg(long = "for", value_name = "STAFF")]
    pub whose: Option<String>,
    // Also the messages already read.
    #[arg(long)]
    pub all: bool,
    // Mark the messages shown read (yours only).
    #[arg(long)]
    pub read: bool,
    // Only these messages (ids or unique starts).
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    #[command(flatten)]
    pub output: FormatArgs,
}

/// Runs `inkdesk inbox`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let names = desk.names();
    let who = match &args.whose {
        Some(w) => desk
            .policy
            .staff(w)
            .map(|s| s.id.clone())
            .unwrap_or_else(|| w.trim().to_string()),
        None => ctx.staff_actor(&desk)?,
    };
    let wanted = args
        .ids
        .iter()
        .map(|i| canonical_prefix(i).map_err(|m| Error::input("ID", m, t!("hint-id-letters"))))
        .collect::<Result<Vec<_>>>()?;
    let mut shown: Vec<(std::path::PathBuf, Message)> = desk
        .messages()?
        .into_iter()
        .filter(|(_, m)| m.is_for(&who) && (args.all || m.unread() || !wanted.is_empty()))
        .filter(|(_, m)| wanted.is_empty() || wanted.iter().any(|w| m.id.as_str().starts_with(w)))
        .collect();
    for (w, given) in wanted.iter().zip(&args.ids) {
        if !shown.iter().any(|(_, m)| m.id.as_str().starts_with(w)) {
            return Err(Error::input(
                "ID",
                t!(
                    "err-no-message",
                    id = given.as_str(),
                    who = names.person(&who)
                ),
                t!("hint-inbox-all"),
            ));
        }
    }
    if args.read {
        let actor = ctx.staff_actor(&desk)?;
        if !actor.eq_ignore_ascii_case(&who) {
            return Err(Error::input(
                "--read",
                t!("err-read-not-yours", who = names.person(&who)),
                t!("hint-read-as", who = as_flag(&names.person(&who))),
            ));
        }
        let at = stamp(ctx.now, desk.policy.calendar.tz());
        let mut tx = ctx.transaction(&desk, &actor)?;
        let mut marked = 0;
        for (_, m) in shown.iter_mut() {
            if m.mark_read(&actor, at) {
                tx.stage_message(m, t!("inbox-read-line", id = m.id.to_string()))?;
                marked += 1;
            }
        }
        let done = t!("inbox-read-done", count = marked, who = names.person(&who));
        tx.finish(&done, "read")?;
        show(&desk, ctx.width, &names, &who, &shown, args.output.format)?;
        say(&done);
        return Ok(0);
    }
    show(&desk, ctx.width, &names, &who, &shown, args.output.format)?;
    let unread = shown.iter().filter(|(_, m)| m.unread()).count();
    if unread > 0 && args.output.format == Format::Table {
        say(&t!("inbox-hint-read"));
    }
    Ok(0)
}

fn show(
    desk: &Desk,
    width: usize,
    names: &Names,
    who: &str,
    shown: &[(std::path::PathBuf, Message)],
    format: Format,
) -> Result<()> {
    match format {
        Format::Json => json(&shown.iter().map(|(_, m)| m).collect::<Vec<_>>()),
        Format::Csv => super::output::csv(
            &["id", "at", "from", "to", "ticket", "note", "read"],
            shown.iter().map(|(_, m)| {
                vec![
                    m.id.to_string(),
                    m.at.to_rfc3339(),
                    m.from.clone(),
                    m.to.clone(),
                    m.ticket.as_ref().map(|t| t.to_string()).unwrap_or_default(),
                    m.note.clone().unwrap_or_default(),
                    m.read
                        .as_ref()
                        .map(|r| r.at.to_rfc3339())
                        .unwrap_or_default(),
                ]
            }),
        ),
        Format::Table | Format::Markdown => {
            if shown.is_empty() {
                say(&t!("inbox-none", who = names.person(who)));
                return Ok(());
            }
            let tz = desk.policy.calendar.tz();
            let blocks: Vec<String> = shown
                .iter()
                .map(|(_, m)| block(m, names, tz, width))
                .collect();
            out_drawn(&blocks.join("\n"))
        }
    }
}

/// A message as a person reads it: a head line (id, when, from → to, the ticket or
/// "shift handover", "read" once read), then its text wrapped under it.
pub fn block(m: &Message, names: &Names, tz: Tz, width: usize) -> String {
    let mut head = vec![
        m.id.to_string(),
        format::short(m.at, tz),
        format!("{} → {}", names.person(&m.from), names.person(&m.to)),
    ];
    if m.shift.is_some() {
        head.push(t!("message-shift"));
    }
    if let Some(ticket) = &m.ticket {
        head.push(t!("message-ticket", id = ticket.to_string()));
    }
    if let Some(read) = &m.read {
        head.push(t!("message-read", at = format::short(read.at, tz)));
    }
    let mut lines: Vec<String> = Vec::new();
    if let Some(shift) = &m.shift {
        lines.extend(shift_lines(shift, tz));
    }
    if let Some(note) = &m.note {
        let note = clean_keeping_lines(note);
        lines.push(match m.shift {
            Some(_) => t!("shift-note", note = note),
            None => note,
        });
    }
    let mut text = format!("{}\n", wrap(&clean(&head.join("  ")), width));
    for line in lines {
        for l in wrap(&line, width.saturating_sub(2)).lines() {
            text += &format!("  {l}\n");
        }
    }
    text
}

/// A note's lines, each made safe for the terminal.
fn clean_keeping_lines(text: &str) -> String {
    text.lines().map(clean).collect::<Vec<_>>().join("\n")
}

/// A shift's figures as lines: what happened since it began, what is open, then the
/// deadlines missed and due soon (the first few named).
pub fn shift_lines(shift: &Shift, tz: Tz) -> Vec<String> {
    let mut lines = Vec::new();
    let counts = t!(
        "shift-during",
        opened = shift.opened,
        resolved = shift.resolved,
        closed = shift.closed
    );
    lines.push(match shift.since {
        Some(since) => t!(
            "shift-since",
            since = format::short(since, tz),
            counts = counts
        ),
        None => counts,
    });
    lines.push(t!(
        "shift-open",
        open = shift.open,
        waiting = shift.waiting,
        callbacks = shift.callbacks
    ));
    let mut owed = |missed: bool, list: &[crate::model::message::Owed]| {
        if list.is_empty() {
            return;
        }
        lines.push(match missed {
            true => t!("shift-overdue", count = list.len()),
            false => t!("shift-soon", count = list.len()),
        });
        for o in list.iter().take(NAMED) {
            lines.push(format!(
                "· {}  {}  {}",
                o.ticket,
                word("deadline", &o.deadline),
                format::short(o.due, tz)
            ));
        }
        if list.len() > NAMED {
            lines.push(t!("shift-more", count = list.len() - NAMED));
        }
    };
    owed(true, &shift.overdue);
    owed(false, &shift.soon);
    lines
}

/// A message's line in the commit that records it.
pub fn event_line(m: &Message, names: &Names) -> String {
    let what = match &m.shift {
        Some(_) => t!("message-shift"),
        None => word("action", "message"),
    };
    let note = m.note.as_deref().map(clean).unwrap_or_default();
    format!(
        "{what} · {} → {} · {note}",
        names.person(&m.from),
        names.person(&m.to)
    )
    .trim_end_matches(" · ")
    .to_string()
}

/// The unread messages for `who`, as the morning list shows them first; the files that
/// cannot be read are named on stderr and counted (the list is never hidden by them).
pub fn print_unread(desk: &Desk, names: &Names, who: &str, width: usize) -> Result<usize> {
    let (messages, broken) = desk.read_messages()?;
    for e in &broken {
        super::report_error(&e.to_string(), e.hint().as_deref());
    }
    let unread: Vec<&Message> = messages
        .iter()
        .map(|(_, m)| m)
        .filter(|m| m.is_for(who) && m.unread())
        .collect();
    if !unread.is_empty() {
        let tz = desk.policy.calendar.tz();
        let heading = t!(
            "overdue-messages",
            count = unread.len(),
            who = names.person(who)
        );
        let mut text = format!("{}\n", wrap(&heading, width));
        for m in &unread {
            text += &block(m, names, tz, width);
        }
        out_drawn(&format!("{text}\n"))?;
    }
    Ok(broken.len())
}

/// How many unread messages each person has, for the whole desk's morning list; the
/// files that cannot be read are named on stderr and counted.
pub fn unread_by_person(desk: &Desk) -> Result<(Vec<(String, usize)>, usize)> {
    let (messages, broken) = desk.read_messages()?;
    for e in &broken {
        super::report_error(&e.to_string(), e.hint().as_deref());
    }
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    for (_, m) in messages.iter().filter(|(_, m)| m.unread()) {
        *counts.entry(m.to.to_lowercase()).or_default() += 1;
    }
    Ok((counts.into_iter().collect(), broken.len()))
}

/// A person's name as `--as` takes it: quoted when it holds a space.
fn as_flag(name: &str) -> String {
    match name.contains(char::is_whitespace) {
        true => format!("\"{name}\""),
        false => name.to_string(),
    }
}
