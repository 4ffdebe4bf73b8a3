//! A week at a print shop replayed with INKDESK_NOW: every overdue list and every
//! automatic escalation against hand-computed expectations. Shop time Asia/Shanghai,
//! Mon–Fri 09:00–18:00, Wednesday 2026-11-11 a holiday.

use crate::harness::{STAFF, TestDesk, json};

fn at(local: &str) -> String {
    format!("2026-11-{local}:00+08:00").replace(' ', "T")
}

/// (id, deadline, state, late) of each line, in order — but the owed promised dates,
/// which `rules.rs` tests on their own (none of this week's tickets gets a promise).
fn overdue(desk: &TestDesk, now: &str, extra: &[&str]) -> Vec<(String, String, String, i64)> {
    let mut args = vec!["overdue", "--format", "json"];
    args.extend_from_slice(extra);
    json(&desk.ok(&at(now), &args).stdout)
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["deadline"] != "no-promise")
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_string(),
                l["deadline"].as_str().unwrap().to_string(),
                l["state"].as_str().unwrap().to_string(),
                l["late"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn line(id: &str, deadline: &str, state: &str, late: i64) -> (String, String, String, i64) {
    (
        id.to_string(),
        deadline.to_string(),
        state.to_string(),
        late,
    )
}

/// Runs `escalate --auto` and returns the ids it printed, in order.
fn auto(desk: &TestDesk, now: &str) -> Vec<String> {
    let run = desk.ok(&at(now), &["escalate", "--auto"]);
    run.stdout
        .lines()
        .map(|l| l.split(':').next().unwrap().to_string())
        .collect()
}

#[test]
fn a_week_at_the_shop() {
    let desk = TestDesk::new();
    desk.set_policy("holidays: []", "holidays: [2026-11-11]");
    desk.set_policy("staff: []\n", STAFF);
    let complaint = |now: &str, extra: &[&str]| {
        let mut args = vec![
            "--kind",
            "complaint",
            "--title",
            "色差",
            "--customer",
            "王先生",
        ];
        args.extend_from_slice(extra);
        desk.open(&at(now), &args)
    };

    // Monday 08:20, before opening hours: first contact due 10:00, resolution Tue 09:00.
    let a = complaint("09 08:20", &[]);
    assert_eq!(
        overdue(&desk, "09 10:30", &[]),
        vec![line(&a, "response", "overdue", 30)]
    );
    assert_eq!(
        desk.run(&at("09 10:30"), &["overdue", "--exit-code"]).code,
        1
    );
    desk.ok(&at("09 10:45"), &["update", &a, "--contacted"]);

    // Monday 17:30, a VIP: first contact due in half a working hour, 18:00.
    let b = complaint("09 17:30", &["--vip"]);
    assert_eq!(
        overdue(&desk, "09 17:45", &[]),
        vec![line(&b, "response", "due_soon", 0)]
    );
    let quiet = desk.run(
        &at("09 17:45"),
        &["overdue", "--within", "0m", "--exit-code"],
    );
    assert_eq!((quiet.code, quiet.stdout.as_str()), (0, ""));

    // Tuesday 09:30: B's first contact and A's resolution are both 30 working minutes
    // late; the VIP comes first.
    assert_eq!(
        overdue(&desk, "10 09:30", &[]),
        vec![
            line(&b, "response", "overdue", 30),
            line(&a, "resolution", "overdue", 30)
        ]
    );
    assert_eq!(
        auto(&desk, "10 09:30"),
        vec![a.clone()],
        "A missed its resolution: to the supervisor"
    );
    assert_eq!(
        auto(&desk, "10 09:30"),
        Vec::<String>::new(),
        "a second run changes nothing"
    );
    let ta = desk.ticket(&a);
    assert_eq!((ta.level, ta.assignee.as_deref()), (1, Some("zhou")));
    let rule = ta
        .log
        .iter()
        .find(|e| e.action.as_str() == "escalate")
        .unwrap();
    assert_eq!(rule.rule.as_deref(), Some("resolution-missed"));
    assert_eq!(rule.by, "lina");
    // The supervisor's contact is due in 2 working days: Thursday, Friday (Wednesday is a holiday).
    assert_eq!(ta.due.progress.unwrap().to_rfc3339(), at("13 09:30"));

    desk.ok(&at("10 10:00"), &["update", &b, "--contacted"]);
    // Tuesday 10:00, a repair: waits for a part from 11:00 Tuesday to 11:00 Thursday.
    let e = desk.open(
        &at("10 10:00"),
        &[
            "--kind",
            "repair",
            "--title",
            "覆膜机卡纸",
            "--customer",
            "Ms Li",
        ],
    );
    assert_eq!(
        desk.ticket(&e).due.resolution.unwrap().to_rfc3339(),
        at("18 10:00"),
        "5 working days, the holiday skipped"
    );
    desk.ok(&at("10 10:20"), &["update", &e, "--contacted"]);
    desk.ok(
        &at("10 11:00"),
        &[
            "update",
            &e,
            "--status",
            "waiting",
            "--reason",
            "part on order",
        ],
    );
    // Tuesday 19:00, after hours, a consultation: first contact Thursday 10:00, answer by Thursday's end.
    let c = desk.open(
        &at("10 19:00"),
        &[
            "--kind",
            "consult",
            "--title",
            "烫金工艺",
            "--customer",
            "Acme",
        ],
    );
    let tc = desk.ticket(&c);
    assert_eq!(tc.due.response.unwrap().to_rfc3339(), at("12 10:00"));
    assert_eq!(tc.due.resolution.unwrap().to_rfc3339(), at("12 18:00"));

    // The holiday counts for nothing: A is still one working day late, B half an hour.
    assert_eq!(
        overdue(&desk, "11 12:00", &[]),
        vec![
            line(&a, "resolution", "overdue", 540),
            line(&b, "resolution", "overdue", 30)
        ]
    );

    // Thursday 09:00: B goes to the supervisor; the waiting repair does not.
    assert_eq!(auto(&desk, "12 09:00"), vec![b.clone()]);
    desk.ok(&at("12 09:30"), &["update", &c, "--contacted"]);
    desk.ok(
        &at("12 11:00"),
        &["update", &e, "--status", "open", "--note", "part arrived"],
    );
    let te = desk.ticket(&e);
    // Waited Tuesday 11:00–18:00 and Thursday 09:00–11:00: one working day, 9 hours.
    assert_eq!(te.due.resolution.unwrap().to_rfc3339(), at("19 10:00"));
    assert_eq!(te.log.last().unwrap().rule.as_deref(), Some("waited"));

    // Friday 17:30: a reprint promised for Monday (by Monday's close, 18:00).
    let d = desk.open(
        &at("13 17:30"),
        &[
            "--kind",
            "reprint",
            "--title",
            "台历重印",
            "--customer",
            "陈静",
            "--promise",
            "2026-11-16",
        ],
    );
    let td = desk.ticket(&d);
    assert_eq!(
        td.due.response.unwrap().to_rfc3339(),
        at("16 09:30"),
        "Friday 17:30 + 1wh"
    );
    assert_eq!(td.due.resolution.unwrap().to_rfc3339(), at("17 17:30"));

    // Monday: the consultation missed Thursday's end; A reaches the manager three
    // working days after reaching the supervisor (Thu, Fri, Mon 09:30).
    assert_eq!(auto(&desk, "16 09:29"), vec![c.clone()]);
    assert_eq!(auto(&desk, "16 09:31"), vec![a.clone()]);
    let ta = desk.ticket(&a);
    assert_eq!((ta.level, ta.assignee.as_deref()), (2, Some("chen")));
    assert_eq!(
        ta.log
            .iter()
            .filter(|e| e.rule.as_deref() == Some("level-timeout"))
            .count(),
        1
    );

    // Monday 18:30: the promise is broken — the most serious line, though only minutes old.
    let list = overdue(&desk, "16 18:30", &[]);
    assert_eq!(list[0], line(&d, "promise", "overdue", 0));
    assert!(
        list.contains(&line(&d, "response", "overdue", 510)),
        "{list:?}"
    );
    assert_eq!(auto(&desk, "16 18:30"), vec![d.clone()]);
    assert_eq!(
        desk.ticket(&d)
            .log
            .iter()
            .rev()
            .find(|e| e.action.as_str() == "escalate")
            .unwrap()
            .rule
            .as_deref(),
        Some("promise-broken")
    );

    // Resolving late never erases the lateness.
    desk.ok(
        &at("17 11:00"),
        &[
            "resolve",
            &a,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "重印",
        ],
    );
    let shown = json(
        &desk
            .ok(&at("17 11:00"), &["show", &a, "--format", "json"])
            .stdout,
    );
    let resolution = shown["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "resolution")
        .unwrap()
        .clone();
    assert_eq!(
        (resolution["state"].as_str(), resolution["late"].as_i64()),
        (Some("met"), Some(4 * 540 + 120))
    );

    // Thursday 10:30: the repair is half an hour late after its pause.
    let list = overdue(&desk, "19 10:30", &[]);
    assert!(
        list.contains(&line(&e, "resolution", "overdue", 30)),
        "{list:?}"
    );
    // A is resolved, its callback not yet due; but its second check was due an hour
    // before its resolution limit (Tue 10 09:00), Monday 9 17:00, and is still owed:
    // 60 + 6 × 540 (Tue 10, Thu 12, Fri 13, Mon 16, Tue 17, Wed 18; Wed 11 a holiday)
    // + 90 working minutes.
    assert_eq!(
        overdue(&desk, "19 10:30", &["--level", "manager"]),
        vec![line(&a, "recheck", "overdue", 60 + 6 * 540 + 90)],
    );
    let supervisor = overdue(&desk, "19 10:30", &["--level", "1"]);
    assert!(
        !supervisor.is_empty() && supervisor.iter().all(|l| [&b, &c, &d].contains(&&l.0)),
        "{supervisor:?}"
    );
    let lina = overdue(&desk, "19 10:30", &["--assignee", "lina"]);
    assert!(lina.iter().all(|l| l.0 == e), "{lina:?}");
    desk.ok(&at("19 10:30"), &["check"]);
}

#[test]
fn the_table_csv_and_markdown_name_what_is_late() {
    let desk = TestDesk::new();
    let id = desk.open(
        &at("02 09:00"),
        &[
            "--kind",
            "complaint",
            "--title",
            "画册封面色差严重，与签样不符",
            "--customer",
            "王建国",
            "--vip",
        ],
    );
    let table = desk.ok(&at("03 11:00"), &["overdue"]);
    // VIP first contact due Monday 09:30; Tuesday 11:00 is 8h30 + 2h = 1 working day 1h late.
    assert!(
        table.stdout.contains(&id[..6]) && table.stdout.contains("★王建国"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("first contact") && table.stdout.contains("1wd 1h"),
        "{}",
        table.stdout
    );
    assert!(table.stderr.contains("overdue"), "{}", table.stderr);
    let csv = desk
        .ok(&at("03 11:00"), &["overdue", "--format", "csv"])
        .stdout;
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    for column in ["id", "deadline", "due", "late", "state"] {
        assert!(headers.iter().any(|h| h == column), "{column}");
    }
    assert!(reader.records().all(|r| &r.unwrap()[0] == id.as_str()));
    let md = desk
        .ok(&at("03 11:00"), &["overdue", "--format", "markdown"])
        .stdout;
    assert!(
        md.starts_with("| id | customer | deadline |") && md.contains("| first contact +3 |"),
        "markdown is the table for people, nothing cut: {md}"
    );
    assert_eq!(
        md.lines().count(),
        3,
        "one row a ticket, its worst deadline first: {md}"
    );
    // The texts of the lines waited in a spill file of the scratch folder, gone since.
    let scratch: Vec<String> = std::fs::read_dir(desk.root().join(".inkdesk"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("spill"))
        .collect();
    assert!(scratch.is_empty(), "{scratch:?}");
    let nothing = desk.ok(&at("02 09:10"), &["overdue", "--within", "10m"]);
    assert!(
        nothing.stdout.is_empty() && nothing.stderr.contains("nothing overdue"),
        "{}",
        nothing.stderr
    );
    desk.fails(&at("02 09:10"), &["overdue", "--within", "soon"]);
    desk.fails(&at("02 09:10"), &["overdue", "--level", "director"]);
}

#[test]
fn short_ids_stay_unique_among_closed_tickets_too() {
    let desk = TestDesk::new();
    let now = at("09 10:00");
    let args = ["--kind", "complaint", "--title", "t", "--customer", "c"];
    // Opened in the same instant, the two ids share their first six characters.
    let (a, b) = (desk.open(&now, &args), desk.open(&now, &args));
    assert_eq!(a[..6], b[..6]);
    desk.ok(&now, &["close", &a, "--force", "--reason", "duplicate"]);
    let table = desk.ok(&at("09 12:00"), &["overdue"]).stdout;
    let shown = table
        .lines()
        .find_map(|l| {
            l.split_whitespace()
                .next()
                .filter(|w| b.starts_with(*w) && w.len() >= 6)
        })
        .unwrap_or_else(|| panic!("{b} is listed:\n{table}"));
    assert!(
        !table.contains(&a[..shown.len()]),
        "{a} is closed:\n{table}"
    );
    assert!(!a.starts_with(shown), "{shown} also names the closed {a}");
}

/// The list is the tickets to act on: one row a ticket, its worst missed deadline first
/// with how many more; a deadline that passed at closing time is "just due", not "0m";
/// what is only due soon comes apart, under its own heading with the time left; and the
/// customer's name (who staff call back) stays whole at 60 and 80 columns.
#[test]
fn the_morning_list_is_one_row_a_ticket_and_late_apart_from_due_soon() {
    let desk = TestDesk::new();
    desk.set_policy("lang: en", "lang: zh");
    let open = |when: &str, title: &str, customer: &str, vip: bool| {
        let mut args = vec![
            "--kind",
            "complaint",
            "--title",
            title,
            "--customer",
            customer,
        ];
        if vip {
            args.push("--vip");
        }
        desk.open(&at(when), &args)
    };
    // Monday 16:59: first contact due 17:59, resolution Tuesday 16:59.
    let late = open(
        "02 16:59",
        "画册封面色差严重与签样不符需要重印",
        "张丽",
        true,
    );
    // Tuesday 17:00: first contact due 18:00, which Tuesday 18:30 is just past.
    let just = open("03 17:00", "名片裁切歪斜", "王芳", false);
    let now = "03 18:30";
    let zh = desk.run(&at(now), &["overdue", "--within", "16h"]);
    let rows: Vec<&str> = zh.stdout.lines().collect();
    assert_eq!(
        rows.iter().filter(|r| r.starts_with(&late[..6])).count(),
        1,
        "{}",
        zh.stdout
    );
    let late_row = rows.iter().find(|r| r.starts_with(&late[..6])).unwrap();
    assert!(
        late_row.contains("首次联系 +"),
        "first contact missed, and more: {late_row}"
    );
    let just_row = rows.iter().find(|r| r.starts_with(&just[..6])).unwrap();
    assert!(
        just_row.contains("刚到期") && !just_row.contains("0分钟"),
        "{just_row}"
    );
    // Due soon: the late ticket's resolution is not listed again; none other is due.
    let heading = rows.iter().position(|r| *r == "即将到期");
    assert_eq!(heading, None, "{}", zh.stdout);
    let later = open("03 18:20", "台历装订线脱落", "赵磊", false);
    let zh = desk.run(&at(now), &["overdue", "--within", "16h"]);
    let rows: Vec<&str> = zh.stdout.lines().collect();
    let heading = rows
        .iter()
        .position(|r| *r == "即将到期")
        .expect("a due-soon part");
    let soon_row = rows[heading..]
        .iter()
        .find(|r| r.starts_with(&later[..6]))
        .unwrap();
    assert!(soon_row.contains("后"), "the time left: {soon_row}");
    assert!(rows[..heading].iter().all(|r| !r.starts_with(&later[..6])));
    for width in ["60", "80"] {
        let run = desk.run_env(&at(now), &[("COLUMNS", width)], &["overdue"]);
        assert!(run.stdout.contains("★张丽 "), "{width}:\n{}", run.stdout);
    }
}
