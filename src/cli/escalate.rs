//! `inkdesk escalate`: one ticket up the ladder by hand, or `--auto`: the policy's
//! rules applied to every ticket, for cron.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::lifecycle;
use crate::policy::escalation;

use super::flags::level_flag;
use super::mutation::{change_and_stage, mutate_one};
use super::refusal::refused;
use super::terminal::clean;
use super::terminal::say;
use crate::i18n::t;
use crate::i18n::words::word;

// Escalate a ticket one level up the ladder (agent → supervisor → manager), or to
// --to LEVEL (a skip is logged as one); or with --auto apply the policy's rules to
// every ticket that is not resolved or closed.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The ticket id or a unique prefix.
    #[arg(required_unless_present = "auto", conflicts_with = "auto")]
    pub id: Option<String>,
    // The level to go to, by name or number (default: the next one).
    #[arg(long, value_name = "LEVEL", conflicts_with = "auto")]
    pub to: Option<String>,
    // Why it is escalated.
    #[arg(
        long,
        required_unless_present = "auto",
        conflicts_with = "auto",
        allow_hyphen_values = true, value_parser = super::flags::text
    )]
    pub reason: Option<String>,
    // Apply the policy's escalation rules to every ticket; prints one line per ticket
    // escalated and nothing when nothing was due.
    #[arg(long)]
    pub auto: bool,
}

/// Runs `inkdesk escalate`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    match (&args.id, &args.reason) {
        (Some(id), Some(reason)) => by_hand(ctx, id, args.to.as_deref(), reason),
        _ => auto(ctx),
    }
}

fn by_hand(ctx: &Ctx, id: &str, to: Option<&str>, reason: &str) -> Result<i32> {
    if reason.trim().is_empty() {
        return Err(Error::input(
            "--reason",
            t!("err-reason-escalate"),
            t!("hint-add-flag", flag = "--reason"),
        ));
    }
    mutate_one(ctx, id, "escalate", |t, act| {
        let policy = act.policy;
        let names = policy.names(&Default::default());
        let to = to.map(|l| level_flag(policy, "--to", l)).transpose()?;
        let from = t.level;
        let level =
            lifecycle::escalate(t, act, to, reason.trim(), None).map_err(refused(act.policy))?;
        let skip = if level > from + 1 {
            t!("escalate-skipped")
        } else {
            String::new()
        };
        Ok(t!(
            "escalate-done",
            id = t.id.to_string(),
            level = names.level(level),
            skip = skip,
            reason = reason.trim(),
            holder = holder_name(t, &names)
        ))
    })
}

/// Who acts when cron runs the rules and nobody is named.
const AUTO_ACTOR: &str = "inkdesk";

fn auto(ctx: &Ctx) -> Result<i32> {
    let desk = ctx.desk()?;
    let actor = ctx.actor(&desk).unwrap_or_else(|_| AUTO_ACTOR.to_string());
    let policy = &desk.policy;
    let names = desk.names();
    let mut tx = ctx.transaction(&desk, &actor)?;
    let mut escalated = 0;
    let mut report = String::new();
    // Only an open or waiting ticket can be due for escalation; the rules read it in full.
    let active = |p: &crate::summary::Peek| matches!(p.status, "open" | "waiting");
    for (path, mut ticket) in desk.load_where(ctx.cache, active, |_| true)? {
        let Some(due) = escalation::called_for(&ticket, policy, ctx.now) else {
            continue;
        };
        if ticket.log.last().is_some_and(|e| e.at.to_utc() > ctx.now) {
            say(&t!("escalate-auto-skipped", id = ticket.id.to_string()));
            continue;
        }
        // The event records the rule; why it fired is told here and in the commit.
        change_and_stage(ctx, &desk, &mut tx, &actor, &path, &mut ticket, |t, act| {
            lifecycle::escalate(t, act, Some(due.to), "", Some(due.rule))
                .map_err(refused(act.policy))
        })?;
        escalated += 1;
        let vip = if ticket.customer.vip { "★" } else { "" };
        report += &t!(
            "escalate-auto-line",
            id = ticket.id.to_string(),
            level = names.level(due.to),
            rule = word("rule", due.rule),
            reason = due.reason.as_str(),
            customer = format!("{vip}{}", ticket.customer.name),
            title = ticket.title.as_str(),
            holder = holder_name(&ticket, &names)
        );
        report.push('\n');
    }
    tx.finish(&t!("escalate-auto-subject", count = escalated), "escalate")?;
    let safe: Vec<String> = report.lines().map(clean).collect();
    super::terminal::out_drawn(&safe.iter().map(|l| format!("{l}\n")).collect::<String>())?;
    Ok(0)
}

/// Who holds a ticket, as people read it.
fn holder_name(t: &crate::model::Ticket, names: &crate::i18n::Names) -> String {
    t.assignee
        .as_deref()
        .map(|a| names.person(a))
        .unwrap_or_else(|| t!("word-nobody"))
}
