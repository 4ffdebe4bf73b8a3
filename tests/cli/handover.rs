//! `inkdesk handover`: every ticket of one holder that is not closed goes to another, with one note.

use crate::harness::staffed;

const MON: &str = "2026-11-02T10:00:00+08:00";

#[test]
fn handover_moves_every_ticket_that_is_not_closed() {
    let desk = staffed();
    let a = desk.complaint(MON);
    let b = desk.open(
        MON,
        &["--kind", "repair", "--title", "t", "--customer", "c"],
    );
    desk.ok(MON, &["update", &b, "--status", "waiting"]);
    let c = desk.complaint(MON);
    desk.ok(MON, &["close", &c, "--force", "--reason", "spam"]);
    let d = desk.open(
        MON,
        &[
            "--kind",
            "consult",
            "--title",
            "t",
            "--customer",
            "c",
            "--assignee",
            "tom",
        ],
    );
    let run = desk.ok(
        "2026-11-03T09:00:00+08:00",
        &[
            "handover",
            "--from",
            "lina",
            "--to",
            "tom",
            "--note",
            "on leave until Monday; Wang wants a call at 3pm",
        ],
    );
    let mut moved: Vec<&str> = run.stdout.lines().collect();
    moved.sort();
    let mut expect = vec![a.as_str(), b.as_str()];
    expect.sort();
    assert_eq!(moved, expect);
    for id in [&a, &b] {
        let t = desk.ticket(id);
        assert_eq!(t.assignee.as_deref(), Some("tom"));
        let e = t.log.last().unwrap();
        assert_eq!(
            (e.action.as_str(), e.from.as_deref()),
            ("handover", Some("lina"))
        );
        assert!(e.note.as_deref().unwrap().contains("3pm"));
    }
    assert_eq!(
        desk.ticket(&c).assignee.as_deref(),
        Some("lina"),
        "closed tickets stay"
    );
    assert_eq!(desk.ticket(&d).log.len(), 1);
    desk.fails(
        MON,
        &["handover", "--from", "tom", "--to", "ghost", "--note", "x"],
    );
    desk.fails(
        MON,
        &["handover", "--from", "tom", "--to", "tom", "--note", "x"],
    );
}
