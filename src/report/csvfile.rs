//! The CSV form of ticket facts: one RFC 4180 row per ticket, the columns of
//! `facts::COLUMNS`, timestamps in RFC 3339, numbers without separators.
//!
//! A text cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`,
//! a tab or a carriage return) gets a leading `'` — also when quotes already stand
//! before such a character — so reading strips exactly one and every value comes back
//! as it was. Numbers are left alone.

use super::events::{EVENT_COLUMNS, EventRow};
use crate::i18n::format::printable_in_place;
use crate::summary::{COLUMNS, Head, Occurrence, TicketFacts};
use std::io::BufRead;

/// What is wrong with a CSV file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvProblem {
    pub line: usize,
    pub column: String,
    pub message: String,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn dangerous(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

/// The text of a CSV file as a spreadsheet saved it: UTF-8 (its byte order mark
/// dropped), or, where the bytes are not UTF-8, GB18030, which Chinese office programs
/// save by default.
pub fn text_of(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// Returns true when the text, past any leading quotes, would run as a formula.
fn quoted_formula(s: &str) -> bool {
    dangerous(s.trim_start_matches('\''))
}

/// Makes a text cell safe to open in a spreadsheet (the export does it in place).
#[cfg(test)]
fn neutralise(s: &str) -> String {
    let mut s = s.to_string();
    neutralise_in_place(&mut s);
    s
}

/// Undoes `neutralise`.
#[cfg(test)]
fn restore(s: &str) -> String {
    let mut s = s.to_string();
    restore_in_place(&mut s);
    s
}

/// Makes a text cell safe to open in a spreadsheet: a cell that would run as a
/// formula gets a leading quote. Every CSV inkdesk writes does this.
pub fn neutralise_in_place(s: &mut String) {
    if quoted_formula(s) {
        s.insert(0, '\'');
    }
}

/// Undoes `neutralise_in_place`.
pub fn restore_in_place(s: &mut String) {
    if s.strip_prefix('\'').is_some_and(quoted_formula) {
        s.remove(0);
    }
}

/// Masks a phone number but its last four digits.
pub fn mask_phone(phone: &str) -> String {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    phone
        .chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen <= digits.saturating_sub(4) {
                    '*'
                } else {
                    c
                }
            } else {
                c
            }
        })
        .collect()
}

/// Masks the name part of an e-mail address.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((_, domain)) => format!("***@{domain}"),
        None => "***".into(),
    }
}

fn map_text(f: &mut TicketFacts, op: &dyn Fn(&mut String)) {
    for s in [
        &mut f.shop,
        &mut f.timezone,
        &mut f.id,
        &mut f.kind,
        &mut f.title,
        &mut f.priority,
        &mut f.status,
        &mut f.customer,
    ] {
        op(s);
    }
    for s in [
        &mut f.company,
        &mut f.channel,
        &mut f.phone,
        &mut f.email,
        &mut f.assignee,
        &mut f.department,
        &mut f.cause,
        &mut f.remedy,
        &mut f.satisfaction,
    ]
    .into_iter()
    .flatten()
    {
        op(s);
    }
}

/// Writes facts as CSV, whole (the export itself writes a line at a time).
#[cfg(test)]
pub fn write(facts: &[TicketFacts], redact: bool, bom: bool) -> Vec<u8> {
    let mut out = header(bom);
    for f in facts {
        out.extend_from_slice(&row(f.clone(), redact));
    }
    out
}

/// The first line of an export (after the byte order mark, if asked for).
pub fn header(bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(UTF8_BOM);
    }
    let mut writer = csv::Writer::from_writer(out);
    let _ = writer.write_record(COLUMNS);
    writer.into_inner().unwrap_or_default()
}

/// Returns the CSV line of one ticket (phones and e-mail addresses masked when
/// `redact`), for exports gathered one ticket at a time.
pub fn row(mut f: TicketFacts, redact: bool) -> Vec<u8> {
    if redact {
        f.phone = f.phone.as_deref().map(mask_phone);
        f.email = f.email.as_deref().map(mask_email);
    }
    map_text(&mut f, &|s| {
        printable_in_place(s);
        neutralise_in_place(s);
    });
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .buffer_capacity(1024)
        .from_writer(Vec::new());
    let _ = writer.serialize(f);
    writer.into_inner().unwrap_or_default()
}

/// Reads facts from CSV, whole, or says which line and column is wrong.
#[cfg(test)]
pub fn read(bytes: &[u8]) -> Result<Vec<TicketFacts>, CsvProblem> {
    let mut out = Vec::new();
    each_record(bytes, &TICKET_CELLS, |mut f: TicketFacts, line| {
        map_text(&mut f, &restore_in_place);
        check_zone(&f.timezone, line)?;
        out.push(f);
        Ok(())
    })?;
    Ok(out)
}

/// The first line of an events export (after the byte order mark, if asked for).
pub fn event_header(bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(UTF8_BOM);
    }
    let mut writer = csv::Writer::from_writer(out);
    let _ = writer.write_record(EVENT_COLUMNS);
    writer.into_inner().unwrap_or_default()
}

/// Returns the CSV lines of one ticket's history rows.
pub fn event_rows(head: &Head, rows: &[Occurrence]) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(false)
        .buffer_capacity(4096)
        .from_writer(Vec::new());
    for o in rows {
        let mut row = EventRow::of(head, o);
        row.map_text(&|s| {
            printable_in_place(s);
            neutralise_in_place(s);
        });
        let _ = writer.serialize(row);
    }
    writer.into_inner().unwrap_or_default()
}

/// Reads an events export a row at a time, handing each row and its line to `visit`,
/// or says which line and column is wrong. The export of one row per ticket is
/// refused with a word on which file the review reads.
pub fn each_event(
    input: impl std::io::Read,
    mut visit: impl FnMut(EventRow, usize) -> Result<(), CsvProblem>,
) -> Result<(), CsvProblem> {
    each_record(input, &EVENT_CELLS, |mut row: EventRow, line| {
        row.map_text(&restore_in_place);
        check_zone(&row.timezone, line)?;
        visit(row, line)
    })
}

fn check_zone(zone: &str, line: usize) -> Result<(), CsvProblem> {
    match zone.parse::<chrono_tz::Tz>() {
        Ok(_) => Ok(()),
        Err(_) => Err(CsvProblem {
            line,
            column: "timezone".into(),
            message: crate::i18n::t!("err-not-a-zone", value = zone),
        }),
    }
}

/// The columns of a file and the type of each cell that is not plain text.
pub struct Cells {
    pub columns: &'static [&'static str],
    pub times: &'static [&'static str],
    pub optional_times: &'static [&'static str],
    pub bools: &'static [&'static str],
    pub optional_bools: &'static [&'static str],
    pub counts: &'static [&'static str],
    pub optional_numbers: &'static [&'static str],
}

/// The cells of the export of one row per ticket.
pub const TICKET_CELLS: Cells = Cells {
    columns: COLUMNS,
    times: &["received", "opened", "last_event"],
    optional_times: &[
        "first_contact_at",
        "resolved_at",
        "closed_at",
        "due_response",
        "due_resolution",
        "due_promised",
        "due_callback",
        "callback_at",
    ],
    bools: &["vip", "closed_without_callback", "entered_on_time"],
    optional_bools: &[
        "response_on_time",
        "resolution_on_time",
        "promise_kept",
        "callback_on_time",
    ],
    counts: &[
        "callback_attempts",
        "max_level",
        "escalations",
        "reopens",
        "breaches",
    ],
    optional_numbers: &["minutes_to_first_contact", "minutes_to_resolution", "cost"],
};

/// The cells of the events export.
pub const EVENT_CELLS: Cells = Cells {
    columns: EVENT_COLUMNS,
    times: &["at"],
    optional_times: &["due"],
    bools: &["vip"],
    optional_bools: &["accepted", "reached", "wrong_number", "verified"],
    counts: &["level"],
    optional_numbers: &["minutes", "cost", "attempt", "score"],
};

/// Columns added after exports were first made: a file without them still reads (the
/// value is then unknown).
const ADDED_LATER: &[&str] = &["channel"];

/// Reads records of one kind a row at a time, with their line numbers.
fn each_record<T: serde::de::DeserializeOwned>(
    input: impl std::io::Read,
    cells: &Cells,
    mut visit: impl FnMut(T, usize) -> Result<(), CsvProblem>,
) -> Result<(), CsvProblem> {
    let mut input = std::io::BufReader::new(input);
    let starts_with_bom = input.fill_buf().is_ok_and(|b| b.starts_with(UTF8_BOM));
    if starts_with_bom {
        input.consume(UTF8_BOM.len());
    }
    let mut reader = csv::ReaderBuilder::new().from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| CsvProblem {
            line: 1,
            column: "(header)".into(),
            message: e.to_string(),
        })?
        .clone();
    let has = |c: &str| headers.iter().any(|h| h == c);
    if let Some(missing) = cells
        .columns
        .iter()
        .find(|c| !has(c) && !ADDED_LATER.contains(c))
    {
        let message = if headers.len() == 1 {
            crate::i18n::t!("csv-column-missing-commas")
        } else if has("first_contact_at") && !has("action") {
            crate::i18n::t!("csv-ticket-export")
        } else {
            crate::i18n::t!("csv-column-missing")
        };
        return Err(CsvProblem {
            line: 1,
            column: missing.to_string(),
            message,
        });
    }
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| CsvProblem {
            line: e.position().map_or(i + 2, |p| p.line() as usize),
            column: "(row)".into(),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(i + 2, |p| p.line() as usize);
        let record = spreadsheet_cells(cells, &headers, &record);
        let value: T = record.deserialize(Some(&headers)).map_err(|e| {
            let (column, message) = bad_cell(cells, &headers, &record)
                .unwrap_or_else(|| ("(row)".into(), e.to_string()));
            CsvProblem {
                line,
                column,
                message,
            }
        })?;
        visit(value, line)?;
    }
    Ok(())
}

/// Reads back what a spreadsheet writes when it saves an export again: booleans as
/// `TRUE`/`FALSE` or `1`/`0`, timestamps as its own date cells (`2026-11-02 10:00:00`,
/// `2026/11/02 10:00`, in the row's shop zone), numbers with a trailing `.00`; every
/// other cell as it is.
fn spreadsheet_cells(
    cells: &Cells,
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
) -> csv::StringRecord {
    let zone: Option<chrono_tz::Tz> = headers
        .iter()
        .position(|h| h == "timezone")
        .and_then(|i| record.get(i))
        .and_then(|z| z.trim().parse().ok());
    headers
        .iter()
        .zip(record.iter())
        .map(|(name, cell)| {
            let is = |list: &[&str]| list.contains(&name);
            if is(cells.bools) || is(cells.optional_bools) {
                match cell.trim().to_ascii_lowercase().as_str() {
                    "true" | "1" => return "true".to_string(),
                    "false" | "0" => return "false".to_string(),
                    _ => {}
                }
            }
            if (is(cells.times) || is(cells.optional_times))
                && !cell.is_empty()
                && chrono::DateTime::parse_from_rfc3339(cell.trim()).is_err()
                && let Some(tz) = zone
                && let Some(t) = spreadsheet_time(cell.trim(), tz)
            {
                return t;
            }
            if is(cells.counts) || is(cells.optional_numbers) {
                let t = cell.trim();
                if let Some(whole) = t.strip_suffix(".00").or_else(|| t.strip_suffix(".0"))
                    && is(cells.counts)
                {
                    return whole.to_string();
                }
                return t.to_string();
            }
            cell.to_string()
        })
        .collect()
}

/// Reads a spreadsheet's date cell in the shop's zone as RFC 3339.
fn spreadsheet_time(cell: &str, tz: chrono_tz::Tz) -> Option<String> {
    use chrono::TimeZone;
    const FORMS: &[&str] = &[
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ];
    FORMS.iter().find_map(|f| {
        let local = chrono::NaiveDateTime::parse_from_str(cell, f).ok()?;
        let t = tz.from_local_datetime(&local).earliest()?;
        Some(t.fixed_offset().to_rfc3339())
    })
}

/// Finds the first cell that does not hold its column's type.
fn bad_cell(
    cells: &Cells,
    headers: &csv::StringRecord,
    record: &csv::StringRecord,
) -> Option<(String, String)> {
    for (name, cell) in headers.iter().zip(record.iter()) {
        let problem = if cells.times.contains(&name)
            || (cells.optional_times.contains(&name) && !cell.is_empty())
        {
            chrono::DateTime::parse_from_rfc3339(cell)
                .err()
                .map(|_| crate::i18n::t!("csv-not-a-time", value = cell))
        } else if cells.bools.contains(&name)
            || (cells.optional_bools.contains(&name) && !cell.is_empty())
        {
            match cell.trim().to_ascii_lowercase().as_str() {
                "true" | "false" | "1" | "0" => None,
                _ => Some(crate::i18n::t!("csv-not-a-bool", value = cell)),
            }
        } else if cells.counts.contains(&name) {
            cell.parse::<u32>()
                .err()
                .map(|_| crate::i18n::t!("csv-not-a-count", value = cell))
        } else if cells.optional_numbers.contains(&name) && !cell.is_empty() {
            cell.parse::<f64>()
                .err()
                .map(|_| crate::i18n::t!("csv-not-a-number", value = cell))
        } else {
            None
        };
        if let Some(message) = problem {
            return Some((name.to_string(), message));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_left_alone() {
        assert_eq!(neutralise("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralise("+86 21 6288 1199"), "'+86 21 6288 1199");
        assert_eq!(neutralise("@cmd"), "'@cmd");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("王先生"), "王先生");
        assert_eq!(neutralise("'=x"), "''=x");
        assert_eq!(neutralise("'plain"), "'plain");
    }

    proptest! {
        #[test]
        fn neutralising_round_trips(s in "['=+@a-]{0,3}.{0,6}") {
            prop_assert_eq!(restore(&neutralise(&s)), s.clone());
            prop_assert!(!dangerous(&neutralise(&s)));
        }
    }

    #[test]
    fn redaction_keeps_the_last_four_digits() {
        assert_eq!(mask_phone("13800138001"), "*******8001");
        assert_eq!(mask_phone("+86 21 6288 1199"), "+** ** **** 1199");
        assert_eq!(mask_phone("123"), "123");
        assert_eq!(mask_email("wang@example.com"), "***@example.com");
    }

    #[test]
    fn foreign_files_are_refused_with_the_place() {
        let events = |bytes: &[u8]| each_event(bytes, |_, _| Ok(())).unwrap_err();
        let p = events(b"id;kind;title\n1;complaint;x\n");
        assert_eq!((p.line, p.column.as_str()), (1, "shop"));
        assert!(p.message.contains("commas"));
        let p = events(b"id,kind,title\n1,complaint,x\n");
        assert!(p.message.contains("inkdesk export"));
        let tickets = header(false);
        let p = events(&tickets);
        assert!(p.message.contains("--events"), "{}", p.message);
    }
}
