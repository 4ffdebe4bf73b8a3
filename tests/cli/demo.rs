//! `inkdesk demo`: a realistic desk, the same for the same seed, that `check` passes.

use crate::harness::{TestDesk, json};

#[test]
fn demo_desks_are_reproducible_and_valid() {
    let desk = TestDesk::empty();
    let now = "2026-11-20T17:00:00+08:00";
    let run = desk.ok(now, &["demo", "one", "--tickets", "300", "--seed", "5"]);
    assert!(
        !run.stderr.contains("generating"),
        "no progress without a terminal: {}",
        run.stderr
    );
    desk.ok(now, &["demo", "two", "--tickets", "300", "--seed", "5"]);
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
    assert!(one.len() > 250, "{}", one.len());
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
