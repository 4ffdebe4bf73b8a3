//! `inkdesk verify`: the second check (复检) by someone other than the resolver.

use crate::harness::TestDesk;

const MON: &str = "2026-11-02T10:00:00+08:00";

#[test]
fn a_failed_second_check_sends_the_ticket_back_reopened() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    desk.ok(
        "2026-11-02T15:00:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "discount",
            "--summary",
            "10% off",
            "--cost",
            "300",
        ],
    );
    let err = desk.fails(
        "2026-11-02T16:00:00+08:00",
        &["verify", &id, "--redo", "--as", "zhou"],
    );
    assert!(err.contains("reason"), "{err}");
    desk.ok(
        "2026-11-02T16:00:00+08:00",
        &[
            "verify",
            &id,
            "--redo",
            "--reason",
            "补偿未经主管同意",
            "--as",
            "zhou",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(
        (t.status.as_str(), t.assignee.as_deref()),
        ("open", Some("lina")),
        "back to its holder"
    );
    assert_eq!(
        t.due.resolution.unwrap().to_rfc3339(),
        "2026-11-03T16:00:00+08:00",
        "a new round: one working day from the redo"
    );
    assert_eq!(t.due.callback, None);
    // A ticket kind the policy does not list closes after its callback, unchecked.
    let consult = desk.open(
        MON,
        &[
            "--kind",
            "suggestion",
            "--title",
            "price",
            "--customer",
            "Acme",
        ],
    );
    desk.ok(
        MON,
        &[
            "resolve",
            &consult,
            "--cause",
            "unknown",
            "--remedy",
            "explain",
            "--summary",
            "quoted",
        ],
    );
    desk.ok(
        "2026-11-03T10:00:00+08:00",
        &[
            "callback",
            &consult,
            "--reached",
            "--satisfaction",
            "neutral",
        ],
    );
    assert_eq!(desk.ticket(&consult).status.as_str(), "closed");
}
