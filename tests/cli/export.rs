//! `inkdesk export`: one CSV row per ticket (or per event), safe for spreadsheets, for a period or all.

use crate::harness::{json, month_of_tickets};

const NOW: &str = "2026-11-20T17:00:00+08:00";

#[test]
fn export_writes_one_safe_row_per_ticket() {
    let (desk, ids) = month_of_tickets();
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

/// The export for spreadsheets that open a CSV in the office system's encoding:
/// `--encoding gb18030` writes the same text in GB18030, which `report --from-csv`
/// reads back to the same review; with `--bom` it is refused (a UTF-8 mark).
#[test]
fn an_export_in_gb18030_reads_back_as_the_same_review() {
    let desk = month_of_tickets().0;
    let utf8 = desk.ok(NOW, &["export", "--events"]).stdout;
    desk.ok(
        NOW,
        &[
            "export",
            "--events",
            "--encoding",
            "gb18030",
            "-o",
            "gb.csv",
        ],
    );
    let bytes = std::fs::read(desk.root().join("gb.csv")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
    let (text, _, bad) = encoding_rs::GB18030.decode(&bytes);
    assert!(!bad);
    assert_eq!(text, utf8);
    std::fs::write(desk.root().join("utf8.csv"), &utf8).unwrap();
    let review = |file: &str| {
        let run = desk.ok(
            NOW,
            &[
                "report",
                "--from-csv",
                file,
                "--month",
                "2026-11",
                "--format",
                "json",
            ],
        );
        json(&run.stdout)
    };
    assert_eq!(review("gb.csv"), review("utf8.csv"));
    let refused = desk.fails(NOW, &["export", "--encoding", "gb18030", "--bom"]);
    assert!(refused.contains("--encoding"), "{refused}");
}

/// LibreOffice reads both exports with their Chinese when its text import is told the
/// character set, as its dialog asks on opening a CSV: Unicode (UTF-8) for the default
/// export, Chinese GB18030 for `--encoding gb18030`; a Chinese system's locale alone
/// does not choose it (tried: mojibake). Skipped where LibreOffice is not installed.
#[test]
fn libreoffice_reads_both_exports_with_their_chinese() {
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let desk = month_of_tickets().0;
    desk.ok(NOW, &["export", "--bom", "-o", "bom.csv"]);
    desk.ok(NOW, &["export", "--encoding", "gb18030", "-o", "gb.csv"]);
    let home = tempfile::tempdir().unwrap();
    // LibreOffice's numbers for the character sets: 76 UTF-8, 85 GB18030.
    for (file, charset) in [("bom.csv", 76), ("gb.csv", 85)] {
        let out = tempfile::tempdir().unwrap();
        let converted = std::process::Command::new("soffice")
            .arg("--headless")
            .arg(format!("--infilter=CSV:44,34,{charset}"))
            .args([
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76",
                "--outdir",
            ])
            .arg(out.path())
            .arg(desk.root().join(file))
            .env("HOME", home.path())
            .env("LANG", "zh_CN.UTF-8")
            .output()
            .unwrap();
        assert!(converted.status.success(), "{converted:?}");
        let text = std::fs::read_to_string(out.path().join(file)).unwrap();
        assert!(
            text.contains("王先生"),
            "{file}: the Chinese survives:\n{text}"
        );
    }
}
