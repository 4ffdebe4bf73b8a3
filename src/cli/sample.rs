//! `inkdesk sample`: the month's quality-review sample of closed tickets.

use serde::Serialize;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::fnv::fnv1a;
use crate::model::id::Packed;
use crate::model::period::Period;
use crate::store::read::ReadOptions;
use crate::summary::Summary;

use super::output::{Format, FormatArgs, human, json, machine};
use super::table::Table;
use super::terminal::say;
use crate::i18n::t;

// Draw the month's reproducible quality-review sample of closed tickets (the policy's
// share, 20% by default, at least one): the same month and seed always give the same
// tickets.
#[derive(Debug, clap::Args)]
pub struct Args {
    // The month whose closed tickets are sampled (default: the last complete month).
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    // The share to draw, in percent (default: review.sample_percent of the policy).
    #[arg(long, value_parser = super::flags::percent)]
    pub percent: Option<u32>,
    // The seed of the draw (default: the month, e.g. 2026-10).
    #[arg(long)]
    pub seed: Option<String>,
    // Draw each agent's share apart: at least the policy's review.per_agent_min and at
    // most review.per_agent_max of each agent's closed tickets.
    #[arg(long)]
    pub per_agent: bool,
    #[command(flatten)]
    pub output: FormatArgs,
}

#[derive(Debug, Serialize)]
struct Drawn {
    id: String,
    kind: String,
    customer: String,
    title: String,
    closed: String,
    assignee: String,
}

/// Picks `percent` of the ids (at least one when there are any), by the smallest hash of
/// seed and id: reproducible, and a ticket added later does not reshuffle the others.
pub fn draw<'a>(ids: &[&'a str], percent: u32, seed: &str) -> Vec<&'a str> {
    if ids.is_empty() {
        return Vec::new();
    }
    draw_k(ids, share(ids.len(), percent).max(1), seed)
}

/// The number of tickets that are `percent` of `count`, rounded up.
fn share(count: usize, percent: u32) -> usize {
    (count as u64 * u64::from(percent)).div_ceil(100) as usize
}

/// Picks `k` of the ids by the smallest hash of seed and id.
fn draw_k<'a>(ids: &[&'a str], k: usize, seed: &str) -> Vec<&'a str> {
    let mut keyed: Vec<(u64, &str)> = ids
        .iter()
        .map(|id| (fnv1a(&[seed.as_bytes(), id.as_bytes()]), *id))
        .collect();
    keyed.sort_unstable();
    let mut chosen: Vec<&str> = keyed.into_iter().take(k).map(|(_, id)| id).collect();
    chosen.sort_unstable();
    chosen
}

/// Runs `inkdesk sample`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let tz = desk.policy.calendar.tz();
    let month = match &args.month {
        Some(m) => {
            Period::parse_month(m).map_err(|e| Error::input("--month", e, t!("hint-month")))?
        }
        None => Period::last_complete_month(ctx.now.with_timezone(&tz).date_naive()),
    };
    let percent = args
        .percent
        .unwrap_or(desk.policy.file.review.sample_percent);
    let seed = args.seed.clone().unwrap_or_else(|| month.to_string());
    // Two reads of the month's closed tickets: the first keeps of each only its id and
    // holder (compactly), to draw from; the second takes the drawn ones whole. A big
    // desk's sample needs no more memory than a small one's.
    let in_month =
        |p: &crate::summary::Peek| p.closed_at.is_some_and(|c| month.contains(c.time(), tz));
    let mut keys: Vec<(Packed, u32)> = Vec::new();
    let mut agents: Vec<String> = Vec::new();
    desk.read(
        ReadOptions::new(ctx.cache, in_month),
        |_, s: Option<&Summary>| {
            if let Some(s) = s {
                let agent = s.facts.assignee.as_deref().unwrap_or_default();
                let k = match agents.iter().position(|a| a == agent) {
                    Some(k) => k,
                    None => {
                        agents.push(agent.to_string());
                        agents.len() - 1
                    }
                };
                keys.push((Packed::new(&s.facts.id), k as u32));
            }
            Ok(())
        },
    )?;
    let text = |id: &Packed| id.as_str().to_string();
    let chosen: Vec<String> = if args.per_agent {
        let review = &desk.policy.file.review;
        let mut chosen: Vec<String> = Vec::new();
        let mut order: Vec<usize> = (0..agents.len()).collect();
        order.sort_by(|a, b| agents[*a].cmp(&agents[*b]));
        for k in order {
            let ids: Vec<String> = keys
                .iter()
                .filter(|(_, a)| *a as usize == k)
                .map(|(id, _)| text(id))
                .collect();
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            let n = share(refs.len(), percent)
                .clamp(review.per_agent_min as usize, review.per_agent_max as usize)
                .min(refs.len());
            chosen.extend(draw_k(&refs, n, &seed).into_iter().map(str::to_string));
        }
        chosen.sort_unstable();
        chosen
    } else {
        let ids: Vec<String> = keys.iter().map(|(id, _)| text(id)).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        draw(&refs, percent, &seed)
            .into_iter()
            .map(str::to_string)
            .collect()
    };
    let closed_count = keys.len();
    drop(keys);
    let mut drawn: Vec<Drawn> = Vec::new();
    if !chosen.is_empty() {
        desk.read(
            ReadOptions::new(ctx.cache, in_month),
            |_, s: Option<&Summary>| {
                if let Some(f) = s.map(|s| &s.facts)
                    && chosen.binary_search(&f.id).is_ok()
                {
                    drawn.push(Drawn {
                        closed: f.closed_at.map(|c| c.to_rfc3339()).unwrap_or_default(),
                        assignee: f.assignee.clone().unwrap_or_default(),
                        id: f.id.clone(),
                        kind: f.kind.clone(),
                        customer: f.customer.clone(),
                        title: f.title.clone(),
                    });
                }
                Ok(())
            },
        )?;
    }
    say(&t!(
        "sample-summary",
        drawn = drawn.len(),
        closed = closed_count,
        month = month.to_string(),
        percent = percent,
        seed = seed.as_str()
    ));
    match args.output.format {
        Format::Json => json(&drawn)?,
        Format::Csv => machine(
            Format::Csv,
            &["id", "kind", "customer", "title", "closed", "assignee"],
            drawn.iter().map(|d| {
                vec![
                    d.id.clone(),
                    d.kind.clone(),
                    d.customer.clone(),
                    d.title.clone(),
                    d.closed.clone(),
                    d.assignee.clone(),
                ]
            }),
        )?,
        format @ (Format::Table | Format::Markdown) => {
            let names = desk.names();
            let rows: Vec<Vec<String>> = drawn
                .iter()
                .map(|d| {
                    let closed = chrono::DateTime::parse_from_rfc3339(&d.closed)
                        .map(|t| names.time(t))
                        .unwrap_or_default();
                    vec![
                        d.id.clone(),
                        names.kind(&d.kind),
                        d.customer.clone(),
                        names.person(&d.assignee),
                        closed,
                        d.title.clone(),
                    ]
                })
                .collect();
            let table = Table::new()
                .col(t!("col-id"))
                .col(t!("col-kind"))
                .cut(4)
                .drop(2)
                .col(t!("col-customer"))
                .cut(6)
                .drop(3)
                .col(t!("col-holder"))
                .cut(6)
                .col(t!("col-closed"))
                .drop(1)
                .col(t!("col-title"))
                .cut(20);
            human(format, ctx.width, &table, &rows)?;
        }
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::draw;

    #[test]
    fn draws_are_reproducible_at_least_one_and_stable_when_tickets_are_added() {
        let ids: Vec<String> = (0..50).map(|n| format!("ID{n:03}")).collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let a = draw(&refs, 20, "2026-10");
        assert_eq!(a.len(), 10);
        assert_eq!(a, draw(&refs, 20, "2026-10"));
        assert_ne!(a, draw(&refs, 20, "other seed"));
        assert_eq!(draw(&refs[..3], 20, "s").len(), 1, "at least one");
        assert!(draw(&[], 20, "s").is_empty());
        // One more ticket: the 20% of 51 is 11, and the first ten stay drawn.
        let mut more = refs.clone();
        more.push("ID999");
        let b = draw(&more, 20, "2026-10");
        assert_eq!(b.len(), 11);
        assert!(
            a.iter().all(|id| b.contains(id)),
            "the earlier sample stays drawn"
        );
    }
}
