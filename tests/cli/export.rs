//! `inkdesk export`: one CSV row per ticket (or per event), safe for spreadsheets, for a period or all.

use crate::harness::month_of_tickets;

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
