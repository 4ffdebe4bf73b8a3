//! `inkdesk handover`: two hand-overs of the service desk (交接).
//!
//! - Leave: an agent going away hands every ticket they hold to a colleague with one
//!   note (`--from A --to B --note`). Nothing is left without a holder.
//! - Shift (交接班): `--shift --to B` prints what the desk looks like — what happened
//!   since the shift began, what is open, every deadline missed or due soon — and records
//!   it with the outgoing person's key points as a message to the next shift, which B
//!   sees until read. `--log` lists the shift handovers recorded.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::lifecycle;
use crate::model::message::Message;
use crate::model::time::stamp;
use crate::store::read::ReadOptions;
use crate::summary::Summary;
use crate::summary::shift::{Tally, may_count};

use super::flags::{holder, instant_flag};
use super::inbox::{block, event_line};
use super::mutation::change_and_stage;
use super::output::{Format, FormatArgs, json};
use super::terminal::{out, out_drawn, say};
use crate::i18n::t;

// Hand over every ticket of one person (leave), or hand the shift over (交接班).
#[derive(Debug, clap::Args)]
pub struct Args {
    // Who is handing over (leave: every ticket they hold that is not closed moves).
    #[arg(long, conflicts_with_all = ["shift", "log"], required_unless_present_any = ["shift", "log"])]
    pub from: Option<String>,
    // Who takes the tickets, or the next shift.
    #[arg(long, required_unless_present = "log")]
    pub to: Option<String>,
    // The key points the colleague must know.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub note: Option<String>,
    // Hand the shift over: print the desk's state and record it for --to.
    #[arg(long, conflicts_with = "log")]
    pub shift: bool,
    // When the shift began (default: the last shift handover, else the start of the day).
    #[arg(long, value_name = "TIME", requires = "shift")]
    pub since: Option<String>,
    // List the shift handovers recorded, newest first.
    #[arg(long)]
    pub log: bool,
    #[command(flatten)]
    pub output: FormatArgs,
}

/// Runs `inkdesk handover`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    if args.log {
        return log(ctx, args);
    }
    if args.shift {
        return shift(ctx, args);
    }
    leave(ctx, args)
}

/// Hands every ticket of `--from` to `--to`.
fn leave(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let actor = ctx.actor(&desk)?;
    let policy = &desk.policy;
    let to = holder(policy, "--to", args.to.as_deref().unwrap_or_default())?;
    let given_from = args.from.as_deref().unwrap_or_default();
    let from = policy
        .staff(given_from)
        .map(|s| s.id.clone())
        .unwrap_or_else(|| given_from.trim().to_string());
    if from.eq_ignore_ascii_case(&to) {
        return Err(Error::input(
            "--to",
            t!("err-handover-same"),
            t!("hint-handover-same"),
        ));
    }
    let note = args.note.as_deref().map(str::trim).unwrap_or_default();
    if note.is_empty() {
        return Err(Error::input(
            "--note",
            t!("err-handover-note"),
            t!("hint-add-flag", flag = "--note"),
        ));
    }
    let names = desk.names();
    let mut tx = ctx.transaction(&desk, &actor)?;
    let mut moved = Vec::new();
    let open = |p: &crate::summary::Peek| p.status != "closed";
    let held = |s: &crate::summary::Summary| {
        s.facts
            .assignee
            .as_deref()
            .is_some_and(|a| a.eq_ignore_ascii_case(&from))
    };
    for (path, mut ticket) in desk.load_where(ctx.cache, open, held)? {
        change_and_stage(ctx, &desk, &mut tx, &actor, &path, &mut ticket, |t, act| {
            lifecycle::handover(t, act, &to, note);
            Ok(())
        })?;
        moved.push(ticket.id.to_string());
    }
    if moved.is_empty() {
        say(&t!("handover-nothing", from = names.person(&from)));
        return Ok(0);
    }
    let summary = t!(
        "handover-done",
        count = moved.len(),
        from = names.person(&from),
        to = names.person(&to)
    );
    tx.finish(&summary, "handover")?;
    say(&summary);
    out(&moved.iter().map(|id| format!("{id}\n")).collect::<String>())?;
    Ok(0)
}

/// Records the shift handover from the person acting to `--to`, and prints it.
fn shift(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let policy = &desk.policy;
    let from = ctx.staff_actor(&desk)?;
    let to = holder(policy, "--to", args.to.as_deref().unwrap_or_default())?;
    if from.eq_ignore_ascii_case(&to) {
        return Err(Error::input(
            "--to",
            t!("err-shift-same"),
            t!("hint-handover-same"),
        ));
    }
    let tz = policy.calendar.tz();
    let messages = desk.messages()?;
    let since = match &args.since {
        Some(text) => instant_flag(policy, "--since", text)?,
        // The shift began at the last handover, or at the start of today.
        None => messages
            .iter()
            .filter(|(_, m)| m.shift.is_some() && m.at.with_timezone(&chrono::Utc) <= ctx.now)
            .map(|(_, m)| m.at.with_timezone(&chrono::Utc))
            .max()
            .unwrap_or_else(|| {
                let today = ctx.now.with_timezone(&tz).date_naive();
                policy
                    .calendar
                    .instant(today.and_time(chrono::NaiveTime::MIN))
            }),
    };
    if since > ctx.now {
        return Err(Error::input(
            "--since",
            t!("err-since-future"),
            t!("hint-time-forms"),
        ));
    }
    let mut tally = Tally::new(
        policy,
        ctx.now,
        policy.file.limits.warning,
        stamp(since, tz),
    );
    let from_unix = since.timestamp();
    let unreadable = desk.read(
        ReadOptions::new(ctx.cache, |p: &crate::summary::Peek| {
            may_count(p, from_unix)
        }),
        |_, s: Option<&Summary>| {
            if let Some(s) = s {
                tally.add(s);
            }
            Ok(())
        },
    )?;
    if let Some(e) = unreadable.into_iter().next() {
        return Err(e);
    }
    let note = args
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    let message = Message {
        id: desk.fresh_message_id(ctx.now)?,
        at: stamp(ctx.now, tz),
        from,
        to,
        ticket: None,
        note,
        shift: Some(tally.finish()),
        read: None,
    };
    if let Some(p) = crate::policy::validate::message(&message, policy).first() {
        return Err(Error::input(
            &format!("--{}", p.field),
            p.message.clone(),
            t!("hint-fix-by-hand"),
        ));
    }
    let names = desk.names();
    let done = t!(
        "shift-done",
        from = names.person(&message.from),
        to = names.person(&message.to)
    );
    let mut tx = ctx.transaction(&desk, &message.from)?;
    tx.stage_message(&message, event_line(&message, &names))?;
    tx.finish(&done, "shift")?;
    match args.output.format {
        Format::Json => json(&message)?,
        _ => out_drawn(&block(&message, &names, tz, ctx.width))?,
    }
    say(&done);
    Ok(0)
}

/// Lists the shift handovers recorded, newest first.
fn log(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let names = desk.names();
    let tz = desk.policy.calendar.tz();
    let mut shifts: Vec<Message> = desk
        .messages()?
        .into_iter()
        .map(|(_, m)| m)
        .filter(|m| m.shift.is_some())
        .collect();
    shifts.reverse();
    match args.output.format {
        Format::Json => json(&shifts)?,
        _ if shifts.is_empty() => say(&t!("shift-none")),
        _ => {
            let blocks: Vec<String> = shifts
                .iter()
                .map(|m| block(m, &names, tz, ctx.width))
                .collect();
            out_drawn(&blocks.join("\n"))?;
        }
    }
    Ok(0)
}
