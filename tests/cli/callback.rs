//! `inkdesk callback`: reached or not, satisfied or not; attempts spaced and counted, a wrong number, a dissatisfied customer one level up.

use crate::harness::TestDesk;

const MON: &str = "2026-11-02T10:00:00+08:00";

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

fn resolved_reprint(desk: &TestDesk, at: &str) -> String {
    let id = desk.open(
        at,
        &[
            "--kind",
            "reprint",
            "--title",
            "重印",
            "--customer",
            "王先生",
        ],
    );
    desk.ok(
        at,
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "重印完成",
        ],
    );
    id
}

#[test]
fn callback_attempts_are_spaced_counted_and_ended_by_a_wrong_number() {
    let desk = TestDesk::new();
    let id = resolved_reprint(&desk, "2026-11-02T10:00:00+08:00");
    desk.ok(
        "2026-11-03T10:00:00+08:00",
        &["callback", &id, "--unreached"],
    );
    // Twenty minutes later does not count: attempts are two working hours apart.
    let err = desk.fails(
        "2026-11-03T10:20:00+08:00",
        &["callback", &id, "--unreached"],
    );
    assert!(
        err.contains("2026-11-03 12:00"),
        "the next try is named: {err}"
    );
    desk.ok(
        "2026-11-03T12:00:00+08:00",
        &["callback", &id, "--unreached"],
    );
    let third = desk.ok(
        "2026-11-03T15:00:00+08:00",
        &["callback", &id, "--unreached"],
    );
    assert!(
        third.stderr.contains("may now be closed"),
        "{}",
        third.stderr
    );
    // A fourth is refused: three of three are made — the reason first, then what to do.
    let err = desk.fails(
        "2026-11-04T10:00:00+08:00",
        &["callback", &id, "--unreached"],
    );
    assert!(
        err.starts_with(&format!(
            "error: ticket {id} is resolved, and its 3 callback attempts are made: cannot"
        )) && err.contains(&format!("hint: close it: `inkdesk close {id}`")),
        "{err}"
    );
    let zh = desk.run(
        "2026-11-04T10:00:00+08:00",
        &["--lang", "zh", "callback", &id, "--unreached"],
    );
    assert!(
        zh.stderr.starts_with(&format!(
            "错误：工单 {id} 已解决，已回访 3 次，达到上限：不能"
        )),
        "{}",
        zh.stderr
    );
    assert_eq!(desk.ticket(&id).callback_attempts(), 3);
    desk.ok("2026-11-04T10:00:00+08:00", &["close", &id]);

    // Closing before any callback: why, then how.
    let early = resolved_reprint(&desk, "2026-11-02T10:00:00+08:00");
    let err = desk.fails("2026-11-02T11:00:00+08:00", &["close", &early]);
    assert!(
        err.starts_with(&format!(
            "error: ticket {early} is resolved, and the customer has not been called back \
             (0 of 3 attempts made): cannot close"
        )),
        "{err}"
    );
    let zh = desk.run(
        "2026-11-02T11:00:00+08:00",
        &["--lang", "zh", "close", &early],
    );
    assert!(
        zh.stderr.starts_with(&format!(
            "错误：工单 {early} 已解决，还没有回访客户（已尝试 0 次，共 3 次）：不能关闭"
        )),
        "{}",
        zh.stderr
    );
    desk.ok(
        "2026-11-02T11:00:00+08:00",
        &["close", &early, "--force", "--reason", "客户不需要回访"],
    );

    // A wrong number ends the attempts at once.
    let other = resolved_reprint(&desk, "2026-11-02T10:00:00+08:00");
    let said = desk.ok(
        "2026-11-03T10:00:00+08:00",
        &["callback", &other, "--wrong-number", "--note", "空号"],
    );
    assert!(said.stderr.contains("wrong number"), "{}", said.stderr);
    desk.fails(
        "2026-11-03T15:00:00+08:00",
        &["callback", &other, "--unreached"],
    );
    desk.ok("2026-11-03T15:00:00+08:00", &["close", &other]);
    let review = desk.review("2026-12-01T09:00:00+08:00", "2026-11", &[])["current"].clone();
    // Four attempts made (three unreached, one wrong number), three closings without a
    // callback (the forced one too).
    assert_eq!(
        (
            &review["callback_attempts"],
            &review["wrong_numbers"],
            &review["closed_without_callback"]
        ),
        (&4.into(), &1.into(), &3.into())
    );
}

#[test]
fn a_dissatisfied_customer_reopens_the_ticket_one_level_up() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", crate::harness::STAFF);
    let id = resolved_reprint(&desk, "2026-11-02T10:00:00+08:00");
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
    assert_eq!(
        (
            t.status.as_str(),
            t.level,
            t.assignee.as_deref(),
            t.satisfaction
        ),
        ("open", 1, Some("zhou"), None),
        "reopened, to the supervisor, the old verdict cleared"
    );
    let escalated = t
        .log
        .iter()
        .find(|e| e.action.as_str() == "escalate")
        .unwrap();
    assert_eq!(escalated.rule.as_deref(), Some("dissatisfied"));
    // A closed ticket reopened by hand forgets its verdict too.
    let other = resolved_reprint(&desk, "2026-11-02T10:00:00+08:00");
    desk.ok(
        "2026-11-03T10:00:00+08:00",
        &[
            "callback",
            &other,
            "--reached",
            "--satisfaction",
            "satisfied",
        ],
    );
    desk.ok(
        "2026-11-04T10:00:00+08:00",
        &["reopen", &other, "--reason", "又发现问题"],
    );
    assert_eq!(desk.ticket(&other).satisfaction, None);
    // The policy may keep the ticket at its level.
    desk.set_policy(
        "escalate_dissatisfied: true",
        "escalate_dissatisfied: false",
    );
    let third = resolved_reprint(&desk, "2026-11-02T10:00:00+08:00");
    desk.ok(
        "2026-11-03T10:00:00+08:00",
        &[
            "callback",
            &third,
            "--reached",
            "--satisfaction",
            "dissatisfied",
        ],
    );
    assert_eq!(desk.ticket(&third).level, 0);
}

/// No satisfaction callback sooner than the policy's earliest time after the
/// resolution (default one working day): resolved Monday 2 November 10:00, the
/// customer may be called from Tuesday 10:00 — reached or not, in both languages —
/// and a refused call changes nothing.
#[test]
fn no_callback_before_a_working_day_after_the_resolution() {
    let desk = TestDesk::new();
    let id = desk.open(
        "2026-11-02T09:30:00+08:00",
        &[
            "--kind",
            "repair",
            "--title",
            "装订机卡纸",
            "--customer",
            "Mr Wang",
        ],
    );
    desk.ok(
        MON,
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "repair",
            "--summary",
            "修好了",
        ],
    );
    let before = desk.snapshot();
    let early = "2026-11-03T09:59:00+08:00";
    let reached = desk.fails(
        early,
        &["callback", &id, "--reached", "--satisfaction", "satisfied"],
    );
    assert!(reached.starts_with("error: --reached: "), "{reached}");
    assert!(reached.contains("2026-11-02 10:00") && reached.contains("1wd"));
    assert!(
        reached.contains("call back from 2026-11-03 10:00"),
        "{reached}"
    );
    let run = desk.run(early, &["--lang", "zh", "callback", &id, "--unreached"]);
    assert_eq!(run.code, 2);
    let zh = run.stderr;
    assert!(zh.contains("满意度回访至少在解决1个工作日之后"), "{zh}");
    assert!(zh.contains("请在 2026-11-03 10:00 之后回访"), "{zh}");
    assert_eq!(desk.snapshot(), before, "nothing written");
    desk.ok(
        "2026-11-03T10:00:00+08:00",
        &["callback", &id, "--reached", "--satisfaction", "satisfied"],
    );
    assert_eq!(desk.ticket(&id).status.as_str(), "closed");
}
