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
use super::wording::{to_code, to_words};
use crate::error::{Error, Result};
use crate::i18n::Names;

/// How many rows decide the column widths.
const WIDTH_SAMPLE: usize = 2000;

fn failed(e: XlsxError) -> Error {
    Error::BadInput {
        field: "(xlsx)".into(),
        message: crate::i18n::t!("err-xlsx", reason = e.to_string()),
        hint: None,
    }
}

/// Turns an export in CSV read from `source` into a workbook of one sheet, ready to be
/// saved: its rows are written as they are read, so a big export is never held whole.
/// Coded cells are written in the desk's words (`names`).
pub fn from_csv_reader(
    source: impl std::io::Read,
    cells: &Cells,
    sheet: &str,
    names: &Names,
) -> Result<Workbook> {
    let mut reader = csv::ReaderBuilder::new().from_reader(source);
    let headers = reader
        .headers()
        .map_err(|e| Error::input("(csv)", e.to_string(), String::new()))?
        .clone();
    // The first rows decide the widths; the rest stream through.
    let mut records = reader.records().filter_map(|r| r.ok());
    let sample: Vec<csv::StringRecord> = records.by_ref().take(WIDTH_SAMPLE).collect();
    let mut book = Workbook::new();
    // The fastest compression: a big export is written about twice as fast, a little
    // larger.
    book.set_zip_compression_level(1);
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
            .map(|cell| to_words(name, cell, names).map_or(cell.width(), |w| w.width()))
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
    let mut said: Vec<std::collections::HashMap<String, String>> =
        vec![Default::default(); headers.len()];
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
            // A column's few codes are looked up once each.
            let seen = &mut said[col as usize];
            let mut text = match seen.get(cell) {
                Some(words) => words.clone(),
                None => {
                    let words = to_words(name, cell, names).unwrap_or_else(|| cell.to_string());
                    if seen.len() < 1024 && words != cell {
                        seen.insert(cell.to_string(), words.clone());
                    }
                    words
                }
            };
            restore_in_place(&mut text);
            sheet_ref.write_string(row, col, text).map_err(failed)?;
        }
    }
    sheet_ref
        .autofilter(1, 0, written + 1, headers.len().saturating_sub(1) as u16)
        .map_err(failed)?;
    Ok(book)
}

/// Lays out the CSV lines `produce` hands over (the header first) as a workbook of one
/// sheet, zipped into `into` as they come: the lines pass through a short queue to a
/// thread of its own, so a big export is never held whole. Returns what `produce`
/// returns; an error of either side is the stream's.
pub fn stream<T>(
    into: impl std::io::Write + std::io::Seek + Send,
    cells: &Cells,
    sheet: &str,
    names: &Names,
    produce: impl FnOnce(&mut dyn FnMut(&[u8]) -> Result<()>) -> Result<T>,
) -> Result<T> {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(64);
        let writer = scope.spawn(move || {
            let mut book = from_csv_reader(Queued::new(rx), cells, sheet, names)?;
            book.save_to_writer(std::io::BufWriter::new(into))
                .map_err(failed)
        });
        // The writer stopped on an error of its own: it is told at the end.
        let produced = produce(&mut |lines| {
            let _ = tx.send(lines.to_vec());
            Ok(())
        });
        drop(tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(failed(XlsxError::ParameterError("writer".into()))));
        let produced = produced?;
        written.map(|()| produced)
    })
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

/// Reads a workbook inkdesk wrote (or a spreadsheet saved again) back into CSV text:
/// the first sheet, its codes row (the second) as the header — or, where a person
/// deleted that row, the heads of the first row read as the columns they name — date
/// cells in the form a spreadsheet writes them (read in the row's shop zone), numbers
/// and booleans as text, and coded cells written in words (`names`, either language)
/// as their codes. The CSV then goes through the same reader as an export, with the
/// same checks. Returns the CSV and how many rows of the sheet stand above its header.
pub fn to_csv(bytes: &[u8], names: &Names) -> std::result::Result<(Vec<u8>, usize), String> {
    let mut rows = sheet_rows(bytes)?.into_iter();
    let heads = rows.next().unwrap_or_default();
    let codes_row = rows.next().unwrap_or_default();
    let codes_of = |row: &[String]| -> Option<Vec<String>> {
        let named: Option<Vec<String>> = row
            .iter()
            .filter(|c| !c.trim().is_empty())
            .map(|c| column_named(c).map(str::to_string))
            .collect();
        named.filter(|n| !n.is_empty())
    };
    let (header, above, first) = match (codes_of(&codes_row), codes_of(&heads)) {
        (Some(_), _) | (None, None) => (codes_row, 1, None),
        // No codes row: its place holds the first row of data.
        (None, Some(header)) => (header, 0, Some(codes_row)),
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header).map_err(|e| e.to_string())?;
    for mut cells in first.into_iter().chain(rows) {
        for (cell, column) in cells.iter_mut().zip(&header) {
            if let Some(code) = to_code(column, cell, names) {
                *cell = code;
            }
        }
        writer.write_record(&cells).map_err(|e| e.to_string())?;
    }
    Ok((writer.into_inner().map_err(|e| e.to_string())?, above))
}

/// The export column a sheet's head names: the column's code, or its head in either
/// language.
fn column_named(head: &str) -> Option<&'static str> {
    let head = head.trim();
    super::events::EVENT_COLUMNS
        .iter()
        .chain(crate::summary::COLUMNS)
        .find(|code| {
            **code == head
                || crate::i18n::Lang::ALL.iter().any(|lang| {
                    crate::i18n::lookup(*lang, &format!("column-{code}"), &[]).as_deref()
                        == Some(head)
                })
        })
        .copied()
}

/// Reads the first sheet of any workbook into rows of text cells (date cells as
/// `YYYY-MM-DD HH:MM:SS`).
pub fn sheet_rows(bytes: &[u8]) -> std::result::Result<Vec<Vec<String>>, String> {
    use calamine::Reader;
    let unreadable = |e: String| crate::i18n::t!("xlsx-unreadable", reason = e);
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| unreadable(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| crate::i18n::t!("xlsx-no-sheet"))?
        .map_err(|e| unreadable(e.to_string()))?;
    Ok(rows_of(&range))
}

fn rows_of(range: &calamine::Range<calamine::Data>) -> Vec<Vec<String>> {
    use calamine::Data;
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::Empty => String::new(),
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                    Data::Bool(b) => b.to_string(),
                    Data::Int(i) => i.to_string(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 9e15 => (*f as i64).to_string(),
                    Data::Float(f) => f.to_string(),
                    Data::DateTime(d) => d
                        .as_datetime()
                        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_default(),
                    Data::Error(e) => format!("#{e:?}"),
                })
                .collect()
        })
        .collect()
}

/// The review as a workbook, ready to print: a first sheet with the four native charts
/// of the HTML review, then the figures of every section (each in the desk's words,
/// this period and the one before as numbers where they are numbers, and the metric's
/// code in a hidden column).
pub fn review(
    cur: &super::metrics::Review,
    prev: &super::metrics::Review,
    shop: &str,
    names: &crate::i18n::Names,
) -> Result<Vec<u8>> {
    use super::render::{Figure, lines, section_title, title};
    use rust_xlsxwriter::{Chart, ChartType};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let codes = Format::new().set_font_color("#808080").set_italic();
    // Figures stand at the top of a row made higher for a wrapped text beside them.
    let top = rust_xlsxwriter::FormatAlign::Top;
    let count = Format::new().set_align(top);
    let percent = Format::new().set_num_format("0.0\"%\"").set_align(top);
    let money = Format::new().set_num_format("#,##0.00").set_align(top);
    // A sheet name: at most 31 characters, none of []:*?/\, unique.
    let mut used: Vec<String> = Vec::new();
    let mut sheet_name = |text: &str| {
        let mut name: String = text
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(28)
            .collect();
        if name.trim().is_empty() {
            name = "review".into();
        }
        let base = name.clone();
        let mut n = 2;
        while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
            name = format!("{base} {n}");
            n += 1;
        }
        used.push(name.clone());
        name
    };
    // The charts first, with their data beside them.
    let charts_name = sheet_name(&crate::i18n::t!("xlsx-sheet-charts"));
    let data = super::html::charts(cur, prev, names);
    let heading = title(cur, shop);
    {
        let sheet = book.add_worksheet();
        sheet.set_name(&charts_name).map_err(failed)?;
        sheet
            .write_string_with_format(0, 0, &heading, &bold)
            .map_err(failed)?;
        sheet.set_column_width(0, 18).map_err(failed)?;
        // The charts two by two, each 480 by 288 pixels (about 15 rows): one landscape
        // page holds all four and prints nothing else, so no page break runs through
        // one. Their data stands below them, on screen only.
        let (chart_rows, grid_rows) = (15u32, 16u32);
        let mut top: u32 = 2 + grid_rows * data.len().div_ceil(2) as u32 + 1;
        for (k, chart_data) in data.iter().enumerate() {
            // The data: labels in column A, this period in B, the one before in C.
            let first = top;
            sheet
                .write_string_with_format(first, 0, &chart_data.title, &bold)
                .map_err(failed)?;
            sheet
                .write_string(first, 1, cur.period.as_str())
                .map_err(failed)?;
            sheet
                .write_string(first, 2, prev.period.as_str())
                .map_err(failed)?;
            for (i, label) in chart_data.labels.iter().enumerate() {
                let row = first + 1 + i as u32;
                sheet.write_string(row, 0, label).map_err(failed)?;
                // A period with nothing to measure has an empty cell: no bar.
                for (col, value) in [(1, chart_data.current[i]), (2, chart_data.previous[i])] {
                    if let Some(v) = value {
                        sheet.write_number(row, col, v).map_err(failed)?;
                    }
                }
            }
            let last = first + chart_data.labels.len().max(1) as u32;
            let mut chart = Chart::new(ChartType::Column);
            chart.set_width(480).set_height(288);
            chart.title().set_name(&chart_data.title);
            for (col, period) in [(1u16, &cur.period), (2u16, &prev.period)] {
                chart
                    .add_series()
                    .set_name(period.as_str())
                    .set_categories((charts_name.as_str(), first + 1, 0, last, 0))
                    .set_values((charts_name.as_str(), first + 1, col, last, col));
            }
            if chart_data.percent {
                chart.y_axis().set_max(100);
            }
            let (row, col) = (2 + grid_rows * (k as u32 / 2), 8 * (k as u16 % 2));
            sheet.insert_chart(row, col, &chart).map_err(failed)?;
            top = last + 2;
        }
        let charts_end = 2 + grid_rows * (data.len().div_ceil(2) as u32 - 1) + chart_rows;
        print_setup(sheet, &heading, true);
        sheet.set_print_area(0, 0, charts_end, 15).map_err(failed)?;
        sheet.set_print_fit_to_pages(1, 1);
    }
    // The figures on one sheet, section after section, each under its title: printed
    // as wide as the page (upright, or turned where that would shrink it much), the
    // heads on every page; the code column is hidden (a program still reads it).
    let name = sheet_name(&crate::i18n::t!("xlsx-sheet-review"));
    let sheet = book.add_worksheet();
    sheet.set_name(&name).map_err(failed)?;
    let all = lines(cur, prev, names);
    let shown: Vec<[String; 3]> = all
        .iter()
        .map(|l| {
            [
                l.label.clone(),
                l.current.human(names),
                l.previous.human(names),
            ]
        })
        .collect();
    // Columns as wide as their widest text (Chinese counted double) up to a limit;
    // a longer text wraps onto a row made as high as it needs.
    let widest = |texts: &mut dyn Iterator<Item = &String>, least: usize, most: usize| {
        texts
            .map(|t| t.width())
            .max()
            .unwrap_or(0)
            .clamp(least, most)
    };
    let titles: Vec<String> = all.iter().map(|l| section_title(l.section)).collect();
    let label_width = widest(&mut shown.iter().map(|s| &s[0]).chain(&titles), 20, 36);
    let figure_width = widest(&mut shown.iter().flat_map(|s| [&s[1], &s[2]]), 8, 24);
    let widths = [label_width, figure_width, figure_width];
    let landscape = turned(&widths.map(|w| w + 2));
    for (col, width) in widths.iter().enumerate() {
        sheet
            .set_column_width(col as u16, (width + 2) as f64)
            .map_err(failed)?;
    }
    sheet.set_column_width(3, 36).map_err(failed)?;
    sheet.set_column_hidden(3).map_err(failed)?;
    let wrapped = Format::new().set_text_wrap().set_align(top);
    let text_figure = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Right)
        .set_align(top);
    let section_head = Format::new()
        .set_bold()
        .set_background_color("#E8EEF4")
        .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin);
    for (col, head) in [
        crate::i18n::t!("xlsx-col-figure"),
        cur.period.clone(),
        prev.period.clone(),
        crate::i18n::t!("xlsx-col-code"),
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string_with_format(0, col as u16, head, &bold)
            .map_err(failed)?;
    }
    sheet.set_freeze_panes(1, 1).map_err(failed)?;
    let mut row = 1u32;
    let mut start = 0;
    while start < all.len() {
        let section = all[start].section;
        let end = all[start..]
            .iter()
            .position(|l| l.section != section)
            .map_or(all.len(), |n| start + n);
        // Each row as high as its longest text's lines.
        let heights: Vec<u32> = shown[start..end]
            .iter()
            .map(|texts| {
                texts
                    .iter()
                    .zip(widths)
                    .map(|(t, w)| wrapped_lines(t, w))
                    .max()
                    .unwrap_or(1)
            })
            .collect();
        sheet
            .write_string_with_format(row, 0, section_title(section), &section_head)
            .map_err(failed)?;
        for col in 1..=2 {
            sheet.write_blank(row, col, &section_head).map_err(failed)?;
        }
        for ((line, texts), lines) in all[start..end].iter().zip(&shown[start..end]).zip(heights) {
            row += 1;
            if lines > 1 {
                sheet
                    .set_row_height(row, 15.0 * f64::from(lines))
                    .map_err(failed)?;
            }
            sheet
                .write_string_with_format(row, 0, &texts[0], &wrapped)
                .map_err(failed)?;
            for (col, figure, text) in [
                (1u16, &line.current, &texts[1]),
                (2u16, &line.previous, &texts[2]),
            ] {
                match figure {
                    Figure::Count(n) => sheet.write_number_with_format(row, col, *n as f64, &count),
                    Figure::Rate(r) if r.percent.is_some() => {
                        sheet.write_number_with_format(row, col, r.percent.unwrap_or(0.0), &percent)
                    }
                    Figure::Money(m) | Figure::Part(m, _) => {
                        sheet.write_number_with_format(row, col, *m, &money)
                    }
                    _ => sheet.write_string_with_format(row, col, text, &text_figure),
                }
                .map_err(failed)?;
            }
            sheet
                .write_string_with_format(
                    row,
                    3,
                    format!("{}.{}", line.section, line.metric),
                    &codes,
                )
                .map_err(failed)?;
        }
        row += 2;
        start = end;
    }
    print_setup(sheet, &heading, landscape);
    sheet.set_print_area(0, 0, row, 2).map_err(failed)?;
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0).map_err(failed)?;
    book.save_to_buffer().map_err(failed)
}

/// How many lines `text` takes in a column `width` characters wide (wrapped at spaces
/// or, for Chinese, anywhere; a tenth more for where words break early).
fn wrapped_lines(text: &str, width: usize) -> u32 {
    let needed = text.width() * 11 / 10;
    needed.div_ceil(width.max(1)).max(1) as u32
}

/// Whether a sheet of columns this wide (in characters) is printed turned: where it
/// would be shrunk below about four fifths on an upright A4 page.
fn turned(widths: &[usize]) -> bool {
    // A column of n characters is n * 7 + 5 pixels in Excel's own font; the margins
    // leave 17.8 cm of an upright page's width (96 pixels to 2.54 cm): 670 pixels.
    let pixels: usize = widths.iter().map(|w| w * 7 + 5).sum();
    pixels * 4 > 670 * 5
}

/// The page every sheet of the review prints on: A4, the review's title at the top,
/// "page n of m" at the foot.
fn print_setup(sheet: &mut rust_xlsxwriter::Worksheet, heading: &str, landscape: bool) {
    sheet.set_paper_size(9);
    if landscape {
        sheet.set_landscape();
    }
    sheet.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    sheet.set_print_center_horizontally(true);
    // `&` starts a code in a page header; a shop's own `&` is doubled.
    sheet.set_header(format!("&C{}", heading.replace('&', "&&")));
    sheet.set_footer(format!("&C{}", crate::i18n::t!("xlsx-page-of")));
}

#[cfg(test)]
mod tests {
    use super::{turned, wrapped_lines};

    #[test]
    fn a_sheet_is_turned_only_where_upright_would_shrink_it_much() {
        assert!(!turned(&[32, 12, 12]));
        assert!(turned(&[60, 40, 40]));
    }

    #[test]
    fn a_long_text_wraps_onto_as_many_lines_as_it_needs() {
        assert_eq!(wrapped_lines("opened", 20), 1);
        assert_eq!(wrapped_lines("", 20), 1);
        let long = "complaints with the customer's cause, not accepted";
        assert_eq!(wrapped_lines(long, 36), 2);
        assert_eq!(
            wrapped_lines("18小时20分钟 / 25小时20分钟 / 24小时25分钟", 24),
            2
        );
    }
}
