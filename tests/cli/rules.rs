//! The service rules of a Chinese print shop: the official calendar with its make-up
//! working days, a working day that never shrinks, the clock from the call. Expected
//! values are worked out by hand in the comments.

use crate::harness::{TestDesk, json};

fn due(desk: &TestDesk, id: &str, name: &str) -> String {
    desk.ticket(id).due.get(name).unwrap().to_rfc3339()
}

#[test]
fn the_chinese_calendar_with_its_make_up_days() {
    let desk = TestDesk::empty();
    desk.ok(
        "2026-09-01T09:00:00+08:00",
        &[
            "init",
            ".",
            "--lang",
            "zh",
            "--timezone",
            "Asia/Shanghai",
            "--holidays",
            "cn",
        ],
    );
    let policy = std::fs::read_to_string(desk.root().join("inkdesk.yaml")).unwrap();
    assert!(
        policy.contains("    - 2026-10-01..2026-10-07\n")
            && policy.contains("    - 2026-09-20\n")
            && policy.contains("国务院办公厅"),
        "{policy}"
    );
    // Friday 18 September 10:00: one working day later is Sunday 20 September, a
    // make-up working day (调休).
    let friday = desk.open(
        "2026-09-18T10:00:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "色差",
            "--customer",
            "王先生",
        ],
    );
    assert_eq!(
        due(&desk, &friday, "resolution"),
        "2026-09-20T10:00:00+08:00"
    );
    // Wednesday 30 September 10:00, a reprint (2 working days): National Day 1–7
    // October is off, so Thursday 8th then Friday 9th.
    let reprint = desk.open(
        "2026-09-30T10:00:00+08:00",
        &[
            "--kind",
            "reprint",
            "--title",
            "重印",
            "--customer",
            "李女士",
        ],
    );
    assert_eq!(
        due(&desk, &reprint, "resolution"),
        "2026-10-09T10:00:00+08:00"
    );
    desk.ok("2026-10-09T10:00:00+08:00", &["check"]);
}

#[test]
fn a_working_day_never_shrinks_and_a_consultation_is_not_due_before_its_contact() {
    let desk = TestDesk::new();
    desk.set_policy(
        "hours_by_day: {}",
        "hours_by_day: { sat: [\"09:00-12:00\"] }",
    );
    desk.set_policy(
        "days: [mon, tue, wed, thu, fri]",
        "days: [mon, tue, wed, thu, fri, sat]",
    );
    // Friday 17:30, a complaint (1 working day): not Saturday 12:00 (3.5 working hours)
    // but 9 working hours on — 0.5h Friday, 3h Saturday, Monday 09:00 + 5.5h.
    let id = desk.open(
        "2026-11-06T17:30:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "色差",
            "--customer",
            "王先生",
        ],
    );
    assert_eq!(due(&desk, &id, "resolution"), "2026-11-09T14:30:00+08:00");
    // Monday 17:30, a consultation (due at the end of the day, 18:00): its first
    // contact is due Tuesday 09:30, and so is its resolution at the earliest.
    let consult = desk.open(
        "2026-11-09T17:30:00+08:00",
        &["--kind", "consult", "--title", "报价", "--customer", "Acme"],
    );
    assert_eq!(
        due(&desk, &consult, "response"),
        "2026-11-10T09:30:00+08:00"
    );
    assert_eq!(
        due(&desk, &consult, "resolution"),
        "2026-11-10T09:30:00+08:00"
    );
}

#[test]
fn holidays_and_working_dates_are_checked_with_their_place() {
    let desk = TestDesk::new();
    desk.set_policy("holidays: []", "holidays: [2026-10-01..2026-09-30]");
    desk.set_policy(
        "workdays: []",
        "workdays: [{ date: 2026-10-10, hours: [\"12:00-09:00\"] }]",
    );
    let run = desk.run("2026-11-02T10:00:00+08:00", &["check"]);
    assert_ne!(run.code, 0);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("inkdesk.yaml:") && all.contains("calendar.holidays[0]"),
        "{all}"
    );
    assert!(all.contains("calendar.workdays[0].hours[0]"), "{all}");
}

#[test]
fn the_clock_starts_with_the_call_and_a_late_entry_is_flagged() {
    let desk = TestDesk::new();
    // Called Monday 16:00, typed in Tuesday 15:00: first contact was due Monday 17:00
    // (one working hour after the call), resolution Tuesday 16:00 (one working day).
    let id = desk.open(
        "2026-11-03T15:00:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "色差",
            "--customer",
            "王先生",
            "--received",
            "2026-11-02T16:00:00+08:00",
        ],
    );
    assert_eq!(due(&desk, &id, "response"), "2026-11-02T17:00:00+08:00");
    assert_eq!(due(&desk, &id, "resolution"), "2026-11-03T16:00:00+08:00");
    // Entered 8 working hours after the call (Monday 16:00–18:00, Tuesday 09:00–15:00),
    // against 15 working minutes: late by 7h45 from 16:15.
    let now = "2026-11-03T15:05:00+08:00";
    let lines = json(&desk.ok(now, &["overdue", "--format", "json"]).stdout);
    let listed: Vec<(&str, i64)> = lines
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["deadline"].as_str().unwrap(), l["late"].as_i64().unwrap()))
        .collect();
    assert!(listed.contains(&("entry", 7 * 60 + 45)), "{listed:?}");
    assert!(listed.contains(&("response", 7 * 60 + 5)), "{listed:?}");
    let shown = desk.ok(now, &["show", &id, "--lang", "zh"]).stdout;
    assert!(shown.contains("开单延迟，来电后8小时"), "{shown}");
    // Once the customer is contacted, the late entry leaves the morning list.
    desk.ok(now, &["update", &id, "--contacted"]);
    let lines = json(&desk.ok(now, &["overdue", "--format", "json"]).stdout);
    assert!(
        lines
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["deadline"] != "entry"),
        "{lines}"
    );
    // The review counts openings entered on time: a second ticket typed at once.
    desk.complaint("2026-11-04T10:00:00+08:00");
    let review = desk.review("2026-12-01T09:00:00+08:00", "2026-11", &[]);
    assert_eq!(
        review["current"]["entered_on_time"],
        serde_json::json!({"hits": 1, "total": 2, "percent": 50.0})
    );
}

#[test]
fn promises_fall_on_working_days_and_are_owed_after_the_first_day() {
    let desk = TestDesk::new();
    // Called and opened Monday 2 November 10:00.
    let id = desk.complaint("2026-11-02T10:00:00+08:00");
    desk.ok("2026-11-02T10:10:00+08:00", &["update", &id, "--contacted"]);
    // Sunday is refused, with Monday suggested; a time already past is refused.
    let err = desk.fails(
        "2026-11-02T11:00:00+08:00",
        &["update", &id, "--promise", "2026-11-08"],
    );
    assert!(
        err.contains("2026-11-08") && err.contains("--promise 2026-11-09"),
        "{err}"
    );
    let err = desk.fails(
        "2026-11-02T11:00:00+08:00",
        &["update", &id, "--promise", "2026-11-02T10:30:00+08:00"],
    );
    assert!(err.contains("already passed"), "{err}");
    assert_eq!(desk.ticket(&id).due.promised, None, "nothing was written");
    // Not solved by the end of Monday (18:00) and no promise: owed, Tuesday 09:45.
    let owed = |now: &str| -> Vec<(String, i64)> {
        json(&desk.ok(now, &["overdue", "--format", "json"]).stdout)
            .as_array()
            .unwrap()
            .iter()
            .filter(|l| l["deadline"] == "no-promise")
            .map(|l| {
                (
                    l["state"].as_str().unwrap().to_string(),
                    l["late"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(owed("2026-11-02T16:00:00+08:00"), vec![]);
    assert_eq!(
        owed("2026-11-02T17:30:00+08:00"),
        vec![("due_soon".to_string(), 0)],
        "within the hour's warning"
    );
    assert_eq!(
        owed("2026-11-03T09:45:00+08:00"),
        vec![("overdue".to_string(), 45)]
    );
    let zh = desk
        .ok("2026-11-03T09:45:00+08:00", &["overdue", "--lang", "zh"])
        .stdout;
    assert!(zh.contains("未给承诺日期"), "{zh}");
    // A date means the end of that day's working hours; then nothing is owed.
    desk.ok(
        "2026-11-03T09:50:00+08:00",
        &["update", &id, "--promise", "2026-11-06"],
    );
    assert_eq!(due(&desk, &id, "promised"), "2026-11-06T18:00:00+08:00");
    assert_eq!(owed("2026-11-03T09:55:00+08:00"), vec![]);
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
    // A fourth is refused: three of three are made.
    let err = desk.fails(
        "2026-11-04T10:00:00+08:00",
        &["callback", &id, "--unreached"],
    );
    assert!(err.contains("close"), "{err}");
    assert_eq!(desk.ticket(&id).callback_attempts(), 3);
    desk.ok("2026-11-04T10:00:00+08:00", &["close", &id]);

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
    // Four attempts made (three unreached, one wrong number), two closings without a
    // callback.
    assert_eq!(
        (
            &review["callback_attempts"],
            &review["wrong_numbers"],
            &review["closed_without_callback"]
        ),
        (&4.into(), &1.into(), &2.into())
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

#[test]
fn compensation_above_a_levels_authority_needs_an_approver_who_may_grant_it() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", crate::harness::STAFF);
    let refund = |id: &str, cost: &str, extra: &[&str]| -> Vec<String> {
        let mut args: Vec<String> = [
            "resolve",
            id,
            "--cause",
            "ours",
            "--remedy",
            "refund",
            "--summary",
            "全额退款",
            "--cost",
            cost,
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let run = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        desk.run("2026-11-02T15:00:00+08:00", &args)
    };
    let id = desk.complaint("2026-11-02T10:00:00+08:00");
    // Lina is an agent: ¥500 alone, not ¥50,000.
    assert_eq!(run(refund(&id, "500", &[])).code, 0);
    let id = desk.complaint("2026-11-02T10:00:00+08:00");
    let big = run(refund(&id, "50000", &[]));
    assert_eq!(big.code, 2);
    assert!(
        big.stderr.contains("¥50,000")
            && big.stderr.contains("¥500")
            && big.stderr.contains("陈总"),
        "the limit and who may approve: {}",
        big.stderr
    );
    // The supervisor may grant up to ¥5,000: not this.
    let err = run(refund(&id, "50000", &["--approved-by", "zhou"]));
    assert_eq!(err.code, 2, "{}", err.stderr);
    // The manager may grant any amount; the approval is logged.
    assert_eq!(
        run(refund(&id, "50000", &["--approved-by", "陈总"])).code,
        0
    );
    let t = desk.ticket(&id);
    let resolved = t
        .log
        .iter()
        .find(|e| e.action.as_str() == "resolve")
        .unwrap();
    assert_eq!(resolved.approved_by.as_deref(), Some("chen"));
    assert!(desk.text(&id).contains("  approved_by: chen\n"));
}

#[test]
fn a_known_caller_is_recognised_and_a_callback_kind_needs_a_number() {
    let desk = TestDesk::new();
    let open = |now: &str, args: &[&str]| {
        let mut all = vec!["open"];
        all.extend_from_slice(args);
        desk.run(now, &all)
    };
    // A complaint without a phone or an e-mail cannot be called back: refused.
    let refused = open(
        "2026-11-02T09:00:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "色差",
            "--customer",
            "王建国",
        ],
    );
    assert_eq!(refused.code, 2);
    assert!(refused.stderr.contains("--phone"), "{}", refused.stderr);
    // A consultation may be anonymous.
    let consult = open(
        "2026-11-02T09:00:00+08:00",
        &["--kind", "consult", "--title", "报价", "--customer", "路人"],
    );
    assert_eq!(consult.code, 0, "{}", consult.stderr);
    let first = open(
        "2026-11-02T09:10:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "色差",
            "--customer",
            "王建国",
            "--company",
            "蓝海广告",
            "--phone",
            "138 0013 8000",
            "--vip",
        ],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    // He calls again: his number alone fills in the rest, and says so.
    let again = open(
        "2026-11-05T10:00:00+08:00",
        &[
            "--kind",
            "reprint",
            "--title",
            "重印仍有色差",
            "--phone",
            "+86 13800138000",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stderr.contains("known caller"), "{}", again.stderr);
    let id = again.stdout.trim().to_string();
    let t = desk.ticket(&id);
    assert_eq!(
        (
            t.customer.name.as_str(),
            t.customer.company.as_deref(),
            t.customer.vip
        ),
        ("王建国", Some("蓝海广告"), true)
    );
    // A number nobody called from before needs a name.
    let unknown = open(
        "2026-11-05T10:00:00+08:00",
        &[
            "--kind",
            "reprint",
            "--title",
            "x",
            "--phone",
            "13912345678",
        ],
    );
    assert_eq!(unknown.code, 2);
    // His history: both tickets, open first, and he complained before.
    let listed = json(
        &desk
            .ok(
                "2026-11-05T11:00:00+08:00",
                &["customer", "13800138000", "--format", "json"],
            )
            .stdout,
    );
    let rows = listed.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{listed}");
    assert_eq!(rows[0]["id"], id.as_str(), "the latest first");
    let by_name = desk.ok(
        "2026-11-05T11:00:00+08:00",
        &["customer", "王建国", "--lang", "zh"],
    );
    assert!(
        by_name.stdout.contains("重印仍有色差") && by_name.stderr.contains("共 2 个工单"),
        "{}{}",
        by_name.stdout,
        by_name.stderr
    );
}

#[test]
fn quality_review_draws_per_agent_and_scores_each_agent() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", crate::harness::STAFF);
    // November: Lina closes twelve consultations, Tom two.
    let mut closed: Vec<(String, &str)> = Vec::new();
    for n in 0..14 {
        let who = if n < 12 { "lina" } else { "tom" };
        let day = format!("2026-11-{:02}", 2 + n % 5);
        let at = |time: &str| format!("{day}T{time}:00+08:00");
        let id = desk.open(
            &at("10:00"),
            &[
                "--as",
                who,
                "--kind",
                "consult",
                "--title",
                "报价",
                "--customer",
                "客户",
            ],
        );
        desk.ok(
            &at("11:00"),
            &[
                "--as",
                who,
                "resolve",
                &id,
                "--cause",
                "unknown",
                "--remedy",
                "explain",
                "--summary",
                "已报价",
            ],
        );
        desk.ok(
            &at("15:00"),
            &[
                "--as",
                who,
                "callback",
                &id,
                "--reached",
                "--satisfaction",
                "satisfied",
            ],
        );
        closed.push((id, who));
    }
    let drawn = |extra: &[&str]| -> Vec<String> {
        let mut args = vec!["sample", "--month", "2026-11", "--format", "json"];
        args.extend_from_slice(extra);
        json(&desk.ok("2026-12-01T09:00:00+08:00", &args).stdout)
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["assignee"].as_str().unwrap().to_string())
            .collect()
    };
    // 20% of 14 is 3 (rounded up), drawn from all; per agent 20% of 12 is 3 and 20% of
    // 2 is at least the policy's one.
    assert_eq!(drawn(&[]).len(), 3);
    let per_agent = drawn(&["--per-agent"]);
    assert_eq!(
        (
            per_agent.iter().filter(|a| *a == "lina").count(),
            per_agent.iter().filter(|a| *a == "tom").count()
        ),
        (3, 1)
    );
    // The reviewer's results: Lina 80 and 95, Tom 70.
    let at = "2026-11-20T10:00:00+08:00";
    for (n, score) in [(0, "80"), (1, "95"), (12, "70")] {
        desk.ok(
            at,
            &[
                "--as",
                "zhou",
                "qa",
                &closed[n].0,
                "--score",
                score,
                "--note",
                "话术规范",
            ],
        );
    }
    let err = desk.fails(at, &["--as", "zhou", "qa", &closed[2].0, "--score", "101"]);
    assert!(err.contains("101"), "{err}");
    let open = desk.complaint(at);
    desk.fails(at, &["--as", "zhou", "qa", &open, "--score", "90"]);
    let review = desk.review("2026-12-01T09:00:00+08:00", "2026-11", &[])["current"].clone();
    assert_eq!(
        review["quality"],
        serde_json::json!({
            "lina": {"reviewed": 2, "average": 87.5},
            "tom": {"reviewed": 1, "average": 70.0}
        })
    );
    desk.ok(
        "2026-12-01T09:00:00+08:00",
        &["export", "--events", "-o", "events.csv"],
    );
    let events = std::fs::read_to_string(desk.root().join("events.csv")).unwrap();
    assert_eq!(events.lines().filter(|l| l.contains(",qa,")).count(), 3);
    let table = desk
        .ok(
            "2026-12-01T09:00:00+08:00",
            &["report", "--month", "2026-11", "--lang", "zh"],
        )
        .stdout;
    assert!(
        table.contains("各坐席质检") && table.contains("2 · 87.5"),
        "{table}"
    );
}

#[test]
fn an_unknown_caller_lists_nothing_and_says_so() {
    let desk = TestDesk::new();
    desk.complaint("2026-11-02T10:00:00+08:00");
    let run = desk.ok("2026-11-02T11:00:00+08:00", &["customer", "Nobody"]);
    assert_eq!(run.stdout, "", "no empty table");
    assert!(run.stderr.contains("Nobody"), "{}", run.stderr);
    let run = desk.run("2026-11-02T11:00:00+08:00", &["customer", " "]);
    assert_eq!(run.code, 2);
}
