//! The ticket merge driver (`inkdesk merge-file`, registered by `init`): two laptops' changes to the desk merge as git merges, a ticket field by field.

use std::path::Path;

use crate::harness::{STAFF, TestDesk, git, git_ok};

const MON: &str = "2026-11-02T10:00:00+08:00";

/// A desk and a clone of it, each with the merge driver registered.
fn two_laptops() -> (TestDesk, TestDesk) {
    let front = TestDesk::new();
    let back = TestDesk::empty();
    git_ok(
        back.root(),
        &["clone", "-q", front.root().to_str().unwrap(), "."],
    );
    back.ok(MON, &["init"]);
    assert_eq!(
        git_ok(back.root(), &["status", "--porcelain"]),
        "",
        "init in a clone changes no tracked file"
    );
    (front, back)
}

/// Brings a clone up to date with the other laptop (the history before the test's change).
fn sync(into: &TestDesk, from: &TestDesk) {
    git_ok(
        into.root(),
        &[
            "pull",
            "-q",
            "--no-rebase",
            from.root().to_str().unwrap(),
            "HEAD",
        ],
    );
}

fn pull(into: &TestDesk, from: &TestDesk) -> (bool, String) {
    git(
        into.root(),
        &[
            "pull",
            "-q",
            "--no-rebase",
            "--no-edit",
            from.root().to_str().unwrap(),
            "HEAD",
        ],
    )
}

#[test]
fn tickets_opened_offline_on_two_laptops_merge_cleanly() {
    let (front, back) = two_laptops();
    let a = front.complaint(MON);
    let b = back.complaint(MON);
    assert_ne!(a, b);
    let (merged, out) = pull(&front, &back);
    assert!(merged, "{out}");
    front.ticket(&a);
    front.ticket(&b);
    front.ok(MON, &["check"]);
}

#[test]
fn both_laptops_change_one_ticket_and_the_merge_keeps_both() {
    let (front, back) = two_laptops();
    front.set_policy("staff: []\n", STAFF);
    git_ok(front.root(), &["commit", "-q", "-am", "staff list"]);
    let id = front.complaint(MON);
    sync(&back, &front);
    back.ok(MON, &["init"]);
    front.ok(
        "2026-11-03T09:50:00+08:00",
        &["escalate", &id, "--reason", "VIP angry"],
    );
    back.ok(
        "2026-11-03T09:40:00+08:00",
        &[
            "update",
            &id,
            "--contacted",
            "--note",
            "called",
            "--priority",
            "urgent",
        ],
    );
    let (merged, out) = pull(&front, &back);
    assert!(merged, "{out}");
    let t = front.ticket(&id);
    assert_eq!(
        (t.level, t.priority.as_str(), t.assignee.as_deref()),
        (1, "urgent", Some("zhou"))
    );
    let actions: Vec<&str> = t.log.iter().map(|e| e.action.as_str()).collect();
    for action in ["opened", "contact", "priority", "escalate"] {
        assert_eq!(
            actions.iter().filter(|a| **a == action).count(),
            1,
            "{action} once in {actions:?}"
        );
    }
    let times: Vec<_> = t.log.iter().map(|e| e.at).collect();
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "the log stays in time order"
    );
    // Both moved the next contact: the escalation (09:50) is later and wins, logged.
    let clash = t
        .log
        .iter()
        .find(|e| e.action.as_str() == "merge")
        .expect("a clash event");
    assert_eq!(clash.field.as_deref(), Some("due.progress"));
    front.ok("2026-11-03T12:00:00+08:00", &["check"]);
    assert_eq!(git_ok(front.root(), &["status", "--porcelain"]), "");
}

#[test]
fn the_later_change_wins_a_clash_and_the_clash_is_logged() {
    let (front, back) = two_laptops();
    let id = front.complaint(MON);
    sync(&back, &front);
    front.ok(
        "2026-11-02T11:00:00+08:00",
        &["update", &id, "--department", "Production"],
    );
    back.ok(
        "2026-11-02T11:30:00+08:00",
        &["update", &id, "--department", "Logistics"],
    );
    let (merged, out) = pull(&front, &back);
    assert!(merged, "{out}");
    let t = front.ticket(&id);
    assert_eq!(t.department.as_deref(), Some("Logistics"));
    let clash = t.log.last().unwrap();
    assert_eq!(
        (
            clash.action.as_str(),
            clash.field.as_deref(),
            clash.from.as_deref(),
            clash.to.as_deref()
        ),
        (
            "merge",
            Some("department"),
            Some("Production"),
            Some("Logistics")
        )
    );
    // The other way round gives the same ticket.
    let (merged, out) = pull(&back, &front);
    assert!(merged, "{out}");
    assert_eq!(back.ticket(&id), front.ticket(&id));
}

#[test]
fn other_files_and_broken_tickets_conflict_as_usual() {
    let (front, back) = two_laptops();
    let id = front.complaint(MON);
    sync(&back, &front);
    for (desk, text) in [(&front, "front\n"), (&back, "back\n")] {
        std::fs::write(desk.root().join("notes.txt"), text).unwrap();
        git_ok(desk.root(), &["add", "notes.txt"]);
        git_ok(desk.root(), &["commit", "-q", "-m", "notes"]);
    }
    let (merged, _) = pull(&front, &back);
    assert!(!merged, "a plain file conflict is reported");
    assert!(git_ok(front.root(), &["status", "--porcelain"]).contains("AA notes.txt"));
    git_ok(front.root(), &["merge", "--abort"]);

    // A ticket broken on one side cannot be merged as a ticket: git shows markers and
    // check finds them.
    let path = rel(&back, &id);
    let text = back.text(&id).replace("status: open", "status: opn");
    std::fs::write(back.root().join(&path), text).unwrap();
    git_ok(back.root(), &["commit", "-q", "-am", "hand edit"]);
    front.ok(
        "2026-11-02T11:00:00+08:00",
        &["update", &id, "--status", "waiting"],
    );
    let (merged, _) = pull(&front, &back);
    assert!(!merged);
    let run = front.run(MON, &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains(&format!("{path}:")) && run.stdout.contains("merge-conflict marker"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_note_corrected_by_hand_on_one_laptop_merges_once_corrected() {
    let (front, back) = two_laptops();
    let id = front.complaint(MON);
    front.ok(
        "2026-11-02T11:10:00+08:00",
        &["update", &id, "--note", "sample recieved"],
    );
    sync(&back, &front);
    // The front desk fixes the typo by hand and commits; the back desk adds a contact.
    let path = front.path(&id);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("sample recieved", "sample received")).unwrap();
    git_ok(front.root(), &["commit", "-qam", "fix a typo"]);
    back.ok("2026-11-02T11:20:00+08:00", &["update", &id, "--contacted"]);
    let (merged, out) = pull(&front, &back);
    assert!(merged, "{out}");
    let text = front.text(&id);
    assert_eq!(text.matches("sample recieved").count(), 0, "{text}");
    assert_eq!(text.matches("sample received").count(), 1, "{text}");
    assert_eq!(text.matches("action: contact").count(), 1, "{text}");
    front.ok("2026-11-02T11:30:00+08:00", &["check"]);
}

#[test]
fn a_desk_in_a_folder_of_the_repository_validates_its_merges() {
    // The repository holds the shop's other files; the desk is its folder `desk/`.
    let front = TestDesk::empty();
    let repo = front.root();
    git_ok(repo, &["init", "-q"]);
    std::fs::write(repo.join("README"), "shop files\n").unwrap();
    git_ok(repo, &["add", "README"]);
    git_ok(repo, &["commit", "-qm", "shop"]);
    front.ok(MON, &["init", "desk", "--timezone", "Asia/Shanghai"]);
    let desk_dir = repo.join("desk");
    let run = |dir: &Path, now: &str, args: &[&str]| {
        let out = front.cmd(now).current_dir(dir).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let id = run(
        &desk_dir,
        MON,
        &[
            "open",
            "--kind",
            "complaint",
            "--title",
            "x",
            "--customer",
            "y",
            "--phone",
            "13800138000",
        ],
    )
    .trim()
    .to_string();
    git_ok(repo, &["checkout", "-qb", "other"]);
    // A hand edit on one branch that the desk's policy refuses (a kind with no template).
    let path = crate::harness::walk(&desk_dir.join("records"))
        .into_iter()
        .find(|p| p.to_string_lossy().contains(&id))
        .unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("kind: complaint", "kind: billing")).unwrap();
    git_ok(repo, &["commit", "-qam", "hand edit"]);
    git_ok(repo, &["checkout", "-q", "-"]);
    run(
        &desk_dir,
        "2026-11-02T11:10:00+08:00",
        &["update", &id, "--note", "main"],
    );
    let (merged, _) = git(repo, &["merge", "-q", "--no-edit", "other"]);
    assert!(
        !merged,
        "the driver found the desk below the repository's top and refused the result"
    );
    let unmerged = git_ok(repo, &["ls-files", "-u"]);
    assert!(unmerged.contains(&id), "{unmerged}");
}

fn rel(desk: &TestDesk, id: &str) -> String {
    desk.path(id)
        .strip_prefix(desk.root())
        .unwrap()
        .display()
        .to_string()
}
