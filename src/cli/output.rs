//! Writing results: tables and markdown for people (in the desk's language), JSON and
//! CSV for scripts (codes, never translated). Data goes to stdout, messages to stderr.
//! A closed pipe ends the command quietly (see `main`).

use std::io::Write;

use serde::Serialize;

use super::table::Table;
use super::terminal::{clean, stdout_error};

use crate::error::{Error, Result};
use crate::i18n::t;

/// The output formats of read commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

// The `--format` flag shared by every read command.
#[derive(Debug, Clone, clap::Args)]
pub struct FormatArgs {
    // Output format: a table for people, JSON or CSV for scripts, markdown for notes.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Writes a value as pretty JSON to stdout.
pub fn json<T: Serialize>(value: &T) -> Result<()> {
    let text = json_text(value)?;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    stdout.write_all(text.as_bytes()).map_err(stdout_error)?;
    stdout.write_all(b"\n").map_err(stdout_error)?;
    stdout.flush().map_err(stdout_error)
}

/// A value as pretty JSON in which no character reaches a terminal that must not: JSON
/// escapes the control characters, and here the marks that reorder text are escaped
/// too (`\u202e`), the same data to any JSON reader.
pub fn json_text<T: Serialize>(value: &T) -> Result<String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| stdout_error(e.into()))?;
    if !text.chars().any(crate::i18n::format::is_unsafe) {
        return Ok(text);
    }
    let mut safe = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c != '\n' && crate::i18n::format::is_unsafe(c) {
            safe.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            safe.push(c);
        }
    }
    Ok(safe)
}

/// A JSON array written to stdout an element at a time, as `json` would write the
/// whole array: a big listing needs no more memory than a small one.
pub struct JsonStream {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    first: bool,
}

impl Default for JsonStream {
    fn default() -> Self {
        Self::new()
    }
}

impl JsonStream {
    pub fn new() -> JsonStream {
        JsonStream {
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            first: true,
        }
    }

    /// Writes the next element.
    pub fn push<T: Serialize>(&mut self, value: &T) -> Result<()> {
        let text = json_text(value)?;
        let lead: &[u8] = if self.first { b"[\n" } else { b",\n" };
        self.first = false;
        self.out.write_all(lead).map_err(stdout_error)?;
        for (n, line) in text.lines().enumerate() {
            if n > 0 {
                self.out.write_all(b"\n").map_err(stdout_error)?;
            }
            self.out.write_all(b"  ").map_err(stdout_error)?;
            self.out.write_all(line.as_bytes()).map_err(stdout_error)?;
        }
        Ok(())
    }

    /// Closes the array.
    pub fn finish(mut self) -> Result<()> {
        let end: &[u8] = if self.first { b"[]\n" } else { b"\n]\n" };
        self.out.write_all(end).map_err(stdout_error)?;
        self.out.flush().map_err(stdout_error)
    }
}

/// Text written to stdout a piece at a time, buffered.
pub struct TextStream {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
}

impl Default for TextStream {
    fn default() -> Self {
        Self::new()
    }
}

impl TextStream {
    pub fn new() -> TextStream {
        TextStream {
            out: std::io::BufWriter::new(std::io::stdout().lock()),
        }
    }

    pub fn push(&mut self, text: &str) -> Result<()> {
        self.out.write_all(text.as_bytes()).map_err(stdout_error)
    }

    pub fn finish(mut self) -> Result<()> {
        self.out.flush().map_err(stdout_error)
    }
}

/// CSV with a header written to stdout a row at a time (cells a spreadsheet would run
/// as formulas neutralised, as in `export`).
pub struct CsvStream {
    writer: csv::Writer<std::io::BufWriter<std::io::StdoutLock<'static>>>,
}

fn csv_error(e: csv::Error) -> Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => stdout_error(io),
        other => Error::io("<stdout>", std::io::Error::other(format!("{other:?}"))),
    }
}

impl CsvStream {
    pub fn new(headers: &[&str]) -> Result<CsvStream> {
        let mut writer =
            csv::Writer::from_writer(std::io::BufWriter::new(std::io::stdout().lock()));
        writer.write_record(headers).map_err(csv_error)?;
        Ok(CsvStream { writer })
    }

    pub fn push(&mut self, mut row: Vec<String>) -> Result<()> {
        for cell in &mut row {
            crate::i18n::format::printable_in_place(cell);
            crate::report::csvfile::neutralise_in_place(cell);
        }
        self.writer.write_record(&row).map_err(csv_error)
    }

    pub fn finish(mut self) -> Result<()> {
        self.writer.flush().map_err(stdout_error)
    }
}

/// Writes rows as CSV with a header, streamed to stdout as they come.
pub fn csv(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<()> {
    let mut out = CsvStream::new(headers)?;
    for row in rows {
        out.push(row)?;
    }
    out.finish()
}

/// Writes rows for scripts: CSV with a header, or JSON objects keyed by the headers.
/// Rows are written as they come, so a long list is never held twice.
pub fn machine(
    format: Format,
    headers: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<()> {
    match format {
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
        _ => csv(headers, rows),
    }
}

/// Writes rows for people: the fitted table, or markdown for notes (with the table's
/// heads, nothing cut).
pub fn human(format: Format, width: usize, table: &Table, rows: &[Vec<String>]) -> Result<()> {
    match format {
        Format::Markdown => markdown_lines(&table.heads(), rows.iter().cloned()),
        _ => table.print_rows(width, rows),
    }
}

/// Writes a markdown table to stdout a row at a time.
pub fn markdown_lines(
    headers: &[String],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<()> {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let lines =
        std::iter::once(markdown_head(headers)).chain(rows.into_iter().map(|r| markdown_row(&r)));
    for line in lines {
        stdout.write_all(line.as_bytes()).map_err(stdout_error)?;
    }
    stdout.flush().map_err(stdout_error)
}

/// Renders rows as a markdown table.
pub fn markdown(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut text = markdown_head(headers);
    for row in rows {
        text += &markdown_row(row);
    }
    text
}

/// The header and rule lines of a markdown table.
pub fn markdown_head(headers: &[String]) -> String {
    let cells: Vec<String> = headers.iter().map(|h| markdown_cell(h)).collect();
    format!(
        "| {} |\n|{}\n",
        cells.join(" | "),
        "---|".repeat(headers.len())
    )
}

/// One line of a markdown table.
pub fn markdown_row(row: &[String]) -> String {
    let cells: Vec<String> = row.iter().map(|c| markdown_cell(c)).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// A markdown cell: no control characters, no live HTML, no pipe that ends the cell,
/// line breaks as `<br>`.
pub fn markdown_cell(text: &str) -> String {
    text.lines()
        .map(|l| {
            clean(l)
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('|', "\\|")
        })
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Names every record a read command could not read (after what it could show) and
/// returns the exit code: 2 when there was any, so that cron notices.
pub fn name_unreadable(errors: Vec<Error>) -> i32 {
    if errors.is_empty() {
        return 0;
    }
    for e in &errors {
        super::report_error(&e.to_string(), e.hint().as_deref());
    }
    super::terminal::say(&t!("unreadable-summary", count = errors.len()));
    2
}
