use crate::harness::{STAFF, TestDesk};

const MON: &str = "2026-11-02T10:00:00+08:00";

fn staffed() -> TestDesk {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF);
    desk
}

#[test]
fn escalation_climbs_the_ladder_to_the_named_holders() {
    let desk = staffed();
    let id = desk.complaint(MON);
    desk.ok("2026-11-03T09:30:00+08:00", &["update", &id, "--contacted"]);
    desk.ok(
        "2026-11-03T11:00:00+08:00",
        &["escalate", &id, "--reason", "not solved in a working day"],
    );
    let t = desk.ticket(&id);
    assert_eq!((t.level, t.assignee.as_deref()), (1, Some("zhou")));
    // The new holder's contact is due within 2 working days.
    assert_eq!(
        t.due.progress.unwrap().to_rfc3339(),
        "2026-11-05T11:00:00+08:00"
    );
    let e = t
        .log
        .iter()
        .find(|e| e.action.as_str() == "escalate")
        .unwrap();
    assert_eq!(
        (e.from.as_deref(), e.to.as_deref(), e.skip),
        (Some("agent"), Some("supervisor"), None)
    );
    desk.ok(
        "2026-11-06T11:00:00+08:00",
        &["escalate", &id, "--reason", "needs the manager"],
    );
    assert_eq!(desk.ticket(&id).assignee.as_deref(), Some("chen"));
    let err = desk.fails(
        "2026-11-06T12:00:00+08:00",
        &["escalate", &id, "--reason", "again"],
    );
    assert!(err.contains("top of the ladder"), "{err}");
}

#[test]
fn skipping_a_level_is_logged_as_a_skip() {
    let desk = staffed();
    let id = desk.complaint(MON);
    desk.ok(
        MON,
        &[
            "escalate",
            &id,
            "--to",
            "manager",
            "--reason",
            "customer threatens to leave",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(t.level, 2);
    let e = t
        .log
        .iter()
        .find(|e| e.action.as_str() == "escalate")
        .unwrap();
    assert_eq!(e.skip, Some(true));
    assert_eq!(e.reason.as_deref(), Some("customer threatens to leave"));
    desk.fails(MON, &["escalate", &id, "--to", "agent", "--reason", "x"]);
    desk.fails(MON, &["escalate", &id, "--to", "director", "--reason", "x"]);
    desk.fails(MON, &["escalate", &id]);
}

#[test]
fn resolve_then_a_satisfied_callback_closes() {
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
            "reprint",
            "--summary",
            "reprinted 2000 covers",
            "--cost",
            "3200",
            "--approved-by",
            "zhou",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(t.status.as_str(), "resolved");
    let r = t.resolution.as_ref().unwrap();
    assert_eq!(
        (
            r.cause.as_str(),
            r.remedy.as_str(),
            r.cost.map(|c| c.units())
        ),
        ("ours", "reprint", Some(3200.0))
    );
    assert!(desk.text(&id).contains("  cost: 3200\n"));
    assert_eq!(
        t.due.callback.unwrap().to_rfc3339(),
        "2026-11-05T15:00:00+08:00"
    );
    assert_eq!(t.due.progress, None);
    let said = desk.ok(
        "2026-11-04T10:00:00+08:00",
        &[
            "callback",
            &id,
            "--reached",
            "--satisfaction",
            "satisfied",
            "--note",
            "happy",
        ],
    );
    // A complaint closes once someone other than the resolver has checked it (复检).
    assert!(said.stderr.contains("second check"), "{}", said.stderr);
    assert_eq!(desk.ticket(&id).status.as_str(), "resolved");
    let err = desk.fails("2026-11-04T10:30:00+08:00", &["verify", &id, "--ok"]);
    assert!(
        err.contains("someone else"),
        "the resolver cannot check: {err}"
    );
    desk.ok(
        "2026-11-04T10:30:00+08:00",
        &["verify", &id, "--ok", "--as", "zhou"],
    );
    let t = desk.ticket(&id);
    assert_eq!(
        (t.status.as_str(), t.satisfaction.map(|s| s.as_str())),
        ("closed", Some("satisfied"))
    );
    let (callback, check) = (&t.log[t.log.len() - 2], &t.log[t.log.len() - 1]);
    assert_eq!(
        (callback.to.as_deref(), check.verified, check.to.as_deref()),
        (Some("resolved"), Some(true), Some("closed")),
        "the log says which event closed it"
    );
    let err = desk.fails(
        "2026-11-04T11:00:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "none",
            "--summary",
            "x",
        ],
    );
    assert!(err.contains("is closed: cannot resolve"), "{err}");
    desk.fails(
        "2026-11-04T11:00:00+08:00",
        &["callback", &id, "--reached", "--satisfaction", "satisfied"],
    );
}

#[test]
fn a_dissatisfied_callback_reopens_and_restarts_the_clock() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    desk.ok(
        MON,
        &[
            "resolve",
            &id,
            "--cause",
            "customer",
            "--remedy",
            "explain",
            "--summary",
            "file was RGB",
        ],
    );
    desk.fails("2026-11-03T10:00:00+08:00", &["callback", &id, "--reached"]);
    desk.ok(
        "2026-11-03T10:00:00+08:00",
        &[
            "callback",
            &id,
            "--reached",
            "--satisfaction",
            "dissatisfied",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(t.status.as_str(), "open");
    assert_eq!(t.reopens(), 1);
    assert_eq!(
        t.due.resolution.unwrap().to_rfc3339(),
        "2026-11-04T10:00:00+08:00"
    );
    assert_eq!(t.due.callback, None);
}

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
            "consult",
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

#[test]
fn unreachable_customers_may_be_closed_after_the_attempts() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    desk.ok(
        MON,
        &[
            "resolve",
            &id,
            "--cause",
            "carrier",
            "--remedy",
            "none",
            "--summary",
            "parcel found",
        ],
    );
    for (n, at) in ["2026-11-03T10:00:00+08:00", "2026-11-04T10:00:00+08:00"]
        .iter()
        .enumerate()
    {
        desk.ok(at, &["callback", &id, "--unreached", "--note", "no answer"]);
        assert_eq!(desk.ticket(&id).callback_attempts(), n as u32 + 1);
        let err = desk.fails(at, &["close", &id]);
        assert!(err.contains("call the customer back"), "{err}");
    }
    let run = desk.ok(
        "2026-11-05T10:00:00+08:00",
        &["callback", &id, "--unreached"],
    );
    assert!(run.stderr.contains("may now be closed"), "{}", run.stderr);
    let err = desk.fails("2026-11-05T10:05:00+08:00", &["close", &id]);
    assert!(
        err.contains("verify"),
        "a complaint is checked first: {err}"
    );
    desk.ok(
        "2026-11-05T10:05:00+08:00",
        &["verify", &id, "--ok", "--as", "zhou"],
    );
    desk.ok("2026-11-05T10:05:00+08:00", &["close", &id]);
    let t = desk.ticket(&id);
    assert_eq!(t.status.as_str(), "closed");
    let close = t.log.last().unwrap();
    assert_eq!(
        (close.rule.as_deref(), close.reason.as_deref()),
        (Some("unreachable"), None),
        "the rule that allowed it is recorded as a code"
    );
}

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
