//! `inkdesk export`: one CSV row per ticket, for spreadsheets; with `--events`, one row
//! per event and per missed deadline, which `report --from-csv` reads.

use std::path::PathBuf;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::report::csvfile;
use crate::report::metrics::counts;
use crate::store::Output;

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

/// Says how many rows went to the file.
fn done(args: &Args, count: usize, path: &std::path::Path) {
    let path = path.display().to_string();
    say(&if args.events {
        crate::t!("export-done-events", count = count, path = path)
    } else {
        crate::t!("export-done", count = count, path = path)
    });
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
    let header = if args.events {
        csvfile::event_header(args.bom)
    } else {
        csvfile::header(args.bom)
    };
    // Records come in path order, which is the order of opening (a month's folder, then
    // ids that begin with the opening time): each ticket's lines go out as they come, so
    // a big desk needs no more memory than a small one. A workbook gathers them.
    let workbook = args.format == ExportFormat::Xlsx;
    let mut gathered: Vec<Vec<u8>> = Vec::new();
    let mut file = match &args.output {
        Some(path) if !workbook => Some(Output::create(&super::common::output_path(ctx, path)?)?),
        _ => None,
    };
    let mut started = false;
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
            let Some(s) = s else { return Ok(()) };
            let f = s.facts_at(ctx.now);
            let lines = if args.events {
                let history = s.history.rows_at(ctx.now);
                count += history.len();
                csvfile::event_rows(&f.head(), &history)
            } else {
                count += 1;
                csvfile::row(f, args.redact)
            };
            if workbook {
                gathered.push(lines);
                return Ok(());
            }
            // The header goes out with the first row, so that an export that fails
            // before its first ticket prints nothing.
            let first = !std::mem::replace(&mut started, true);
            match &mut file {
                Some(out) => {
                    if first {
                        out.write(&header)?;
                    }
                    out.write(&lines)
                }
                None => {
                    if first {
                        out_parts([header.as_slice()])?;
                    }
                    out_parts([lines.as_slice()])
                }
            }
        },
    )?;
    if !workbook && !started {
        match &mut file {
            Some(out) => out.write(&header)?,
            None => out_parts([header.as_slice()])?,
        }
    }
    match &args.output {
        Some(path) if workbook => {
            let csv: Vec<&[u8]> = std::iter::once(header.as_slice())
                .chain(gathered.iter().map(Vec::as_slice))
                .collect();
            let (cells, sheet) = if args.events {
                (&csvfile::EVENT_CELLS, crate::t!("xlsx-sheet-events"))
            } else {
                (&csvfile::TICKET_CELLS, crate::t!("xlsx-sheet-tickets"))
            };
            let book = crate::report::xlsx::from_csv(&csv, cells, &sheet)?;
            crate::store::write_atomic(&super::common::output_path(ctx, path)?, &book)?;
            done(args, count, path);
        }
        Some(path) => {
            if let Some(out) = file {
                out.finish()?;
            }
            done(args, count, path);
        }
        None => {}
    }
    Ok(0)
}
