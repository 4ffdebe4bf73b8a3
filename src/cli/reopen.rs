//! `inkdesk reopen`: bring a resolved or closed ticket back; the resolution clock restarts.

use crate::context::Ctx;
use crate::error::Result;
use crate::lifecycle;

use super::common::mutate_one;

/// Reopen a resolved or closed ticket; the resolution clock restarts and the reopen is counted.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ticket id or a unique prefix.
    pub id: String,
    /// Why it is reopened.
    #[arg(long)]
    pub reason: String,
}

/// Runs `inkdesk reopen`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    mutate_one(ctx, &args.id, "reopen", |t, act| {
        lifecycle::reopen(t, act, Some(&args.reason))?;
        let due = t
            .due
            .resolution
            .map(|d| d.format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        Ok(format!(
            "{}: reopened (reopen #{}); resolution due {due}",
            t.id,
            t.reopens()
        ))
    })
}
