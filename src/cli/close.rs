//! `inkdesk close`: close a ticket by the rules, or force it with a reason.

use crate::context::Ctx;
use crate::error::Result;
use crate::lifecycle;

use super::mutation::mutate_one;
use super::refusal::refused;
use crate::i18n::t;

// Close a ticket. A resolved ticket whose customer could not be reached after the
// policy's attempts closes as is; anything else needs --force and --reason.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The ticket id or a unique prefix.
    pub id: String,
    // Close although the rules say not yet (logged).
    #[arg(long, requires = "reason")]
    pub force: bool,
    // Why.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub reason: Option<String>,
}

/// Runs `inkdesk close`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    mutate_one(ctx, &args.id, "close", |t, act| {
        lifecycle::close(t, act, args.force, args.reason.as_deref())
            .map_err(refused(act.policy))?;
        Ok(t!("close-done", id = t.id.to_string()))
    })
}
