use crate::harness::{TestDesk, json};

// 2026-11-02 is a Monday.
const MON_1730: &str = "2026-11-02T17:30:00+08:00";

#[test]
fn open_writes_the_record_in_its_month_with_policy_deadlines() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON_1730);
    let path = desk.path(&id);
    assert!(
        path.ends_with(format!("records/2026/11/{id}.yaml")),
        "{}",
        path.display()
    );
    let t = desk.ticket(&id);
    assert_eq!(t.kind, "complaint");
    assert_eq!(t.status.as_str(), "open");
    assert_eq!(t.assignee.as_deref(), Some("lina"));
    assert_eq!(t.department.as_deref(), Some("Customer service"));
    assert_eq!(t.opened.to_rfc3339(), "2026-11-02T17:30:00+08:00");
    // One working hour from Monday 17:30 is Tuesday 09:30; one working day is Tuesday 17:30.
    assert_eq!(
        t.due.response.unwrap().to_rfc3339(),
        "2026-11-03T09:30:00+08:00"
    );
    assert_eq!(
        t.due.progress.unwrap().to_rfc3339(),
        "2026-11-03T17:30:00+08:00"
    );
    assert_eq!(
        t.due.resolution.unwrap().to_rfc3339(),
        "2026-11-03T17:30:00+08:00"
    );
    assert_eq!(t.log.len(), 1);
    assert_eq!(t.log[0].action.as_str(), "opened");
    assert!(
        !t.checklist.is_empty(),
        "the template's checklist is copied"
    );
}

#[test]
fn friday_evening_vip_urgent_and_consult_deadlines() {
    let desk = TestDesk::new();
    // Friday 17:30, VIP: half a working hour → Friday 18:00.
    let vip = desk.open(
        "2026-11-06T17:30:00+08:00",
        &[
            "--kind",
            "complaint",
            "--title",
            "t",
            "--customer",
            "c",
            "--vip",
        ],
    );
    assert_eq!(
        desk.ticket(&vip).due.response.unwrap().to_rfc3339(),
        "2026-11-06T18:00:00+08:00"
    );
    // Friday 17:30, regular: Monday 09:30.
    let regular = desk.complaint("2026-11-06T17:30:00+08:00");
    assert_eq!(
        desk.ticket(&regular).due.response.unwrap().to_rfc3339(),
        "2026-11-09T09:30:00+08:00"
    );
    // Urgent halves one working day: 4h30 of working time from Monday 17:30 → Tuesday 13:00.
    let urgent = desk.open(
        MON_1730,
        &[
            "--kind",
            "complaint",
            "--title",
            "t",
            "--customer",
            "c",
            "--priority",
            "urgent",
        ],
    );
    assert_eq!(
        desk.ticket(&urgent).due.resolution.unwrap().to_rfc3339(),
        "2026-11-03T13:00:00+08:00"
    );
    // A consultation is answered by the end of the working day; in the evening, the next one.
    let day = desk.open(
        "2026-11-02T10:00:00+08:00",
        &["--kind", "consult", "--title", "t", "--customer", "c"],
    );
    assert_eq!(
        desk.ticket(&day).due.resolution.unwrap().to_rfc3339(),
        "2026-11-02T18:00:00+08:00"
    );
    let evening = desk.open(
        "2026-11-02T19:00:00+08:00",
        &["--kind", "consult", "--title", "t", "--customer", "c"],
    );
    assert_eq!(
        desk.ticket(&evening).due.resolution.unwrap().to_rfc3339(),
        "2026-11-03T18:00:00+08:00"
    );
}

#[test]
fn holidays_from_the_policy_are_skipped() {
    let desk = TestDesk::new();
    desk.set_policy("holidays: []", "holidays: [2026-11-03]");
    let id = desk.complaint(MON_1730);
    assert_eq!(
        desk.ticket(&id).due.response.unwrap().to_rfc3339(),
        "2026-11-04T09:30:00+08:00"
    );
}

#[test]
fn chinese_text_and_phone_numbers_are_written_readably() {
    let desk = TestDesk::new();
    let id = desk.open(
        MON_1730,
        &[
            "--kind",
            "reprint",
            "--title",
            "画册封面色差",
            "--customer",
            "王先生",
            "--company",
            "蓝海广告",
            "--phone",
            "07551234567",
            "--email",
            "wang@example.com",
            "--job",
            "GC-1031",
            "--product",
            "画册 A4",
            "--quantity",
            "2000",
            "--delivered",
            "2026-10-30",
            "--description",
            "第一行\n第二行",
        ],
    );
    let text = desk.text(&id);
    assert!(text.contains("title: 画册封面色差"), "{text}");
    assert!(text.contains("phone: '07551234567'"), "{text}");
    assert!(!text.contains("\\u"), "{text}");
    assert!(
        text.contains("description: |-\n  第一行\n  第二行")
            || text.contains("description: |\n  第一行\n  第二行"),
        "{text}"
    );
    let t = desk.ticket(&id);
    assert_eq!(t.customer.phone.as_deref(), Some("07551234567"));
    assert_eq!(t.order.quantity, Some(2000));
    assert_eq!(t.order.delivered.unwrap().to_string(), "2026-10-30");
}

#[test]
fn keys_always_come_in_the_same_order() {
    let desk = TestDesk::new();
    let id = desk.open(
        MON_1730,
        &[
            "--kind",
            "complaint",
            "--title",
            "t",
            "--customer",
            "c",
            "--promise",
            "2026-11-05",
        ],
    );
    let text = desk.text(&id);
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with([' ', '-']))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "title",
            "kind",
            "status",
            "priority",
            "customer",
            "assignee",
            "department",
            "level",
            "received",
            "opened",
            "due",
            "description",
            "checklist",
            "log"
        ]
    );
    // A date-only promise means the end of that working day.
    assert_eq!(
        desk.ticket(&id).due.promised.unwrap().to_rfc3339(),
        "2026-11-05T18:00:00+08:00"
    );
}

#[test]
fn ids_opened_in_the_same_second_are_distinct() {
    let desk = TestDesk::new();
    let mut ids: Vec<String> = (0..12).map(|_| desk.complaint(MON_1730)).collect();
    assert!(ids.iter().all(|id| {
        id.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    }));
    assert!(ids.iter().all(|id| !id.contains(['I', 'L', 'O', 'U'])));
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 12);
    let later = desk.complaint("2026-11-02T17:31:00+08:00");
    assert!(ids.iter().all(|id| id < &later), "ids sort by opening time");
}

#[test]
fn open_in_the_editor() {
    let desk = TestDesk::new();
    let run = desk
        .cmd(MON_1730)
        .env(
            "EDITOR",
            "sed -i -e s/TITLE/Binding-came-loose/ -e s/CUSTOMER/Ms-Li/",
        )
        .args([
            "open",
            "--kind",
            "repair",
            "--edit",
            "--phone",
            "13800138000",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let id = String::from_utf8(run.stdout).unwrap().trim().to_string();
    let t = desk.ticket(&id);
    assert_eq!(t.title, "Binding-came-loose");
    assert_eq!(t.customer.name, "Ms-Li");
    // An editor that leaves the placeholder aborts and writes nothing.
    let before = desk.snapshot();
    let run = desk
        .cmd(MON_1730)
        .env("EDITOR", "true")
        .args([
            "open",
            "--kind",
            "repair",
            "--edit",
            "--phone",
            "13800138000",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn bad_open_input_is_refused_and_writes_nothing() {
    let desk = TestDesk::new();
    let before = desk.snapshot();
    let cases: &[(&[&str], &[&str])] = &[
        (&["--kind", "billing"], &["billing", "complaint"]),
        (
            &["--received", "2026-11-03 09:00"],
            &["--received", "future"],
        ),
        (&["--promise", "next week"], &["--promise", "next week"]),
        (
            &["--delivered", "30/10/2026"],
            &["--delivered", "YYYY-MM-DD"],
        ),
        (&["--priority", "asap"], &["asap"]),
        (&["--title", "  "], &["--title"]),
        (
            &["--phone", "abc"],
            &["--phone", "`abc` is not a phone number"],
        ),
        (
            &["--email", "notanemail"],
            &["--email", "`notanemail` is not an e-mail address"],
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["open"];
        for pair in [
            ["--kind", "complaint"],
            ["--title", "t"],
            ["--customer", "c"],
        ] {
            if !extra.contains(&pair[0]) {
                args.extend(pair);
            }
        }
        args.extend_from_slice(extra);
        let err = desk.fails(MON_1730, &args);
        for word in *expected {
            assert!(err.contains(word), "{extra:?}: {word} in {err}");
        }
    }
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn the_written_file_reads_as_documented() {
    let desk = TestDesk::new();
    let id = desk.open(
        MON_1730,
        &[
            "--kind",
            "reprint",
            "--title",
            "台历装订线脱落",
            "--customer",
            "李秀英",
            "--company",
            "青禾教育",
            "--phone",
            "0755-26881234",
            "--vip",
            "--job",
            "GC-2611-204",
            "--product",
            "台历",
            "--quantity",
            "500",
            "--promise",
            "2026-11-05",
        ],
    );
    desk.ok(
        "2026-11-03T09:05:00+08:00",
        &[
            "update",
            &id,
            "--contacted",
            "--note",
            "已致歉，周四前重印送达",
        ],
    );
    desk.ok(
        "2026-11-04T16:00:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "reprint",
            "--summary",
            "重印500本已送达",
            "--cost",
            "1250.50",
            "--approved-by",
            "zhou",
        ],
    );
    insta::assert_snapshot!(desk.text(&id).replace(&id, "[ID]"));
}

#[test]
fn the_editor_runs_while_the_desk_is_free() {
    let desk = TestDesk::new();
    if std::process::Command::new("flock")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: flock(1) is not installed");
        return;
    }
    // The "editor" notes whether the desk lock is free while it runs.
    let lock = desk.root().join(".inkdesk/lock");
    let state = desk.root().join("lock-state");
    let script = desk.root().join("editor.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nif flock -n '{}' true; then echo free; else echo held; fi > '{}'\nsed -i -e s/TITLE/x/ -e s/CUSTOMER/y/ \"$1\"\n",
            lock.display(),
            state.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = desk
        .cmd(MON_1730)
        .env("EDITOR", script.to_str().unwrap())
        .args([
            "open",
            "--kind",
            "repair",
            "--edit",
            "--phone",
            "13800138000",
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(std::fs::read_to_string(&state).unwrap().trim(), "free");
}

#[test]
fn a_record_saved_with_a_byte_order_mark_or_windows_line_ends_reads() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON_1730);
    let path = desk.path(&id);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    let shown = desk.ok(MON_1730, &["show", &id, "--format", "json"]).stdout;
    assert!(shown.contains("Cover colour is off"), "{shown}");
    desk.ok(
        "2026-11-02T17:40:00+08:00",
        &["update", &id, "--note", "read"],
    );
    assert!(desk.text(&id).contains("note: read"));
}

/// The channel a complaint came in by (004 附件2/3): on the ticket as a code, given in
/// the shop's words, listed, exported, and counted by the review. Three complaints in
/// November: one from the comment book (意见簿), two by phone, and one with no channel.
#[test]
fn the_channel_a_complaint_came_in_by() {
    let desk = TestDesk::new();
    let at = "2026-11-02T10:00:00+08:00";
    let open = |title: &str, channel: Option<&str>| {
        let mut args = vec!["--kind", "complaint", "--title", title, "--customer", title];
        if let Some(c) = channel {
            args.extend_from_slice(&["--channel", c]);
        }
        desk.open(at, &args)
    };
    let book = open("留言", Some("意见簿"));
    open("来电一", Some("电话"));
    open("来电二", Some("phone"));
    open("不明", None);
    assert_eq!(desk.ticket(&book).channel.as_deref(), Some("book"));
    assert!(desk.text(&book).contains("\nchannel: book\n"));
    let run = desk.run(
        at,
        &[
            "--lang",
            "zh",
            "open",
            "--kind",
            "consult",
            "--title",
            "x",
            "--customer",
            "y",
            "--channel",
            "传真",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--channel") && run.stderr.contains("来访，电话，信函，意见簿，网络"),
        "{}",
        run.stderr
    );
    let listed = json(
        &desk
            .ok(at, &["list", "--channel", "电话", "--format", "json"])
            .stdout,
    );
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert_eq!(listed[0]["channel"], "phone");
    let export = desk.ok(at, &["export"]).stdout;
    let mut reader = csv::Reader::from_reader(export.as_bytes());
    let col = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "channel")
        .unwrap();
    let mut channels: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[col].to_string())
        .collect();
    channels.sort();
    assert_eq!(channels, ["", "book", "phone", "phone"]);
    let now = "2026-12-01T09:00:00+08:00";
    let nov = desk.review(now, "2026-11", &[])["current"].clone();
    assert_eq!(
        nov["by_channel"],
        serde_json::json!({"book": 1, "phone": 2})
    );
    desk.ok(now, &["export", "--events", "-o", "events.csv"]);
    let back = desk.review(now, "2026-11", &["--from-csv", "events.csv"])["current"].clone();
    assert_eq!(back, nov);
    let table = desk
        .ok(now, &["--lang", "zh", "report", "--month", "2026-11"])
        .stdout;
    assert!(table.contains("按投诉渠道"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("电话") && l.split_whitespace().nth(1) == Some("2")),
        "{table}"
    );
    // A channel edited by hand into a word the desk does not know is named by `check`.
    let path = desk.path(&book);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("channel: book", "channel: fax")).unwrap();
    let line = text.lines().position(|l| l == "channel: book").unwrap() + 1;
    let run = desk.run(now, &["check"]);
    assert_ne!(run.code, 0);
    let wanted = format!(":{line}: channel");
    assert!(
        run.stdout
            .lines()
            .chain(run.stderr.lines())
            .any(|l| l.contains(&wanted) && l.contains("fax")),
        "{}{}",
        run.stdout,
        run.stderr
    );
}
