//! `inkdesk qa`: the quality review's result on a ticket (质检): a score and a note.

use crate::context::Ctx;
use crate::error::Result;
use crate::lifecycle;

use super::mutation::mutate_one;
use super::refusal::refused;
use crate::i18n::t;

// Record the quality review of a resolved or closed ticket (质检): a score from 0 to
// 100 and what the reviewer found. The monthly review shows each agent's count and
// average.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The ticket id or a unique prefix.
    pub id: String,
    // The score, 0 to 100.
    #[arg(long, value_name = "0-100", allow_hyphen_values = true, value_parser = super::flags::score)]
    pub score: u32,
    // What the reviewer found.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub note: Option<String>,
}

/// Runs `inkdesk qa`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    mutate_one(ctx, &args.id, "qa", |t, act| {
        lifecycle::qa(t, act, args.score, args.note.as_deref()).map_err(refused(act.policy))?;
        Ok(t!("qa-done", id = t.id.to_string(), score = args.score))
    })
}
