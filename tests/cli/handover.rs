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

/// A consultation opened at `now` (its first contact due a working hour later).
fn consult(desk: &crate::harness::TestDesk, now: &str, title: &str) -> String {
    desk.open(
        now,
        &["--kind", "consult", "--title", title, "--customer", "c"],
    )
}

#[test]
fn a_shift_handover_prints_and_records_the_desk_for_the_next_shift() {
    let desk = crate::harness::staffed();
    // Monday: A opened 09:00 (first contact due 10:00, never made); complaint C opened
    // 09:30, contacted at 09:40 and resolved at 13:00 (its callback still owed); B
    // opened 15:00 (due 16:00). Handed over at 16:30; the shift began at 00:00.
    let a = consult(&desk, "2026-11-02T09:00:00+08:00", "A");
    let c = desk.complaint("2026-11-02T09:30:00+08:00");
    desk.ok(
        "2026-11-02T09:40:00+08:00",
        &["update", &c, "--contacted", "--note", "called"],
    );
    desk.reprinted("2026-11-02T13:00:00+08:00", &c);
    let b = consult(&desk, "2026-11-02T15:00:00+08:00", "B");
    let run = desk.ok(
        "2026-11-02T16:30:00+08:00",
        &[
            "handover",
            "--shift",
            "--to",
            "tom",
            "--note",
            "Wang's reprint needs a call first thing",
            "--format",
            "json",
        ],
    );
    let m = crate::harness::json(&run.stdout);
    let shift = &m["shift"];
    assert_eq!(shift["since"].as_str(), Some("2026-11-02T00:00:00+08:00"));
    let count = |k: &str| shift[k].as_u64().unwrap();
    assert_eq!(
        [
            count("opened"),
            count("resolved"),
            count("closed"),
            count("open"),
            count("waiting"),
            count("callbacks")
        ],
        [3, 1, 0, 2, 0, 1]
    );
    let responses: Vec<(&str, &str)> = shift["overdue"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["deadline"] == "response")
        .map(|o| (o["ticket"].as_str().unwrap(), o["due"].as_str().unwrap()))
        .collect();
    assert_eq!(
        responses,
        [
            (a.as_str(), "2026-11-02T10:00:00+08:00"),
            (b.as_str(), "2026-11-02T16:00:00+08:00")
        ]
    );
    assert_eq!(m["from"], "lina");
    assert_eq!(m["to"], "tom");
    // Recorded as a message to Tom, who finds it at the head of his morning list.
    let path = desk.root().join(format!(
        "messages/2026/11/{}.yaml",
        m["id"].as_str().unwrap()
    ));
    let stored: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(stored["shift"]["resolved"].as_u64(), Some(1));
    assert_eq!(
        stored["note"].as_str(),
        Some("Wang's reprint needs a call first thing")
    );
    let tom = desk.run_env(
        "2026-11-03T09:00:00+08:00",
        &[("INKDESK_USER", "tom")],
        &["overdue", "--mine"],
    );
    assert!(tom.stdout.contains("shift handover"), "{}", tom.stdout);
    assert!(
        tom.stdout
            .contains("since 11-02 00:00: opened 3, resolved 1, closed 0")
    );
    assert!(
        tom.stdout
            .contains(&format!("· {a}  first contact  11-02 10:00"))
    );
    assert!(tom.stdout.contains("key points: Wang's reprint"));
    // Tom's shift on Tuesday starts where Lina's ended: nothing opened since.
    let next = desk.run_env(
        "2026-11-03T17:30:00+08:00",
        &[("INKDESK_USER", "tom")],
        &["handover", "--shift", "--to", "lina", "--format", "json"],
    );
    assert_eq!(next.code, 0, "{}", next.stderr);
    let next = crate::harness::json(&next.stdout);
    assert_eq!(
        next["shift"]["since"].as_str(),
        Some("2026-11-02T16:30:00+08:00")
    );
    assert_eq!(next["shift"]["opened"].as_u64(), Some(0));
    // The log lists both, newest first.
    let log = crate::harness::json(
        &desk
            .ok(
                "2026-11-03T17:31:00+08:00",
                &["handover", "--log", "--format", "json"],
            )
            .stdout,
    );
    let froms: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["from"].as_str().unwrap())
        .collect();
    assert_eq!(froms, ["tom", "lina"]);
    let text = desk
        .ok("2026-11-03T17:31:00+08:00", &["handover", "--log"])
        .stdout;
    let newest = text.find("Tom Chen → 李娜  shift handover").unwrap();
    let older = text.find("李娜 → Tom Chen  shift handover").unwrap();
    assert!(newest < older, "{text}");
    assert!(text.contains("since 11-02 16:30: opened 0"), "{text}");
    assert_eq!(desk.ok("2026-11-03T17:31:00+08:00", &["check"]).code, 0);
}

#[test]
fn a_shift_handover_in_chinese_and_its_refusals() {
    let desk = crate::harness::staffed();
    desk.set_policy("lang: en", "lang: zh");
    consult(&desk, "2026-11-02T09:00:00+08:00", "询价");
    let run = desk.ok(
        "2026-11-02T17:30:00+08:00",
        &[
            "handover",
            "--shift",
            "--to",
            "Tom",
            "--note",
            "复检单放在柜台",
        ],
    );
    assert!(
        run.stdout.contains("李娜 → Tom Chen  交接班"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("自 11-02 00:00 以来：新开 1，已解决 0，已关闭 0")
    );
    assert!(run.stdout.contains("已超时（"), "{}", run.stdout);
    assert!(run.stdout.contains("交接要点：复检单放在柜台"));
    assert!(
        run.stderr.contains("已由 李娜 交班给 Tom Chen"),
        "{}",
        run.stderr
    );
    let before = desk.snapshot();
    let refused = |args: &[&str]| {
        let run = desk.run("2026-11-02T17:40:00+08:00", args);
        assert_eq!(run.code, 2, "{}", run.stderr);
        run.stderr
    };
    let err = refused(&["handover", "--shift", "--to", "lina"]);
    assert!(err.starts_with("错误：--to：是你自己"), "{err}");
    let err = refused(&[
        "handover",
        "--shift",
        "--to",
        "tom",
        "--since",
        "2026-11-03 09:00",
    ]);
    assert!(err.contains("--since：晚于现在"), "{err}");
    refused(&["handover", "--shift", "--to", "ghost"]);
    assert_eq!(desk.snapshot(), before);
}
