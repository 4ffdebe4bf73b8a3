//! `inkdesk escalate ID`: one level up the ladder, or to a named level with a reason.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::lifecycle;

use super::common::mutate_one;

/// Escalate a ticket one level up the ladder (agent → supervisor → manager), or to
/// --to LEVEL; skipping a level is logged as a skip.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ticket id or a unique prefix.
    pub id: String,
    /// The level to go to, by name or number (default: the next one).
    #[arg(long, value_name = "LEVEL")]
    pub to: Option<String>,
    /// Why it is escalated.
    #[arg(long)]
    pub reason: String,
}

/// Runs `inkdesk escalate`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    if args.reason.trim().is_empty() {
        return Err(Error::input(
            "--reason",
            "must say why",
            "add --reason \"…\"",
        ));
    }
    mutate_one(ctx, &args.id, |t, act| {
        let policy = act.policy;
        let to = args
            .to
            .as_deref()
            .map(|l| {
                policy.level(l).ok_or_else(|| {
                    Error::input(
                        "--to",
                        format!("`{l}` is not on the ladder"),
                        format!("use one of {}", policy.ladder().join(", ")),
                    )
                })
            })
            .transpose()?;
        let from = t.level;
        let level = lifecycle::escalate(t, act, to, args.reason.trim(), None)?;
        let skip = if level > from + 1 {
            " (skipped a level)"
        } else {
            ""
        };
        let holder = t.assignee.as_deref().unwrap_or("(nobody)");
        Ok(format!(
            "{}: escalated to {}{skip}, now held by {holder}",
            t.id,
            policy.level_name(level)
        ))
    })
}
