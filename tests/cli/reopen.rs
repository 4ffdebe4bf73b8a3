//! `inkdesk reopen`: a resolved or closed ticket opens again with a reason; the
//! resolution clock restarts from the reopen, and the reopen is counted.

use crate::harness::{TestDesk, json};

const MON: &str = "2026-11-02T10:00:00+08:00";
const TUE: &str = "2026-11-03T15:00:00+08:00";

#[test]
fn a_reopen_restarts_the_resolution_clock_and_is_counted() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    // An open ticket has nothing to reopen.
    let refused = desk.fails(MON, &["reopen", &id, "--reason", "again"]);
    assert!(refused.contains(&id), "{refused}");
    desk.ok(
        MON,
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
    // A reason is needed; a blank one is none, and nothing is written.
    let before = desk.text(&id);
    let refused = desk.fails(TUE, &["reopen", &id, "--reason", " "]);
    assert!(refused.contains("--reason"), "{refused}");
    assert_eq!(desk.text(&id), before);

    desk.ok(TUE, &["reopen", &id, "--reason", "the colour is still off"]);
    let t = desk.ticket(&id);
    assert_eq!(t.status.as_str(), "open");
    let last = t
        .log
        .iter()
        .rfind(|e| e.action.as_str() == "reopen")
        .unwrap();
    assert_eq!(last.reason.as_deref(), Some("the colour is still off"));
    // A complaint is due one working day after the reopen: Wednesday 15:00.
    assert_eq!(
        t.due.resolution.unwrap().to_rfc3339(),
        "2026-11-04T15:00:00+08:00"
    );
    assert_eq!(
        t.due.callback, None,
        "the last round's callback is behind us"
    );
    let rows = json(&desk.ok(TUE, &["list", "--all", "--format", "json"]).stdout);
    assert_eq!(rows[0]["status"], "open");
    let export = desk.ok(TUE, &["export"]).stdout;
    let mut lines = export.lines();
    let head: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let reopens = head.iter().position(|c| *c == "reopens").unwrap();
    assert_eq!(row[reopens], "1");
}
