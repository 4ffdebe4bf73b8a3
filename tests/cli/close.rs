//! `inkdesk close`: by the rules, or forced with a reason.

use crate::harness::TestDesk;

const MON: &str = "2026-11-02T10:00:00+08:00";

#[test]
fn forcing_a_close_needs_a_reason_and_reopen_restarts() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    let err = desk.fails(MON, &["close", &id]);
    assert!(err.contains("--force"), "{err}");
    desk.fails(MON, &["close", &id, "--force"]);
    desk.ok(
        MON,
        &[
            "close",
            &id,
            "--force",
            "--reason",
            "duplicate of another ticket",
        ],
    );
    assert_eq!(desk.ticket(&id).status.as_str(), "closed");
    desk.fails(MON, &["close", &id, "--force", "--reason", "again"]);
    desk.fails(
        "2026-11-03T09:00:00+08:00",
        &["reopen", &id, "--reason", " "],
    );
    desk.ok(
        "2026-11-03T09:00:00+08:00",
        &["reopen", &id, "--reason", "customer called again"],
    );
    let t = desk.ticket(&id);
    assert_eq!(t.status.as_str(), "open");
    assert_eq!(t.reopens(), 1);
    assert_eq!(
        t.due.resolution.unwrap().to_rfc3339(),
        "2026-11-04T09:00:00+08:00"
    );
    let err = desk.fails(
        "2026-11-03T09:00:00+08:00",
        &["reopen", &id, "--reason", "x"],
    );
    assert!(err.contains("is open: cannot reopen"), "{err}");
}
