//! `inkdesk demo`: a realistic desk, the same for the same seed, that `check` passes.

use crate::harness::{TestDesk, json};

#[test]
fn demo_desks_are_reproducible_and_valid() {
    let desk = TestDesk::empty();
    let now = "2026-11-20T17:00:00+08:00";
    let run = desk.ok(now, &["demo", "one", "--tickets", "1500", "--seed", "5"]);
    assert!(
        !run.stderr.contains("generating"),
        "no progress without a terminal: {}",
        run.stderr
    );
    desk.ok(now, &["demo", "two", "--tickets", "1500", "--seed", "5"]);
    let files = |dir: &str| {
        let mut files: Vec<(String, String)> =
            crate::harness::walk(&desk.root().join(dir).join("records"))
                .into_iter()
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .map(|p| {
                    (
                        p.file_name().unwrap().to_string_lossy().into_owned(),
                        std::fs::read_to_string(&p).unwrap(),
                    )
                })
                .collect();
        files.sort();
        files
    };
    let one = files("one");
    assert!(one.len() > 1400, "{}", one.len());
    assert_eq!(one, files("two"), "the same seed makes the same desk");
    desk.ok(now, &["--dir", "one", "check"]);
    let statuses: Vec<String> = json(
        &desk
            .ok(now, &["--dir", "one", "list", "--all", "--format", "json"])
            .stdout,
    )
    .as_array()
    .unwrap()
    .iter()
    .map(|r| r["status"].as_str().unwrap().to_string())
    .collect();
    for status in ["open", "waiting", "resolved", "closed"] {
        assert!(statuses.iter().any(|s| s == status), "{status}");
    }
    let err = desk.fails(now, &["demo", "one"]);
    assert!(err.contains("already holds a desk"), "{err}");
}

#[test]
fn a_chinese_demo_desk_looks_like_a_chinese_shop_that_mostly_keeps_its_limits() {
    let desk = TestDesk::empty();
    let now = "2026-11-20T17:00:00+08:00";
    desk.ok(now, &["demo", "shop", "--seed", "7", "--months", "12"]);
    let shop = |args: &[&str]| {
        let mut all = vec!["--dir", "shop"];
        all.extend_from_slice(args);
        desk.ok(now, &all).stdout
    };
    let policy = std::fs::read_to_string(desk.root().join("shop/inkdesk.yaml")).unwrap();
    assert!(
        policy.contains("{ id: lina, name: 李娜, role: agent }")
            && policy.contains("role: supervisor")
            && policy.contains("holidays:\n    - "),
        "a staff list and China's holidays:\n{policy}"
    );
    a_healthy_chinese_shop(&shop, 15);
    // An English desk's demo shop speaks English.
    desk.ok(now, &["demo", "en", "--lang", "en", "--tickets", "200"]);
    let policy = std::fs::read_to_string(desk.root().join("en/inkdesk.yaml")).unwrap();
    assert!(policy.contains("name: Amy Wu") && policy.contains("Inkwell Printing"));
    let rows = desk
        .ok(now, &["--dir", "en", "list", "--all", "--format", "csv"])
        .stdout;
    assert!(
        !rows.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{rows}"
    );
}

/// Every person, customer and title in Chinese; staff shown by name; a handful of
/// tickets overdue (at most `most`), none of them for weeks.
fn a_healthy_chinese_shop(shop: &dyn Fn(&[&str]) -> String, most: usize) {
    // Every person, customer and title in Chinese.
    let latin = |s: &str| s.chars().any(|c| c.is_ascii_alphabetic());
    let rows = json(&shop(&["list", "--all", "--format", "json"]));
    for row in rows.as_array().unwrap() {
        for field in ["title", "customer", "company"] {
            let text = row[field].as_str().unwrap();
            assert!(!latin(text), "{field}: {text}");
        }
    }
    let table = shop(&["overdue"]);
    for line in table.lines().skip(2) {
        for login in ["lina", "wangfang", "liuyang", "zhou"] {
            assert!(!line.contains(login), "staff by name, not {login}: {line}");
        }
    }
    // A healthy shop: a handful overdue, none of them for weeks.
    let overdue = json(&shop(&["overdue", "--format", "json"]));
    let missed: Vec<&serde_json::Value> = overdue
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == "overdue")
        .collect();
    let late: Vec<i64> = missed.iter().map(|r| r["late"].as_i64().unwrap()).collect();
    let tickets: std::collections::BTreeSet<&str> =
        missed.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(
        !tickets.is_empty() && tickets.len() <= most,
        "{} of {} tickets overdue",
        tickets.len(),
        rows.as_array().unwrap().len()
    );
    let week = 5 * 8 * 60;
    assert!(late.iter().all(|m| *m < 2 * week), "{late:?}");
}

#[test]
fn the_repository_demo_desk_is_a_healthy_chinese_shop_too() {
    // The desk the README's first command runs on, as scripts/demo-desk.sh made it.
    let desk = crate::harness::demo_desk();
    let now = "2026-11-20T17:00:00+08:00";
    let shop = |args: &[&str]| desk.ok(now, args).stdout;
    a_healthy_chinese_shop(&shop, 8);
    let policy = std::fs::read_to_string(desk.root().join("inkdesk.yaml")).unwrap();
    let staff = policy.split("\nstaff:\n").nth(1).unwrap_or_default();
    let names: Vec<&str> = staff
        .lines()
        .take_while(|l| l.starts_with("  - "))
        .filter_map(|l| l.split("name: ").nth(1)?.split(',').next())
        .collect();
    assert!(names.len() >= 3, "{staff}");
    assert!(
        names
            .iter()
            .all(|n| !n.chars().any(|c| c.is_ascii_alphabetic())),
        "{names:?}"
    );
}
