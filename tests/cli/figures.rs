//! Figures a manager can trust: a closed month never changes, 不满单 by the rule, and every
//! missed deadline stays on record. Each expected number is worked out by hand in the
//! comments (a complaint is due in one working day, the calendar Mon–Fri 09:00–18:00).

use crate::harness::{TestDesk, json};

/// The review of a month as JSON, from the desk at `now`.
fn review(desk: &TestDesk, now: &str, month: &str) -> serde_json::Value {
    desk.review(now, month, &[])["current"].clone()
}

/// The same review from the desk's events export made at `now`.
fn review_from_export(desk: &TestDesk, now: &str, month: &str) -> serde_json::Value {
    desk.ok(now, &["export", "--events", "-o", "events.csv"]);
    desk.review(now, month, &["--from-csv", "events.csv"])["current"].clone()
}

fn resolve<'a>(id: &'a str, cause: &'a str, remedy: &'a str, cost: &'a str) -> Vec<&'a str> {
    vec![
        "resolve",
        id,
        "--cause",
        cause,
        "--remedy",
        remedy,
        "--summary",
        "done",
        "--cost",
        cost,
        "--approved-by",
        "zhou",
    ]
}

#[test]
fn a_reopen_in_december_leaves_november_as_it_was() {
    let desk = TestDesk::new();
    // A reprint: opened Monday 2 November 10:00, due in two working days (Wed 10:00).
    let id = desk.open(
        "2026-11-02T10:00:00+08:00",
        &[
            "--kind",
            "reprint",
            "--title",
            "封面色差",
            "--customer",
            "王先生",
        ],
    );
    desk.ok("2026-11-02T10:30:00+08:00", &["update", &id, "--contacted"]);
    desk.ok(
        "2026-11-03T15:00:00+08:00",
        &resolve(&id, "ours", "reprint", "1200"),
    );
    desk.ok(
        "2026-11-05T10:00:00+08:00",
        &["callback", &id, "--reached", "--satisfaction", "satisfied"],
    );
    let november = review(&desk, "2026-12-01T09:00:00+08:00", "2026-11");
    assert_eq!(
        (
            &november["opened"],
            &november["resolved"],
            &november["closed"],
            &november["open_at_end"],
        ),
        (&1.into(), &1.into(), &1.into(), &0.into())
    );
    assert_eq!(november["compensation"]["reprint"], 1200.0);
    assert_eq!(november["compensation_total"], 1200.0);
    assert_eq!(november["resolution_on_time"]["hits"], 1);
    assert_eq!(november["satisfaction"]["satisfied"], 1);

    // 10 December the customer comes back; re-resolved with a ¥300 refund.
    desk.ok(
        "2026-12-10T10:00:00+08:00",
        &["reopen", &id, "--reason", "部分封面仍有色差"],
    );
    desk.ok(
        "2026-12-11T10:00:00+08:00",
        &resolve(&id, "ours", "refund", "300"),
    );
    let now = "2026-12-15T09:00:00+08:00";
    assert_eq!(
        review(&desk, now, "2026-11"),
        november,
        "November is what happened in November"
    );
    assert_eq!(review_from_export(&desk, now, "2026-11"), november);
    let december = review(&desk, now, "2026-12");
    assert_eq!(
        (
            &december["opened"],
            &december["resolved"],
            &december["closed"],
            &december["reopened"],
            &december["open_at_end"],
        ),
        (&0.into(), &1.into(), &0.into(), &1.into(), &1.into()),
        "the second resolution counts in December; the ticket waits for its callback"
    );
    assert_eq!(december["compensation"]["refund"], 300.0);
    assert_eq!(december["compensation_total"], 300.0);
    assert_eq!(
        december["reopen_rate"]["percent"], 100.0,
        "one reopen per resolution"
    );
    assert_eq!(review_from_export(&desk, now, "2026-12"), december);
    // The one-row-per-ticket export shows the ticket as it is now.
    let tickets = desk.ok(now, &["export"]).stdout;
    assert!(tickets.contains(",300,"), "{tickets}");
}

#[test]
fn dissatisfaction_tickets_are_the_customers_cause_accepted() {
    let desk = TestDesk::new();
    let mut ids = Vec::new();
    for (cause, accepted) in [
        ("supplier", false),
        ("carrier", false),
        ("unknown", false),
        ("customer", false),
        ("customer", true),
    ] {
        let id = desk.complaint("2026-11-02T10:00:00+08:00");
        let mut args = resolve(&id, cause, "explain", "0");
        if accepted {
            args.push("--accepted");
        }
        desk.ok("2026-11-02T15:00:00+08:00", &args);
        ids.push(id);
    }
    let err = desk.fails(
        "2026-11-02T15:00:00+08:00",
        &[
            "resolve",
            &desk.complaint("2026-11-02T10:00:00+08:00"),
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "x",
            "--accepted",
        ],
    );
    assert!(err.contains("--accepted"), "{err}");
    let t = desk.ticket(&ids[4]);
    assert!(t.resolution.unwrap().accepted);
    assert!(desk.text(&ids[4]).contains("  accepted: true\n"));
    let r = review(&desk, "2026-12-01T09:00:00+08:00", "2026-11");
    // Five resolutions: one of each cause, the customer's twice; only the accepted one
    // is a dissatisfaction ticket (不满单).
    assert_eq!(r["dissatisfaction_tickets"], 1);
    assert_eq!(r["customer_cause_not_accepted"], 1);
    assert_eq!(
        (
            &r["causes"]["supplier"],
            &r["causes"]["carrier"],
            &r["causes"]["unknown"],
            &r["causes"]["customer"],
            &r["causes"]["ours"],
        ),
        (&1.into(), &1.into(), &1.into(), &2.into(), &0.into())
    );
    let table = desk
        .ok(
            "2026-12-01T09:00:00+08:00",
            &["report", "--month", "2026-11", "--lang", "zh"],
        )
        .stdout;
    assert!(
        table.contains("不满单") && table.contains("客户原因但客户未认可的投诉"),
        "{table}"
    );
}

#[test]
fn a_missed_progress_contact_stays_missed_through_waiting_and_escalation() {
    let desk = TestDesk::new();
    // Monday 09:00; contacted 09:10, so the next contact is due Tuesday 09:10.
    let id = desk.complaint("2026-11-02T09:00:00+08:00");
    desk.ok("2026-11-02T09:10:00+08:00", &["update", &id, "--contacted"]);
    // Tuesday 18:00: 8h50 of working time late (09:10–18:00). The clerk parks the
    // ticket and takes it back a minute later.
    desk.ok(
        "2026-11-03T18:00:00+08:00",
        &["update", &id, "--status", "waiting", "--reason", "等客户"],
    );
    desk.ok(
        "2026-11-03T18:01:00+08:00",
        &["update", &id, "--status", "open"],
    );
    let at = "2026-11-03T18:02:00+08:00";
    let t = desk.ticket(&id);
    assert_eq!(
        t.due.progress.unwrap().to_rfc3339(),
        "2026-11-03T09:10:00+08:00",
        "a status change is not a contact"
    );
    let shown = json(&desk.ok(at, &["show", &id, "--format", "json"]).stdout);
    let breaches = shown["breaches"].as_array().unwrap();
    let progress = breaches
        .iter()
        .find(|b| b["deadline"] == "progress")
        .expect("the progress miss is on record");
    assert_eq!(progress["late"], 8 * 60 + 50);
    assert_eq!(progress["then"], "open");
    let overdue = json(&desk.ok(at, &["overdue", "--format", "json"]).stdout);
    let lines: Vec<(&str, i64)> = overdue
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["deadline"].as_str().unwrap(), l["late"].as_i64().unwrap()))
        .collect();
    // Resolution was due Tuesday 09:00: 9h late by 18:00 (the wait of one minute after
    // closing time holds no working time).
    assert!(lines.contains(&("progress", 530)), "{lines:?}");
    assert!(lines.contains(&("resolution", 540)), "{lines:?}");

    // An escalation Wednesday 10:00 does not replace the overdue contact.
    desk.ok(
        "2026-11-04T10:00:00+08:00",
        &["escalate", &id, "--reason", "客户投诉升级"],
    );
    assert_eq!(
        desk.ticket(&id).due.progress.unwrap().to_rfc3339(),
        "2026-11-03T09:10:00+08:00"
    );
    // The contact Wednesday 11:00 meets it late and sets the next one, which the
    // close at 11:30 (the customer withdrew) ends before it is due.
    desk.ok("2026-11-04T11:00:00+08:00", &["update", &id, "--contacted"]);
    desk.ok(
        "2026-11-04T11:30:00+08:00",
        &["close", &id, "--force", "--reason", "客户撤回投诉"],
    );
    let r = review(&desk, "2026-12-01T09:00:00+08:00", "2026-11");
    assert_eq!(
        (&r["breaches"]["progress"], &r["breaches"]["resolution"]),
        (&1.into(), &1.into())
    );
    assert_eq!(
        r["progress_on_time"],
        serde_json::json!({"hits": 1, "total": 2, "percent": 50.0}),
        "the first contact met the opening's progress deadline; the next one was missed"
    );
    assert_eq!(r["first_contact_on_time"]["hits"], 1);
    assert_eq!(
        review_from_export(&desk, "2026-12-01T09:00:00+08:00", "2026-11"),
        r
    );
    let exported = desk.ok("2026-12-01T09:00:00+08:00", &["export"]).stdout;
    let mut reader = csv::Reader::from_reader(exported.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let col = |name: &str| &row[headers.iter().position(|h| h == name).unwrap()];
    // Progress, resolution, and no promised date by Monday 18:00.
    assert_eq!(col("breaches"), "3", "the export carries the breach record");
}

#[test]
fn a_waiting_ticket_shows_its_stored_deadline_and_the_pause() {
    let desk = TestDesk::new();
    // Monday 09:00, resolution due Tuesday 09:00; waiting from Monday 10:00.
    let id = desk.complaint("2026-11-02T09:00:00+08:00");
    desk.ok("2026-11-02T09:10:00+08:00", &["update", &id, "--contacted"]);
    desk.ok(
        "2026-11-02T10:00:00+08:00",
        &["update", &id, "--status", "waiting", "--reason", "等样品"],
    );
    for (now, waited) in [
        ("2026-11-02T17:00:00+08:00", 7 * 60),
        ("2026-11-05T17:00:00+08:00", 34 * 60),
    ] {
        let shown = json(&desk.ok(now, &["show", &id, "--format", "json"]).stdout);
        let resolution = shown["deadlines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == "resolution")
            .unwrap()
            .clone();
        assert_eq!(
            (
                resolution["due"].as_str(),
                resolution["state"].as_str(),
                resolution["waited"].as_i64()
            ),
            (Some("2026-11-03T01:00:00Z"), Some("paused"), Some(waited)),
            "the stored deadline, never one that moves with the clock"
        );
    }
    let zh = desk
        .ok("2026-11-05T17:00:00+08:00", &["show", &id, "--lang", "zh"])
        .stdout;
    assert!(
        zh.contains("2026-11-03 09:00") && zh.contains("等待中暂停计时，已等3个工作日7小时"),
        "{zh}"
    );
    // Taking it back Friday 09:00 moves the deadline by the working time waited
    // (Mon 10:00–18:00, Tue–Thu 27h: 35 working hours) and logs the move.
    desk.ok(
        "2026-11-06T09:00:00+08:00",
        &["update", &id, "--status", "open"],
    );
    assert_eq!(
        desk.ticket(&id).due.resolution.unwrap().to_rfc3339(),
        "2026-11-06T17:00:00+08:00"
    );
}

#[test]
fn check_names_a_second_check_kind_without_a_template() {
    let desk = TestDesk::new();
    desk.set_policy("kinds: [complaint]", "kinds: [complaint, refund]");
    let run = desk.run("2026-11-02T10:00:00+08:00", &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("inkdesk.yaml:") && run.stdout.contains("verify.kinds[1]"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_second_check_is_made_once_and_not_on_a_closed_ticket() {
    let desk = TestDesk::new();
    let id = desk.complaint("2026-11-02T10:00:00+08:00");
    desk.ok(
        "2026-11-02T15:00:00+08:00",
        &resolve(&id, "ours", "reprint", "100"),
    );
    desk.ok(
        "2026-11-02T16:00:00+08:00",
        &["verify", &id, "--ok", "--as", "zhou"],
    );
    let err = desk.fails(
        "2026-11-02T16:10:00+08:00",
        &["verify", &id, "--ok", "--as", "chen"],
    );
    assert!(err.contains("already"), "{err}");
    desk.ok(
        "2026-11-03T15:00:00+08:00",
        &["callback", &id, "--reached", "--satisfaction", "satisfied"],
    );
    assert_eq!(desk.ticket(&id).status.as_str(), "closed");
    let err = desk.fails(
        "2026-11-03T16:00:00+08:00",
        &["verify", &id, "--redo", "--reason", "x", "--as", "chen"],
    );
    assert!(err.contains("reopen"), "{err}");
}

#[test]
fn the_events_export_of_a_month_holds_what_its_review_and_the_one_before_count() {
    let desk = TestDesk::new();
    // September (closed then), October and December tickets.
    let old = desk.open(
        "2026-09-01T10:00:00+08:00",
        &["--kind", "consult", "--title", "九月", "--customer", "甲"],
    );
    desk.ok(
        "2026-09-01T10:00:00+08:00",
        &["close", &old, "--force", "--reason", "重复"],
    );
    let october = desk.complaint("2026-10-05T10:00:00+08:00");
    let december = desk.complaint("2026-12-02T10:00:00+08:00");
    let now = "2026-12-03T10:00:00+08:00";
    desk.ok(
        now,
        &["export", "--events", "--month", "2026-11", "-o", "nov.csv"],
    );
    let text = std::fs::read_to_string(desk.root().join("nov.csv")).unwrap();
    assert!(text.contains(&october), "open through November");
    assert!(!text.contains(&old), "closed before October");
    assert!(!text.contains(&december), "opened after November");
    let from_file = crate::harness::json(
        &desk
            .ok(
                now,
                &[
                    "report",
                    "--month",
                    "2026-11",
                    "--format",
                    "json",
                    "--from-csv",
                    "nov.csv",
                ],
            )
            .stdout,
    );
    let from_desk = review(&desk, now, "2026-11");
    assert_eq!(from_file["current"], from_desk);
}

/// A promise given late keeps the no-promise miss on record. A complaint called in
/// Monday 2 November 10:00 and not solved that day owes a promised date by Monday
/// 18:00; it is given Tuesday 11:00 — two working hours late (09:00–11:00). A second
/// complaint promised Monday 11:00 owes nothing. The review of November counts one
/// such miss, the same from the events export, and `show` keeps it in the breach record.
#[test]
fn a_late_promise_keeps_the_no_promise_miss() {
    let desk = TestDesk::new();
    let late = desk.complaint("2026-11-02T10:00:00+08:00");
    let kept = desk.complaint("2026-11-02T10:05:00+08:00");
    for id in [&late, &kept] {
        desk.ok("2026-11-02T10:10:00+08:00", &["update", id, "--contacted"]);
    }
    desk.ok(
        "2026-11-02T11:00:00+08:00",
        &["update", &kept, "--promise", "2026-11-04"],
    );
    desk.ok(
        "2026-11-03T11:00:00+08:00",
        &["update", &late, "--promise", "2026-11-05"],
    );
    desk.reprinted("2026-11-04T15:00:00+08:00", &late);
    desk.reprinted("2026-11-04T15:00:00+08:00", &kept);
    let now = "2026-12-01T09:00:00+08:00";
    let show = |id: &str| json(&desk.ok(now, &["show", id, "--format", "json"]).stdout);
    let misses = |id: &str| -> Vec<(String, String, String, i64)> {
        show(id)["breaches"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|b| b["deadline"] == "no-promise")
            .map(|b| {
                (
                    b["due"].as_str().unwrap().to_string(),
                    b["then"].as_str().unwrap().to_string(),
                    b["then_at"].as_str().unwrap().to_string(),
                    b["late"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        misses(&late),
        vec![(
            "2026-11-02T10:00:00Z".to_string(),
            "met".to_string(),
            "2026-11-03T03:00:00Z".to_string(),
            120
        )]
    );
    assert_eq!(misses(&kept), vec![]);
    let text = desk.ok(now, &["--lang", "zh", "show", &late]).stdout;
    assert!(
        text.lines()
            .any(|l| l.starts_with("未给承诺日期") && l.contains("超时2小时后完成")),
        "{text}"
    );
    let nov = review(&desk, now, "2026-11");
    assert_eq!(nov["breaches"]["no-promise"], 1, "{nov}");
    assert_eq!(review_from_export(&desk, now, "2026-11"), nov);
    for format in ["table", "markdown", "csv"] {
        let out = desk
            .ok(now, &["report", "--month", "2026-11", "--format", format])
            .stdout;
        let line = out
            .lines()
            .find(|l| l.contains("no promised date") || l.contains("no-promise"))
            .unwrap_or_else(|| panic!("{format}: {out}"));
        assert!(line.contains('1'), "{format}: {line}");
    }
    let html = desk
        .ok(
            now,
            &[
                "--lang", "zh", "report", "--month", "2026-11", "--format", "html",
            ],
        )
        .stdout;
    assert!(html.contains("未给承诺日期"), "the review in HTML");
    desk.ok(
        now,
        &[
            "--lang", "zh", "report", "--month", "2026-11", "--format", "xlsx", "-o", "r.xlsx",
        ],
    );
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(desk.root().join("r.xlsx")).unwrap();
    let found = book.worksheets().into_iter().any(|(_, sheet)| {
        sheet.rows().any(|row| {
            row.iter().any(|c| *c == "未给承诺日期") && row.contains(&calamine::Data::Float(1.0))
        })
    });
    assert!(found, "the review workbook has the no-promise line with 1");
}

/// An abnormal complaint (非正常投诉) is counted on its own line and kept out of the
/// normal figures of every period that had not ended when it was judged so; a period
/// that had ended keeps what it counted. A: opened Monday 2 November, judged abnormal
/// Tuesday. B: opened the same day, a normal complaint. C: opened Wednesday 28
/// October, judged abnormal Wednesday 4 November — October still counts it.
#[test]
fn an_abnormal_complaint_has_its_own_line_and_no_other() {
    let desk = TestDesk::new();
    let c = desk.complaint("2026-10-28T10:00:00+08:00");
    let a = desk.complaint("2026-11-02T10:00:00+08:00");
    let _b = desk.complaint("2026-11-02T10:30:00+08:00");
    let now = "2026-12-01T09:00:00+08:00";
    let october = review(&desk, now, "2026-10");
    assert_eq!(october["opened"], 1);
    let run = desk.run(
        "2026-11-03T10:00:00+08:00",
        &["--lang", "zh", "update", &a, "--abnormal"],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--reason"), "{}", run.stderr);
    desk.ok(
        "2026-11-03T10:00:00+08:00",
        &[
            "update",
            &a,
            "--abnormal",
            "--reason",
            "客户索赔远超订单金额，拒绝沟通",
        ],
    );
    let again = desk.fails(
        "2026-11-03T10:05:00+08:00",
        &["update", &a, "--abnormal", "--reason", "again"],
    );
    assert!(again.contains(&a[..6]) || again.contains(&a), "{again}");
    desk.ok(
        "2026-11-04T10:00:00+08:00",
        &["update", &c, "--abnormal", "--reason", "恶意投诉"],
    );
    assert_eq!(
        review(&desk, now, "2026-10"),
        october,
        "October ended before"
    );
    let nov = review(&desk, now, "2026-11");
    assert_eq!(
        (
            &nov["opened"],
            &nov["abnormal"],
            &nov["by_kind"]["complaint"]["opened"]
        ),
        (&1.into(), &2.into(), &1.into()),
        "only B is a normal opening; A and C were judged abnormal in November"
    );
    assert_eq!(nov["open_at_end"], 1, "B; A and C are left out");
    assert_eq!(review_from_export(&desk, now, "2026-11"), nov);
    let table = desk
        .ok(now, &["--lang", "zh", "report", "--month", "2026-11"])
        .stdout;
    let line = table
        .lines()
        .find(|l| l.starts_with("非正常投诉"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(line.split_whitespace().any(|w| w == "2"), "{line}");
    let csv = desk
        .ok(now, &["report", "--month", "2026-11", "--format", "csv"])
        .stdout;
    assert!(csv.lines().any(|l| l == "volume,abnormal,2,0"), "{csv}");
}
