//! `inkdesk reopen`: bring a resolved or closed ticket back; the resolution clock restarts.

use crate::context::Ctx;
use crate::error::Result;
use crate::lifecycle;

use super::mutation::mutate_one;
use super::refusal::refused;
use crate::i18n::t;

// Reopen a resolved or closed ticket; the resolution clock restarts and the reopen is counted.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The ticket id or a unique prefix.
    pub id: String,
    // Why it is reopened.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub reason: String,
}

/// Runs `inkdesk reopen`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    mutate_one(ctx, &args.id, "reopen", |t, act| {
        lifecycle::reopen(t, act, Some(&args.reason)).map_err(refused(act.policy))?;
        let names = act.policy.names(&Default::default());
        let due = t.due.resolution.map(|d| names.time(d)).unwrap_or_default();
        Ok(t!(
            "reopen-done",
            id = t.id.to_string(),
            count = t.reopens(),
            due = due
        ))
    })
}
