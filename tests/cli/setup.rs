//! The first hour: completions and man pages, a merge driver that survives a moved
//! binary, flags that take a leading hyphen, and errors that name the real problem.

use std::path::Path;

use crate::harness::{STAFF, TestDesk, git, git_ok};

const MON: &str = "2026-11-02T09:00:00+08:00";

#[test]
fn completions_for_every_shell_name_the_commands() {
    let desk = TestDesk::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = desk.ok(MON, &["completions", shell]).stdout;
        assert!(
            script.contains("inkdesk") && script.contains("overdue") && script.contains("escalate"),
            "{shell}"
        );
    }
    desk.fails(MON, &["completions", "cmd.exe"]);
    if Path::new("/bin/bash").exists() {
        let script = desk.ok(MON, &["completions", "bash"]).stdout;
        let path = desk.root().join("inkdesk.bash");
        std::fs::write(&path, script).unwrap();
        let status = std::process::Command::new("/bin/bash")
            .arg("-n")
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success(), "bash reads the script");
    }
}

#[test]
fn man_writes_a_page_per_command_in_the_desks_language() {
    let desk = TestDesk::new();
    let run = desk.ok(MON, &["man", "pages"]);
    assert!(run.stderr.contains("pages"), "{}", run.stderr);
    let dir = desk.root().join("pages");
    let main = std::fs::read_to_string(dir.join("inkdesk.1")).unwrap();
    assert!(main.contains(".TH") && main.contains("overdue"), "{main}");
    let open = std::fs::read_to_string(dir.join("inkdesk-open.1")).unwrap();
    assert!(
        open.contains("\\-\\-title") || open.contains("--title"),
        "{open}"
    );
    desk.ok(MON, &["--lang", "zh", "man", "zh"]);
    let zh = std::fs::read_to_string(desk.root().join("zh").join("inkdesk-open.1")).unwrap();
    assert!(zh.contains("开一个工单"), "{zh}");
}

/// A folder holding `inkdesk`, a link to the binary under test, to put on PATH.
fn path_with_inkdesk(desk: &TestDesk) -> String {
    let bin = desk.root().join(".bin");
    std::fs::create_dir_all(&bin).unwrap();
    let target = assert_cmd::cargo::cargo_bin!("inkdesk");
    std::os::unix::fs::symlink(target, bin.join("inkdesk")).unwrap();
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn the_merge_driver_is_registered_by_name_when_inkdesk_is_on_path() {
    let desk = TestDesk::empty();
    let path = path_with_inkdesk(&desk);
    let run = desk
        .cmd(MON)
        .env("PATH", &path)
        .args(["init", "--timezone", "Asia/Shanghai"])
        .output()
        .unwrap();
    assert!(run.status.success());
    let driver = git_ok(desk.root(), &["config", "merge.inkdesk.driver"]);
    assert_eq!(driver.trim(), "inkdesk merge-file %O %A %B %P");
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(stderr.contains("inkdesk merge-file"), "{stderr}");
}

#[test]
fn check_says_when_the_merge_driver_is_missing_or_gone() {
    let desk = TestDesk::new();
    desk.ok(MON, &["check"]);
    git_ok(
        desk.root(),
        &[
            "config",
            "merge.inkdesk.driver",
            "'/nowhere/inkdesk' merge-file %O %A %B",
        ],
    );
    let run = desk.run(MON, &["check"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("merge.inkdesk.driver") && run.stdout.contains("/nowhere/inkdesk"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("inkdesk init"),
        "the fix is named: {}",
        run.stdout
    );
    git_ok(desk.root(), &["config", "--unset", "merge.inkdesk.driver"]);
    let run = desk.run(MON, &["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("not registered"), "{}", run.stdout);
    // A fresh clone: `init` registers the driver and says so.
    let run = desk.ok(MON, &["init"]);
    assert!(
        run.stderr.contains("merge driver registered"),
        "{}",
        run.stderr
    );
    desk.ok(MON, &["check"]);
    let run = desk.ok(MON, &["init"]);
    assert!(run.stderr.contains("nothing changed"), "{}", run.stderr);
}

#[test]
fn check_finds_ticket_files_git_left_unmerged() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    let root = desk.root();
    git_ok(root, &["checkout", "-qb", "other"]);
    desk.ok(
        "2026-11-02T09:10:00+08:00",
        &["update", &id, "--note", "on the other laptop"],
    );
    git_ok(root, &["checkout", "-q", "-"]);
    desk.ok(
        "2026-11-02T09:20:00+08:00",
        &["update", &id, "--note", "on this laptop"],
    );
    // The driver points at a program that is gone: git leaves the ticket half-merged.
    git_ok(
        root,
        &[
            "config",
            "merge.inkdesk.driver",
            "/nowhere/inkdesk merge-file %O %A %B",
        ],
    );
    let (merged, _) = git(root, &["merge", "-q", "--no-edit", "other"]);
    assert!(!merged, "the merge stops");
    let run = desk.run(MON, &["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let rel = desk
        .path(&id)
        .strip_prefix(root)
        .unwrap()
        .display()
        .to_string();
    assert!(
        run.stdout.contains(&rel) && run.stdout.contains("unmerged"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_leading_hyphen_is_an_ordinary_value_and_a_negative_cost_is_refused() {
    let desk = TestDesk::new();
    let id = desk.open(
        MON,
        &[
            "--kind",
            "complaint",
            "--title",
            "-5mm 偏差",
            "--customer",
            "-Wang",
        ],
    );
    let t = desk.ticket(&id);
    assert_eq!(
        (t.title.as_str(), t.customer.name.as_str()),
        ("-5mm 偏差", "-Wang")
    );
    desk.ok(
        "2026-11-02T09:05:00+08:00",
        &["update", &id, "--note", "-2 boxes short"],
    );
    let before = desk.snapshot();
    let err = desk.fails(
        "2026-11-02T09:10:00+08:00",
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "refund",
            "--summary",
            "x",
            "--cost",
            "-10",
        ],
    );
    assert!(err.contains("negative"), "{err}");
    assert!(!err.contains("unexpected argument"), "{err}");
    let err = desk.fails(
        MON,
        &[
            "open",
            "--kind",
            "complaint",
            "--title",
            "--vip",
            "--customer",
            "x",
        ],
    );
    assert!(err.contains("--title"), "a flag is not a title: {err}");
    assert_eq!(desk.snapshot(), before, "nothing changed");
}

#[test]
fn a_usage_error_shows_the_commands_own_usage() {
    let desk = TestDesk::new();
    // INKDESK_NOW and INKDESK_USER are set by the harness: they are not asked for.
    let err = desk.fails(MON, &["open", "--kind", "complaint"]);
    let usage = err
        .lines()
        .find(|l| l.starts_with("Usage: "))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        !usage.contains("--now") && !usage.contains("--as"),
        "{usage}"
    );
    assert!(
        err.contains("--title") && err.contains("--customer"),
        "{err}"
    );
    assert!(err.contains("inkdesk open --help"), "{err}");
}

#[test]
fn an_actor_from_git_who_is_not_on_the_staff_list_is_told_so() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF);
    git_ok(desk.root(), &["config", "user.name", "Stranger"]);
    let run = desk
        .cmd(MON)
        .env_remove("INKDESK_USER")
        .args([
            "open",
            "--kind",
            "complaint",
            "--title",
            "x",
            "--customer",
            "y",
        ])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8(run.stderr).unwrap();
    assert!(
        err.contains("Stranger") && err.contains("user.name") && err.contains("--as"),
        "{err}"
    );
    assert!(!err.contains("--assignee"), "{err}");
}

#[test]
fn the_commit_carries_gits_email_when_the_staff_list_has_none() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF);
    git_ok(desk.root(), &["config", "user.email", "desk@example.com"]);
    git_ok(desk.root(), &["config", "user.name", "Front desk"]);
    desk.complaint(MON);
    let author = git_ok(desk.root(), &["log", "-1", "--format=%an <%ae> %aI"]);
    assert_eq!(
        author.trim(),
        "lina <desk@example.com> 2026-11-02T09:00:00+08:00"
    );
}
