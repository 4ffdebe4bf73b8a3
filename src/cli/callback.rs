//! `inkdesk callback`: record a callback attempt (回访) and apply its consequence.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::lifecycle::{self, Call, CallbackOutcome};
use crate::model::Satisfaction;

use super::mutation::mutate_one;
use super::refusal::refused;
use crate::i18n::t;

// Record a callback: reached and satisfied/neutral closes the ticket (once a kind that
// needs a second check passed it), dissatisfied reopens it one level up; unreached
// counts an attempt (the policy's gap apart, at most its number); a wrong number ends
// the attempts.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The ticket id or a unique prefix.
    pub id: String,
    // The customer was reached.
    #[arg(
        long,
        conflicts_with = "unreached",
        required_unless_present_any = ["unreached", "wrong_number"]
    )]
    pub reached: bool,
    // The customer could not be reached.
    #[arg(long)]
    pub unreached: bool,
    // The number is wrong (or no longer the customer's): no further attempts; the
    // ticket may be closed.
    #[arg(long, conflicts_with = "reached")]
    pub wrong_number: bool,
    // satisfied, neutral or dissatisfied (with --reached).
    #[arg(long)]
    pub satisfaction: Option<Satisfaction>,
    // What was said.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub note: Option<String>,
}

/// Runs `inkdesk callback`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let call = match (args.reached, args.satisfaction, args.wrong_number) {
        (true, Some(s), _) => Call::Reached(s),
        (true, None, _) => {
            return Err(Error::input(
                "--satisfaction",
                t!("err-satisfaction-required"),
                t!(
                    "hint-satisfaction-required",
                    choices = crate::i18n::words::choices(
                        "satisfaction",
                        &Satisfaction::ALL
                            .iter()
                            .map(|s| s.as_str())
                            .collect::<Vec<_>>()
                    )
                ),
            ));
        }
        (false, Some(_), _) => {
            return Err(Error::input(
                "--satisfaction",
                t!("err-satisfaction-unreached"),
                t!("hint-satisfaction-unreached"),
            ));
        }
        (false, None, true) => Call::WrongNumber,
        (false, None, false) => Call::Unreached,
    };
    mutate_one(ctx, &args.id, "callback", |t, act| {
        let max = act.policy.file.callback.max_attempts;
        let outcome =
            lifecycle::callback(t, act, call, args.note.as_deref()).map_err(refused(act.policy))?;
        let id = t.id.to_string();
        Ok(match outcome {
            CallbackOutcome::Closed => t!("callback-closed", id = id),
            CallbackOutcome::Reopened => t!("callback-reopened", id = id),
            CallbackOutcome::AwaitingCheck => t!("callback-awaiting-check", id = id),
            CallbackOutcome::Unreached { .. } if call == Call::WrongNumber => {
                t!("callback-wrong-number", id = id)
            }
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
