//! `inkdesk report`: the monthly service review, from the desk or from CSV exports.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::model::period::Period;
use crate::report::metrics::{Reach, Tally};
use crate::report::{csvfile, html, render};
use crate::store::read::ReadOptions;
use crate::store::write_atomic;
use crate::summary::{Head, Occurrence, Peek, Story};

use super::table::Table;
use super::terminal::clean;
use super::terminal::{out, say};
use crate::i18n::t;

// The service review of a period (default: the last complete month) beside the period
// before it: volumes, timeliness, working hours, escalations, causes, callbacks,
// satisfaction, compensation, holders, customers.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub period: super::period::PeriodArgs,
    // Read these event exports (`inkdesk export --events`, of one or several shops)
    // instead of the desk.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub from_csv: Vec<PathBuf>,
    // Read these events exports written as workbooks (`export --events --format
    // xlsx`, or saved again by a spreadsheet) instead of the desk.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub from_xlsx: Vec<PathBuf>,
    // Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    // Write to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The forms of the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Table,
    Json,
    Csv,
    Markdown,
    Html,
    /// A workbook: the charts and the figures, ready to print (needs -o FILE).
    Xlsx,
}

/// Runs `inkdesk report`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    if args.format == ReportFormat::Xlsx && args.output.is_none() {
        return Err(Error::input(
            "--format",
            t!("err-xlsx-needs-file"),
            t!("hint-xlsx-needs-file"),
        ));
    }
    // A period given by flags is checked before anything is read; without one, the
    // review is of the last complete month in the shop's zone.
    let chosen = args.period.period(ctx.now.date_naive())?;
    let period_in = |tz: chrono_tz::Tz| {
        let today = ctx.now.with_timezone(&tz).date_naive();
        if args.period.bare_week() {
            return Period::last_complete_week(today);
        }
        chosen.unwrap_or_else(|| Period::last_complete_month(today))
    };
    let tallies = |period: Period| [Tally::new(&period), Tally::new(&period.previous())];
    let ([cur, prev], shop, names) = if args.from_csv.is_empty() && args.from_xlsx.is_empty() {
        let desk = ctx.desk()?;
        let period = period_in(desk.policy.calendar.tz());
        let zone = desk.policy.calendar.tz();
        let (now, before) = (
            Reach::new(&period, zone),
            Reach::new(&period.previous(), zone),
        );
        let [mut cur, mut prev] = tallies(period);
        desk.read(
            ReadOptions::new(ctx.cache, |p: &Peek| now.counts(p) || before.counts(p)),
            |_, s: Option<&Story>| {
                if let Some(s) = s {
                    let rows = s.history.rows_at(ctx.now);
                    cur.add(&s.head, &rows);
                    prev.add(&s.head, &rows);
                }
                Ok(())
            },
        )?;
        (
            [cur, prev],
            desk.policy.file.shop.name.clone(),
            desk.names(),
        )
    } else {
        let files: Vec<(&PathBuf, bool)> = args
            .from_csv
            .iter()
            .map(|p| (p, false))
            .chain(args.from_xlsx.iter().map(|p| (p, true)))
            .collect();
        // A workbook's cells may be in the words of the desk it came from; the desk
        // here (when there is one) knows its staff by name.
        let desk_names = ctx.desk().map(|d| d.names()).unwrap_or_default();
        let tickets = read_exports(ctx, &files, &desk_names)?;
        // The first row's zone sets the period when none is given.
        let zone = tickets
            .first()
            .and_then(|(h, _)| h.timezone.parse().ok())
            .unwrap_or(chrono_tz::UTC);
        let [mut cur, mut prev] = tallies(period_in(zone));
        let mut shops = std::collections::BTreeSet::new();
        for (head, rows) in &tickets {
            cur.add(head, rows);
            prev.add(head, rows);
            shops.insert(head.shop.clone());
        }
        let shops: Vec<String> = shops.into_iter().collect();
        // Exports carry codes; the desk here (when there is one) names its people and
        // kinds. Several shops' exports are shown with the codes and plain amounts.
        let names = match shops.len() {
            0 | 1 => desk_names,
            _ => Default::default(),
        };
        ([cur, prev], shops.join(", "), names)
    };
    let (cur, prev) = (cur.finish(), prev.finish());
    let text = match args.format {
        ReportFormat::Json => {
            let value = serde_json::json!({ "shop": shop, "current": cur, "previous": prev });
            super::output::json_text(&value)? + "\n"
        }
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            for row in render::csv(&cur, &prev) {
                let _ = w.write_record(&row);
            }
            String::from_utf8_lossy(&w.into_inner().unwrap_or_default()).into_owned()
        }
        ReportFormat::Markdown => render::markdown(&cur, &prev, &shop, &names),
        ReportFormat::Html => html::page(&cur, &prev, &shop, &names),
        ReportFormat::Xlsx => {
            let book = crate::report::xlsx::review(&cur, &prev, &shop, &names)?;
            if let Some(path) = &args.output {
                crate::store::write_atomic(&super::flags::output_path(ctx, path)?, &book)?;
                say(&t!(
                    "report-written",
                    period = cur.period.as_str(),
                    path = path.display().to_string()
                ));
            }
            return Ok(0);
        }
        ReportFormat::Table => {
            if args.output.is_some() {
                render::markdown(&cur, &prev, &shop, &names)
            } else {
                print_sections(ctx, &cur, &prev, &shop, &names)?;
                return Ok(0);
            }
        }
    };
    match &args.output {
        Some(path) => {
            write_atomic(&super::flags::output_path(ctx, path)?, text.as_bytes())?;
            say(&t!(
                "report-written",
                period = cur.period.as_str(),
                path = path.display().to_string()
            ));
        }
        None => out(&text)?,
    }
    Ok(0)
}

/// Reads event exports into tickets: each ticket's head and its rows in order of time,
/// the tickets in the order they first appear. Every row of a ticket must carry the
/// same head (shop, zone, kind, customer).
fn read_exports(
    ctx: &Ctx,
    paths: &[(&PathBuf, bool)],
    names: &crate::i18n::Names,
) -> Result<Vec<(Head, Vec<Occurrence>)>> {
    let mut tickets: Vec<(Head, Vec<Occurrence>)> = Vec::new();
    let mut place: HashMap<(String, String), usize> = HashMap::new();
    for &(path, workbook) in paths {
        let full = ctx.cwd.join(path);
        let bytes = crate::store::files::read_input(&full)?;
        // A workbook is read as the CSV of its codes row and cells.
        // Rows of the sheet above the CSV's header (a workbook's heads for people).
        let (bytes, above) = if workbook {
            crate::report::xlsx::to_csv(&bytes, names).map_err(|message| Error::BadRecord {
                path: path.to_path_buf(),
                line: 1,
                field: "(xlsx)".into(),
                message,
                hint: Some(t!("hint-csv-export")),
            })?
        } else if std::str::from_utf8(&bytes).is_ok() {
            (bytes, 0)
        } else {
            // A CSV saved as GB18030 (a Chinese office program's default) reads too.
            (csvfile::text_of(&bytes).into_bytes(), 0)
        };
        csvfile::each_event(bytes.as_slice(), |row, line| {
            let (head, occurrence) =
                row.split()
                    .map_err(|(column, message)| csvfile::CsvProblem {
                        line,
                        column: column.into(),
                        message,
                    })?;
            let key = (head.shop.clone(), head.id.clone());
            match place.get(&key) {
                Some(&n) if tickets[n].0 != head => Err(csvfile::CsvProblem {
                    line,
                    column: "id".into(),
                    message: t!("csv-head-differs", id = head.id.as_str()),
                }),
                Some(&n) => {
                    tickets[n].1.push(occurrence);
                    Ok(())
                }
                None => {
                    place.insert(key, tickets.len());
                    tickets.push((head, vec![occurrence]));
                    Ok(())
                }
            }
        })
        .map_err(|p| Error::BadRecord {
            path: path.to_path_buf(),
            // In a workbook, the row of the sheet.
            line: p.line + above,
            field: p.column,
            message: p.message,
            hint: Some(t!("hint-csv-export")),
        })?;
    }
    for (_, rows) in &mut tickets {
        rows.sort_by_key(|r| r.at);
    }
    Ok(tickets)
}

/// The review as tables on the terminal, one per section.
fn print_sections(
    ctx: &Ctx,
    cur: &crate::report::metrics::Review,
    prev: &crate::report::metrics::Review,
    shop: &str,
    names: &crate::i18n::Names,
) -> Result<()> {
    super::terminal::out_drawn(&format!(
        "{}\n{}\n",
        clean(&render::title(cur, shop)),
        render::beside(prev)
    ))?;
    let table = Table::new()
        .col("")
        .cut(12)
        .col(cur.period.clone())
        .right()
        .col(prev.period.clone())
        .right()
        .drop(1);
    let lines = render::lines(cur, prev, names);
    let mut start = 0;
    while start < lines.len() {
        let section = lines[start].section;
        let end = lines[start..]
            .iter()
            .position(|l| l.section != section)
            .map_or(lines.len(), |n| start + n);
        super::terminal::out_drawn(&format!("\n{}\n", render::section_title(section)))?;
        let rows: Vec<Vec<String>> = lines[start..end]
            .iter()
            .map(|l| {
                vec![
                    l.label.clone(),
                    l.current.human(names),
                    l.previous.human(names),
                ]
            })
            .collect();
        table.print_rows(ctx.width, &rows)?;
        start = end;
    }
    Ok(())
}
