use crate::harness::{STAFF, TestDesk, json};

const MON: &str = "2026-11-02T10:00:00+08:00";

fn ids(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn list_filters_and_speaks_json_and_csv() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF);
    let a = desk.open(
        "2026-10-30T10:00:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "Colour drift",
            "--customer",
            "王先生",
            "--company",
            "蓝海广告",
        ],
    );
    let b = desk.open(
        MON,
        &[
            "--kind",
            "repair",
            "--title",
            "Folder jams",
            "--customer",
            "Ms Li",
            "--assignee",
            "tom",
        ],
    );
    let c = desk.open(
        "2026-11-03T10:00:00+08:00",
        &[
            "--kind",
            "suggestion",
            "--title",
            "Paper stock?",
            "--customer",
            "Acme",
            "--description",
            "needs 300gsm art paper",
        ],
    );
    desk.ok(
        "2026-11-03T11:00:00+08:00",
        &["escalate", &a, "--reason", "VIP"],
    );
    desk.ok(
        "2026-11-03T11:00:00+08:00",
        &[
            "resolve",
            &c,
            "--cause",
            "unknown",
            "--remedy",
            "explain",
            "--summary",
            "answered",
        ],
    );
    desk.ok(
        "2026-11-04T11:00:00+08:00",
        &["callback", &c, "--reached", "--satisfaction", "satisfied"],
    );

    let list = |args: &[&str]| {
        let mut all = vec!["list", "--format", "json"];
        all.extend_from_slice(args);
        json(&desk.ok(MON, &all).stdout)
    };
    assert_eq!(
        ids(&list(&[])),
        [a.as_str(), b.as_str()],
        "closed tickets are hidden by default"
    );
    assert_eq!(ids(&list(&["--all"])), [a.as_str(), b.as_str(), c.as_str()]);
    assert_eq!(ids(&list(&["--status", "closed"])), [c.as_str()]);
    assert_eq!(
        ids(&list(&["--status", "open", "--status", "closed"])).len(),
        3
    );
    assert_eq!(ids(&list(&["--kind", "repair"])), [b.as_str()]);
    assert_eq!(ids(&list(&["--assignee", "TOM"])), [b.as_str()]);
    assert_eq!(
        ids(&list(&["--assignee", "周强"])),
        [a.as_str()],
        "a staff name finds the id"
    );
    assert_eq!(ids(&list(&["--customer", "蓝海"])), [a.as_str()]);
    assert_eq!(ids(&list(&["--level", "supervisor"])), [a.as_str()]);
    assert_eq!(ids(&list(&["--level", "0"])), [b.as_str()]);
    assert_eq!(
        ids(&list(&["--all", "--opened-since", "2026-11-01"])),
        [b.as_str(), c.as_str()]
    );
    assert_eq!(
        ids(&list(&["--all", "--opened-until", "2026-11-02"])),
        [a.as_str(), b.as_str()]
    );
    assert_eq!(ids(&list(&["--all", "--grep", "300GSM"])), [c.as_str()]);
    let row = &list(&["--kind", "complaint"])[0];
    for key in [
        "id", "title", "kind", "status", "priority", "level", "assignee", "customer", "opened",
    ] {
        assert!(row.get(key).is_some(), "{key} in {row}");
    }
    assert_eq!(row["level"], 1);
    assert_eq!(row["assignee"], "zhou");

    let csv = desk.ok(MON, &["list", "--all", "--format", "csv"]).stdout;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(&reader.headers().unwrap()[0], "id");
    assert_eq!(reader.records().count(), 3);

    let md = desk
        .ok(MON, &["list", "--all", "--format", "markdown"])
        .stdout;
    assert_eq!(md.lines().count(), 2 + 3, "{md}");
    assert!(
        md.starts_with("| id | opened | kind | status |") && md.contains("| 王先生 |"),
        "markdown is for people: the table's columns, full ids: {md}"
    );

    let table = desk.ok(MON, &["list"]).stdout;
    assert!(
        table.contains("王先生") && table.contains("Folder jams"),
        "{table}"
    );

    desk.fails(MON, &["list", "--kind", "billing"]);
    desk.fails(MON, &["list", "--level", "director"]);
    desk.fails(MON, &["list", "--status", "lost"]);
    desk.fails(MON, &["list", "--opened-since", "yesterday"]);
}
