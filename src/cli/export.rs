//! `inkdesk export`: one CSV row per ticket, for spreadsheets and for `report --from-csv`.

use std::path::PathBuf;

use crate::context::Ctx;
use crate::error::Result;
use crate::report::csvfile;
use crate::report::facts::TicketFacts;
use crate::store::write_atomic;

use super::output::{out, say};
use super::period::PeriodArgs;

/// Export one CSV row per ticket (every ticket, or every ticket open at some moment of
/// the period), with the columns the review reads; see README for the column list.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Mask phone numbers (all but the last 4 digits) and e-mail addresses.
    #[arg(long)]
    pub redact: bool,
    /// Start with the UTF-8 byte order mark, for spreadsheets that need it to show Chinese.
    #[arg(long)]
    pub bom: bool,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Runs `inkdesk export`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    let desk = ctx.desk()?;
    let period = args.period.period()?;
    let tz = desk.policy.calendar.tz();
    let mut rows: Vec<TicketFacts> = desk
        .summaries(ctx.cache)?
        .into_iter()
        .map(|s| s.facts)
        .filter(|f| {
            period.is_none_or(|p| {
                p.ended_after(f.opened, tz)
                    && f.closed_at
                        .is_none_or(|c| c.with_timezone(&tz).date_naive() >= p.from)
            })
        })
        .collect();
    rows.sort_by(|a, b| (a.opened, &a.id).cmp(&(b.opened, &b.id)));
    let bytes = csvfile::write(&rows, args.redact, args.bom);
    match &args.output {
        Some(path) => {
            write_atomic(&ctx.cwd.join(path), &bytes)?;
            say(&format!(
                "exported {} ticket(s) to {}",
                rows.len(),
                path.display()
            ));
        }
        None => out(&String::from_utf8_lossy(&bytes))?,
    }
    Ok(0)
}
