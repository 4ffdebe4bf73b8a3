//! `inkdesk callback`: record a callback attempt (回访) and apply its consequence.

use crate::context::Ctx;
use crate::error::Result;
use crate::lifecycle::{self, CallbackOutcome};
use crate::model::Satisfaction;

use super::common::mutate_one;

/// Record a callback: reached and satisfied/neutral closes the ticket, dissatisfied
/// reopens it; unreached counts an attempt.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The ticket id or a unique prefix.
    pub id: String,
    /// The customer was reached.
    #[arg(
        long,
        conflicts_with = "unreached",
        required_unless_present = "unreached"
    )]
    pub reached: bool,
    /// The customer could not be reached.
    #[arg(long)]
    pub unreached: bool,
    /// satisfied, neutral or dissatisfied (with --reached).
    #[arg(long)]
    pub satisfaction: Option<Satisfaction>,
    /// What was said.
    #[arg(long)]
    pub note: Option<String>,
}

/// Runs `inkdesk callback`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    mutate_one(ctx, &args.id, "callback", |t, act| {
        let max = act.policy.file.callback.max_attempts;
        let outcome = lifecycle::callback(
            t,
            act,
            args.reached,
            args.satisfaction,
            args.note.as_deref(),
        )?;
        Ok(match outcome {
            CallbackOutcome::Closed => format!("{}: callback recorded, ticket closed", t.id),
            CallbackOutcome::Reopened => {
                format!("{}: customer dissatisfied, ticket reopened", t.id)
            }
            CallbackOutcome::Unreached {
                attempt,
                may_close: true,
            } => {
                format!(
                    "{}: not reached ({attempt} of {max} attempts); it may now be closed: inkdesk close {}",
                    t.id, t.id
                )
            }
            CallbackOutcome::Unreached { attempt, .. } => {
                format!("{}: not reached ({attempt} of {max} attempts)", t.id)
            }
        })
    })
}
