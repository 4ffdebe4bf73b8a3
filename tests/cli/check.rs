use crate::harness::git;
use crate::harness::git_ok;
use crate::harness::{TestDesk, demo_desk, json};

const MON: &str = "2026-11-02T10:00:00+08:00";
/// Monday at nine, before `MON`.
const NINE: &str = "2026-11-02T09:00:00+08:00";

fn edit(desk: &TestDesk, id: &str, from: &str, to: &str) {
    let path = desk.path(id);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from} in {text}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

fn check(desk: &TestDesk) -> (i32, Vec<String>) {
    let run = desk.run(MON, &["check"]);
    (run.code, run.stdout.lines().map(str::to_string).collect())
}

#[test]
fn a_clean_desk_passes() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    desk.ok(
        MON,
        &[
            "resolve",
            &id,
            "--cause",
            "ours",
            "--remedy",
            "discount",
            "--summary",
            "10% off",
            "--cost",
            "99.50",
        ],
    );
    let run = desk.ok(MON, &["check"]);
    assert!(
        run.stdout.is_empty() && run.stderr.contains("1 record"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert_eq!(
        json(&desk.ok(MON, &["check", "--format", "json"]).stdout),
        serde_json::json!([])
    );
}

#[test]
fn a_bad_hand_edit_is_reported_with_file_line_and_field() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    edit(
        &desk,
        &id,
        "opened: 2026-11-02T10:00:00+08:00",
        "opened: 2026-11-31T10:00:00+08:00",
    );
    let (code, lines) = check(&desk);
    assert_eq!(code, 1);
    let line = line_of(&desk.text(&id), "opened: 2026-11-31");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("records/2026/11/{id}.yaml:{line}: opened: ")),
        "{lines:?}"
    );
    // The morning list goes on without it but names it, and exits 2; figures that
    // would be wrong without it refuse.
    let run = desk.run(MON, &["list"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!("{id}.yaml:{line}")),
        "{}",
        run.stderr
    );
    let err = desk.fails(MON, &["export"]);
    assert!(err.contains(&format!("{id}.yaml:{line}")), "{err}");
}

#[test]
fn semantic_problems_name_their_lines() {
    let desk = TestDesk::new();
    let a = desk.complaint(MON);
    let b = desk.complaint(MON);
    let c = desk.complaint(MON);
    edit(&desk, &a, "kind: complaint", "kind: billing");
    edit(&desk, &b, "status: open", "status: closed");
    edit(
        &desk,
        &c,
        "  action: opened",
        "  action: opened\n- at: 2026-11-01T10:00:00+08:00\n  by: lina\n  action: note\n  note: back-dated",
    );
    let (code, lines) = check(&desk);
    assert_eq!(code, 1);
    let expect = [
        (
            a.as_str(),
            "kind: billing",
            "kind: `billing` has no template",
        ),
        (
            b.as_str(),
            "status: closed",
            "status: is `closed` but the log leads to `open`",
        ),
        (
            c.as_str(),
            "- at: 2026-11-01T10:00:00",
            "log[1].at: 2026-11-01T10:00:00+08:00 is earlier",
        ),
    ];
    for (id, needle, message) in expect {
        let line = line_of(&desk.text(id), needle);
        let want = format!("records/2026/11/{id}.yaml:{line}: {message}");
        assert!(
            lines.iter().any(|l| l.starts_with(&want)),
            "{want}\nin {lines:?}"
        );
    }
}

#[test]
fn conflict_markers_duplicates_and_misplaced_files() {
    let desk = TestDesk::new();
    let a = desk.complaint(MON);
    let b = desk.complaint(MON);
    edit(
        &desk,
        &a,
        "status: open\n",
        "<<<<<<< HEAD\nstatus: open\n=======\nstatus: waiting\n>>>>>>> theirs\n",
    );
    let copy = desk
        .root()
        .join("records/2026/10")
        .join(format!("{b}.yaml"));
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(desk.path(&b), &copy).unwrap_or_else(|_| panic!("copy"));
    let (code, lines) = check(&desk);
    assert_eq!(code, 1);
    let text =
        std::fs::read_to_string(desk.root().join(format!("records/2026/11/{a}.yaml"))).unwrap();
    for marker in ["<<<<<<<", "=======", ">>>>>>>"] {
        let want = format!(
            "records/2026/11/{a}.yaml:{}: (file): merge-conflict marker `{marker}`",
            line_of(&text, marker)
        );
        assert!(
            lines.iter().any(|l| l.starts_with(&want)),
            "{want}\nin {lines:?}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("records/2026/10/{b}.yaml:"))
                && l.contains("is in 2 files")),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "records/2026/11/{b}.yaml:1: id: {b} is in 2 files"
        ))),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("records/2026/10/{b}.yaml:"))
                && l.contains("opened in 2026/11")),
        "{lines:?}"
    );
    // A command on a file with conflict markers fails naming the line.
    let err = desk.fails(MON, &["show", &a]);
    assert!(err.contains("merge-conflict marker"), "{err}");
}

#[test]
fn a_broken_policy_or_template_is_reported() {
    let desk = TestDesk::new();
    desk.set_policy("timezone: Asia/Shanghai", "timezone: Asia/Atlantis");
    desk.set_policy("hours: [\"09:00-18:00\"]", "hours: [\"18:00-09:00\"]");
    std::fs::write(
        desk.root().join("templates/repair.yaml"),
        "kind: repair\nlabel: Repair\nlimits:\n  resolution: fortnight\n",
    )
    .unwrap();
    let (code, lines) = check(&desk);
    assert_eq!(code, 1);
    let policy = std::fs::read_to_string(desk.root().join("inkdesk.yaml")).unwrap();
    let tz = line_of(&policy, "timezone:");
    assert!(
        lines.iter().any(|l| l.starts_with(&format!(
            "inkdesk.yaml:{tz}: shop.timezone: `Asia/Atlantis`"
        ))),
        "{lines:?}"
    );
    let hours = line_of(&policy, "  hours:");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with(&format!("inkdesk.yaml:{hours}: calendar.hours[0]"))),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("templates/repair.yaml:4: limits") && l.contains("`fortnight`")),
        "{lines:?}"
    );
    // A value refused inside a map is named by its own key and line, not the map's.
    desk.set_policy("timezone: Asia/Atlantis", "timezone: Asia/Shanghai");
    desk.set_policy("hours: [\"18:00-09:00\"]", "hours: [\"09:00-18:00\"]");
    let policy = std::fs::read_to_string(desk.root().join("inkdesk.yaml")).unwrap();
    let warning = policy
        .lines()
        .find(|l| l.trim_start().starts_with("warning:"))
        .unwrap()
        .to_string();
    let gap = policy
        .lines()
        .find(|l| l.trim_start().starts_with("gap:"))
        .unwrap()
        .to_string();
    let earliest = policy
        .lines()
        .find(|l| l.trim_start().starts_with("earliest:"))
        .unwrap()
        .to_string();
    for (line, bad, key) in [
        (&warning, "  warning: soon", "limits.warning"),
        // No sooner than four working days, but due within three: never possible.
        (&earliest, "  earliest: 4wd", "callback.earliest"),
        (&gap, "  gap: 2x", "callback.gap"),
        (&warning, "  warnin: 1h", "limits.warnin"),
    ] {
        desk.set_policy(line, bad);
        let (code, lines) = check(&desk);
        assert_eq!(code, 1);
        let at = line_of(&policy, line);
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(&format!("inkdesk.yaml:{at}: {key}: "))),
            "{bad}: {lines:?}"
        );
        desk.set_policy(bad, line);
    }
    desk.set_policy("timezone: Asia/Shanghai", "timezone: Asia/Atlantis");
    let err = desk.fails(MON, &["list"]);
    assert!(
        err.contains("inkdesk.yaml:") && err.contains("Asia/Atlantis"),
        "{err}"
    );
}

#[test]
fn the_repository_demo_desk_passes_check() {
    // The desk's files, outside the project's own git clone (whose merge driver a
    // fresh checkout has not registered).
    let desk = demo_desk();
    let root = desk.root().to_str().unwrap();
    let run = desk.run("2026-11-20T17:00:00+08:00", &["--dir", root, "check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let list = json(
        &desk
            .ok(
                "2026-11-20T17:00:00+08:00",
                &["--dir", root, "list", "--all", "--format", "json"],
            )
            .stdout,
    );
    let rows = list.as_array().unwrap();
    assert!(
        rows.len() >= 50,
        "a realistic demo desk: {} tickets",
        rows.len()
    );
    for status in ["open", "waiting", "resolved", "closed"] {
        assert!(
            rows.iter().any(|r| r["status"] == status),
            "the demo has a {status} ticket"
        );
    }
}

#[test]
fn check_reports_leftovers_and_repair_removes_them() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    let path = desk.path(&id);
    // A temporary file of an interrupted write, a leftover of a dead change, and a hand
    // edit not yet committed.
    let temp = path.with_file_name(format!(".{id}.yaml.Xy12ab"));
    std::fs::write(&temp, "partial").unwrap();
    let tx = desk.root().join(".inkdesk/tx");
    std::fs::create_dir_all(&tx).unwrap();
    std::fs::write(tx.join("dead-0.new"), "half").unwrap();
    edit(&desk, &id, "Cover colour is off", "Cover colour is far off");
    let run = desk.run(MON, &["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(".yaml.Xy12ab") && run.stdout.contains("--repair"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("tx/dead-0.new"), "{}", run.stdout);
    assert!(
        run.stderr.contains("note: ") && run.stderr.contains("differs from the last commit"),
        "an uncommitted edit is a note: {}",
        run.stderr
    );
    let repaired = desk.ok(MON, &["check", "--repair"]);
    assert!(
        repaired
            .stderr
            .contains(&format!("removed records/2026/11/.{id}.yaml.Xy12ab")),
        "{}",
        repaired.stderr
    );
    assert!(!temp.exists() && !tx.join("dead-0.new").exists());
    assert!(
        desk.text(&id).contains("Cover colour is far off"),
        "a person's edit is left to the person"
    );
    let again = desk.ok(MON, &["check"]);
    assert!(again.stdout.is_empty(), "{}", again.stdout);
}

#[test]
fn a_record_that_is_a_link_is_named_by_every_read_never_skipped() {
    let desk = TestDesk::new();
    let id = desk.complaint(MON);
    let path = desk.path(&id);
    let outside = desk.root().join("outside.yaml");
    std::fs::rename(&path, &outside).unwrap();
    std::os::unix::fs::symlink(&outside, &path).unwrap();
    for args in [
        vec!["list"],
        vec!["list", "--grep", "Cover"],
        vec!["overdue"],
    ] {
        let run = desk.run(MON, &args);
        assert_eq!(run.code, 2, "{args:?}");
        assert!(
            run.stderr.contains(&format!("{id}.yaml")) && run.stderr.contains("symbolic link"),
            "{args:?}: {}",
            run.stderr
        );
    }
    let (code, lines) = check(&desk);
    assert_eq!(code, 1);
    assert_eq!(lines.len(), 1, "{lines:?}");
}

/// `check` reads the policy as every other command does: a byte order mark is no
/// problem for either, and a policy too big or not UTF-8 is named by both alike.
#[test]
fn check_reads_the_policy_as_every_command_does() {
    let desk = TestDesk::new();
    let policy = desk.root().join("inkdesk.yaml");
    let text = std::fs::read(&policy).unwrap();
    let with_bom = [b"\xef\xbb\xbf".as_slice(), &text].concat();
    std::fs::write(&policy, &with_bom).unwrap();
    desk.ok(MON, &["check"]);
    desk.ok(MON, &["list"]);

    let mut big = text.clone();
    big.extend(std::iter::repeat_n(b'#', 1024 * 1024 + 1));
    std::fs::write(&policy, &big).unwrap();
    let (code, lines) = check(&desk);
    let refused = desk.fails(MON, &["list"]);
    assert_eq!(code, 1, "{lines:?}");
    assert!(
        lines.iter().any(|l| l.starts_with("inkdesk.yaml:1:")),
        "{lines:?}"
    );
    assert!(refused.contains("inkdesk.yaml:1:"), "{refused}");

    let mut broken = text.clone();
    broken.extend_from_slice(b"\n# \xff\n");
    std::fs::write(&policy, &broken).unwrap();
    let (code, lines) = check(&desk);
    let refused = desk.fails(MON, &["list"]);
    let line = text.iter().filter(|b| **b == b'\n').count() + 2;
    let place = format!("inkdesk.yaml:{line}:");
    assert_eq!(code, 1, "{lines:?}");
    assert!(
        lines.iter().any(|l| l.starts_with(&place)),
        "{place} in {lines:?}"
    );
    assert!(refused.contains(&place), "{place} in {refused}");
}

#[test]
fn check_says_when_the_merge_driver_is_missing_or_gone() {
    let desk = TestDesk::new();
    desk.ok(NINE, &["check"]);
    git_ok(
        desk.root(),
        &[
            "config",
            "merge.inkdesk.driver",
            "'/nowhere/inkdesk' merge-file %O %A %B",
        ],
    );
    let run = desk.run(NINE, &["check"]);
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
    let run = desk.run(NINE, &["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("not registered"), "{}", run.stdout);
    // A fresh clone: `init` registers the driver and says so.
    let run = desk.ok(NINE, &["init"]);
    assert!(
        run.stderr.contains("merge driver registered"),
        "{}",
        run.stderr
    );
    desk.ok(NINE, &["check"]);
    let run = desk.ok(NINE, &["init"]);
    assert!(run.stderr.contains("nothing changed"), "{}", run.stderr);
}

#[test]
fn check_finds_ticket_files_git_left_unmerged() {
    let desk = TestDesk::new();
    let id = desk.complaint(NINE);
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
    let run = desk.run(NINE, &["check"]);
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
