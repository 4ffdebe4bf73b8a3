//! The exports as an Excel workbook, for the manager who lives in a spreadsheet: the
//! same rows and columns as the CSV, as typed cells — timestamps as date cells in the
//! shop's local time, numbers as numbers, yes/no as booleans, text as text (so nothing
//! runs as a formula and no leading zero is lost) — under two header rows: the
//! columns in the desk's language, and below them their codes, which is what a program
//! reads back. The header rows stay in view and carry filters; columns are as wide as
//! their text (Chinese counted double). Rows are written one after the other in the
//! writer's constant-memory mode, so a big desk needs no more memory than a small one.

use rust_xlsxwriter::{Format, Workbook, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::csvfile::{Cells, restore_in_place};
use crate::error::{Error, Result};

/// How many rows decide the column widths.
const WIDTH_SAMPLE: usize = 2000;

fn failed(e: XlsxError) -> Error {
    Error::BadInput {
        field: "(xlsx)".into(),
        message: crate::t!("err-xlsx", reason = e.to_string()),
        hint: None,
    }
}

/// Turns an export in CSV (as inkdesk wrote it) into a workbook of one sheet.
pub fn from_csv(csv_bytes: &[u8], cells: &Cells, sheet: &str) -> Result<Vec<u8>> {
    let mut reader = csv::ReaderBuilder::new().from_reader(csv_bytes);
    let headers = reader
        .headers()
        .map_err(|e| Error::input("(csv)", e.to_string(), String::new()))?
        .clone();
    // The first rows decide the widths; the rest stream through.
    let mut records = reader.records().filter_map(|r| r.ok());
    let sample: Vec<csv::StringRecord> = records.by_ref().take(WIDTH_SAMPLE).collect();
    let mut book = Workbook::new();
    let heads = Format::new().set_bold();
    let codes = Format::new().set_font_color("#808080").set_italic();
    let when = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let sheet_ref = book.add_worksheet_with_constant_memory().map_err(failed)?;
    sheet_ref.set_name(sheet).map_err(failed)?;
    // Widths first: a constant-memory sheet writes its rows as they come.
    for (col, name) in headers.iter().enumerate() {
        let label = crate::i18n::tr(&format!("column-{name}"), &[]);
        let is_time = cells.times.contains(&name) || cells.optional_times.contains(&name);
        let widest = sample
            .iter()
            .filter_map(|r| r.get(col))
            .map(UnicodeWidthStr::width)
            .chain([label.width(), name.width(), if is_time { 16 } else { 0 }])
            .max()
            .unwrap_or(8)
            .clamp(6, 50);
        sheet_ref
            .set_column_width(col as u16, widest as f64 + 2.0)
            .map_err(failed)?;
    }
    // Row by row, left to right: the order a constant-memory sheet takes.
    for (col, name) in headers.iter().enumerate() {
        let label = crate::i18n::tr(&format!("column-{name}"), &[]);
        sheet_ref
            .write_string_with_format(0, col as u16, label, &heads)
            .map_err(failed)?;
    }
    for (col, name) in headers.iter().enumerate() {
        sheet_ref
            .write_string_with_format(1, col as u16, name, &codes)
            .map_err(failed)?;
    }
    sheet_ref.set_freeze_panes(2, 0).map_err(failed)?;
    let mut written = 0u32;
    for (n, record) in sample.iter().cloned().chain(records).enumerate() {
        written = n as u32 + 1;
        let row = (n + 2) as u32;
        for (col, (name, cell)) in headers.iter().zip(record.iter()).enumerate() {
            if cell.is_empty() {
                continue;
            }
            let col = col as u16;
            let is = |list: &[&str]| list.contains(&name);
            if is(cells.times) || is(cells.optional_times) {
                if let Ok(t) = chrono::DateTime::parse_from_rfc3339(cell) {
                    sheet_ref
                        .write_datetime_with_format(row, col, t.naive_local(), &when)
                        .map_err(failed)?;
                    continue;
                }
            } else if is(cells.bools) || is(cells.optional_bools) {
                if let Ok(b) = cell.parse::<bool>() {
                    sheet_ref.write_boolean(row, col, b).map_err(failed)?;
                    continue;
                }
            } else if (is(cells.counts) || is(cells.optional_numbers))
                && let Ok(x) = cell.parse::<f64>()
            {
                sheet_ref.write_number(row, col, x).map_err(failed)?;
                continue;
            }
            // Text as text: a typed cell never runs as a formula, so the CSV's
            // protective apostrophe is not needed here.
            let mut text = cell.to_string();
            restore_in_place(&mut text);
            sheet_ref.write_string(row, col, text).map_err(failed)?;
        }
    }
    sheet_ref
        .autofilter(1, 0, written + 1, headers.len().saturating_sub(1) as u16)
        .map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}
