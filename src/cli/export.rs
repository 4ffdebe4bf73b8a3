//! `inkdesk export`: one CSV row per ticket, for spreadsheets and for `report --from-csv`.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::context::Ctx;
use crate::error::Result;
use crate::report::csvfile;
use crate::store::write_atomic_parts;

use super::output::{out_parts, say};
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
    // Each ticket is kept only as its CSV line, with the order it is sorted by.
    let mut rows: Vec<(DateTime<FixedOffset>, String, Vec<u8>)> = Vec::new();
    desk.each_summary(
        ctx.cache,
        |f| {
            period.is_none_or(|p| {
                p.ended_after(f.opened, tz)
                    && f.closed_at
                        .is_none_or(|c| c.with_timezone(&tz).date_naive() >= p.from)
            })
        },
        |_, s| {
            if let Some(s) = s {
                let f = s.facts;
                rows.push((f.opened, f.id.clone(), csvfile::row(f, args.redact)));
            }
            Ok(())
        },
    )?;
    rows.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let header = csvfile::header(args.bom);
    let parts = std::iter::once(header.as_slice()).chain(rows.iter().map(|r| r.2.as_slice()));
    match &args.output {
        Some(path) => {
            write_atomic_parts(&super::common::output_path(ctx, path)?, parts)?;
            say(&crate::t!(
                "export-done",
                count = rows.len(),
                path = path.display().to_string()
            ));
        }
        None => out_parts(parts)?,
    }
    Ok(0)
}
