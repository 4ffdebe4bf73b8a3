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

/// A register kept as a shop keeps one: a title row and a blank row above the headings,
/// date cells, a date without its year, `¥1,200`, a result column, a holder column half
/// filled, no kind column and no status column. `--example-map` writes a map for it
/// that imports it as it is; the dry run runs every check the import runs; a refusal
/// names the register's column.
#[test]
fn a_shops_own_register_imports_from_a_map_made_for_it() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let desk = crate::harness::staffed();
    desk.set_policy("lang: en", "lang: zh");
    let now = "2026-11-20T17:00:00+08:00";
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .merge_range(0, 0, 0, 7, "2026年客户投诉登记表", &Format::new())
        .unwrap();
    let heads = [
        "序号",
        "登记日期",
        "客户",
        "联系电话",
        "问题描述",
        "经办人",
        "处理结果",
        "赔偿金额",
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string(2, c as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy/m/d");
    let day = |d: &str| ExcelDateTime::parse_from_str(d).unwrap();
    sheet.write_number(3, 0, 1).unwrap();
    sheet
        .write_datetime_with_format(3, 1, day("2026-10-09"), &date)
        .unwrap();
    for (c, v) in [
        (2, "王建国"),
        (3, "13800138000"),
        (4, "画册封面色差严重"),
        (5, "周强"),
        (6, "重印2000册已送达"),
        (7, "¥1,200"),
    ] {
        sheet.write_string(3, c, v).unwrap();
    }
    // Row 5 left blank; row 6 a date without its year, no holder, no result.
    sheet.write_number(5, 0, 2).unwrap();
    for (c, v) in [
        (1, "10月15日"),
        (2, "李秀英"),
        (3, "13912345678"),
        (4, "宣传单还没收到"),
    ] {
        sheet.write_string(5, c, v).unwrap();
    }
    book.save(desk.root().join("登记表.xlsx")).unwrap();

    let map = desk
        .ok(now, &["import", "登记表.xlsx", "--example-map"])
        .stdout;
    for line in [
        "  received: \"登记日期\"",
        "  assignee: \"经办人\"",
        "  cost: \"赔偿金额\"",
        "default_kind: complaint",
        // Rows with a result were handled before the desk: closed, not callbacks due.
        "with_result: closed",
        // A row names nobody: the first agent of the staff list holds it.
        "default_assignee: lina",
    ] {
        assert!(map.contains(line), "{line} in\n{map}");
    }
    assert!(map.contains("表头在第 3 行"), "{map}");
    std::fs::write(desk.root().join("map.yaml"), &map).unwrap();

    let dry = desk.run(
        now,
        &["import", "登记表.xlsx", "--map", "map.yaml", "--dry-run"],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(dry.stdout.lines().count(), 2, "{}", dry.stdout);
    assert!(
        dry.stderr.contains("表头取自第 3 行") && dry.stderr.contains("序号"),
        "{}",
        dry.stderr
    );
    desk.ok(
        now,
        &["--as", "李娜", "import", "登记表.xlsx", "--map", "map.yaml"],
    );
    desk.ok(now, &["check"]);
    let rows: serde_json::Value =
        serde_json::from_str(&desk.ok(now, &["list", "--all", "--format", "json"]).stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let first = rows.iter().find(|r| r["customer"] == "王建国").unwrap();
    let id = first["id"].as_str().unwrap();
    let t = desk.ticket(id);
    assert_eq!(
        t.status.as_str(),
        "closed",
        "a row with a result is closed, as the map made for it says"
    );
    assert_eq!(
        t.resolution
            .as_ref()
            .and_then(|r| r.remedy)
            .map(|r| r.as_str()),
        Some("reprint"),
        "重印2000册已送达 says what was done"
    );
    assert_eq!(t.assignee.as_deref(), Some("zhou"), "周强 by his staff id");
    assert_eq!(
        t.received.to_rfc3339(),
        "2026-10-09T09:00:00+08:00",
        "a date cell"
    );
    assert_eq!(
        t.resolution
            .as_ref()
            .and_then(|r| r.cost)
            .map(|c| c.units()),
        Some(1200.0)
    );
    let second = rows.iter().find(|r| r["customer"] == "李秀英").unwrap();
    let t = desk.ticket(second["id"].as_str().unwrap());
    assert_eq!(
        t.received.to_rfc3339(),
        "2026-10-15T09:00:00+08:00",
        "the year of the row above"
    );
    assert_eq!(
        t.assignee.as_deref(),
        Some("lina"),
        "who imports holds what nobody holds"
    );
    assert_eq!(t.status.as_str(), "open");

    // The dry run runs every check: a holder not on the staff list fails it as it
    // would fail the import, named by the map's key that stood in for the column.
    let odd = map
        .replace("  assignee: \"经办人\"\n", "")
        .replace("default_assignee: lina", "default_assignee: 赵六");
    std::fs::write(desk.root().join("odd.yaml"), odd).unwrap();
    let refused = desk.run(
        now,
        &["import", "登记表.xlsx", "--map", "odd.yaml", "--dry-run"],
    );
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("default_assignee") && refused.stderr.contains("赵六"),
        "{}",
        refused.stderr
    );
    // A bad date is named by its column.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (c, v) in [
        (1, "下周三"),
        (2, "张伟"),
        (3, "13700001111"),
        (4, "名片裁切歪斜"),
    ] {
        sheet.write_string(1, c, v).unwrap();
    }
    book.save(desk.root().join("坏日期.xlsx")).unwrap();
    let refused = desk.run(
        now,
        &["import", "坏日期.xlsx", "--map", "map.yaml", "--dry-run"],
    );
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("登记日期") && refused.stderr.contains("下周三"),
        "{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains("received"), "{}", refused.stderr);
}

#[test]
fn a_register_naming_someone_off_the_staff_list_gets_a_staff_key_to_fill() {
    let desk = crate::harness::staffed();
    desk.set_policy("lang: en", "lang: zh");
    let now = "2026-11-20T17:00:00+08:00";
    // Kept the way a shop keeps one: a title row, blank lines, dates written three
    // ways, money with its sign, a result column, no kind or status column, a row
    // that names nobody and one handled by 小赵, who has left.
    let register = "墨香印务 2026年客户投诉登记表,,,,,,\n\
        ,,,,,,\n\
        日期,客户姓名,联系电话,问题描述,处理结果,赔偿金额,经办人\n\
        2026/11/3,王建国,13800138001,画册封面色差,已重印,\"¥1,200\",李娜\n\
        11月5日,李秀英,13911220345,名片裁切歪斜,解释说明后客户接受,,周强\n\
        2026年11月9日,张伟,0755-26881234,传单少了500张,,,\n\
        ,,,,,,\n\
        2026-11-12,刘芳,13711112222,请柬用错纸张,退款,¥300,小赵\n";
    std::fs::write(desk.root().join("登记.csv"), register).unwrap();

    let map = desk
        .ok(
            now,
            &["--as", "周强", "import", "登记.csv", "--example-map"],
        )
        .stdout;
    assert!(
        map.contains("default_assignee: zhou"),
        "who makes the map holds the rows that name nobody:\n{map}"
    );
    assert!(
        map.contains("staff:\n  # \"小赵\": ?") && map.contains("lina tom zhou chen"),
        "the stranger is listed with the ids to choose from:\n{map}"
    );
    assert!(
        !map.contains("李娜\": ?"),
        "李娜 is on the staff list:\n{map}"
    );
    std::fs::write(desk.root().join("map.yaml"), &map).unwrap();

    // As made, the map leaves 小赵 to the user: the dry run says so, as the import would.
    for dry in [true, false] {
        let mut args = vec!["import", "登记.csv", "--map", "map.yaml"];
        if dry {
            args.push("--dry-run");
        }
        let refused = desk.run(now, &args);
        assert_eq!(refused.code, 2, "{}", refused.stderr);
        assert!(
            refused.stderr.contains("登记.csv:8") && refused.stderr.contains("经办人"),
            "the row and the register's column:\n{}",
            refused.stderr
        );
        assert!(
            refused.stderr.contains("`staff:`") && refused.stderr.contains("\"小赵\""),
            "how to fix it:\n{}",
            refused.stderr
        );
        assert!(!refused.stderr.contains("assignee"), "{}", refused.stderr);
    }
    assert!(
        walk(&desk.root().join("records"))
            .iter()
            .all(|p| p.extension().is_none_or(|x| x != "yaml")),
        "nothing imported"
    );

    let filled = map.replace("  # \"小赵\": ?", "  \"小赵\": tom #");
    std::fs::write(desk.root().join("map.yaml"), filled).unwrap();
    let dry = desk.ok(
        now,
        &["import", "登记.csv", "--map", "map.yaml", "--dry-run"],
    );
    assert_eq!(dry.stdout.lines().count(), 4, "{}", dry.stdout);
    desk.ok(now, &["import", "登记.csv", "--map", "map.yaml"]);
    desk.ok(now, &["check"]);
    let rows = crate::harness::json(&desk.ok(now, &["list", "--all", "--format", "json"]).stdout);
    let holder = |customer: &str| {
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["customer"] == customer)
            .unwrap_or_else(|| panic!("{customer} imported"));
        desk.ticket(row["id"].as_str().unwrap())
            .assignee
            .unwrap_or_default()
    };
    assert_eq!(
        holder("刘芳"),
        "tom",
        "小赵's ticket went to whom the map names"
    );
    assert_eq!(holder("张伟"), "zhou", "the row naming nobody");
    assert_eq!(holder("王建国"), "lina");
    assert_eq!(holder("李秀英"), "zhou");

    // The rows with a result are history: only the row without one is on the morning
    // list, and the imported rows' first contact is not owed for ever.
    let overdue = crate::harness::json(&desk.ok(now, &["overdue", "--format", "json"]).stdout);
    let customers: std::collections::BTreeSet<&str> = overdue
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["customer"].as_str().unwrap())
        .collect();
    assert_eq!(customers, ["张伟"].into(), "{overdue}");
    let settled = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["customer"] == "李秀英")
        .unwrap();
    let t = desk.ticket(settled["id"].as_str().unwrap());
    assert_eq!(t.status.as_str(), "closed");
    assert_eq!(
        t.resolution
            .as_ref()
            .and_then(|r| r.remedy)
            .map(|r| r.as_str()),
        Some("explain"),
        "解释说明后客户接受"
    );
    let text = desk.text(settled["id"].as_str().unwrap());
    assert!(text.contains("action: contact"), "{text}");
}
