//! Writing results: tables for people, JSON and CSV for scripts. Data goes to stdout,
//! messages to stderr. A closed pipe ends the command quietly (see `main`).

use std::io::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, Table, TableComponent, presets};
use serde::Serialize;

use crate::error::{Error, Result};

/// The output formats of read commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

/// The `--format` flag shared by every read command.
#[derive(Debug, Clone, clap::Args)]
pub struct FormatArgs {
    /// Output format: a table for people, JSON or CSV for scripts, markdown for notes.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn stdout_error(e: std::io::Error) -> Error {
    Error::io("<stdout>", e)
}

/// Writes text to stdout.
pub fn out(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes()).map_err(stdout_error)?;
    stdout.flush().map_err(stdout_error)
}

/// Writes these parts to stdout one after the other.
pub fn out_parts<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> Result<()> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for part in parts {
        stdout.write_all(part).map_err(stdout_error)?;
    }
    stdout.flush().map_err(stdout_error)
}

/// Writes a message line to stderr (ignoring a closed stderr).
pub fn say(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

/// Writes a value as pretty JSON, streamed to stdout.
pub fn json<T: Serialize>(value: &T) -> Result<()> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut stdout, value).map_err(|e| stdout_error(e.into()))?;
    stdout.write_all(b"\n").map_err(stdout_error)?;
    stdout.flush().map_err(stdout_error)
}

/// Writes rows as CSV with a header, streamed to stdout.
pub fn csv(headers: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let mut writer = csv::Writer::from_writer(std::io::stdout().lock());
    let fail = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => stdout_error(io),
        other => Error::io("<stdout>", std::io::Error::other(format!("{other:?}"))),
    };
    writer.write_record(headers).map_err(fail)?;
    for row in rows {
        writer.write_record(row).map_err(fail)?;
    }
    writer.flush().map_err(stdout_error)
}

/// Builds a table in the house style; Chinese text is measured by display width.
pub fn table(headers: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(presets::NOTHING);
    for component in [
        TableComponent::LeftBorder,
        TableComponent::RightBorder,
        TableComponent::TopBorder,
        TableComponent::BottomBorder,
        TableComponent::VerticalLines,
        TableComponent::HorizontalLines,
        TableComponent::LeftHeaderIntersection,
        TableComponent::RightHeaderIntersection,
        TableComponent::MiddleHeaderIntersections,
    ] {
        t.remove_style(component);
    }
    t.set_style(TableComponent::HeaderLines, '─')
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().copied());
    t
}

/// Writes a table followed by a newline. Every column but the last keeps the width of
/// its content unless the caller constrained it; the last (a title, details) takes what
/// the terminal has left and wraps.
pub fn print_table(t: &mut Table) -> Result<()> {
    let last = t.column_count().saturating_sub(1);
    for (i, column) in t.column_iter_mut().enumerate() {
        column.set_padding((if i == 0 { 0 } else { 2 }, 0));
        if i < last && column.constraint().is_none() {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    out(&format!("{t}\n"))
}

/// Renders rows as a markdown table (pipes and line breaks in cells escaped).
pub fn markdown(headers: &[&str], rows: &[Vec<String>]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', "<br>");
    let mut text = format!("| {} |\n", headers.join(" | "));
    text += &format!("|{}\n", "---|".repeat(headers.len()));
    for row in rows {
        text += &format!(
            "| {} |\n",
            row.iter().map(|c| cell(c)).collect::<Vec<_>>().join(" | ")
        );
    }
    text
}

/// Writes rows in the chosen format.
pub fn rows(format: Format, headers: &[&str], rows: Vec<Vec<String>>) -> Result<()> {
    match format {
        Format::Csv => csv(headers, &rows),
        Format::Markdown => out(&markdown(headers, &rows)),
        Format::Json => {
            let objects: Vec<serde_json::Map<String, serde_json::Value>> = rows
                .into_iter()
                .map(|row| {
                    headers
                        .iter()
                        .map(|h| h.to_string())
                        .zip(row.into_iter().map(serde_json::Value::String))
                        .collect()
                })
                .collect();
            json(&objects)
        }
        Format::Table => {
            let mut t = table(headers);
            for row in rows {
                t.add_row(row);
            }
            print_table(&mut t)
        }
    }
}
