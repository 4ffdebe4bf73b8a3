//! Writing results: tables for people, JSON and CSV for scripts. Data goes to stdout,
//! messages to stderr. A closed pipe ends the command quietly (see `main`).

use std::io::Write;

use comfy_table::{ColumnConstraint, ContentArrangement, Table, TableComponent, Width, presets};
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

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

/// Writes rows as CSV with a header, streamed to stdout as they come.
pub fn csv(headers: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> Result<()> {
    let mut writer = csv::Writer::from_writer(std::io::stdout().lock());
    let fail = |e: csv::Error| match e.into_kind() {
        csv::ErrorKind::Io(io) => stdout_error(io),
        other => Error::io("<stdout>", std::io::Error::other(format!("{other:?}"))),
    };
    writer.write_record(headers).map_err(fail)?;
    for row in rows {
        writer.write_record(&row).map_err(fail)?;
    }
    writer.flush().map_err(stdout_error)
}

/// Builds a table in the house style; Chinese text is measured by display width.
pub fn table(headers: &[&str]) -> Table {
    let mut t = headless_table();
    t.set_header(headers.iter().copied());
    t
}

/// A table in the house style without a header row.
fn headless_table() -> Table {
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
        .set_content_arrangement(ContentArrangement::Dynamic);
    t
}

/// Rows per block of a long table.
const BLOCK: usize = 500;

/// Writes a table of `count` rows (`cells(i)` gives row `i`) a block of rows at a time,
/// so that memory does not grow with the rows, laid out as `print_table` lays out one
/// table: every column but the last as wide as its widest cell in the whole table, or
/// as the cap `caps` gives it (columns counted from 0), the last taking what the
/// terminal has left.
pub fn print_long_table(
    headers: &[&str],
    count: usize,
    cells: impl Fn(usize) -> Vec<String>,
    caps: &[(usize, u16)],
) -> Result<()> {
    long_table(headers, count, cells, caps, out)
}

/// Renders a long table block by block, handing each block's text to `emit`.
fn long_table(
    headers: &[&str],
    count: usize,
    cells: impl Fn(usize) -> Vec<String>,
    caps: &[(usize, u16)],
    mut emit: impl FnMut(&str) -> Result<()>,
) -> Result<()> {
    let last = headers.len().saturating_sub(1);
    let width = |text: &str| {
        text.split('\n')
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
    for i in 0..count {
        for (w, cell) in widths.iter_mut().zip(cells(i)) {
            *w = (*w).max(width(&cell));
        }
    }
    let mut start = 0;
    loop {
        let end = (start + BLOCK).min(count);
        let mut t = if start == 0 {
            table(headers)
        } else {
            headless_table()
        };
        for i in start..end {
            t.add_row(cells(i));
        }
        let mut fixed: Vec<u16> = widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let (left, right) = padding(i);
                let padded = u16::try_from(*w)
                    .unwrap_or(u16::MAX)
                    .saturating_add(left + right);
                caps.iter()
                    .find(|(c, _)| *c == i)
                    .map_or(padded, |(_, cap)| padded.min(*cap))
            })
            .collect();
        // The last column takes what the terminal leaves, or its widest cell.
        if let Some(terminal) = t.width() {
            let used: u16 = fixed[..last].iter().sum();
            fixed[last] = fixed[last].min(terminal.saturating_sub(used).max(3));
        }
        for (column, width) in t.column_iter_mut().zip(&fixed) {
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(*width)));
        }
        emit(&render_table(&mut t))?;
        if end == count {
            return Ok(());
        }
        start = end;
    }
}

/// Writes a table followed by a newline. Every column but the last keeps the width of
/// its content unless the caller constrained it; the last (a title, details) takes what
/// the terminal has left and wraps.
pub fn print_table(t: &mut Table) -> Result<()> {
    out(&render_table(t))
}

/// The padding (left, right) of column `i` in the house style: two spaces between
/// columns, none before the first.
fn padding(i: usize) -> (u16, u16) {
    (if i == 0 { 0 } else { 2 }, 0)
}

/// The text `print_table` writes.
fn render_table(t: &mut Table) -> String {
    let last = t.column_count().saturating_sub(1);
    for (i, column) in t.column_iter_mut().enumerate() {
        column.set_padding(padding(i));
        if i < last && column.constraint().is_none() {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    format!("{t}\n")
}

/// Renders rows as a markdown table (pipes and line breaks in cells escaped).
pub fn markdown(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut text = markdown_head(headers);
    for row in rows {
        text += &markdown_row(row);
    }
    text
}

/// The header and rule lines of a markdown table.
fn markdown_head(headers: &[&str]) -> String {
    format!(
        "| {} |\n|{}\n",
        headers.join(" | "),
        "---|".repeat(headers.len())
    )
}

/// One line of a markdown table.
fn markdown_row(row: &[String]) -> String {
    let cell = |s: &String| s.replace('|', "\\|").replace('\n', "<br>");
    format!(
        "| {} |\n",
        row.iter().map(cell).collect::<Vec<_>>().join(" | ")
    )
}

/// Writes rows in the chosen format; CSV and markdown are written as the rows come,
/// so a long list is never held twice.
pub fn rows(
    format: Format,
    headers: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<()> {
    match format {
        Format::Csv => csv(headers, rows),
        Format::Markdown => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            let lines = std::iter::once(markdown_head(headers))
                .chain(rows.into_iter().map(|row| markdown_row(&row)));
            for line in lines {
                stdout.write_all(line.as_bytes()).map_err(stdout_error)?;
            }
            stdout.flush().map_err(stdout_error)
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_table_reads_as_one_table() {
        let headers = ["id", "who", "customer", "title"];
        let row = |i: usize| {
            vec![
                format!("T{i}"),
                ["amy", "李娜", "christopher"][i % 3].to_string(),
                [
                    "黄丽",
                    "一个非常长的客户名称要换行",
                    "Harbor Print Company Ltd",
                ][i % 3]
                    .to_string(),
                format!("第{i}号 title\nsecond line"),
            ]
        };
        let count = 2 * BLOCK + 7;
        let mut one = table(&headers);
        for i in 0..count {
            one.add_row(row(i));
        }
        if let Some(customer) = one.column_mut(2) {
            customer.set_constraint(ColumnConstraint::UpperBoundary(Width::Fixed(12)));
        }
        let mut blocks = String::new();
        long_table(&headers, count, row, &[(2, 12)], |text| {
            blocks.push_str(text);
            Ok(())
        })
        .unwrap();
        assert_eq!(blocks, render_table(&mut one));
    }

    #[test]
    fn a_cell_wider_than_any_terminal_does_not_overflow_the_widths() {
        let wide = "x".repeat(70_000);
        let row = |_: usize| vec!["T1".to_string(), wide.clone(), "title".to_string()];
        let mut text = String::new();
        long_table(&["id", "note", "title"], 1, row, &[], |t| {
            text.push_str(t);
            Ok(())
        })
        .unwrap();
        assert!(text.contains("title"));
    }
}
