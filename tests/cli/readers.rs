//! The records read the same in other programs: Python's YAML reader (PyYAML, YAML 1.1
//! rules) takes every value inkdesk wrote as inkdesk wrote it. Skipped, with a message,
//! where `python3` with `yaml` is not installed.

use std::process::Command;

use crate::harness::{TestDesk, demo_desk, walk};

/// Compares every value of each record as PyYAML reads it with the record as inkdesk
/// shows it in JSON (timestamps and dates as ISO text); prints the differences.
const COMPARE: &str = r#"
import datetime, json, subprocess, sys, yaml
inkdesk, root = sys.argv[1], sys.argv[2]
def norm(v):
    if isinstance(v, datetime.datetime):
        return v.isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, list):
        return [norm(x) for x in v]
    return v
def same(a, b, path, out):
    if isinstance(a, dict):
        for k in a:
            same(a[k], b.get(k) if isinstance(b, dict) else None, path + "." + str(k), out)
    elif isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b):
            out.append(path)
        else:
            for i, (x, y) in enumerate(zip(a, b)):
                same(x, y, path + "[%d]" % i, out)
    elif a != b and not (isinstance(a, (int, float)) and isinstance(b, (int, float)) and float(a) == float(b)):
        out.append("%s: yaml %r, inkdesk %r" % (path, a, b))
bad = []
for path in sys.stdin.read().split():
    with open(path, encoding="utf-8") as f:
        read = norm(yaml.safe_load(f))
    shown = json.loads(subprocess.run([inkdesk, "--dir", root, "show", read["id"], "--format", "json"],
                                      capture_output=True, text=True, check=True).stdout)
    same(read, shown, path, bad)
print("\n".join(bad))
"#;

fn pyyaml() -> bool {
    Command::new("python3")
        .args(["-c", "import yaml"])
        .output()
        .is_ok_and(|o| o.status.success())
}

fn compare(desk: &TestDesk) -> String {
    let files: Vec<String> = walk(&desk.root().join("records"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| p.display().to_string())
        .collect();
    let mut child = Command::new("python3")
        .args([
            "-c",
            COMPARE,
            env!("CARGO_BIN_EXE_inkdesk"),
            desk.root().to_str().unwrap(),
        ])
        .env("INKDESK_NOW", "2026-12-01T09:00:00+08:00")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(files.join("\n").as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

#[test]
fn pyyaml_reads_every_value_inkdesk_wrote() {
    if !pyyaml() {
        eprintln!("skipped: python3 with the yaml module is not installed");
        return;
    }
    // Values a YAML 1.1 reader would take for something else.
    let desk = TestDesk::new();
    for (title, customer, job) in [
        ("No", "12:30", "2026-11-02"),
        ("yes", "~", "<<"),
        ("off", "0123", "1e3"),
        ("y", "null", "0x1F"),
    ] {
        desk.open(
            "2026-11-02T10:00:00+08:00",
            &[
                "--kind",
                "consult",
                "--title",
                title,
                "--customer",
                customer,
                "--job",
                job,
            ],
        );
    }
    assert_eq!(compare(&desk), "", "nasty values");
    assert_eq!(compare(&demo_desk()), "", "the demo desk");
}

/// Has LibreOffice turn a file of the desk's folder into another form, in `into`.
fn libreoffice(desk: &TestDesk, to: &str, file: &str, into: &std::path::Path) {
    let out = Command::new("soffice")
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(into)
        .arg(desk.root().join(file))
        .env("HOME", desk.root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn soffice() -> bool {
    Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_xlsx_export_opens_in_libreoffice_with_the_same_values() {
    let desk = TestDesk::new();
    let id = desk.open(
        "2026-11-02T10:00:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "=1+1 色差",
            "--customer",
            "王先生",
            "--phone",
            "0755-86112233",
            "--company",
            "0123 印务",
        ],
    );
    desk.ok(
        "2026-11-02T15:00:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "重印",
            "--cost",
            "480.5",
        ],
    );
    let err = desk.fails("2026-11-03T09:00:00+08:00", &["export", "--format", "xlsx"]);
    assert!(err.contains("-o"), "{err}");
    desk.ok(
        "2026-11-03T09:00:00+08:00",
        &[
            "export",
            "--format",
            "xlsx",
            "-o",
            "tickets.xlsx",
            "--lang",
            "zh",
        ],
    );
    let book = std::fs::read(desk.root().join("tickets.xlsx")).unwrap();
    assert!(book.starts_with(b"PK"), "a zip, as every xlsx is");
    // The manager reads words where the CSV has codes.
    let rows = sheet(&book);
    let at = |row: usize, name: &str| {
        let col = rows[1].iter().position(|c| c == name).unwrap();
        rows[row][col].clone()
    };
    for (column, word) in [
        ("kind", "投诉"),
        ("status", "已解决"),
        ("priority", "普通"),
        ("cause", "我方"),
        ("remedy", "重印"),
    ] {
        assert_eq!(at(2, column), word, "{column}");
    }
    let csv = desk.ok("2026-11-03T09:00:00+08:00", &["export", "--lang", "zh"]);
    assert!(
        csv.stdout.contains(",complaint,") && csv.stdout.contains(",resolved,"),
        "the CSV keeps the codes: {}",
        csv.stdout
    );
    if !soffice() {
        eprintln!("skipped the LibreOffice part: soffice is not installed");
        return;
    }
    libreoffice(
        &desk,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        "tickets.xlsx",
        desk.root(),
    );
    let text = std::fs::read_to_string(desk.root().join("tickets.csv")).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(&rows[0][2], "编号", "the heads in the desk's language");
    let codes = &rows[1];
    let cell = |name: &str| {
        let col = codes.iter().position(|c| c == name).unwrap();
        rows[2][col].to_string()
    };
    assert_eq!(cell("id"), id);
    assert_eq!(
        cell("title"),
        "=1+1 色差",
        "text stays text, no formula ran"
    );
    assert_eq!(cell("phone"), "0755-86112233");
    assert_eq!(cell("company"), "0123 印务", "no leading zero lost");
    assert_eq!(cell("cost"), "480.5");
    assert_eq!(
        cell("opened"),
        "2026-11-02 10:00",
        "a date cell in the shop's time"
    );
    assert_eq!(cell("vip"), "FALSE");
}

/// The first sheet of a workbook as rows of text (dates as `YYYY-MM-DD HH:MM:SS`).
fn sheet(book: &[u8]) -> Vec<Vec<String>> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(book)).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::DateTime(d) => d
                        .as_datetime()
                        .unwrap()
                        .format("%Y-%m-%d %H:%M:%S")
                        .to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// The demo desk, with its events of every month exported as `events.xlsx` (with
/// these further flags).
fn demo_with_events_workbook(now: &str, extra: &[&str]) -> TestDesk {
    let desk = crate::harness::demo_desk();
    let mut args = vec![
        "export",
        "--events",
        "--format",
        "xlsx",
        "-o",
        "events.xlsx",
    ];
    args.extend_from_slice(extra);
    desk.ok(now, &args);
    desk
}

/// The review of November 2026 as JSON, with these further flags.
fn november(desk: &TestDesk, now: &str, args: &[&str]) -> serde_json::Value {
    desk.review(now, "2026-11", args)
}

#[test]
fn the_review_reads_the_same_from_the_events_workbook() {
    let now = "2026-12-01T09:00:00+08:00";
    let desk = demo_with_events_workbook(now, &[]);
    let review = |args: &[&str]| november(&desk, now, args);
    let from_desk = review(&[]);
    let from_book = review(&["--from-xlsx", "events.xlsx"]);
    assert_eq!(from_desk["current"], from_book["current"]);
    assert_eq!(from_desk["previous"], from_book["previous"]);
    // A workbook that is not an export is refused with its place.
    std::fs::write(desk.root().join("other.xlsx"), b"not a workbook").unwrap();
    let run = desk.run(now, &["report", "--from-xlsx", "other.xlsx"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("other.xlsx:1") && run.stderr.contains("工作簿"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_workbook_in_words_with_codes_typed_in_and_its_codes_row_deleted_reads_the_same() {
    let now = "2026-12-01T09:00:00+08:00";
    let desk = demo_with_events_workbook(now, &["--lang", "zh"]);
    let rows = sheet(&std::fs::read(desk.root().join("events.xlsx")).unwrap());
    let codes = rows[1].clone();
    let col = |name: &str| codes.iter().position(|c| c == name).unwrap();
    // What a Chinese manager reads.
    let actions: std::collections::BTreeSet<&str> = rows[2..]
        .iter()
        .map(|r| r[col("action")].as_str())
        .collect();
    assert!(
        actions.contains("开单") && actions.contains("超时") && !actions.contains("opened"),
        "{actions:?}"
    );
    assert!(
        rows[2..].iter().any(|r| r[col("by")] == "李娜"),
        "staff by name"
    );
    assert!(
        rows[2..].iter().any(|r| r[col("on_time")].contains('、')),
        "deadlines met, listed in words"
    );
    // Someone deletes the codes row, and types codes and English words into some cells.
    let mut book = rust_xlsxwriter::Workbook::new();
    let out = book.add_worksheet();
    let english = [("开单", "opened"), ("已关闭", "closed"), ("李娜", "lina")];
    for (r, row) in rows.iter().enumerate().filter(|(r, _)| *r != 1) {
        let row_at = if r == 0 { 0 } else { r - 1 } as u32;
        for (c, cell) in row.iter().enumerate() {
            let mut cell = cell.clone();
            if r % 3 == 0 {
                for (word, code) in english {
                    if cell == word {
                        cell = code.to_string();
                    }
                }
            }
            if !cell.is_empty() {
                out.write_string(row_at, c as u16, cell).unwrap();
            }
        }
    }
    book.save(desk.root().join("edited.xlsx")).unwrap();
    let from_desk = november(&desk, now, &[]);
    let edited = november(&desk, now, &["--from-xlsx", "edited.xlsx"]);
    assert_eq!(from_desk["current"], edited["current"]);
    assert_eq!(from_desk["previous"], edited["previous"]);
    // A word that is no code's is refused with its row and column.
    let mut book = rust_xlsxwriter::Workbook::new();
    let out = book.add_worksheet();
    for (r, row) in rows.iter().take(3).enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let cell = if r == 2 && c == col("action") {
                "吃饭"
            } else {
                cell
            };
            out.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(desk.root().join("bad.xlsx")).unwrap();
    let run = desk.run(now, &["report", "--from-xlsx", "bad.xlsx", "--lang", "zh"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.xlsx:3") && run.stderr.contains("吃饭"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_events_workbook_saved_again_by_libreoffice_gives_the_same_review() {
    if !soffice() {
        eprintln!("skipped: soffice (LibreOffice) is not installed");
        return;
    }
    let now = "2026-12-01T09:00:00+08:00";
    let desk = demo_with_events_workbook(now, &[]);
    let again = desk.root().join("again");
    std::fs::create_dir_all(&again).unwrap();
    libreoffice(&desk, "xlsx", "events.xlsx", &again);
    let review = |args: &[&str]| november(&desk, now, args);
    let from_desk = review(&[]);
    let saved = review(&["--from-xlsx", "again/events.xlsx"]);
    assert_eq!(from_desk["current"], saved["current"]);
    assert_eq!(from_desk["previous"], saved["previous"]);
}

#[test]
fn the_review_workbook_has_its_charts_and_the_same_figures() {
    use calamine::{Data, Reader};
    let desk = crate::harness::demo_desk();
    let now = "2026-12-01T09:00:00+08:00";
    let err = desk.run(now, &["report", "--format", "xlsx"]);
    assert_eq!(err.code, 2, "a workbook needs a file");
    let json = november(&desk, now, &[]);
    let bytes = november_workbook(&desk, now);
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheets = book.sheet_names();
    assert_eq!(
        sheets[0], "图表",
        "the charts first, named in the desk's language"
    );
    assert_eq!(
        sheets,
        ["图表", "报告"],
        "the charts, then every section's figures"
    );
    // Find each figure by its code and compare it with the JSON review.
    let mut found = 0;
    for name in &sheets[1..] {
        let range = book.worksheet_range(name).unwrap();
        for row in range.rows() {
            let code = match row.get(3) {
                Some(Data::String(c)) => c.clone(),
                _ => continue,
            };
            let number = |d: &Data| match d {
                Data::Float(f) => Some(*f),
                Data::Int(i) => Some(*i as f64),
                _ => None,
            };
            let expected = match code.as_str() {
                "volume.opened" => json["current"]["opened"].as_f64(),
                "volume.resolved" => json["current"]["resolved"].as_f64(),
                "compensation.total" => json["current"]["compensation_total"].as_f64(),
                "timeliness.first_contact_on_time" => {
                    json["current"]["first_contact_on_time"]["percent"].as_f64()
                }
                _ => continue,
            };
            assert_eq!(number(&row[1]), expected, "{code}");
            found += 1;
        }
    }
    assert_eq!(found, 4, "every figure looked for is in the workbook");
}

/// The review of November 2026 as a workbook, written to `review.xlsx` and read.
fn november_workbook(desk: &TestDesk, now: &str) -> Vec<u8> {
    let args = ["report", "--month", "2026-11", "--format", "xlsx"];
    desk.ok(now, &[&args[..], &["-o", "review.xlsx"]].concat());
    std::fs::read(desk.root().join("review.xlsx")).unwrap()
}

/// The text of one part of a zipped workbook.
fn part(book: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_review_workbook_prints_on_a_few_pages_with_nothing_split() {
    let desk = crate::harness::demo_desk();
    let now = "2026-12-01T09:00:00+08:00";
    let book = november_workbook(&desk, now);
    // What the workbook asks of a printer.
    let workbook = part(&book, "xl/workbook.xml");
    assert!(
        workbook.contains("_xlnm.Print_Area") && workbook.contains("_xlnm.Print_Titles"),
        "print areas, and the heads on every page: {workbook}"
    );
    // (a page high is the default, so the sheet does not write it)
    let charts = part(&book, "xl/worksheets/sheet1.xml");
    assert!(charts.contains(r#"orientation="landscape""#), "{charts}");
    assert!(
        charts.contains(r#"fitToPage="1""#) && !charts.contains("fitToHeight"),
        "the four charts on one page: {charts}"
    );
    let figures = part(&book, "xl/worksheets/sheet2.xml");
    assert!(
        figures.contains(r#"<col min="4" max="4""#) && figures.contains(r#"hidden="1""#),
        "the code column hidden: {figures}"
    );
    assert!(
        figures.contains(r#"fitToHeight="0""#),
        "as wide as the page, as long as it needs: {figures}"
    );
    assert!(figures.contains(r#"paperSize="9""#), "A4");
    // As LibreOffice prints it (skipped where it or poppler's tools are missing).
    let has = |program: &str| {
        Command::new(program)
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success() || !o.stderr.is_empty())
    };
    if !soffice() || !has("pdfinfo") || !has("pdftotext") {
        eprintln!("skipped the printing part: soffice or poppler-utils is not installed");
        return;
    }
    libreoffice(&desk, "pdf", "review.xlsx", desk.root());
    let pdf = desk.root().join("review.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!((2..=4).contains(&pages), "{pages} pages:\n{info}");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(!text.contains("volume.opened"), "no code column printed");
    // Every page of figures has both periods: no column printed on a page of its own.
    let pages_text: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages_text.len(), pages);
    for page in &pages_text[1..] {
        assert!(
            page.contains("2026-11") && page.contains("2026-10"),
            "{page}"
        );
    }
    assert!(
        pages_text[0].contains("各类型新开工单") && pages_text[0].contains("回访满意度"),
        "the four charts on the first page"
    );
}

#[test]
fn exports_libreoffice_saved_again_read_as_the_review_they_came_from() {
    // Fixtures: the demo desk's events export, saved again by LibreOffice 7.4 as xlsx and
    // as CSV (UTF-8, its own quoting and booleans), and the review of November the desk
    // gave when they were made. No LibreOffice is needed to run this.
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures.join("review-2026-11.json")).unwrap(),
    )
    .unwrap();
    let desk = TestDesk::new();
    for (flag, file) in [
        ("--from-xlsx", "events-saved-by-libreoffice.xlsx"),
        ("--from-csv", "events-saved-by-libreoffice.csv"),
    ] {
        let path = fixtures.join(file);
        let review = november(
            &desk,
            "2026-12-01T09:00:00+08:00",
            &[flag, path.to_str().unwrap()],
        );
        assert_eq!(review["current"], expected["current"], "{file}");
        assert_eq!(review["previous"], expected["previous"], "{file}");
    }
}

#[test]
fn a_workbook_that_is_not_an_events_export_is_refused() {
    let desk = crate::harness::demo_desk();
    let now = "2026-12-01T09:00:00+08:00";
    desk.ok(now, &["export", "--format", "xlsx", "-o", "tickets.xlsx"]);
    let run = desk.run(now, &["report", "--from-xlsx", "tickets.xlsx"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("tickets.xlsx:2") && run.stderr.contains("--events"),
        "the codes row, and which file to give: {}",
        run.stderr
    );
}
