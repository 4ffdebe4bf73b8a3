use crate::harness::TestDesk;
use crate::harness::git_ok;

const NOW: &str = "2026-11-01T09:00:00+08:00";
const MON: &str = "2026-11-02T09:00:00+08:00";

#[test]
fn init_creates_a_complete_desk() {
    let desk = TestDesk::new();
    let root = desk.root();
    let policy = std::fs::read_to_string(root.join("inkdesk.yaml")).unwrap();
    assert!(policy.contains("timezone: Asia/Shanghai"));
    assert!(policy.contains("complaint: 1wd") && policy.contains("consult: eod"));
    for kind in [
        "complaint",
        "repair",
        "onsite",
        "consult",
        "reprint",
        "delivery",
        "suggestion",
    ] {
        assert!(
            root.join("templates")
                .join(format!("{kind}.yaml"))
                .is_file(),
            "{kind}"
        );
    }
    assert!(root.join("records").is_dir());
    assert!(
        std::fs::read_to_string(root.join(".gitignore"))
            .unwrap()
            .contains("/.inkdesk/")
    );
    assert!(root.join(".git").is_dir());
    desk.ok(NOW, &["check"]);
}

#[test]
fn init_on_an_existing_desk_changes_nothing() {
    let desk = TestDesk::new();
    desk.set_policy("commit: true", "commit: true   # edited by the owner");
    let before = desk.snapshot();
    // --lang speaks Chinese for this command; the desk keeps its own language.
    let run = desk.ok(NOW, &["init", "--lang", "zh"]);
    assert!(run.stderr.contains("没有改动"), "{}", run.stderr);
    assert_eq!(desk.snapshot(), before);
    let run = desk.ok(NOW, &["init"]);
    assert!(run.stderr.contains("nothing changed"), "{}", run.stderr);
}

#[test]
fn init_in_chinese_without_git() {
    let desk = TestDesk::empty();
    desk.ok(
        NOW,
        &[
            "init",
            "shop",
            "--no-git",
            "--lang",
            "zh",
            "--timezone",
            "America/New_York",
        ],
    );
    let root = desk.root().join("shop");
    assert!(!root.join(".git").exists());
    let complaint = std::fs::read_to_string(root.join("templates/complaint.yaml")).unwrap();
    assert!(complaint.contains("label: 投诉"));
    assert!(
        std::fs::read_to_string(root.join("inkdesk.yaml"))
            .unwrap()
            .contains("America/New_York")
    );
}

#[test]
fn init_rejects_an_unknown_time_zone() {
    let desk = TestDesk::empty();
    let err = desk.fails(NOW, &["init", "--timezone", "Mars/Olympus"]);
    assert!(
        err.contains("--timezone") && err.contains("Mars/Olympus"),
        "{err}"
    );
    assert!(!desk.root().join("inkdesk.yaml").exists());
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
