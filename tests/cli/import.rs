//! `inkdesk import`: a complaint register (CSV or workbook) becomes tickets, all or nothing, once.

use crate::harness::TestDesk;
use crate::harness::walk;
use std::process::Command;

#[test]
fn a_complaint_register_is_imported_whole_once_and_from_a_workbook_too() {
    let desk = TestDesk::new();
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    std::fs::copy(
        examples.join("register.csv"),
        desk.root().join("register.csv"),
    )
    .unwrap();
    std::fs::copy(
        examples.join("register-map.yaml"),
        desk.root().join("map.yaml"),
    )
    .unwrap();
    let now = "2026-11-20T10:00:00+08:00";
    let commits = || {
        Command::new("git")
            .args(["rev-list", "--count", "HEAD"])
            .current_dir(desk.root())
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let before = commits();
    let dry = desk.ok(
        now,
        &["import", "register.csv", "--map", "map.yaml", "--dry-run"],
    );
    assert_eq!(dry.stdout.lines().count(), 4, "{}", dry.stdout);
    assert!(
        walk(&desk.root().join("records"))
            .iter()
            .all(|p| p.extension().is_none_or(|x| x != "yaml"))
    );
    desk.ok(now, &["import", "register.csv", "--map", "map.yaml"]);
    let files: Vec<_> = walk(&desk.root().join("records"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    assert_eq!(files.len(), 4);
    if !before.is_empty() {
        assert_eq!(
            commits().parse::<u32>().unwrap(),
            before.parse::<u32>().unwrap() + 1,
            "one commit"
        );
    }
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(
        text.contains("register.csv"),
        "the log names the file and row: {text}"
    );
    // The first row: closed, our cause, a ¥3,200 reprint, as the register says.
    let json = crate::harness::json(
        &desk
            .ok(now, &["report", "--month", "2026-10", "--format", "json"])
            .stdout,
    );
    assert_eq!(json["current"]["opened"], 3);
    assert_eq!(json["current"]["compensation"]["reprint"], 3200.0);
    // Again: nothing new.
    let again = desk.ok(now, &["import", "register.csv", "--map", "map.yaml"]);
    assert!(again.stdout.is_empty(), "{}", again.stdout);
    // A row that does not read: named with its row, column and why; nothing written.
    let bad = std::fs::read_to_string(desk.root().join("register.csv"))
        .unwrap()
        .replace("2026/11/03 09:40,刘芳", "三号上午,刘芳")
        .replace("请柬烫金脱落", "请柬烫金脱落（新）");
    std::fs::write(desk.root().join("bad.csv"), bad).unwrap();
    let run = desk.run(now, &["import", "bad.csv", "--map", "map.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.csv:5: 登记日期") && run.stderr.contains("三号上午"),
        "{}",
        run.stderr
    );
    assert_eq!(
        walk(&desk.root().join("records"))
            .iter()
            .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
            .count(),
        4,
        "all or nothing"
    );
    // The same register as a workbook.
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(desk.root().join("register.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(desk.root().join("register.xlsx")).unwrap();
    let from_book = desk.ok(
        now,
        &["import", "register.xlsx", "--map", "map.yaml", "--dry-run"],
    );
    assert_eq!(
        from_book.stdout, "",
        "the same rows from the workbook are the tickets already imported"
    );
    assert!(
        from_book.stderr.contains("4 already imported"),
        "{}",
        from_book.stderr
    );
}

#[test]
fn an_import_map_or_register_that_does_not_fit_is_refused_with_its_place() {
    let desk = TestDesk::new();
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    std::fs::copy(
        examples.join("register.csv"),
        desk.root().join("register.csv"),
    )
    .unwrap();
    let map = std::fs::read_to_string(examples.join("register-map.yaml")).unwrap();
    let now = "2026-11-20T10:00:00+08:00";
    // A field a column cannot fill: the map's file, line and field.
    std::fs::write(
        desk.root().join("typo.yaml"),
        map.replace("  title: 问题描述", "  titel: 问题描述"),
    )
    .unwrap();
    let run = desk.run(now, &["import", "register.csv", "--map", "typo.yaml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("typo.yaml:") && run.stderr.contains("columns.titel"),
        "{}",
        run.stderr
    );
    // A heading the register does not have.
    std::fs::write(
        desk.root().join("other.yaml"),
        map.replace("  title: 问题描述", "  title: 投诉内容"),
    )
    .unwrap();
    let run = desk.run(now, &["import", "register.csv", "--map", "other.yaml"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("投诉内容"), "{}", run.stderr);
    assert!(
        walk(&desk.root().join("records"))
            .iter()
            .all(|p| p.extension().is_none_or(|x| x != "yaml")),
        "nothing written"
    );
}
