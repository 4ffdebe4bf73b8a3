//! `inkdesk history`: a ticket's commits from git, with --patch their diffs.

use crate::harness::{TestDesk, json};

const MON: &str = "2026-11-02T10:00:00+08:00";

#[test]
fn history_shows_the_ticket_life_from_git() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    desk.ok(
        "2026-11-02T10:30:00+08:00",
        &["update", &id, "--contacted", "--note", "已致歉"],
    );
    desk.ok(
        "2026-11-02T11:00:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "重印",
        ],
    );
    let v = json(
        &desk
            .ok(MON, &["history", &id[..6], "--format", "json"])
            .stdout,
    );
    let subjects: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects.len(), 3, "{subjects:?}");
    assert!(
        subjects[0].contains("resolved") && subjects[2].contains("open complaint"),
        "{subjects:?}"
    );
    assert!(v.as_array().unwrap().iter().all(|c| c["author"] == "lina"));
    // The table is of one ticket: its id is not repeated in every subject, whose text
    // keeps the room at 60 columns.
    assert!(
        subjects.iter().all(|s| s.starts_with(id.as_str())),
        "{subjects:?}"
    );
    let table = desk
        .run_env(MON, &[("COLUMNS", "60")], &["history", &id])
        .stdout;
    assert!(!table.contains(&id[..8]), "{table}");
    assert!(table.contains("resolved ("), "{table}");
    let patch = desk.ok(MON, &["history", &id, "--patch"]).stdout;
    assert!(
        patch.contains("+  action: contact") && patch.contains("+  note: 已致歉"),
        "{patch}"
    );
}
