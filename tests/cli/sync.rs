//! `inkdesk sync` with two clones and a bare remote: both sides changing the same
//! ticket, a clash the driver cannot settle, no remote, an unreachable remote, a hand
//! edit in the way, a clone without the driver — each leaves both desks valid and
//! nothing lost, and exit 0 only when done.

use crate::harness::{TestDesk, git_ok, json};

const MON: &str = "2026-11-02T09:00:00+08:00";

/// A bare remote, laptop A (the desk, pushed) and laptop B (a clone with `init` run).
struct Shop {
    remote: tempfile::TempDir,
    a: TestDesk,
    b: TestDesk,
}

fn shop() -> Shop {
    let remote = tempfile::tempdir().unwrap();
    git_ok(remote.path(), &["init", "--quiet", "--bare"]);
    let a = TestDesk::new();
    let url = remote.path().display().to_string();
    git_ok(a.root(), &["remote", "add", "origin", &url]);
    let first = a.ok(MON, &["sync"]);
    assert!(
        first.stderr.contains("sent 1 commit(s) to origin"),
        "{}",
        first.stderr
    );
    let b = TestDesk::empty();
    git_ok(b.root(), &["clone", "--quiet", &url, "."]);
    b.ok(MON, &["init"]);
    Shop { remote, a, b }
}

/// Every tracked file of a desk with its content (what `git ls-files` lists).
fn tracked(desk: &TestDesk) -> Vec<(String, String)> {
    git_ok(desk.root(), &["ls-files"])
        .lines()
        .map(|p| {
            let text = std::fs::read_to_string(desk.root().join(p)).unwrap_or_default();
            (p.to_string(), text)
        })
        .collect()
}

fn head(desk: &TestDesk) -> String {
    git_ok(desk.root(), &["rev-parse", "HEAD"])
        .trim()
        .to_string()
}

fn clean(desk: &TestDesk) {
    let check = desk.run("2026-11-02T12:00:00+08:00", &["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let status = git_ok(desk.root(), &["status", "--porcelain"]);
    assert_eq!(status, "", "nothing left uncommitted or half-merged");
    assert!(!desk.root().join(".git/MERGE_HEAD").exists());
}

#[test]
fn both_laptops_change_one_ticket_and_sync_keeps_both() {
    let s = shop();
    let id = s.a.open(
        "2026-11-02T10:00:00+08:00",
        &[
            "--kind",
            "consult",
            "--title",
            "Quote",
            "--customer",
            "Wang",
        ],
    );
    s.a.ok("2026-11-02T10:01:00+08:00", &["sync"]);
    let got = s.b.ok("2026-11-02T10:02:00+08:00", &["sync"]);
    assert!(
        got.stderr
            .contains("from origin: 1 new ticket(s), 0 changed, 0 message(s)"),
        "{}",
        got.stderr
    );
    assert_eq!(got.stdout.trim(), id);
    // Both change the same ticket offline; B also opens one and leaves a message.
    s.a.ok(
        "2026-11-02T10:05:00+08:00",
        &["update", &id, "--note", "A: called Wang"],
    );
    s.b.ok(
        "2026-11-02T10:06:00+08:00",
        &["update", &id, "--note", "B: Wang called back"],
    );
    let other = s.b.open(
        "2026-11-02T10:07:00+08:00",
        &["--kind", "consult", "--title", "Paper", "--customer", "Li"],
    );
    s.b.ok(
        "2026-11-02T10:08:00+08:00",
        &[
            "message",
            "--to",
            "lina",
            "--note",
            "Li wants paper samples",
        ],
    );
    s.a.ok("2026-11-02T10:10:00+08:00", &["sync"]);
    let run =
        s.b.run("2026-11-02T10:11:00+08:00", &["sync", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = json(&run.stdout);
    assert_eq!(report["changed"], serde_json::json!([id]));
    assert_eq!(
        report["merged"],
        serde_json::json!([id]),
        "settled by the driver"
    );
    assert_eq!(report["pushed"], 4, "B's three changes and the merge");
    let back = s.a.ok("2026-11-02T10:12:00+08:00", &["sync"]);
    assert!(
        back.stderr
            .contains("from origin: 1 new ticket(s), 1 changed, 1 message(s)"),
        "{}",
        back.stderr
    );
    assert!(back.stdout.contains(&other));
    // Both laptops hold the same desk, with both notes, and check is clean.
    assert_eq!(tracked(&s.a), tracked(&s.b));
    let notes: Vec<String> =
        s.a.ticket(&id)
            .log
            .iter()
            .filter_map(|e| e.note.clone())
            .collect();
    assert!(notes.contains(&"A: called Wang".to_string()), "{notes:?}");
    assert!(
        notes.contains(&"B: Wang called back".to_string()),
        "{notes:?}"
    );
    clean(&s.a);
    clean(&s.b);
    // Nothing more either way.
    let again = s.a.ok("2026-11-02T10:13:00+08:00", &["sync"]);
    assert!(
        again.stderr.contains("nothing new from origin"),
        "{}",
        again.stderr
    );
    assert!(again.stderr.contains("nothing to send"), "{}", again.stderr);
    let _ = &s.remote;
}

#[test]
fn a_clash_the_driver_cannot_settle_is_aborted_and_named() {
    let s = shop();
    // Both laptops commit a different shop name by hand: no driver for the policy.
    rename_shops(&s);
    s.a.ok(MON, &["sync"]);
    let before = (head(&s.b), tracked(&s.b));
    let run = s.b.run(MON, &["sync"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("cannot settle: inkdesk.yaml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("git pull --no-rebase"),
        "{}",
        run.stderr
    );
    assert_eq!((head(&s.b), tracked(&s.b)), before, "nothing changed");
    clean(&s.a);
    clean(&s.b);
}

#[test]
fn without_a_remote_sync_says_how_to_add_one() {
    let desk = TestDesk::new();
    let before = (head(&desk), tracked(&desk));
    let err = desk.fails(MON, &["sync"]);
    assert!(err.contains("no remote"), "{err}");
    assert!(err.contains("git remote add origin URL"), "{err}");
    assert_eq!((head(&desk), tracked(&desk)), before);
}

#[test]
fn an_unreachable_remote_changes_nothing() {
    let desk = TestDesk::new();
    desk.open(
        MON,
        &["--kind", "consult", "--title", "t", "--customer", "c"],
    );
    git_ok(
        desk.root(),
        &["remote", "add", "origin", "/nonexistent/shop.git"],
    );
    let before = (head(&desk), tracked(&desk));
    let err = desk.fails(MON, &["sync"]);
    assert!(err.contains("cannot reach `origin`"), "{err}");
    assert!(err.contains("nothing changed"), "{err}");
    assert_eq!((head(&desk), tracked(&desk)), before);
    clean(&desk);
}

#[test]
fn a_hand_edit_or_a_missing_driver_is_refused_before_anything() {
    let s = shop();
    let id = s.a.open(
        MON,
        &["--kind", "consult", "--title", "t", "--customer", "c"],
    );
    s.a.ok(MON, &["sync"]);
    let path = s.a.path(&id);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("title: t", "title: edited by hand")).unwrap();
    let before = (head(&s.a), tracked(&s.a));
    let err = s.a.fails(MON, &["sync"]);
    let rel = path.strip_prefix(s.a.root()).unwrap().display().to_string();
    assert!(err.contains(&format!("not committed: {rel}")), "{err}");
    assert!(err.contains("inkdesk check"), "{err}");
    assert_eq!((head(&s.a), tracked(&s.a)), before);
    // A clone whose driver is not registered is told to run init.
    git_ok(s.b.root(), &["config", "--unset", "merge.inkdesk.driver"]);
    let err = s.b.fails(MON, &["sync"]);
    assert!(err.contains("run `inkdesk init` in this clone"), "{err}");
}

#[test]
fn sync_speaks_chinese_on_a_chinese_desk() {
    let s = shop();
    s.a.set_policy("lang: en", "lang: zh");
    git_ok(s.a.root(), &["commit", "-qam", "中文"]);
    s.a.open(
        MON,
        &["--kind", "consult", "--title", "询价", "--customer", "王"],
    );
    let run = s.a.run(MON, &["sync"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("已推送 2 个提交到 origin"),
        "{}",
        run.stderr
    );
    // B speaks the language its policy said when the sync began; from then on, zh.
    let run = s.b.run(MON, &["sync"]);
    assert!(run.stderr.contains("also: inkdesk.yaml"), "{}", run.stderr);
    s.a.open(
        MON,
        &["--kind", "consult", "--title", "纸样", "--customer", "李"],
    );
    s.a.ok(MON, &["sync"]);
    let run = s.b.run(MON, &["sync"]);
    assert!(
        run.stderr
            .contains("来自 origin：新工单 1 个，有改动的 0 个，留言 0 条"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_ticket_from_the_other_laptop_is_not_taken_in() {
    let s = shop();
    let id = s.a.open(
        MON,
        &["--kind", "consult", "--title", "t", "--customer", "c"],
    );
    // A hand edit committed and pushed with git alone, past inkdesk's checks.
    let path = s.a.path(&id);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("kind: consult", "kind: nosuchkind")).unwrap();
    git_ok(s.a.root(), &["commit", "-qam", "by hand"]);
    git_ok(s.a.root(), &["push", "--quiet", "origin", "HEAD"]);
    let before = (head(&s.b), tracked(&s.b));
    let err = s.b.fails(MON, &["sync"]);
    assert!(err.contains("does not pass check"), "{err}");
    assert!(err.contains(&format!("{id}.yaml:")), "{err}");
    assert!(err.contains("kind"), "{err}");
    assert_eq!((head(&s.b), tracked(&s.b)), before, "the merge was undone");
    clean(&s.b);
}

#[test]
fn a_message_read_on_both_laptops_merges_into_the_earlier_read() {
    let s = shop();
    let id =
        s.a.ok(MON, &["message", "--to", "tom", "--note", "call Wang"])
            .stdout
            .trim()
            .to_string();
    s.a.ok(MON, &["sync"]);
    s.b.ok(MON, &["sync"]);
    // Tom reads it on both laptops, offline.
    for (desk, at) in [
        (&s.a, "2026-11-02T11:00:00+08:00"),
        (&s.b, "2026-11-02T10:30:00+08:00"),
    ] {
        let run = desk.run_env(at, &[("INKDESK_USER", "tom")], &["inbox", "--read"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
    }
    s.a.ok("2026-11-02T11:05:00+08:00", &["sync"]);
    let run = s.b.run("2026-11-02T11:06:00+08:00", &["sync"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    s.a.ok("2026-11-02T11:07:00+08:00", &["sync"]);
    assert_eq!(tracked(&s.a), tracked(&s.b));
    let file = s.a.root().join(format!("messages/2026/11/{id}.yaml"));
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.contains("  at: 2026-11-02T10:30:00+08:00\n  by: tom"),
        "{text}"
    );
    clean(&s.a);
    clean(&s.b);
}

#[test]
fn a_refused_push_undoes_the_merge() {
    let s = shop();
    let id = s.a.open(
        MON,
        &["--kind", "consult", "--title", "t", "--customer", "c"],
    );
    s.a.ok(MON, &["sync"]);
    s.b.open(
        MON,
        &["--kind", "consult", "--title", "u", "--customer", "d"],
    );
    let before = (head(&s.b), tracked(&s.b));
    // The remote refuses every push from now on (a server hook, a full disk).
    let hook = s.remote.path().join("hooks/pre-receive");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'refused by the server' >&2\nexit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    let err = s.b.fails(MON, &["sync"]);
    assert!(err.contains("the merge was undone"), "{err}");
    assert_eq!((head(&s.b), tracked(&s.b)), before, "nothing changed");
    let files = crate::harness::walk(&s.b.root().join("records"));
    assert!(
        !files.iter().any(|p| p.to_string_lossy().contains(&id)),
        "A's ticket is not kept half-synced"
    );
    clean(&s.b);
}

#[test]
fn git_in_the_middle_of_a_merge_is_refused() {
    let s = shop();
    // Both commit a different shop note, and B starts a merge by hand that stops.
    for (desk, text) in [(&s.a, "open at 8"), (&s.b, "open at 9")] {
        std::fs::write(desk.root().join("notes.txt"), text).unwrap();
        git_ok(desk.root(), &["add", "notes.txt"]);
        git_ok(desk.root(), &["commit", "-qm", "note"]);
    }
    s.a.ok(MON, &["sync"]);
    git_ok(s.b.root(), &["fetch", "--quiet", "origin"]);
    let (merged, _) = crate::harness::git(s.b.root(), &["merge", "origin/master"]);
    assert!(!merged, "the merge stops on the clash");
    let err = s.b.fails(MON, &["sync"]);
    assert!(err.contains("in the middle of a merge"), "{err}");
    assert!(err.contains("git merge --abort"), "{err}");
    assert!(
        s.b.root().join(".git/MERGE_HEAD").exists(),
        "left to the person"
    );
}

/// Commits a different shop name on each laptop, by hand (a clash no driver settles).
fn rename_shops(s: &Shop) {
    for (desk, name) in [(&s.a, "Ink A"), (&s.b, "Ink B")] {
        let path = desk.root().join("inkdesk.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let line = text
            .lines()
            .find(|l| l.trim_start().starts_with("name:"))
            .unwrap();
        std::fs::write(&path, text.replacen(line, &format!("  name: {name}"), 1)).unwrap();
        git_ok(desk.root(), &["commit", "-qam", "shop name"]);
    }
}
