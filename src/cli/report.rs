//! `inkdesk report`: the monthly service review, from the desk or from CSV exports.

use std::path::PathBuf;

use crate::context::Ctx;
use crate::error::{Error, Result};
use crate::report::metrics::{Tally, counts};
use crate::report::period::Period;
use crate::report::{csvfile, html, render};
use crate::store::write_atomic;

use super::output::{out, print_table, say, table};

/// The service review of a period (default: the last complete month) beside the period
/// before it: volumes, timeliness, working hours, escalations, causes, callbacks,
/// satisfaction, compensation, holders, customers.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub period: super::period::PeriodArgs,
    /// Read these exports (of one or several shops) instead of the desk.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub from_csv: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to this file (atomically) instead of standard output.
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
}

/// Runs `inkdesk report`.
pub fn run(ctx: &Ctx, args: &Args) -> Result<i32> {
    // A period given by flags is checked before anything is read; without one, the
    // review is of the last complete month in the shop's zone.
    let chosen = args.period.period()?;
    let period_in = |tz: chrono_tz::Tz| {
        chosen
            .unwrap_or_else(|| Period::last_complete_month(ctx.now.with_timezone(&tz).date_naive()))
    };
    let tallies = |period: Period| [Tally::new(&period), Tally::new(&period.previous())];
    let ([cur, prev], shop) = if args.from_csv.is_empty() {
        let desk = ctx.desk()?;
        let period = period_in(desk.policy.calendar.tz());
        let before = period.previous();
        let [mut cur, mut prev] = tallies(period);
        desk.each_summary(
            ctx.cache,
            |p| counts(&period, p) || counts(&before, p),
            |_, s| {
                if let Some(s) = s {
                    cur.add(&s.facts);
                    prev.add(&s.facts);
                }
                Ok(())
            },
        )?;
        ([cur, prev], desk.policy.file.shop.name.clone())
    } else {
        // Exports are read a row at a time; the first row's zone sets the period.
        let mut counting: Option<[Tally; 2]> = None;
        let mut shops = std::collections::BTreeSet::new();
        for path in &args.from_csv {
            let full = ctx.cwd.join(path);
            let file = std::fs::File::open(&full).map_err(|e| Error::io(&full, e))?;
            csvfile::each(file, |f| {
                let [cur, prev] = counting.get_or_insert_with(|| {
                    tallies(period_in(f.timezone.parse().unwrap_or(chrono_tz::UTC)))
                });
                cur.add(&f);
                prev.add(&f);
                shops.insert(f.shop);
            })
            .map_err(|p| Error::BadRecord {
                path: path.clone(),
                line: p.line,
                field: p.column,
                message: p.message,
                hint: Some("give files written by `inkdesk export`".into()),
            })?;
        }
        let shops: Vec<String> = shops.into_iter().collect();
        (
            counting.unwrap_or_else(|| tallies(period_in(chrono_tz::UTC))),
            shops.join(", "),
        )
    };
    let (cur, prev) = (cur.finish(), prev.finish());
    let text = match args.format {
        ReportFormat::Json => {
            let value = serde_json::json!({ "shop": shop, "current": cur, "previous": prev });
            serde_json::to_string_pretty(&value).unwrap_or_default() + "\n"
        }
        ReportFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(["section", "metric", &cur.period, &prev.period]);
            for row in render::csv(&cur, &prev) {
                let _ = w.write_record(&row);
            }
            String::from_utf8_lossy(&w.into_inner().unwrap_or_default()).into_owned()
        }
        ReportFormat::Markdown => render::markdown(&cur, &prev, &shop),
        ReportFormat::Html => html::page(&cur, &prev, &shop),
        ReportFormat::Table => {
            if args.output.is_some() {
                render::markdown(&cur, &prev, &shop)
            } else {
                print_sections(&cur, &prev, &shop)?;
                return Ok(0);
            }
        }
    };
    match &args.output {
        Some(path) => {
            write_atomic(&ctx.cwd.join(path), text.as_bytes())?;
            say(&format!(
                "review {} written to {}",
                cur.period,
                path.display()
            ));
        }
        None => out(&text)?,
    }
    Ok(0)
}

fn print_sections(
    cur: &crate::report::metrics::Review,
    prev: &crate::report::metrics::Review,
    shop: &str,
) -> Result<()> {
    out(&format!(
        "Service review {} — {shop} (beside it: {})\n",
        cur.period, prev.period
    ))?;
    let mut section = "";
    let mut t = table(&["", &cur.period, &prev.period]);
    for line in render::lines(cur, prev) {
        if line.section != section {
            if !section.is_empty() {
                print_table(&mut t)?;
            }
            section = line.section;
            out(&format!("\n{section}\n"))?;
            t = table(&["", &cur.period, &prev.period]);
        }
        t.add_row(vec![line.metric, line.current, line.previous]);
    }
    if !section.is_empty() {
        print_table(&mut t)?;
    }
    Ok(())
}
