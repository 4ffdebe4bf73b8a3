//! `inkdesk export`: one CSV row per ticket, for spreadsheets; with `--events`, one row
//! per event and per missed deadline, which `report --from-csv` reads.

use std::path::PathBuf;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::report::csvfile;
use crate::report::metrics::Reach;
use crate::store::Output;
use crate::store::read::ReadOptions;
use crate::summary::{Peek, Story, Summary};

use super::output::{out_parts, say};
use super::period::PeriodArgs;

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
    let reach = period.map(|p| [Reach::new(&p, tz), Reach::new(&p.previous(), tz)]);
    let header = if args.events {
        csvfile::event_header(args.bom)
    } else {
        csvfile::header(args.bom)
    };
    // Records come in path order, which is the order of opening (a month's folder, then
    // ids that begin with the opening time): each ticket's lines go out as they come, so
    // a big desk needs no more memory than a small one. A workbook is written by a
    // thread of its own from the same lines, passed through a short queue, and zipped
    // into a scratch file that is then copied to its place.
    let workbook = args.format == ExportFormat::Xlsx;
    let target = args
        .output
        .as_ref()
        .map(|path| super::common::output_path(ctx, path))
        .transpose()?;
    let mut file = match &target {
        Some(path) => Some(Output::create(path)?),
        None => None,
    };
    let scratch_dir = desk.root.join(crate::store::SCRATCH_DIR);
    if workbook {
        std::fs::create_dir_all(&scratch_dir).map_err(|e| Error::io(&scratch_dir, e))?;
        remove_dead_scratch(&scratch_dir);
    }
    let scratch = scratch_dir.join(format!("export-{}.xlsx", std::process::id()));
    let mut count = 0;
    let read = std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(64);
        let writer = workbook.then(|| {
            let (cells, sheet) = if args.events {
                (&csvfile::EVENT_CELLS, crate::t!("xlsx-sheet-events"))
            } else {
                (&csvfile::TICKET_CELLS, crate::t!("xlsx-sheet-tickets"))
            };
            let scratch = &scratch;
            scope.spawn(move || {
                let mut book =
                    crate::report::xlsx::from_csv_reader(Queued::new(rx), cells, &sheet)?;
                crate::report::xlsx::save(&mut book, scratch)
            })
        });
        let started = std::cell::Cell::new(false);
        let emit = |lines: &[u8], file: &mut Option<Output>| -> Result<()> {
            // The header goes out with the first row, so that an export that fails
            // before its first ticket prints nothing.
            let first = !started.replace(true);
            if workbook {
                if first {
                    let _ = tx.send(header.clone());
                }
                // The writer stopped on an error of its own: it is told at the end.
                let _ = tx.send(lines.to_vec());
                return Ok(());
            }
            match file {
                Some(out) => {
                    if first {
                        out.write(&header)?;
                    }
                    out.write(lines)
                }
                None => {
                    if first {
                        out_parts([header.as_slice()])?;
                    }
                    out_parts([lines])
                }
            }
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
        let walked = if args.events {
            desk.read(
                ReadOptions::new(ctx.cache, &want),
                |_, s: Option<&Story>| {
                    let Some(s) = s else { return Ok(()) };
                    let history = s.history.rows_at(ctx.now);
                    count += history.len();
                    emit(&csvfile::event_rows(&s.head, &history), &mut file)
                },
            )
        } else {
            desk.read(
                ReadOptions::new(ctx.cache, &want),
                |_, s: Option<&Summary>| {
                    let Some(s) = s else { return Ok(()) };
                    count += 1;
                    emit(&csvfile::row(s.facts_at(ctx.now), args.redact), &mut file)
                },
            )
        }
        .map(drop);
        let walked = match walked {
            Ok(()) if !started.get() => emit(&[], &mut file),
            other => other,
        };
        drop(tx);
        let written = match writer {
            Some(w) => w
                .join()
                .unwrap_or_else(|_| Err(Error::io(&scratch, std::io::Error::other("xlsx")))),
            None => Ok(()),
        };
        walked.and(written)
    });
    if let Err(e) = read {
        let _ = std::fs::remove_file(&scratch);
        return Err(e);
    }
    if let (Some(path), Some(mut out)) = (&target, file) {
        if workbook {
            let copied = copy_into(&scratch, &mut out);
            let _ = std::fs::remove_file(&scratch);
            copied?;
        }
        out.finish()?;
        done(args, count, path);
    }
    Ok(0)
}

/// Removes the workbooks of exports that were killed while zipping (named by their
/// process, which no longer runs). Where processes cannot be seen, nothing is removed.
fn remove_dead_scratch(dir: &std::path::Path) {
    if !std::path::Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_prefix("export-")
            .and_then(|n| n.strip_suffix(".xlsx"))
            .and_then(|n| n.parse::<u32>().ok());
        if let Some(pid) = pid
            && !std::path::Path::new(&format!("/proc/{pid}")).exists()
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Copies a finished file into an output, a block at a time.
fn copy_into(path: &std::path::Path, out: &mut Output) -> Result<()> {
    use std::io::Read;
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut block = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut block).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            return Ok(());
        }
        out.write(&block[..n])?;
    }
}

/// The lines of an export as a reader, taken from a queue as they come; the end of
/// the queue is the end of the text.
struct Queued {
    queue: std::sync::mpsc::Receiver<Vec<u8>>,
    part: Vec<u8>,
    at: usize,
}

impl Queued {
    fn new(queue: std::sync::mpsc::Receiver<Vec<u8>>) -> Queued {
        Queued {
            queue,
            part: Vec::new(),
            at: 0,
        }
    }
}

impl std::io::Read for Queued {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.part.len() {
            match self.queue.recv() {
                Ok(part) => {
                    self.part = part;
                    self.at = 0;
                }
                Err(_) => return Ok(0),
            }
        }
        let n = buf.len().min(self.part.len() - self.at);
        buf[..n].copy_from_slice(&self.part[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}
