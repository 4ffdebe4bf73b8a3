//! Git-native records with real git in temporary folders (hermetic config): one commit
//! per change, history, and merges between two clones through the merge driver.

use std::path::Path;
use std::process::Command;

use crate::harness::{STAFF, TestDesk, git, git_ok};

const MON: &str = "2026-11-02T10:00:00+08:00";

fn ok(dir: &Path, args: &[&str]) -> String {
    git_ok(dir, args)
}

fn commits(dir: &Path) -> usize {
    ok(dir, &["rev-list", "--count", "HEAD"])
        .trim()
        .parse()
        .unwrap()
}

fn head_files(dir: &Path) -> Vec<String> {
    ok(dir, &["show", "--name-only", "--format=", "HEAD"])
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

fn rel(desk: &TestDesk, id: &str) -> String {
    desk.path(id)
        .strip_prefix(desk.root())
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn every_change_is_one_commit_of_exactly_its_files() {
    let desk = TestDesk::new();
    desk.set_policy("staff: []\n", STAFF);
    let root = desk.root();
    ok(root, &["add", "inkdesk.yaml"]);
    ok(root, &["commit", "-q", "-m", "staff list"]);
    assert_eq!(
        ok(root, &["log", "--reverse", "--format=%s"])
            .lines()
            .next(),
        Some("inkdesk: new desk")
    );
    let id = desk.complaint(MON);
    assert_eq!(commits(root), 3);
    assert_eq!(head_files(root), vec![rel(&desk, &id)]);
    let subject = ok(root, &["log", "-1", "--format=%s"]);
    assert!(
        subject.starts_with(&format!("{id}: open complaint for Mr Wang")),
        "{subject}"
    );
    assert_eq!(ok(root, &["log", "-1", "--format=%an"]).trim(), "lina");
    assert_eq!(
        ok(
            root,
            &["log", "-1", "--format=%(trailers:key=Ticket,valueonly)"]
        )
        .trim(),
        id
    );
    assert_eq!(
        ok(
            root,
            &["log", "-1", "--format=%(trailers:key=Action,valueonly)"]
        )
        .trim(),
        "open"
    );
    assert_eq!(
        ok(root, &["status", "--porcelain"]),
        "",
        "the working tree is clean"
    );

    // A clerk's own staged work is never swept into inkdesk's commit.
    std::fs::write(root.join("notes.txt"), "call the paper supplier\n").unwrap();
    ok(root, &["add", "notes.txt"]);
    desk.ok(
        "2026-11-02T10:20:00+08:00",
        &["update", &id, "--contacted", "--note", "apologised"],
    );
    assert_eq!(head_files(root), vec![rel(&desk, &id)]);
    assert_eq!(ok(root, &["status", "--porcelain"]), "A  notes.txt\n");
    let body = ok(root, &["log", "-1", "--format=%b"]);
    assert!(
        body.contains("contact · progress due 2026-11-03 10:20 · apologised")
            && body.contains("Action: update"),
        "{body}"
    );

    desk.ok(
        "2026-11-03T11:00:00+08:00",
        &[
            "escalate",
            &id,
            "--reason",
            "unresolved after 1 working day",
        ],
    );
    let subject = ok(root, &["log", "-1", "--format=%s"]);
    assert!(
        subject.starts_with(&format!(
            "{id}: escalated to supervisor — unresolved after 1 working day"
        )) && subject.trim().chars().count() <= 72,
        "{subject}"
    );

    // A batch is one commit with a trailer per ticket.
    let other = desk.complaint("2026-11-03T11:05:00+08:00");
    desk.ok(
        "2026-11-03T11:10:00+08:00",
        &["update", &id, "--assign", "lina"],
    );
    let before = commits(root);
    desk.ok(
        "2026-11-03T12:00:00+08:00",
        &[
            "handover", "--from", "lina", "--to", "tom", "--note", "on leave",
        ],
    );
    assert_eq!(commits(root), before + 1);
    let mut files = head_files(root);
    files.sort();
    let mut expect = vec![rel(&desk, &id), rel(&desk, &other)];
    expect.sort();
    assert_eq!(files, expect);
    assert_eq!(
        ok(
            root,
            &["log", "-1", "--format=%(trailers:key=Ticket,valueonly)"]
        )
        .lines()
        .filter(|l| !l.is_empty())
        .count(),
        2
    );
    let before = commits(root);
    let third = desk.complaint("2026-11-03T12:30:00+08:00");
    let fourth = desk.complaint("2026-11-03T12:31:00+08:00");
    desk.ok("2026-11-04T13:00:00+08:00", &["escalate", "--auto"]);
    assert_eq!(commits(root), before + 3, "two opens and one batch");
    // Every complaint but the first (already at the supervisor) missed its day.
    let mut files = head_files(root);
    files.sort();
    let mut expect = vec![rel(&desk, &other), rel(&desk, &third), rel(&desk, &fourth)];
    expect.sort();
    assert_eq!(files, expect);
    assert!(ok(root, &["log", "-1", "--format=%s"]).starts_with("escalate --auto: 3 ticket(s)"));
}

#[test]
fn no_commit_and_commit_false_write_without_committing() {
    let desk = TestDesk::new();
    let root = desk.root();
    let id = desk.complaint(MON);
    let before = commits(root);
    desk.ok(MON, &["--no-commit", "update", &id, "--note", "draft"]);
    assert_eq!(commits(root), before);
    assert!(desk.text(&id).contains("note: draft"));
    assert_eq!(
        ok(root, &["status", "--porcelain"]).trim(),
        format!("M {}", rel(&desk, &id))
    );
    ok(root, &["checkout", "--", "."]);
    desk.set_policy("commit: true", "commit: false");
    desk.ok(MON, &["update", &id, "--note", "not committed"]);
    assert_eq!(commits(root), before);
}

#[test]
fn outside_git_everything_works_without_commits() {
    let desk = TestDesk::empty();
    desk.ok(MON, &["init", "--no-git", "--timezone", "Asia/Shanghai"]);
    let id = desk.complaint(MON);
    desk.ok(
        MON,
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "explain",
            "--summary",
            "ok",
        ],
    );
    assert!(!desk.root().join(".git").exists());
    let err = desk.fails(MON, &["history", &id]);
    assert!(err.contains("not a git repository"), "{err}");
}

#[test]
fn init_no_git_in_a_repository_leaves_git_alone() {
    let desk = TestDesk::empty();
    ok(desk.root(), &["init", "-q"]);
    desk.ok(MON, &["init", "--no-git", "--timezone", "Asia/Shanghai"]);
    assert!(!desk.root().join(".gitattributes").exists());
    assert!(!git(desk.root(), &["config", "--get", "merge.inkdesk.driver"]).0);
    assert_eq!(commits_or_zero(desk.root()), 0);
}

fn commits_or_zero(dir: &Path) -> usize {
    git(dir, &["rev-list", "--count", "HEAD"])
        .1
        .trim()
        .parse()
        .unwrap_or(0)
}

#[test]
fn a_refusing_hook_changes_nothing_and_says_what_git_said() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    let hook = desk.root().join(".git/hooks/pre-commit");
    std::fs::write(
        &hook,
        "#!/bin/sh\necho 'no commits on Monday' >&2\nexit 1\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let before = desk.snapshot();
    let index_before = git_ok(desk.root(), &["ls-files", "-s"]);
    let err = desk.fails(MON, &["update", &id, "--note", "kept"]);
    assert!(
        err.contains("pre-commit") && err.contains("no commits on Monday"),
        "{err}"
    );
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(desk.snapshot(), before, "the record is as it was");
    assert_eq!(git_ok(desk.root(), &["ls-files", "-s"]), index_before);
    assert_eq!(git_ok(desk.root(), &["status", "--porcelain"]), "");
    // Once git accepts, the retry adds the note once.
    std::fs::remove_file(&hook).unwrap();
    desk.ok(MON, &["update", &id, "--note", "kept"]);
    assert_eq!(desk.text(&id).matches("note: kept").count(), 1);
}

#[test]
fn concurrent_processes_never_meet_in_the_git_index() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    let before = commits(desk.root());
    let children: Vec<_> = (0..6)
        .map(|n| {
            desk.std_cmd(MON)
                .args(["update", &id, "--note", &format!("parallel {n}")])
                .output_async()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(commits(desk.root()), before + 6);
    assert_eq!(ok(desk.root(), &["status", "--porcelain"]), "");
}

trait Spawn {
    fn output_async(&mut self) -> std::process::Child;
}

impl Spawn for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }
}

/// Writes an executable script.
fn script(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Installs an executable hook script in the desk's repository.
fn hook(desk: &TestDesk, name: &str, text: &str) {
    script(&desk.root().join(".git/hooks").join(name), text);
}

/// Asserts that the records, HEAD and `git status` are as they were.
fn unchanged(desk: &TestDesk, before: &[(std::path::PathBuf, Vec<u8>)], head: &str, status: &str) {
    let root = desk.root();
    assert_eq!(desk.snapshot(), before);
    assert_eq!(ok(root, &["rev-parse", "HEAD"]), head);
    assert_eq!(ok(root, &["status", "--porcelain"]), status);
}

#[test]
fn hooks_see_exactly_the_commit_and_may_edit_its_message() {
    let desk = TestDesk::new();
    let root = desk.root();
    let id = desk.complaint(MON);
    // The clerk's own work, staged, and a change of a tracked file, not staged.
    std::fs::write(root.join("notes.txt"), "call the paper supplier\n").unwrap();
    ok(root, &["add", "notes.txt"]);
    hook(
        &desk,
        "pre-commit",
        "#!/bin/sh\ngit diff --cached --name-only > .git/seen-by-pre-commit\n",
    );
    hook(
        &desk,
        "prepare-commit-msg",
        "#!/bin/sh\necho \"$2\" > .git/prepare-source\n",
    );
    hook(
        &desk,
        "commit-msg",
        "#!/bin/sh\nprintf 'Reviewed-by: the hook\\n' >> \"$1\"\n",
    );
    hook(
        &desk,
        "post-commit",
        "#!/bin/sh\ngit rev-parse HEAD > .git/post-commit-saw\nexit 3\n",
    );
    desk.ok(
        "2026-11-02T10:20:00+08:00",
        &["update", &id, "--note", "apologised"],
    );
    let seen = std::fs::read_to_string(root.join(".git/seen-by-pre-commit")).unwrap();
    assert_eq!(
        seen.trim(),
        rel(&desk, &id),
        "pre-commit saw only the change"
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".git/prepare-source"))
            .unwrap()
            .trim(),
        "message"
    );
    let body = ok(root, &["log", "-1", "--format=%B"]);
    assert!(body.contains("apologised"), "{body}");
    assert!(
        body.trim_end().ends_with("Reviewed-by: the hook"),
        "commit-msg edited the message: {body}"
    );
    assert_eq!(
        std::fs::read_to_string(root.join(".git/post-commit-saw")).unwrap(),
        ok(root, &["rev-parse", "HEAD"]),
        "post-commit ran after the commit (its exit code is ignored, as git does)"
    );
    assert_eq!(head_files(root), vec![rel(&desk, &id)]);
    assert_eq!(ok(root, &["status", "--porcelain"]), "A  notes.txt\n");

    // A commit-msg hook that refuses: nothing changed, and the clerk's work still staged.
    hook(
        &desk,
        "commit-msg",
        "#!/bin/sh\necho 'ticket id missing from the message' >&2\nexit 1\n",
    );
    let before = desk.snapshot();
    let head = ok(root, &["rev-parse", "HEAD"]);
    let err = desk.fails(
        "2026-11-02T10:30:00+08:00",
        &["update", &id, "--note", "refused"],
    );
    assert!(
        err.contains("commit-msg") && err.contains("ticket id missing"),
        "{err}"
    );
    unchanged(&desk, &before, &head, "A  notes.txt\n");
}

#[test]
fn commits_are_signed_when_git_says_so_and_a_failed_signature_changes_nothing() {
    let desk = TestDesk::new();
    let root = desk.root();
    let id = desk.complaint(MON);
    // A stand-in for gpg that signs anything, as git expects gpg to answer.
    let gpg = root.join(".git/fake-gpg");
    script(
        &gpg,
        "#!/bin/sh\ncat >/dev/null\necho '[GNUPG:] SIG_CREATED D 1 8 00 0 0' >&2\n\
         printf -- '-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n-----END PGP SIGNATURE-----\\n'\n",
    );
    ok(root, &["config", "commit.gpgSign", "true"]);
    ok(root, &["config", "gpg.program", &gpg.display().to_string()]);
    ok(root, &["config", "user.signingKey", "test@example.com"]);
    desk.ok(MON, &["update", &id, "--note", "signed"]);
    let object = ok(root, &["cat-file", "commit", "HEAD"]);
    assert!(
        object.contains("gpgsig -----BEGIN PGP SIGNATURE-----"),
        "{object}"
    );

    // A signer that fails: the change is not made.
    ok(root, &["config", "gpg.program", "false"]);
    let before = desk.snapshot();
    let head = ok(root, &["rev-parse", "HEAD"]);
    desk.fails(MON, &["update", &id, "--note", "unsigned"]);
    unchanged(&desk, &before, &head, "");
}

#[test]
fn init_makes_the_git_settings_for_speed_and_the_index_stays_whole() {
    let desk = TestDesk::empty();
    let root = desk.root();
    // A user whose git turns on index.skipHash everywhere (feature.manyFiles).
    let global = root.join("global.gitconfig");
    std::fs::write(&global, "[feature]\n\tmanyFiles = true\n").unwrap();
    let init = desk.run_env(
        MON,
        &[("GIT_CONFIG_GLOBAL", &global.display().to_string())],
        &["init", "desk", "--timezone", "Asia/Shanghai"],
    );
    assert_eq!(init.code, 0, "{}", init.stderr);
    assert!(
        init.stderr.contains("core.splitIndex = true") && init.stderr.contains("index.skipHash"),
        "init says what it set: {}",
        init.stderr
    );
    let desk_dir = root.join("desk");
    assert_eq!(ok(&desk_dir, &["config", "core.splitIndex"]).trim(), "true");
    assert_eq!(ok(&desk_dir, &["config", "index.skipHash"]).trim(), "false");
    let run = |now: &str, args: &[&str]| {
        let out = desk
            .cmd(now)
            .current_dir(&desk_dir)
            .env("GIT_CONFIG_GLOBAL", &global)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let mut ids = Vec::new();
    for n in 0..8 {
        let id = run(
            MON,
            &[
                "open",
                "--kind",
                "complaint",
                "--title",
                &format!("t{n}"),
                "--customer",
                "y",
                "--phone",
                "13800138000",
            ],
        );
        ids.push(id.trim().to_string());
    }
    for id in &ids {
        run(MON, &["update", id, "--note", "again"]);
    }
    // Every commit holds every file; the index holds every file and matches HEAD.
    let listed = |args: &[&str]| {
        let mut lines: Vec<String> = ok(&desk_dir, args).lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    let in_head = listed(&["ls-tree", "-r", "--name-only", "HEAD"]);
    assert_eq!(in_head, listed(&["ls-files"]));
    assert_eq!(
        in_head
            .iter()
            .filter(|p| p.ends_with(".yaml") && p.starts_with("records/"))
            .count(),
        ids.len()
    );
    assert_eq!(ok(&desk_dir, &["status", "--porcelain"]), "");
    assert!(
        std::fs::read_dir(desk_dir.join(".git"))
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("sharedindex.")),
        "the index is split"
    );

    // A fresh clone: check says the settings are missing, init makes them.
    let clone = root.join("clone");
    ok(
        root,
        &["clone", "-q", &desk_dir.display().to_string(), "clone"],
    );
    let check = desk
        .cmd(MON)
        .current_dir(&clone)
        .arg("check")
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&check.stderr);
    assert!(said.contains("core.splitIndex=true"), "{said}");
    let init = desk
        .cmd(MON)
        .current_dir(&clone)
        .arg("init")
        .output()
        .unwrap();
    assert!(init.status.success());
    assert!(String::from_utf8_lossy(&init.stderr).contains("core.splitIndex = true"));
    assert_eq!(ok(&clone, &["config", "core.splitIndex"]).trim(), "true");
}

#[test]
fn a_change_waits_for_a_merge_in_progress_and_changes_nothing() {
    let desk = TestDesk::new();
    let root = desk.root();
    let id = desk.complaint(MON);
    let head = ok(root, &["rev-parse", "HEAD"]);
    std::fs::write(root.join(".git/MERGE_HEAD"), &head).unwrap();
    let before = desk.snapshot();
    let err = desk.fails(MON, &["update", &id, "--note", "mid-merge"]);
    assert!(err.contains("merge") && err.contains("--abort"), "{err}");
    assert_eq!(desk.snapshot(), before);
    assert_eq!(ok(root, &["rev-parse", "HEAD"]), head);
    std::fs::remove_file(root.join(".git/MERGE_HEAD")).unwrap();
    desk.ok(MON, &["update", &id, "--note", "after the merge"]);
}
