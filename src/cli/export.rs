//! `inkdesk export`: one CSV row per ticket, for spreadsheets; with `--events`, one row
//! per event and per missed deadline, which `report --from-csv` reads.

use std::path::PathBuf;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::report::csvfile;
use crate::report::metrics::Reach;
use crate::store::Output;
use crate::store::files::Scratch;
use crate::store::read::ReadOptions;
use crate::summary::{Peek, Story, Summary};

use super::period::PeriodArgs;
use super::terminal::{out_parts, say};

// Export one CSV row per ticket (every ticket, or every ticket open at some moment of
// the period); with --events, one row per event and per missed deadline, the file the
// review is made from. See README for the columns.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub period: PeriodArgs,
    // One row per event and missed deadline (what `report --from-csv` reads); with a
    // period, every ticket the review of that period and the one before counts.
    #[arg(long)]
    pub events: bool,
    // Mask phone numbers (all but the last 4 digits) and e-mail addresses.
    #[arg(long)]
    pub redact: bool,
    // Start with the UTF-8 byte order mark, for spreadsheets that need it to show Chinese.
    #[arg(long)]
    pub bom: bool,
    // Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    // csv, or xlsx: an Excel workbook of typed cells (needs -o FILE).
    #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
    pub format: ExportFormat,
    // The CSV's encoding: utf-8, or gb18030 for spreadsheets on Chinese office systems
    // that open a CSV in it by default.
    #[arg(long, value_enum, default_value_t = Encoding::Utf8)]
    pub encoding: Encoding,
}

/// The encodings a CSV export is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Encoding {
    #[value(name = "utf-8")]
    Utf8,
    Gb18030,
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
        crate::i18n::t!("export-done-events", count = count, path = path)
    } else {
        crate::i18n::t!("export-done", count = count, path = path)
    });
}

/// Runs `inkdesk export`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    if args.format == ExportFormat::Xlsx && args.output.is_none() {
        return Err(Error::input(
            "--format",
            crate::i18n::t!("err-xlsx-needs-file"),
            crate::i18n::t!("hint-xlsx-needs-file"),
        ));
    }
    if args.encoding == Encoding::Gb18030 && (args.bom || args.format == ExportFormat::Xlsx) {
        return Err(Error::input(
            "--encoding",
            crate::i18n::t!("err-gb18030-alone"),
            crate::i18n::t!("hint-gb18030-alone"),
        ));
    }
    let desk = ctx.desk()?;
    let tz = desk.policy.calendar.tz();
    let period = args
        .period
        .period(ctx.now.with_timezone(&tz).date_naive())?;
    let reach = period.map(|p| [Reach::new(&p, tz), Reach::new(&p.previous(), tz)]);
    let header = if args.events {
        csvfile::event_header(args.bom)
    } else {
        csvfile::header(args.bom)
    };
    // Records come in path order, which is the order of opening (a month's folder, then
    // ids that begin with the opening time): each ticket's lines go out as they come, so
    // a big desk needs no more memory than a small one.
    let target = args
        .output
        .as_ref()
        .map(|path| super::flags::output_path(ctx, path))
        .transpose()?;
    let mut file = match &target {
        Some(path) => Some(Output::create(path)?),
        None => None,
    };
    let want = |f: &Peek| {
        reach.is_none_or(|[now, before]| {
            if args.events {
                now.counts(f) || before.counts(f)
            } else {
                // Opened by the period's end, and not closed before it.
                let (start, end) = now.bounds();
                f.opened.unix() < end && f.closed_at.is_none_or(|c| c.unix() >= start)
            }
        })
    };
    // Hands the export's lines to `sink`, the header with the first row (an export that
    // fails before its first ticket gives nothing); returns how many rows went out.
    let produce = |sink: &mut dyn FnMut(&[u8]) -> Result<()>| -> Result<usize> {
        let (mut count, mut started) = (0, false);
        let mut emit = |lines: &[u8]| -> Result<()> {
            if !std::mem::replace(&mut started, true) {
                sink(&header)?;
            }
            sink(lines)
        };
        if args.events {
            desk.read(
                ReadOptions::new(ctx.cache, &want),
                |_, s: Option<&Story>| {
                    let Some(s) = s else { return Ok(()) };
                    let history = s.history.rows_at(ctx.now);
                    count += history.len();
                    emit(&csvfile::event_rows(&s.head, &history))
                },
            )?;
        } else {
            desk.read(
                ReadOptions::new(ctx.cache, &want),
                |_, s: Option<&Summary>| {
                    let Some(s) = s else { return Ok(()) };
                    count += 1;
                    emit(&csvfile::row(s.facts_at(ctx.now), args.redact))
                },
            )?;
        }
        emit(&[])?;
        Ok(count)
    };
    let count = match (&mut file, args.format) {
        // A workbook is zipped into a scratch file, then copied to its place.
        (Some(out), ExportFormat::Xlsx) => {
            let scratch_dir = desk.root.join(crate::store::SCRATCH_DIR);
            let mut scratch = Scratch::of_process(&scratch_dir, "export", "xlsx")?;
            let into = scratch
                .take_file()
                .ok_or_else(|| Error::io(scratch.path(), std::io::ErrorKind::NotFound.into()))?;
            let (cells, sheet) = if args.events {
                (&csvfile::EVENT_CELLS, crate::i18n::t!("xlsx-sheet-events"))
            } else {
                (
                    &csvfile::TICKET_CELLS,
                    crate::i18n::t!("xlsx-sheet-tickets"),
                )
            };
            // People read the workbook: its coded cells are in the desk's words.
            let names = desk.names();
            let count = crate::report::xlsx::stream(into, cells, &sheet, &names, produce)?;
            scratch.copy_into(out)?;
            count
        }
        (Some(out), ExportFormat::Csv) => {
            produce(&mut |lines| out.write(&encoded(args.encoding, lines)))?
        }
        (None, _) => produce(&mut |lines| out_parts([encoded(args.encoding, lines).as_ref()]))?,
    };
    if let (Some(path), Some(out)) = (&target, file) {
        out.finish()?;
        done(args, count, path);
    }
    Ok(0)
}

/// The lines of an export in its encoding (lines are whole, so each part is encoded on
/// its own).
fn encoded(encoding: Encoding, lines: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    match encoding {
        Encoding::Utf8 => std::borrow::Cow::Borrowed(lines),
        Encoding::Gb18030 => {
            let text = String::from_utf8_lossy(lines);
            std::borrow::Cow::Owned(encoding_rs::GB18030.encode(&text).0.into_owned())
        }
    }
}
