//! `inkdesk inbox`: the messages left for someone, oldest first; `--read` marks the
//! ones shown (or named) read, and only the addressee may.

use crate::harness::{json, staffed};

const MON: &str = "2026-11-02T10:00:00+08:00";

#[test]
fn the_inbox_shows_and_marks_the_messages_named() {
    let desk = staffed();
    let first = desk
        .ok(MON, &["message", "--to", "tom", "--note", "call Wang"])
        .stdout
        .trim()
        .to_string();
    let second = desk
        .ok(
            "2026-11-02T11:00:00+08:00",
            &["message", "--to", "tom", "--note", "proof at the counter"],
        )
        .stdout
        .trim()
        .to_string();
    desk.ok(
        MON,
        &["message", "--to", "zhou", "--note", "for the supervisor"],
    );
    let tom = |now: &str, args: &[&str]| {
        let run = desk.run_env(now, &[("INKDESK_USER", "tom")], args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        run
    };
    // Oldest first, only Tom's.
    let all = json(&tom("2026-11-02T12:00:00+08:00", &["inbox", "--format", "json"]).stdout);
    let ids: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [first.as_str(), second.as_str()]);
    // Marking one by a unique start leaves the other unread.
    tom(
        "2026-11-02T12:00:00+08:00",
        &["inbox", "--read", &second[..8].to_lowercase()],
    );
    let csv = tom(
        "2026-11-02T12:01:00+08:00",
        &["inbox", "--all", "--format", "csv"],
    )
    .stdout;
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    let read: Vec<(String, String)> = rows
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[6].to_string())
        })
        .collect();
    assert_eq!(
        read,
        [
            (first.clone(), String::new()),
            (second.clone(), "2026-11-02T12:00:00+08:00".to_string())
        ]
    );
    let left = tom("2026-11-02T12:01:00+08:00", &["inbox"]);
    assert!(left.stdout.contains("call Wang") && !left.stdout.contains("proof"));
    assert!(
        left.stderr.contains("inkdesk inbox --read"),
        "{}",
        left.stderr
    );
    // An id that is not Tom's is refused with where to look.
    let run = desk.run_env(
        "2026-11-02T12:01:00+08:00",
        &[("INKDESK_USER", "tom")],
        &["inbox", "--read", "ZZZZZZ"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("no message ZZZZZZ for Tom Chen"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("inkdesk inbox --all"), "{}", run.stderr);
    // Someone else is told how to act as Tom.
    let err = desk.fails(MON, &["inbox", "--for", "tom", "--read"]);
    assert!(err.contains("--as \"Tom Chen\""), "{err}");
    // Nobody's messages: said, not an error.
    let none = desk.ok(MON, &["inbox"]);
    assert!(
        none.stderr.contains("no unread message for 李娜"),
        "{}",
        none.stderr
    );
}
