//! Export, the monthly review and the quality sample, on the built binary.

use crate::harness::{TestDesk, json};

const NOW: &str = "2026-11-20T17:00:00+08:00";

/// A desk with a few tickets across October and November.
fn desk() -> (TestDesk, Vec<String>) {
    let desk = TestDesk::new();
    let a = desk.open(
        "2026-10-05T10:00:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "=HYPERLINK(\"x\")",
            "--customer",
            "王先生",
            "--phone",
            "13800138001",
            "--email",
            "wang@example.com",
            "--vip",
        ],
    );
    desk.ok("2026-10-05T10:30:00+08:00", &["update", &a, "--contacted"]);
    desk.ok(
        "2026-10-06T15:00:00+08:00",
        &[
            "resolve",
            &a,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "重印",
            "--cost",
            "800",
            "--approved-by",
            "zhou",
        ],
    );
    desk.ok(
        "2026-10-08T10:00:00+08:00",
        &["callback", &a, "--reached", "--satisfaction", "satisfied"],
    );
    desk.ok(
        "2026-10-08T11:00:00+08:00",
        &["verify", &a, "--ok", "--as", "zhou"],
    );
    let b = desk.open(
        "2026-10-20T10:00:00+08:00",
        &[
            "--kind",
            "consult",
            "--title",
            "Paper stock",
            "--customer",
            "Acme",
            "--phone",
            "+86 21 6288 1199",
        ],
    );
    desk.ok(
        "2026-10-20T12:00:00+08:00",
        &[
            "resolve",
            &b,
            "--cause",
            "unknown",
            "--remedy",
            "explain",
            "--summary",
            "answered",
        ],
    );
    let c = desk.open(
        "2026-11-03T10:00:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "色差",
            "--customer",
            "王先生",
        ],
    );
    (desk, vec![a, b, c])
}

#[test]
fn export_writes_one_safe_row_per_ticket() {
    let (desk, ids) = desk();
    let out = desk.ok(NOW, &["export"]).stdout;
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "shop");
    for column in [
        "id",
        "kind",
        "vip",
        "opened",
        "first_contact_at",
        "resolved_at",
        "closed_at",
        "due_resolution",
        "resolution_on_time",
        "max_level",
        "escalations",
        "reopens",
        "callback_attempts",
        "cause",
        "remedy",
        "cost",
        "satisfaction",
    ] {
        assert!(headers.iter().any(|h| h == column), "{column}");
    }
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    assert_eq!(
        rows.iter()
            .map(|r| r[col("id")].to_string())
            .collect::<Vec<_>>(),
        ids,
        "in the order of opening"
    );
    let a = rows.iter().find(|r| r[col("id")] == ids[0]).unwrap();
    assert_eq!(
        &a[col("title")],
        "'=HYPERLINK(\"x\")",
        "a formula is neutralised"
    );
    assert_eq!(&a[col("cost")], "800", "numbers are plain");
    assert_eq!(&a[col("opened")], "2026-10-05T10:00:00+08:00");
    assert_eq!(&a[col("phone")], "13800138001");
    let b = rows.iter().find(|r| r[col("id")] == ids[1]).unwrap();
    assert_eq!(&b[col("phone")], "'+86 21 6288 1199");

    // A period keeps the tickets open at some moment of it.
    let november = desk.ok(NOW, &["export", "--month", "2026-11"]).stdout;
    assert_eq!(
        november.lines().count(),
        1 + 2,
        "b (resolved, not closed) and c: {november}"
    );
    let september = desk
        .ok(
            NOW,
            &["export", "--from", "2026-09-01", "--to", "2026-09-30"],
        )
        .stdout;
    assert_eq!(september.lines().count(), 1);

    let redacted = desk.ok(NOW, &["export", "--redact"]).stdout;
    assert!(
        redacted.contains("*******8001")
            && redacted.contains("***@example.com")
            && !redacted.contains("13800138001"),
        "{redacted}"
    );

    desk.ok(NOW, &["export", "--bom", "-o", "out.csv"]);
    let bytes = std::fs::read(desk.root().join("out.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8(bytes).unwrap().contains("王先生"));
}

#[test]
fn the_review_reads_the_same_from_the_desk_and_from_its_export() {
    let (desk, _) = desk();
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
    let (desk, _) = desk();
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
    let (desk, _) = desk();
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

#[test]
fn the_quality_sample_is_reproducible() {
    let desk = TestDesk::new();
    for day in 1..=9 {
        let id = desk.open(
            &format!("2026-10-{:02}T10:00:00+08:00", day + 10),
            &["--kind", "consult", "--title", "q", "--customer", "c"],
        );
        desk.ok(
            &format!("2026-10-{:02}T11:00:00+08:00", day + 10),
            &["close", &id, "--force", "--reason", "answered on the phone"],
        );
    }
    let first = json(
        &desk
            .ok(NOW, &["sample", "--month", "2026-10", "--format", "json"])
            .stdout,
    );
    assert_eq!(first.as_array().unwrap().len(), 2, "20% of 9, rounded up");
    assert_eq!(
        first,
        json(&desk.ok(NOW, &["sample", "--format", "json"]).stdout),
        "the same month gives the same sample"
    );
    let half = json(
        &desk
            .ok(
                NOW,
                &[
                    "sample",
                    "--month",
                    "2026-10",
                    "--percent",
                    "50",
                    "--seed",
                    "x",
                    "--format",
                    "json",
                ],
            )
            .stdout,
    );
    assert_eq!(half.as_array().unwrap().len(), 5);
    let none = desk.ok(NOW, &["sample", "--month", "2026-09", "--format", "json"]);
    assert_eq!(json(&none.stdout), serde_json::json!([]));
    desk.fails(NOW, &["sample", "--percent", "0"]);
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
    let (desk, _) = desk();
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
