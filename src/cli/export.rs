//! `inkdesk export`: one CSV row per ticket, for spreadsheets; with `--events`, one row
//! per event and per missed deadline, which `report --from-csv` reads.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::report::csvfile;
use crate::report::metrics::counts;
use crate::store::write_atomic_parts;

use super::output::{out_parts, say};
use super::period::PeriodArgs;

/// Export one CSV row per ticket (every ticket, or every ticket open at some moment of
/// the period); with --events, one row per event and per missed deadline, the file the
/// review is made from. See README for the columns.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// One row per event and missed deadline (what `report --from-csv` reads); with a
    /// period, every ticket the review of that period and the one before counts.
    #[arg(long)]
    pub events: bool,
    /// Mask phone numbers (all but the last 4 digits) and e-mail addresses.
    #[arg(long)]
    pub redact: bool,
    /// Start with the UTF-8 byte order mark, for spreadsheets that need it to show Chinese.
    #[arg(long)]
    pub bom: bool,
    /// Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// csv, or xlsx: an Excel workbook of typed cells (needs -o FILE).
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
}

/// The forms of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

/// Runs `inkdesk export`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    if args.format == ExportFormat::Xlsx && args.output.is_none() {
        return Err(Error::input(
            "--format",
            crate::t!("err-xlsx-needs-file"),
            crate::t!("hint-xlsx-needs-file"),
        ));
    }
    let desk = ctx.desk()?;
    let period = args.period.period()?;
    let tz = desk.policy.calendar.tz();
    // Each ticket is kept only as its CSV lines, with the order it is sorted by.
    let mut rows: Vec<(DateTime<FixedOffset>, String, Vec<u8>)> = Vec::new();
    let mut count = 0;
    desk.each_summary_with(
        ctx.cache,
        args.events,
        |f| {
            period.is_none_or(|p| {
                if args.events {
                    counts(&p, f) || counts(&p.previous(), f)
                } else {
                    p.ended_after(f.opened, tz)
                        && f.closed_at
                            .is_none_or(|c| c.with_timezone(&tz).date_naive() >= p.from)
                }
            })
        },
        |_, s| {
            if let Some(s) = s {
                let f = s.facts_at(ctx.now);
                let lines = if args.events {
                    let history = s.history.rows_at(ctx.now);
                    count += history.len();
                    csvfile::event_rows(&f.head(), &history)
                } else {
                    count += 1;
                    csvfile::row(f.clone(), args.redact)
                };
                rows.push((f.opened, f.id, lines));
            }
            Ok(())
        },
    )?;
    rows.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let header = if args.events {
        csvfile::event_header(args.bom)
    } else {
        csvfile::header(args.bom)
    };
    let parts = std::iter::once(header.as_slice()).chain(rows.iter().map(|r| r.2.as_slice()));
    match &args.output {
        Some(path) if args.format == ExportFormat::Xlsx => {
            let csv: Vec<&[u8]> = parts.collect();
            let (cells, sheet) = if args.events {
                (&csvfile::EVENT_CELLS, crate::t!("xlsx-sheet-events"))
            } else {
                (&csvfile::TICKET_CELLS, crate::t!("xlsx-sheet-tickets"))
            };
            let book = crate::report::xlsx::from_csv(&csv, cells, &sheet)?;
            crate::store::write_atomic(&super::common::output_path(ctx, path)?, &book)?;
            let path = path.display().to_string();
            say(&if args.events {
                crate::t!("export-done-events", count = count, path = path)
            } else {
                crate::t!("export-done", count = count, path = path)
            });
        }
        Some(path) => {
            write_atomic_parts(&super::common::output_path(ctx, path)?, parts)?;
            let path = path.display().to_string();
            say(&if args.events {
                crate::t!("export-done-events", count = count, path = path)
            } else {
                crate::t!("export-done", count = count, path = path)
            });
        }
        None => out_parts(parts)?,
    }
    Ok(0)
}
