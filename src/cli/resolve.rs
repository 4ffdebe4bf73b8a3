//! `inkdesk resolve`: record the cause, remedy, summary and cost; schedule the callback.

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::lifecycle;
use crate::model::Money;
use crate::model::{Cause, Remedy, Status};

use super::mutation::mutate_one;
use super::refusal::refused;
use crate::i18n::t;

// Resolve a ticket; the customer's callback is scheduled by the policy.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The ticket id or a unique prefix.
    pub id: String,
    // Whose fault it was: ours, customer, supplier, carrier, unknown (a kind whose
    // template says `needs_cause: false`, a consultation, needs none).
    #[arg(long)]
    pub cause: Option<Cause>,
    // What was done: reprint, refund, discount, repair, explain, none (likewise).
    #[arg(long)]
    pub remedy: Option<Remedy>,
    // What was done, in a sentence.
    #[arg(long, allow_hyphen_values = true, value_parser = super::flags::text)]
    pub summary: String,
    // Compensation, in the shop's currency (e.g. 800 or 120.50).
    #[arg(long, allow_hyphen_values = true)]
    pub cost: Option<String>,
    // With --cause customer: the customer understood and accepted that the cause was
    // theirs (the ticket then counts as a dissatisfaction ticket, 不满单).
    #[arg(long)]
    pub accepted: bool,
    // Who approved compensation above what you may grant alone (the policy's
    // `authority`): a member of staff of a level that may grant it.
    #[arg(long, value_name = "STAFF")]
    pub approved_by: Option<String>,
}

/// Runs `inkdesk resolve`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let cost = args.cost.as_deref().map(parse_cost).transpose()?;
    mutate_one(ctx, &args.id, "resolve", |t, act| {
        let outcome = lifecycle::Outcome {
            cause: args.cause,
            remedy: args.remedy,
            summary: args.summary.trim(),
            cost,
            accepted: args.accepted,
            approved_by: args.approved_by.as_deref(),
            pre_approved: false,
        };
        lifecycle::resolve(t, act, &outcome).map_err(refused(act.policy))?;
        let names = act.policy.names(&Default::default());
        let label = |word: Option<String>| word.unwrap_or_else(|| "–".to_string());
        let (cause, remedy) = (
            label(args.cause.map(Cause::label)),
            label(args.remedy.map(Remedy::label)),
        );
        let id = t.id.to_string();
        let mut said = match t.due.callback {
            Some(due) => t!(
                "resolve-done",
                id = id.as_str(),
                cause = cause,
                remedy = remedy,
                due = names.time(due)
            ),
            None => t!(
                "resolve-done-closed",
                id = id.as_str(),
                cause = cause,
                remedy = remedy
            ),
        };
        if t.status == Status::Closed {
            // Closed as it was resolved: nothing more to say.
        } else if act.policy.needs_check(&t.kind) {
            said += "\n";
            said += &t!("resolve-needs-check", id = t.id.to_string());
        }
        Ok(said)
    })
}

/// Reads an amount of money as people type it (`800`, `120.50`, `¥1,200`, `300元`):
/// at most two decimals; a negative amount is refused with its own words.
fn parse_cost(text: &str) -> Result<Money> {
    let t = text.trim();
    if t.starts_with('-') && t[1..].trim().parse::<f64>().is_ok() {
        return Err(Error::input(
            "--cost",
            t!("err-cost-negative-flag", value = text),
            t!("hint-cost-negative"),
        ));
    }
    match Money::read_written(t) {
        Some(m) => Ok(m),
        None => Err(Error::input(
            "--cost",
            t!("err-not-an-amount", value = text),
            t!("hint-amount"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_cost;
    use crate::model::Money;

    #[test]
    fn amounts() {
        assert_eq!(parse_cost("800").unwrap(), Money::from_hundredths(80_000));
        assert_eq!(
            parse_cost("120.50").unwrap(),
            Money::from_hundredths(12_050)
        );
        assert_eq!(
            parse_cost("¥1,200").unwrap(),
            Money::from_hundredths(120_000)
        );
        for bad in ["", "-5", "1,0", "12.345", "abc", "1.", "NaN", "1e3"] {
            assert!(parse_cost(bad).is_err(), "{bad}");
        }
    }
}
