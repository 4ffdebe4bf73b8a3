//! Messages for a colleague who is out (留言): left with `message`, shown by `inbox` and
//! at the head of `overdue --mine` until the addressee marks them read, checked by
//! `check` like records.

use crate::harness::{git_ok, json, staffed, walk};

const MON: &str = "2026-11-02T10:00:00+08:00";
const TUE: &str = "2026-11-03T09:00:00+08:00";

/// The message files of the desk.
fn message_files(desk: &crate::harness::TestDesk) -> Vec<std::path::PathBuf> {
    walk(&desk.root().join("messages"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect()
}

#[test]
fn a_message_waits_at_the_head_of_the_morning_list_until_read() {
    let desk = staffed();
    let ticket = desk.complaint(MON);
    let left = desk.ok(
        "2026-11-02T10:30:00+08:00",
        &[
            "message",
            "--to",
            "Tom",
            "--note",
            "王先生来电，下午三点前请回电",
            "--ticket",
            &ticket[..6],
        ],
    );
    let id = left.stdout.trim().to_string();
    assert_eq!(id.len(), 12);
    // Filed by the month it was left, read by any YAML reader.
    let files = message_files(&desk);
    assert_eq!(files.len(), 1);
    let rel = files[0].strip_prefix(desk.root()).unwrap();
    assert_eq!(rel.to_str().unwrap(), format!("messages/2026/11/{id}.yaml"));
    let stored: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(stored["from"].as_str(), Some("lina"));
    assert_eq!(stored["to"].as_str(), Some("tom"));
    assert_eq!(stored["ticket"].as_str(), Some(ticket.as_str()));
    assert_eq!(
        stored["note"].as_str(),
        Some("王先生来电，下午三点前请回电")
    );
    assert!(stored.get("read").is_none());
    let commit = git_ok(desk.root(), &["log", "-1", "--format=%B"]);
    assert!(commit.contains(&format!("Message: {id}")), "{commit}");
    assert!(commit.contains("Action: message"), "{commit}");

    // Tom's morning list starts with it; Lina's does not show it.
    let tom = desk.run_env(TUE, &[("INKDESK_USER", "tom")], &["overdue", "--mine"]);
    assert_eq!(tom.code, 0, "{}", tom.stderr);
    let head = tom.stdout.lines().next().unwrap_or_default();
    assert!(
        head.contains("1 unread message(s) for Tom Chen"),
        "{}",
        tom.stdout
    );
    assert!(tom.stdout.contains("王先生来电，下午三点前请回电"));
    assert!(tom.stdout.contains(&format!("ticket {ticket}")));
    let lina = desk.ok(TUE, &["overdue", "--mine"]);
    assert!(!lina.stdout.contains("王先生来电"), "{}", lina.stdout);
    // The whole desk's list says who has messages waiting; JSON stays the deadlines.
    let all = desk.ok(TUE, &["overdue"]);
    assert!(
        all.stderr.contains("unread messages: Tom Chen 1"),
        "{}",
        all.stderr
    );
    let rows = json(
        &desk
            .ok(TUE, &["overdue", "--assignee", "tom", "--format", "json"])
            .stdout,
    );
    assert_eq!(rows.as_array().unwrap().len(), 0);

    // Only Tom marks it read; Lina trying changes nothing.
    let before = desk.snapshot();
    let err = desk.fails(TUE, &["inbox", "--for", "tom", "--read"]);
    assert!(err.contains("only Tom Chen marks"), "{err}");
    assert_eq!(desk.snapshot(), before);
    let read = desk.run_env(
        "2026-11-03T09:05:00+08:00",
        &[("INKDESK_USER", "tom")],
        &["inbox", "--read"],
    );
    assert_eq!(read.code, 0, "{}", read.stderr);
    assert!(read.stdout.contains("王先生来电"));
    let stored: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(&files[0]).unwrap()).unwrap();
    assert_eq!(stored["read"]["by"].as_str(), Some("tom"));
    assert_eq!(
        stored["read"]["at"].as_str(),
        Some("2026-11-03T09:05:00+08:00")
    );
    let tom = desk.run_env(TUE, &[("INKDESK_USER", "tom")], &["overdue", "--mine"]);
    assert!(!tom.stdout.contains("王先生来电"), "{}", tom.stdout);
    let inbox = desk.run_env(
        TUE,
        &[("INKDESK_USER", "tom")],
        &["inbox", "--format", "json"],
    );
    assert_eq!(json(&inbox.stdout).as_array().unwrap().len(), 0);
    let all = json(
        &desk
            .run_env(
                TUE,
                &[("INKDESK_USER", "tom")],
                &["inbox", "--all", "--format", "json"],
            )
            .stdout,
    );
    assert_eq!(all[0]["id"].as_str(), Some(id.as_str()));
    assert_eq!(all[0]["read"]["by"].as_str(), Some("tom"));
    assert_eq!(desk.ok(TUE, &["check"]).code, 0);
}

#[test]
fn a_message_speaks_chinese_on_a_chinese_desk() {
    let desk = staffed();
    desk.set_policy("lang: en", "lang: zh");
    desk.ok(
        MON,
        &[
            "message",
            "--to",
            "周强",
            "--note",
            "明天请假，周五的复检请你安排",
        ],
    );
    let run = desk.run_env(TUE, &[("INKDESK_USER", "zhou")], &["overdue", "--mine"]);
    assert!(
        run.stdout.starts_with("周强 有 1 条未读留言"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("李娜 → 周强"), "{}", run.stdout);
    let err = desk.run(TUE, &["inbox", "--for", "zhou", "--read"]);
    assert_eq!(err.code, 2);
    assert!(
        err.stderr
            .starts_with("错误：--read：只有 周强 本人可以把留言标为已读"),
        "{}",
        err.stderr
    );
}

#[test]
fn a_message_to_nobody_or_about_no_ticket_is_refused() {
    let desk = staffed();
    let before = desk.snapshot();
    let err = desk.fails(MON, &["message", "--to", "ghost", "--note", "x"]);
    assert!(err.contains("--to"), "{err}");
    let err = desk.fails(MON, &["message", "--to", "tom", "--note", " "]);
    assert!(err.contains("--note"), "{err}");
    desk.fails(
        MON,
        &[
            "message",
            "--to",
            "tom",
            "--note",
            "x",
            "--ticket",
            "0NB5F6S264C3",
        ],
    );
    assert_eq!(desk.snapshot(), before);
    assert!(message_files(&desk).is_empty());
}

#[test]
fn a_message_broken_by_hand_is_named_by_check_and_the_morning_list() {
    let desk = staffed();
    let id = desk
        .ok(MON, &["message", "--to", "tom", "--note", "call Wang"])
        .stdout
        .trim()
        .to_string();
    let path = desk.root().join(format!("messages/2026/11/{id}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("to: tom", "to: ghost")).unwrap();
    let check = desk.run(TUE, &["check"]);
    assert_eq!(check.code, 1);
    assert!(
        check
            .stdout
            .contains(&format!("messages/2026/11/{id}.yaml:4: to:")),
        "{}",
        check.stdout
    );
    // The morning list still comes, and the broken file is named with exit 2.
    let run = desk.run(TUE, &["overdue"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("{id}.yaml")), "{}", run.stderr);

    std::fs::write(&path, format!("{text}ticket: 0NB5F6S264C3\n")).unwrap();
    let check = desk.run(TUE, &["check"]);
    assert!(
        check.stdout.contains("ticket: names ticket 0NB5F6S264C3"),
        "{}",
        check.stdout
    );
    std::fs::write(&path, format!("<<<<<<< ours\n{text}")).unwrap();
    let err = desk.fails(TUE, &["inbox", "--for", "tom"]);
    assert!(err.contains(&format!("{id}.yaml:1")), "{err}");
}
