use crate::harness::{STAFF, TestDesk};

const MON_1730: &str = "2026-11-02T17:30:00+08:00";

/// Lines of `after` that are not in `before`, and the reverse, as a line diff would count.
fn diff(before: &str, after: &str) -> (usize, usize) {
    let b: Vec<&str> = before.lines().collect();
    let a: Vec<&str> = after.lines().collect();
    // Longest common subsequence, small inputs.
    let mut dp = vec![vec![0usize; a.len() + 1]; b.len() + 1];
    for i in (0..b.len()).rev() {
        for j in (0..a.len()).rev() {
            dp[i][j] = if b[i] == a[j] {
                dp[i + 1][j + 1] + 1
            } else {
                dp[i + 1][j].max(dp[i][j + 1])
            };
        }
    }
    (b.len() - dp[0][0], a.len() - dp[0][0])
}

#[test]
fn a_contact_meets_first_contact_and_restarts_the_progress_clock() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON_1730);
    let before = desk.text(&id);
    desk.ok(
        "2026-11-03T09:10:00+08:00",
        &[
            "update",
            &id,
            "--contacted",
            "--note",
            "apologised; answer by noon",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(
        t.first_contact().unwrap().to_rfc3339(),
        "2026-11-03T01:10:00+00:00"
    );
    assert_eq!(
        t.due.progress.unwrap().to_rfc3339(),
        "2026-11-04T09:10:00+08:00"
    );
    assert_eq!(t.log[1].note.as_deref(), Some("apologised; answer by noon"));
    let (removed, added) = diff(&before, &desk.text(&id));
    assert_eq!(removed, 1, "only the progress line changes");
    assert_eq!(
        added, 7,
        "the new progress line and the event, which says the deadline it set"
    );
}

#[test]
fn a_note_only_appends_to_the_log() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON_1730);
    let before = desk.text(&id);
    desk.ok(
        "2026-11-03T09:00:00+08:00",
        &["update", &id, "--note", "客户说明天再来电"],
    );
    let after = desk.text(&id);
    assert!(after.starts_with(&before), "the file only grows:\n{after}");
    assert!(after.ends_with("  note: 客户说明天再来电\n"), "{after}");
}

#[test]
fn waiting_pauses_the_resolution_clock() {
    let desk = TestDesk::new();
    let id = desk.complaint("2026-11-02T10:00:00+08:00");
    assert_eq!(
        desk.ticket(&id).due.resolution.unwrap().to_rfc3339(),
        "2026-11-03T10:00:00+08:00"
    );
    desk.ok(
        "2026-11-02T15:00:00+08:00",
        &[
            "update",
            &id,
            "--status",
            "waiting",
            "--reason",
            "waiting for the customer's sample",
        ],
    );
    assert_eq!(desk.ticket(&id).status.as_str(), "waiting");
    desk.fails(
        "2026-11-02T16:00:00+08:00",
        &["update", &id, "--status", "waiting"],
    );
    // Waited Mon 15:00–18:00 and Tue 09:00–11:00: 5 working hours.
    desk.ok(
        "2026-11-03T11:00:00+08:00",
        &[
            "update",
            &id,
            "--status",
            "open",
            "--note",
            "sample arrived",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(t.status.as_str(), "open");
    assert_eq!(
        t.due.resolution.unwrap().to_rfc3339(),
        "2026-11-03T15:00:00+08:00"
    );
    let moved = t.log.last().unwrap();
    assert_eq!(moved.action.as_str(), "due");
    assert_eq!(moved.deadline.as_deref(), Some("resolution"));
    assert_eq!(moved.from.as_deref(), Some("2026-11-03T10:00:00+08:00"));
    assert_eq!(moved.rule.as_deref(), Some("waited"));
}

#[test]
fn deadlines_change_by_hand_only_with_a_reason() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON_1730);
    let err = desk.fails(MON_1730, &["update", &id, "--due", "resolution=2026-11-06"]);
    assert!(err.contains("--reason"), "{err}");
    desk.fails(
        MON_1730,
        &["update", &id, "--due", "lunch=2026-11-06", "--reason", "x"],
    );
    desk.fails(
        MON_1730,
        &["update", &id, "--due", "resolution", "--reason", "x"],
    );
    desk.ok(
        MON_1730,
        &[
            "update",
            &id,
            "--due",
            "resolution=2026-11-06",
            "--reason",
            "plates must be remade",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(
        t.due.resolution.unwrap().to_rfc3339(),
        "2026-11-06T18:00:00+08:00"
    );
    let e = t.log.last().unwrap();
    assert_eq!(
        (e.action.as_str(), e.reason.as_deref()),
        ("due", Some("plates must be remade"))
    );
}

#[test]
fn priority_urgent_tightens_the_resolution_deadline() {
    let desk = TestDesk::new();
    let id = desk.complaint("2026-11-02T10:00:00+08:00");
    desk.ok(
        "2026-11-02T10:30:00+08:00",
        &["update", &id, "--priority", "urgent"],
    );
    let t = desk.ticket(&id);
    assert_eq!(t.priority.as_str(), "urgent");
    // Half a working day (4h30) from Monday 10:00.
    assert_eq!(
        t.due.resolution.unwrap().to_rfc3339(),
        "2026-11-02T14:30:00+08:00"
    );
}

#[test]
fn assign_department_and_promise() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF);
    let id = desk.complaint(MON_1730);
    let err = desk.fails(MON_1730, &["update", &id, "--assign", "nobody"]);
    assert!(err.contains("staff") && err.contains("nobody"), "{err}");
    desk.ok(
        MON_1730,
        &[
            "update",
            &id,
            "--assign",
            "Tom Chen",
            "--department",
            "Production",
            "--promise",
            "2026-11-04 12:00",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(t.assignee.as_deref(), Some("tom"));
    assert_eq!(t.department.as_deref(), Some("Production"));
    assert_eq!(
        t.due.promised.unwrap().to_rfc3339(),
        "2026-11-04T12:00:00+08:00"
    );
    desk.fails(MON_1730, &["update", &id]);
}
