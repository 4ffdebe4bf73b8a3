//! `inkdesk callback`: record a callback attempt (回访) and apply its consequence.

use crate::context::Ctx;
use crate::error::Result;
use crate::lifecycle::{self, CallbackOutcome};
use crate::model::Satisfaction;

use super::common::mutate_one;
use crate::t;

/// Record a callback: reached and satisfied/neutral closes the ticket (once a kind that
/// needs a second check passed it), dissatisfied reopens it; unreached counts an attempt.
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
    #[arg(long, allow_hyphen_values = true, value_parser = super::common::text)]
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
        let id = t.id.to_string();
        Ok(match outcome {
            CallbackOutcome::Closed => t!("callback-closed", id = id),
            CallbackOutcome::Reopened => t!("callback-reopened", id = id),
            CallbackOutcome::AwaitingCheck => t!("callback-awaiting-check", id = id),
            CallbackOutcome::Unreached {
                attempt,
                may_close: true,
            } => t!("callback-may-close", id = id, attempt = attempt, max = max),
            CallbackOutcome::Unreached { attempt, .. } => {
                t!("callback-unreached", id = id, attempt = attempt, max = max)
            }
        })
    })
}
