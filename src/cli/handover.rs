//! `inkdesk handover`: an agent going on leave hands every ticket they hold to a
//! colleague with one note (交接). Nothing is left without a holder.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::lifecycle;

use super::flags::holder;
use super::mutation::change_and_stage;
use super::terminal::{out, say};
use crate::i18n::t;

// Move every ticket held by one person that is not closed to another, with a note.
#[derive(Debug, clap::Args)]
pub struct Args {
    // Who is handing over.
    #[arg(long)]
    pub from: String,
    // Who takes the tickets.
    #[arg(long)]
    pub to: String,
    // The key points the colleague must know.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub note: String,
}

/// Runs `inkdesk handover`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let actor = ctx.actor(&desk)?;
    let policy = &desk.policy;
    let to = holder(policy, "--to", &args.to)?;
    let from = policy
        .staff(&args.from)
        .map(|s| s.id.clone())
        .unwrap_or_else(|| args.from.trim().to_string());
    if from.eq_ignore_ascii_case(&to) {
        return Err(Error::input(
            "--to",
            t!("err-handover-same"),
            t!("hint-handover-same"),
        ));
    }
    if args.note.trim().is_empty() {
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
            lifecycle::handover(t, act, &to, args.note.trim());
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
