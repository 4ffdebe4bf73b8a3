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
    let owed = |now: &str| no_promise(&desk, now);
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

/// The no-promise line of a ticket, as `(state, late minutes)`, at `now`.
fn no_promise(desk: &TestDesk, now: &str) -> Vec<(String, i64)> {
    owed(desk, now, "no-promise")
        .into_iter()
        .map(|(_, state, late)| (state, late))
        .collect()
}

/// A call at 17:50 on Monday: the first contact is due Tuesday 09:50 (ten working
/// minutes on Monday, fifty on Tuesday), so the customer is told the expected date on
/// Tuesday — the no-promise line falls due Tuesday 18:00, never before the first contact.
#[test]
fn no_promise_is_never_due_before_the_first_contact() {
    let desk = TestDesk::new();
    let id = desk.complaint("2026-11-02T17:50:00+08:00");
    assert_eq!(due(&desk, &id, "response"), "2026-11-03T09:50:00+08:00");
    assert_eq!(no_promise(&desk, "2026-11-02T18:30:00+08:00"), vec![]);
    assert_eq!(no_promise(&desk, "2026-11-03T09:30:00+08:00"), vec![]);
    desk.ok("2026-11-03T09:40:00+08:00", &["update", &id, "--contacted"]);
    assert_eq!(
        no_promise(&desk, "2026-11-03T17:30:00+08:00"),
        vec![("due_soon".to_string(), 0)]
    );
    // Wednesday 09:30: half a working hour after Tuesday 18:00.
    assert_eq!(
        no_promise(&desk, "2026-11-04T09:30:00+08:00"),
        vec![("overdue".to_string(), 30)]
    );
}

/// Kept its promise, closed, reopened Monday 23 November 10:00: the customer is told
/// the new expected date on the day the work restarts, not owed one since the first
/// call of 2 November.
#[test]
fn after_a_reopen_the_promise_is_owed_from_the_reopen() {
    let desk = TestDesk::new();
    let id = desk.complaint("2026-11-02T10:00:00+08:00");
    desk.ok("2026-11-02T10:10:00+08:00", &["update", &id, "--contacted"]);
    desk.ok(
        "2026-11-02T11:00:00+08:00",
        &["update", &id, "--promise", "2026-11-04"],
    );
    desk.reprinted("2026-11-03T15:00:00+08:00", &id);
    desk.ok(
        "2026-11-03T16:00:00+08:00",
        &["verify", &id, "--ok", "--as", "zhou"],
    );
    desk.ok(
        "2026-11-04T15:00:00+08:00",
        &["callback", &id, "--reached", "--satisfaction", "satisfied"],
    );
    assert_eq!(desk.ticket(&id).status.as_str(), "closed");
    desk.ok(
        "2026-11-23T10:00:00+08:00",
        &["reopen", &id, "--reason", "客户又发现色差"],
    );
    assert_eq!(no_promise(&desk, "2026-11-23T10:05:00+08:00"), vec![]);
    assert_eq!(
        no_promise(&desk, "2026-11-23T17:30:00+08:00"),
        vec![("due_soon".to_string(), 0)]
    );
    // Tuesday 10:00: one working hour after Monday 18:00.
    assert_eq!(
        no_promise(&desk, "2026-11-24T10:00:00+08:00"),
        vec![("overdue".to_string(), 60)]
    );
    // A promise given after the reopen ends it.
    desk.ok(
        "2026-11-24T10:10:00+08:00",
        &["update", &id, "--promise", "2026-11-26"],
    );
    assert_eq!(no_promise(&desk, "2026-11-24T10:15:00+08:00"), vec![]);
}

/// A deadline moved by hand falls inside working time, as a promise does: Saturday
/// 21 November (a date or 10:00) and Friday 20:00 are refused with the next working
/// time (Monday 23 November, 09:00 — or the day, for a date), nothing is written, and
/// the end of Friday's hours (18:00) is taken.
#[test]
fn a_deadline_moved_by_hand_falls_inside_working_time() {
    let desk = TestDesk::new();
    let id = desk.complaint("2026-11-16T09:20:00+08:00");
    let now = "2026-11-16T10:00:00+08:00";
    let before = desk.snapshot();
    for (spec, said) in [
        (
            "resolution=2026-11-21 10:00",
            "`--due resolution=\"2026-11-23 09:00\" --reason",
        ),
        (
            "resolution=2026-11-20 20:00",
            "`--due resolution=\"2026-11-23 09:00\" --reason",
        ),
        ("resolution=2026-11-21", "`--due resolution=2026-11-23`"),
    ] {
        let err = desk.fails(now, &["update", &id, "--due", spec, "--reason", "等纸"]);
        assert!(err.contains("--due") && err.contains(said), "{spec}: {err}");
    }
    let zh = desk.run(
        now,
        &[
            "--lang",
            "zh",
            "update",
            &id,
            "--due",
            "resolution=2026-11-21 10:00",
            "--reason",
            "等纸",
        ],
    );
    assert!(
        zh.stderr.contains("2026-11-21 10:00 不在本店工作时间内")
            && zh.stderr.contains("最近的工作时间是 2026-11-23 09:00"),
        "{}",
        zh.stderr
    );
    assert_eq!(desk.snapshot(), before, "nothing written");
    desk.ok(
        now,
        &[
            "update",
            &id,
            "--due",
            "resolution=2026-11-20",
            "--reason",
            "等纸",
        ],
    );
    assert_eq!(due(&desk, &id, "resolution"), "2026-11-20T18:00:00+08:00");
}

/// The overdue lines of one deadline, as `(id, state, late minutes)`, at `now`.
fn owed(desk: &TestDesk, now: &str, deadline: &str) -> Vec<(String, String, i64)> {
    json(&desk.ok(now, &["overdue", "--format", "json"]).stdout)
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["deadline"] == deadline)
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_string(),
                l["state"].as_str().unwrap().to_string(),
                l["late"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// The misses of one deadline in `show`'s breach record, as `(then, late minutes)`.
fn missed(desk: &TestDesk, now: &str, id: &str, deadline: &str) -> Vec<(String, i64)> {
    json(&desk.ok(now, &["show", id, "--format", "json"]).stdout)["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["deadline"] == deadline)
        .map(|b| {
            (
                b["then"].as_str().unwrap().to_string(),
                b["late"].as_i64().unwrap(),
            )
        })
        .collect()
}

/// 复检 is due one working hour before the resolution limit. Three complaints called in
/// Monday 2 November 10:00 are due resolved Tuesday 10:00, so checked by Tuesday 09:00.
/// A is resolved Monday 15:00 and checked Tuesday 09:40 (40 minutes late); B resolved
/// Monday 16:00 and checked 16:30 (on time); C resolved Tuesday 09:30 — after the check
/// was due, so missed at once (31 working minutes late at 09:31, from 09:00).
#[test]
fn the_second_check_is_due_an_hour_before_the_resolution_limit() {
    let desk = TestDesk::new();
    let [a, b, c] =
        ["10:00", "10:00", "10:00"].map(|_| desk.complaint("2026-11-02T10:00:00+08:00"));
    desk.reprinted("2026-11-02T15:00:00+08:00", &a);
    desk.reprinted("2026-11-02T16:00:00+08:00", &b);
    assert_eq!(
        desk.ticket(&a).due.recheck.unwrap().to_rfc3339(),
        "2026-11-03T09:00:00+08:00"
    );
    desk.ok(
        "2026-11-02T16:30:00+08:00",
        &["verify", &b, "--ok", "--as", "zhou"],
    );
    assert_eq!(desk.ticket(&b).due.recheck, None, "made: no longer owed");
    assert_eq!(
        owed(&desk, "2026-11-03T08:50:00+08:00", "recheck"),
        vec![(a.clone(), "due_soon".to_string(), 0)]
    );
    desk.reprinted("2026-11-03T09:30:00+08:00", &c);
    let mut late = owed(&desk, "2026-11-03T09:31:00+08:00", "recheck");
    late.sort();
    let mut both = vec![
        (a.clone(), "overdue".to_string(), 31),
        (c.clone(), "overdue".to_string(), 31),
    ];
    both.sort();
    assert_eq!(late, both);
    desk.ok(
        "2026-11-03T09:40:00+08:00",
        &["verify", &a, "--ok", "--as", "zhou"],
    );
    let now = "2026-12-01T09:00:00+08:00";
    assert_eq!(missed(&desk, now, &a, "recheck"), vec![("met".into(), 40)]);
    assert_eq!(missed(&desk, now, &b, "recheck"), vec![]);
    let zh = desk
        .ok("2026-11-03T10:00:00+08:00", &["--lang", "zh", "show", &c])
        .stdout;
    assert!(
        zh.lines()
            .any(|l| l.starts_with("复检") && l.contains("2026-11-03 09:00")),
        "{zh}"
    );
    let nov = desk.review(now, "2026-11", &[])["current"].clone();
    assert_eq!(nov["breaches"]["recheck"], 2, "A and C");
    desk.ok(now, &["export", "--events", "-o", "events.csv"]);
    let back = desk.review(now, "2026-11", &["--from-csv", "events.csv"])["current"].clone();
    assert_eq!(back, nov);
}

/// A complaint is passed to the department that does the work within a working hour
/// of the call (派单), unless it was opened with its department. Called Monday
/// 2 November 17:30: due Tuesday 09:30 (30 working minutes each side of the night);
/// 20 minutes late at 09:50; passed to production at 10:00 — met 30 minutes late.
#[test]
fn a_complaint_is_dispatched_within_a_working_hour_of_the_call() {
    let desk = TestDesk::new();
    let open = |title: &str, extra: &[&str]| {
        let mut args = vec![
            "open",
            "--kind",
            "complaint",
            "--title",
            title,
            "--customer",
            "王先生",
            "--phone",
            "13900000000",
        ];
        args.extend_from_slice(extra);
        desk.ok("2026-11-02T17:30:00+08:00", &args)
            .stdout
            .trim()
            .to_string()
    };
    let late = open("色差", &[]);
    let named = open("裁切偏", &["--department", "生产部"]);
    assert_eq!(
        desk.ticket(&late).due.dispatch.unwrap().to_rfc3339(),
        "2026-11-03T09:30:00+08:00"
    );
    assert_eq!(desk.ticket(&named).due.dispatch, None);
    for id in [&late, &named] {
        desk.ok("2026-11-03T09:20:00+08:00", &["update", id, "--contacted"]);
    }
    assert_eq!(
        owed(&desk, "2026-11-03T09:50:00+08:00", "dispatch"),
        vec![(late.clone(), "overdue".to_string(), 20)]
    );
    let zh = desk
        .ok("2026-11-03T09:50:00+08:00", &["--lang", "zh", "overdue"])
        .stdout;
    assert!(zh.lines().any(|l| l.contains("派单")), "{zh}");
    desk.ok(
        "2026-11-03T10:00:00+08:00",
        &["update", &late, "--department", "生产部"],
    );
    assert_eq!(owed(&desk, "2026-11-03T10:01:00+08:00", "dispatch"), vec![]);
    let now = "2026-12-01T09:00:00+08:00";
    assert_eq!(
        missed(&desk, now, &late, "dispatch"),
        vec![("met".into(), 30)]
    );
    assert_eq!(missed(&desk, now, &named, "dispatch"), vec![]);
    // A consultation is answered at the desk: nothing to dispatch.
    let consult = desk.open(
        "2026-11-02T17:30:00+08:00",
        &[
            "--kind",
            "consult",
            "--title",
            "报价",
            "--customer",
            "李女士",
        ],
    );
    assert_eq!(desk.ticket(&consult).due.dispatch, None);
    // The policy's kinds are kinds of the desk: `check` names a stranger by its line.
    desk.set_policy(
        "kinds: [complaint, reprint, repair, onsite]",
        "kinds: [complaint, leaflet]",
    );
    let run = desk.run(now, &["check"]);
    let policy = std::fs::read_to_string(desk.root().join("inkdesk.yaml")).unwrap();
    let line = policy
        .lines()
        .position(|l| l.contains("kinds: [complaint, leaflet]"))
        .unwrap()
        + 1;
    assert!(
        run.stdout
            .lines()
            .chain(run.stderr.lines())
            .any(|l| l.starts_with(&format!("inkdesk.yaml:{line}: dispatch.kinds[1]"))),
        "{}{}",
        run.stdout,
        run.stderr
    );
}

/// A customer chasing an order is promised its delivery: `--deliver-by 2026-11-04`
/// means the end of Wednesday's working day (18:00). Thursday 10:00 it is 60 working
/// minutes late; the delivery recorded Thursday 11:00 meets it two hours late, and
/// the order carries the date. A weekend date is refused with the next working day.
#[test]
fn a_promised_delivery_is_watched_until_it_is_made() {
    let desk = TestDesk::new();
    let id = desk.open(
        "2026-11-02T10:00:00+08:00",
        &[
            "--kind",
            "delivery",
            "--title",
            "画册还没到",
            "--customer",
            "赵磊",
            "--phone",
            "13911112222",
        ],
    );
    let saturday = desk.fails(
        "2026-11-02T10:05:00+08:00",
        &["update", &id, "--deliver-by", "2026-11-07"],
    );
    assert!(saturday.contains("--deliver-by 2026-11-09"), "{saturday}");
    desk.ok(
        "2026-11-02T10:10:00+08:00",
        &["update", &id, "--deliver-by", "2026-11-04"],
    );
    assert_eq!(
        desk.ticket(&id).due.delivery.unwrap().to_rfc3339(),
        "2026-11-04T18:00:00+08:00"
    );
    assert_eq!(
        owed(&desk, "2026-11-05T10:00:00+08:00", "delivery"),
        vec![(id.clone(), "overdue".to_string(), 60)]
    );
    let future = desk.fails(
        "2026-11-05T11:00:00+08:00",
        &["update", &id, "--delivered", "2026-11-06"],
    );
    assert!(future.contains("--delivered"), "{future}");
    desk.ok("2026-11-05T11:00:00+08:00", &["update", &id, "--delivered"]);
    let t = desk.ticket(&id);
    assert_eq!(
        (t.due.delivery, t.order.delivered.map(|d| d.to_string())),
        (None, Some("2026-11-05".to_string()))
    );
    assert_eq!(owed(&desk, "2026-11-05T11:01:00+08:00", "delivery"), vec![]);
    let now = "2026-12-01T09:00:00+08:00";
    assert_eq!(
        missed(&desk, now, &id, "delivery"),
        vec![("met".into(), 120)]
    );
    let nov = desk.review(now, "2026-11", &[])["current"].clone();
    assert_eq!(nov["breaches"]["delivery"], 1);
    let zh = desk.ok(now, &["--lang", "zh", "show", &id]).stdout;
    assert!(zh.contains("交货"), "{zh}");
}

/// `open --deliver-by` sets the promised delivery as the ticket is opened (a date: the
/// end of its working day), and refuses a closed day naming the flag and the next
/// working day; a bad month for `customer --complained` names `--month`.
#[test]
fn a_delivery_promised_at_the_opening_and_bad_inputs_named() {
    let desk = TestDesk::new();
    let args = |by: &'static str| {
        vec![
            "--kind",
            "delivery",
            "--title",
            "台历未到",
            "--customer",
            "吴敏",
            "--phone",
            "13911113333",
            "--deliver-by",
            by,
        ]
    };
    let id = desk.open("2026-11-02T10:00:00+08:00", &args("2026-11-03"));
    assert_eq!(
        desk.ticket(&id).due.delivery.unwrap().to_rfc3339(),
        "2026-11-03T18:00:00+08:00"
    );
    let mut sunday = vec!["open"];
    sunday.extend(args("2026-11-08"));
    let err = desk.fails("2026-11-02T10:05:00+08:00", &sunday);
    assert!(err.contains("--deliver-by 2026-11-09"), "{err}");
    let err = desk.fails(
        "2026-11-02T10:05:00+08:00",
        &["customer", "--complained", "--month", "2026-13"],
    );
    assert!(err.starts_with("error: --month"), "{err}");
}
