//! `inkdesk verify`: the second check (复检) of a resolution, by someone other than the
//! resolver; a failed check sends the ticket back to its holder, reopened.

use crate::context::Ctx;
use crate::error::Result;
use crate::lifecycle::{self, CheckOutcome};

use super::mutation::mutate_one;
use super::refusal::refused;
use crate::i18n::t;

// Check a resolution (复检): --ok lets the ticket close after its callback, --redo sends
// it back to its holder with a reason. The checker must not be the resolver.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The ticket id or a unique prefix.
    pub id: String,
    // The resolution holds.
    #[arg(long, conflicts_with = "redo", required_unless_present = "redo")]
    pub ok: bool,
    // The resolution does not hold: reopen the ticket for its holder (needs --reason).
    #[arg(long)]
    pub redo: bool,
    // What was found (required with --redo).
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub reason: Option<String>,
}

/// Runs `inkdesk verify`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    mutate_one(ctx, &args.id, "verify", |t, act| {
        let outcome = lifecycle::verify(t, act, args.ok, args.reason.as_deref())
            .map_err(refused(act.policy))?;
        let id = t.id.to_string();
        let names = act.policy.names(&Default::default());
        Ok(match outcome {
            CheckOutcome::Closed => t!("verify-closed", id = id),
            CheckOutcome::Passed => t!("verify-passed", id = id),
            CheckOutcome::Redo => t!(
                "verify-redo",
                id = id,
                who = t
                    .assignee
                    .as_deref()
                    .map(|a| names.person(a))
                    .unwrap_or_else(|| t!("word-nobody")),
                due = t.due.resolution.map(|d| names.time(d)).unwrap_or_default()
            ),
        })
    })
}
