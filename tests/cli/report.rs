//! Export, the monthly review and the quality sample, on the built binary.

use crate::harness::month_of_tickets;
use crate::harness::{TestDesk, json};

const NOW: &str = "2026-11-20T17:00:00+08:00";

#[test]
fn the_review_reads_the_same_from_the_desk_and_from_its_export() {
    let (desk, _) = month_of_tickets();
    let from_desk = json(
        &desk
            .ok(NOW, &["report", "--month", "2026-10", "--format", "json"])
            .stdout,
    );
    // The export of one row per ticket is for spreadsheets; the review reads events.
    desk.ok(NOW, &["export", "-o", "tickets.csv"]);
    let err = desk.fails(
        NOW,
        &["report", "--month", "2026-10", "--from-csv", "tickets.csv"],
    );
    assert!(
        err.contains("tickets.csv:1") && err.contains("--events"),
        "{err}"
    );
    desk.ok(NOW, &["export", "--events", "-o", "desk.csv"]);
    let from_csv = json(
        &desk
            .ok(
                NOW,
                &[
                    "report",
                    "--month",
                    "2026-10",
                    "--format",
                    "json",
                    "--from-csv",
                    "desk.csv",
                ],
            )
            .stdout,
    );
    assert_eq!(from_desk["current"], from_csv["current"]);
    assert_eq!(from_desk["previous"], from_csv["previous"]);
    let cur = &from_desk["current"];
    assert_eq!(
        (
            cur["opened"].as_u64(),
            cur["resolved"].as_u64(),
            cur["closed"].as_u64(),
            cur["open_at_end"].as_u64()
        ),
        (Some(2), Some(2), Some(1), Some(1))
    );
    assert_eq!(cur["first_contact_on_time"]["hits"], 1);
    assert_eq!(cur["compensation"]["reprint"], 800.0);
    assert_eq!(from_desk["previous"]["period"], "2026-09");
    // The default period is the last complete month.
    assert_eq!(
        json(&desk.ok(NOW, &["report", "--format", "json"]).stdout)["current"]["period"],
        "2026-10"
    );
    // Two shops: the exports add up.
    let both = json(
        &desk
            .ok(
                NOW,
                &[
                    "report",
                    "--month",
                    "2026-10",
                    "--format",
                    "json",
                    "--from-csv",
                    "desk.csv",
                    "desk.csv",
                ],
            )
            .stdout,
    );
    assert_eq!(both["current"]["opened"], 4);
    // An export with a byte order mark reads the same, a row at a time, and without
    // --month the review is of the last complete month in the export's zone.
    desk.ok(NOW, &["export", "--events", "--bom", "-o", "bom.csv"]);
    let bom = json(
        &desk
            .ok(
                NOW,
                &["report", "--format", "json", "--from-csv", "bom.csv"],
            )
            .stdout,
    );
    assert_eq!(bom["current"]["period"], "2026-10");
    assert_eq!(bom["current"], from_csv["current"]);
    assert_eq!(bom["previous"], from_csv["previous"]);
}

#[test]
fn the_review_prints_as_table_markdown_csv_and_a_self_contained_page() {
    let (desk, _) = month_of_tickets();
    let table = desk.ok(NOW, &["report", "--month", "2026-10"]).stdout;
    assert!(
        table.contains("first contact on time") && table.contains("2026-09"),
        "{table}"
    );
    let md = desk
        .ok(
            NOW,
            &["report", "--month", "2026-10", "--format", "markdown"],
        )
        .stdout;
    assert!(
        md.starts_with("# Service review 2026-10") && md.contains("| resolution on time |"),
        "{md}"
    );
    let csv = desk
        .ok(NOW, &["report", "--month", "2026-10", "--format", "csv"])
        .stdout;
    assert!(csv.starts_with("section,metric,2026-10,2026-09\n"), "{csv}");
    desk.ok(
        NOW,
        &[
            "report",
            "--month",
            "2026-10",
            "--format",
            "html",
            "-o",
            "review.html",
        ],
    );
    let html = std::fs::read_to_string(desk.root().join("review.html")).unwrap();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.matches("<svg").count() == 4,
        "four charts"
    );
    for external in ["<script", "src=", "href=", "@import", "url("] {
        assert!(!html.contains(external), "self-contained: {external}");
    }
    assert!(html.contains("王先生") && html.contains("On time (%)"));
}

#[test]
fn a_malformed_csv_is_refused_naming_file_line_and_column() {
    let (desk, _) = month_of_tickets();
    desk.ok(NOW, &["export", "--events", "-o", "good.csv"]);
    let good = std::fs::read_to_string(desk.root().join("good.csv")).unwrap();
    let write = |name: &str, text: &str| std::fs::write(desk.root().join(name), text).unwrap();
    write("semicolons.csv", &good.replace(',', ";"));
    write("other-tool.csv", "Date,Amount\n2026-10-01,3\n");
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    let opened_b = lines
        .iter()
        .position(|l| l.contains(",2026-10-20T10:00:00+08:00,opened,"))
        .expect("b's opening");
    lines[opened_b] = lines[opened_b].replacen("2026-10-20T10:00:00+08:00", "20/10/2026", 1);
    write("bad-time.csv", &(lines.join("\n") + "\n"));
    let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
    lines[opened_b] = lines[opened_b].replacen(",opened,", ",opend,", 1);
    write("bad-action.csv", &(lines.join("\n") + "\n"));
    let bad_action = format!("bad-action.csv:{}: action", opened_b + 1);
    std::fs::write(desk.root().join("review.md"), "old review\n").unwrap();
    let bad_time = format!("bad-time.csv:{}: at", opened_b + 1);
    for (file, expect) in [
        ("semicolons.csv", "semicolons.csv:1: shop"),
        ("other-tool.csv", "other-tool.csv:1: shop"),
        ("bad-time.csv", bad_time.as_str()),
        ("bad-action.csv", bad_action.as_str()),
    ] {
        let err = desk.fails(
            NOW,
            &[
                "report",
                "--from-csv",
                file,
                "--format",
                "markdown",
                "-o",
                "review.md",
            ],
        );
        assert!(err.contains(expect), "{expect} in {err}");
    }
    assert_eq!(
        std::fs::read_to_string(desk.root().join("review.md")).unwrap(),
        "old review\n",
        "nothing half-written"
    );
    desk.fails(NOW, &["report", "--from-csv", "missing.csv"]);
    desk.fails(NOW, &["report", "--month", "October"]);
    desk.fails(
        NOW,
        &["report", "--from", "2026-10-31", "--to", "2026-10-01"],
    );
}

/// The events export as a spreadsheet saves it again: CRLF, no byte order mark,
/// booleans in capitals, timestamps as its own date cells in the shop's local time.
fn as_a_spreadsheet_saves_it(csv_text: &str) -> String {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        let cells: Vec<String> = headers
            .iter()
            .zip(record.iter())
            .map(|(name, cell)| match (name, cell) {
                (_, "true") => "TRUE".to_string(),
                (_, "false") => "FALSE".to_string(),
                ("at" | "due", c) if !c.is_empty() => chrono::DateTime::parse_from_rfc3339(c)
                    .unwrap()
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string(),
                (_, c) => c.to_string(),
            })
            .collect();
        writer.write_record(&cells).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

#[test]
fn an_export_saved_again_by_a_spreadsheet_gives_the_same_review() {
    let (desk, _) = month_of_tickets();
    let review = |file: &str| {
        json(
            &desk
                .ok(
                    NOW,
                    &[
                        "report",
                        "--month",
                        "2026-10",
                        "--format",
                        "json",
                        "--from-csv",
                        file,
                    ],
                )
                .stdout,
        )
    };
    desk.ok(NOW, &["export", "--events", "-o", "events.csv"]);
    let original = std::fs::read_to_string(desk.root().join("events.csv")).unwrap();
    let saved = as_a_spreadsheet_saves_it(&original);
    assert!(saved.contains("TRUE") && saved.contains("\r\n") && saved.contains(" 10:00:00"));
    std::fs::write(desk.root().join("saved.csv"), &saved).unwrap();
    let (a, b) = (review("events.csv"), review("saved.csv"));
    assert_eq!(a["current"], b["current"]);
    assert_eq!(a["previous"], b["previous"]);
    // A cell that is none of these is still refused with its place.
    std::fs::write(
        desk.root().join("bad.csv"),
        saved.replacen("TRUE", "VRAI", 1),
    )
    .unwrap();
    let err = desk.fails(NOW, &["report", "--from-csv", "bad.csv"]);
    assert!(err.contains("bad.csv:") && err.contains("VRAI"), "{err}");
}

/// A period with nothing to measure is drawn as nothing — no `0.0%` bar beside a table
/// that says `–` — in the page and in the workbook's chart data.
#[test]
fn a_month_with_nothing_to_measure_draws_no_bars() {
    let desk = TestDesk::new();
    let id = desk.complaint("2026-11-02T10:00:00+08:00");
    desk.ok("2026-11-02T10:20:00+08:00", &["update", &id, "--contacted"]);
    desk.ok(
        "2026-11-02T11:00:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "explain",
            "--summary",
            "told",
        ],
    );
    let now = "2026-12-01T09:00:00+08:00";
    let page = desk
        .ok(now, &["report", "--month", "2026-11", "--format", "html"])
        .stdout;
    assert!(page.contains("100.0%"), "the month's own rates are drawn");
    assert!(
        !page.contains("<title>2026-10: 0.0%"),
        "October had nothing to measure:\n{page}"
    );
    assert!(
        page.contains("<title>2026-11: 0.0%"),
        "a real 0% is drawn: the callback missed"
    );
    desk.ok(
        now,
        &[
            "report",
            "--month",
            "2026-11",
            "--format",
            "xlsx",
            "-o",
            "review.xlsx",
        ],
    );
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook(desk.root().join("review.xlsx")).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    // The chart data sit in columns A (labels), B (this period) and C (the one before):
    // the on-time rates of October, which had nothing, and November's promises kept,
    // which had none, are empty cells.
    let rows: Vec<&[calamine::Data]> = sheet.rows().collect();
    let at = |label: &str| {
        rows.iter()
            .find(|r| r.first().is_some_and(|c| *c == label))
            .unwrap_or_else(|| panic!("{label} in the chart data"))
    };
    for label in ["first contact", "resolution", "promises kept"] {
        assert_eq!(
            at(label).get(2),
            Some(&calamine::Data::Empty),
            "{label} in October"
        );
    }
    assert_eq!(at("promises kept").get(1), Some(&calamine::Data::Empty));
    assert_eq!(
        at("first contact").get(1),
        Some(&calamine::Data::Float(100.0))
    );
}

/// `report --week`: an ISO week beside the week before, with the month's figures and
/// the month's rule that an ended period never changes. Tickets: two opened in W45
/// (Mon 2 and Fri 6 November), one in W46 (Tue 10 November) and resolved Wednesday.
#[test]
fn a_week_is_reviewed_beside_the_week_before_and_stays_still() {
    let desk = crate::harness::TestDesk::new();
    desk.complaint("2026-11-02T10:00:00+08:00");
    desk.complaint("2026-11-06T10:00:00+08:00");
    let id = desk.complaint("2026-11-10T10:00:00+08:00");
    desk.reprinted("2026-11-11T10:00:00+08:00", &id);
    let review = |now: &str, week: &[&str]| {
        let mut args = vec!["report", "--format", "json"];
        args.extend_from_slice(week);
        crate::harness::json(&desk.ok(now, &args).stdout)
    };
    // Wednesday 18 November: `--week` alone is the last complete week, W46.
    let w46 = review("2026-11-18T09:00:00+08:00", &["--week"]);
    let figures = |r: &serde_json::Value, side: &str| {
        let s = &r[side];
        (
            s["period"].as_str().unwrap().to_string(),
            s["from"].as_str().unwrap().to_string(),
            s["opened"].as_u64().unwrap(),
            s["resolved"].as_u64().unwrap(),
        )
    };
    assert_eq!(
        figures(&w46, "current"),
        ("2026-W46".into(), "2026-11-09".into(), 1, 1)
    );
    assert_eq!(
        figures(&w46, "previous"),
        ("2026-W45".into(), "2026-11-02".into(), 2, 0)
    );
    // Later events leave an ended week as it was.
    desk.ok(
        "2026-11-25T10:00:00+08:00",
        &["reopen", &id, "--reason", "又有色差"],
    );
    assert_eq!(
        review("2026-11-26T09:00:00+08:00", &["--week", "2026-W46"])["current"],
        w46["current"]
    );
    let table = desk
        .ok(
            "2026-11-18T09:00:00+08:00",
            &["--lang", "zh", "report", "--week", "2026w46"],
        )
        .stdout;
    assert!(
        table.contains("2026-W46") && table.contains("2026-W45"),
        "{table}"
    );
    let refused = desk.run(
        "2026-11-18T09:00:00+08:00",
        &["--lang", "zh", "report", "--week", "2026-W54"],
    );
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("不是周"), "{}", refused.stderr);
    // The export of the week holds the tickets open at some moment of it (all three),
    // and its events export gives back the same review.
    let csv = desk
        .ok(
            "2026-11-18T09:00:00+08:00",
            &["export", "--week", "2026-W46"],
        )
        .stdout;
    assert_eq!(csv.lines().count(), 4, "{csv}");
    desk.ok(
        "2026-11-26T09:00:00+08:00",
        &["export", "--events", "--week", "2026-W46", "-o", "w46.csv"],
    );
    let again = review(
        "2026-11-26T09:00:00+08:00",
        &["--week", "2026-W46", "--from-csv", "w46.csv"],
    );
    assert_eq!(again["current"], w46["current"]);
    assert_eq!(again["previous"], w46["previous"]);
}
